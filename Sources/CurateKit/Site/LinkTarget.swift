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
    public static func classify(_ url: String) -> LinkTarget {
        // The common case, on the bytes.
        if url.utf8.starts(with: "https://".utf8) || url.utf8.starts(with: "http://".utf8) { return .web }
        var rest = Substring(url.trimmingSpaces())
        if rest.hasPrefix("{{") || rest.hasPrefix("{%") { return liquid(rest) }
        if rest.hasPrefix("#") { return .fragment(String(rest.dropFirst())) }
        if rest.hasPrefix("//") || hasScheme(rest) { return .web }
        let fragment = rest.firstIndex(of: "#").map { String(rest[rest.index(after: $0)...]) }
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        if let query = rest.firstIndex(of: "?") { rest = rest[..<query] }
        let path = String(rest).removingPercentEncoding ?? String(rest)
        if path.contains("{{") || path.contains("{%") { return .liquid }
        return .path(path, fragment: fragment)
    }

    /// `scheme:` at the start (RFC 3986: a letter, then letters, digits, `+`, `-`, `.`).
    static func hasScheme(_ text: Substring) -> Bool {
        guard let colon = text.firstIndex(of: ":"), colon > text.startIndex else { return false }
        let scheme = text[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter else { return false }
        return scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }
    }

    /// A destination that starts with Liquid: the site's URL prefixes (`{{ site.baseurl }}`,
    /// `{{ site.url }}`), `{{ '/x' | relative_url }}`, `{% link %}` and `{% post_url %}`.
    private static func liquid(_ text: Substring) -> LinkTarget {
        var rest = text
        // Prefixes that stand for the site's own address.
        while rest.hasPrefix("{{") {
            let open = rest.index(rest.startIndex, offsetBy: 2)
            guard let close = rest.range(of: "}}", range: open..<rest.endIndex) else { return .liquid }
            let inner = rest[open..<close.lowerBound].trimmingSpaces()
            let expression = inner.hasPrefix("-") ? String(inner.dropFirst()).trimmingSpaces() : inner
            let trimmed = expression.hasSuffix("-") ? String(expression.dropLast()).trimmingSpaces() : expression
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
        if rest.hasPrefix("{%") {
            let open = rest.index(rest.startIndex, offsetBy: 2)
            guard let close = rest.range(of: "%}", range: open..<rest.endIndex) else { return .liquid }
            var inner = rest[open..<close.lowerBound].trimmingSpaces()
            if inner.hasPrefix("-") { inner = String(inner.dropFirst()).trimmingSpaces() }
            if inner.hasSuffix("-") { inner = String(inner.dropLast()).trimmingSpaces() }
            let name = inner.prefix { $0 != " " && $0 != "\t" }
            let written = inner.dropFirst(name.count).trimmingSpaces()
            let after = rest[close.upperBound...]
            let fragment = after.hasPrefix("#") ? String(after.dropFirst()) : nil
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
        guard text.count >= 2, let first = text.first, first == "'" || first == "\"", text.last == first else { return nil }
        return String(text.dropFirst().dropLast())
    }
}
