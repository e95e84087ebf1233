import Foundation

/// What a link's destination points at, read the way GitHub (for a README) or Jekyll (for
/// a post: Liquid first, then the site's URLs) reads it.
public enum LinkTarget: Sendable, Equatable {
    /// An absolute URL with a scheme (`https:`, `mailto:`, `javascript:` ...) or `//host`:
    /// the URL rules judge it.
    case web
    /// `#fragment`: a heading or id of this file.
    case fragment(String)
    /// A path: relative to the file (`docs/x.md`, `../x`), or to the repository or the
    /// site when it starts with `/` (`/docs/history/`), with its fragment.
    case path(String, fragment: String?)
    /// `{% post_url 2024-01-02-title %}`.
    case postURL(String, fragment: String?)
    /// `{% link _docs/x.md %}`.
    case liquidLink(String, fragment: String?)
    /// Liquid curate cannot resolve (`{{ page.url }}`): accepted as it is.
    case liquid

    /// Reads a destination as cmark decoded it.
    ///
    /// The delimiters (`#`, `?`, `{{`, `:` ...) are found among unicode scalars, not
    /// characters: `#` followed by U+FE0F (the id GitHub gives `## 🛠️ Tools` starts with it)
    /// or by a combining mark is one `Character`, which is not `#`.
    public static func classify(_ url: String) -> LinkTarget {
        // The common case, on the bytes.
        if url.utf8.starts(with: "https://".utf8) || url.utf8.starts(with: "http://".utf8) { return .web }
        var rest = Substring(url).unicodeScalars.trimmingSpaces()
        if rest.starts(with: "{{") || rest.starts(with: "{%") { return liquid(rest) }
        if rest.first == "#" { return .fragment(String(rest.dropFirst())) }
        if rest.starts(with: "//") || hasScheme(rest) { return .web }
        let hash = rest.firstIndex(of: "#")
        let fragment = hash.map { String(rest[rest.index(after: $0)...]) }
        if let hash { rest = rest[..<hash] }
        if let query = rest.firstIndex(of: "?") { rest = rest[..<query] }
        let written = String(rest)
        let path = written.removingPercentEncoding ?? written
        if path.contains("{{") || path.contains("{%") { return .liquid }
        return .path(path, fragment: fragment)
    }

    /// `scheme:` at the start (RFC 3986: a letter, then letters, digits, `+`, `-`, `.`).
    static func hasScheme(_ text: Scalars) -> Bool {
        guard let colon = text.firstIndex(of: ":"), colon > text.startIndex else { return false }
        let scheme = text[..<colon]
        guard let first = scheme.first, first.isASCII, first.properties.isAlphabetic else { return false }
        return scheme.allSatisfy { scalar in
            scalar.isASCII
                && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "+-.".unicodeScalars.contains(scalar))
        }
    }

    /// A destination that starts with Liquid: the site's URL prefixes (`{{ site.baseurl }}`,
    /// `{{ site.url }}`), `{{ '/x' | relative_url }}`, `{% link %}` and `{% post_url %}`.
    private static func liquid(_ text: Scalars) -> LinkTarget {
        var rest = text
        // Prefixes that stand for the site's own address.
        while rest.starts(with: "{{") {
            let open = rest.index(rest.startIndex, offsetBy: 2)
            guard let close = rest[open...].firstRange(of: "}}") else { return .liquid }
            let inner = rest[open..<close.lowerBound].trimmingSpaces()
            let expression = inner.first == "-" ? inner.dropFirst().trimmingSpaces() : inner
            let trimmed = String(expression.last == "-" ? expression.dropLast().trimmingSpaces() : expression)
            if ["site.baseurl", "site.url", "site.github.url", "site.url | append: site.baseurl"].contains(trimmed) {
                rest = rest[close.upperBound...]
                continue
            }
            // `'/docs/' | relative_url`, `"/x" | absolute_url`, `'/x' | prepend: site.baseurl`
            let parts = trimmed.split(separator: "|", maxSplits: 1).map { $0.trimmingSpaces() }
            if parts.count == 2, let path = quoted(parts[0]),
                parts[1] == "relative_url" || parts[1] == "absolute_url" || parts[1].hasPrefix("prepend: site.")
            {
                let after = String(rest[close.upperBound...])
                return classifyAfterLiquid(path + after)
            }
            return .liquid
        }
        if rest.starts(with: "{%") {
            let open = rest.index(rest.startIndex, offsetBy: 2)
            guard let close = rest[open...].firstRange(of: "%}") else { return .liquid }
            var inner = rest[open..<close.lowerBound].trimmingSpaces()
            if inner.first == "-" { inner = inner.dropFirst().trimmingSpaces() }
            if inner.last == "-" { inner = inner.dropLast().trimmingSpaces() }
            let name = String(inner.prefix { $0 != " " && $0 != "\t" })
            let written = String(inner.dropFirst(name.unicodeScalars.count).trimmingSpaces())
            let after = rest[close.upperBound...]
            let fragment = after.first == "#" ? String(after.dropFirst()) : nil
            let argument = quoted(written) ?? written
            guard !argument.isEmpty, !argument.contains("{{"), quoted(written) != nil || !argument.contains(" "),
                after.isEmpty || fragment != nil
            else { return .liquid }
            switch name {
            case "post_url": return .postURL(argument, fragment: fragment)
            case "link": return .liquidLink(argument, fragment: fragment)
            default: return .liquid
            }
        }
        return classifyAfterLiquid(String(rest))
    }

    /// What follows the site's address: a site-relative path.
    private static func classifyAfterLiquid(_ text: String) -> LinkTarget {
        if text.contains("{{") || text.contains("{%") { return .liquid }
        let path = text.hasPrefix("/") || text.isEmpty ? text : "/" + text
        switch classify(path.isEmpty ? "/" : path) {
        case let .path(path, fragment): return .path(path, fragment: fragment)
        default: return .liquid
        }
    }

    private static func quoted(_ text: String) -> String? {
        let scalars = text.unicodeScalars
        guard scalars.count >= 2, let first = scalars.first, first == "'" || first == "\"", scalars.last == first else {
            return nil
        }
        return String(String.UnicodeScalarView(scalars.dropFirst().dropLast()))
    }
}

/// A destination's unicode scalars, where its delimiters are looked for.
typealias Scalars = Substring.UnicodeScalarView

extension Substring.UnicodeScalarView {
    /// Without leading and trailing spaces, tabs and line breaks.
    func trimmingSpaces() -> Substring.UnicodeScalarView {
        let isSpace: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return self[endIndex...]
        }
        return self[first...last]
    }

    func starts(with prefix: String) -> Bool { starts(with: prefix.unicodeScalars) }

    /// The first occurrence of `needle`, scalar by scalar.
    func firstRange(of needle: String) -> Range<Index>? {
        let wanted = Array(needle.unicodeScalars)
        guard let head = wanted.first else { return nil }
        var index = startIndex
        while let found = self[index...].firstIndex(of: head) {
            if self[found...].starts(with: wanted) {
                return found..<self.index(found, offsetBy: wanted.count)
            }
            index = self.index(after: found)
        }
        return nil
    }
}
