import CurateMarkdown
import Foundation

/// The fragments a post answers to: its headings' ids under the host's slug rules, and the
/// ids written out (`{#id}`, `{: #id}`, `id="..."`, `<a name="...">`).
///
/// - GitHub (a README, `list`): the heading's text as rendered, lowercased; everything but
///   letters, marks, numbers, `_`, `-` and spaces removed (punctuation, emoji, HTML tags);
///   each space to `-`; a repeated id gets `-1`, `-2` ...
/// - Jekyll (`jekyll`): kramdown's GFM parser does the same on the heading's source text;
///   kramdown's own parser keeps ASCII letters, digits, spaces and `-` and drops what comes
///   before the first letter. Both are accepted, and GitHub's, since the site's
///   configuration may pick either and the file is also read on GitHub. The site's
///   ``KramdownOptions`` put a prefix before them all, or leave headings without ids;
///   with transliterated ids, kramdown's own are also made from the text in ASCII.
public struct Anchors: Sendable {
    /// Lowercased ids.
    public private(set) var ids: Set<String> = []
    /// Ids of headings whose ASCII form curate cannot be sure of (transliterated ids of
    /// text in other scripts): a fragment of that shape is accepted.
    private var patterns: [IDPattern] = []

    public init(_ post: Post, kind: PostKind, kramdown options: KramdownOptions = KramdownOptions()) {
        let isJekyll = kind == .jekyll
        // Ids made from headings' text (on a Jekyll site, with its prefix).
        var headingIDs: Set<String> = []
        var github = Counter()
        var gfmRaw = Counter()
        var kramdown = Counter()
        var transliterated = Counter()
        // Every heading in document order (repeated slugs are numbered in that order):
        // the sections, and the headings in block quotes and list items, whose text is
        // read without the line's container markers.
        var headings = post.sections.map { (title: $0.title, line: $0.line, nested: false) }
        if !post.nestedHeadings.isEmpty {
            headings += post.nestedHeadings.map { (title: $0.title, line: $0.line, nested: true) }
            headings.sort { $0.line < $1.line }
        }
        for section in headings {
            var raw = section.nested ? section.title : Self.rawHeadingText(post, line: section.line)
            if let (text, id) = Self.explicitID(raw) {
                ids.insert(id.lowercased())
                raw = text
            }
            headingIDs.insert(github.next(Self.githubSlug(section.title)))
            // The heading's text with its spaces around HTML and images kept (`Tools <img>`
            // is `tools-` on GitHub).
            let rendered = Self.removingMarkup(Self.removingLiquid(raw))
            if rendered.trimmingSpaces() == section.title { headingIDs.insert(Self.githubSlug(rendered)) }
            // A badge or tag at either end leaves a space there (`# Awesome Go [![b](x)](y)`).
            let slug = Self.githubSlug(section.title)
            if raw.hasSuffix(")") || raw.hasSuffix(">") { headingIDs.insert(slug + "-") }
            if raw.hasPrefix("<") || raw.hasPrefix("[") || raw.hasPrefix("!") { headingIDs.insert("-" + slug) }
            let withoutShortcodes = Self.removingEmojiShortcodes(section.title)
            if withoutShortcodes != section.title { headingIDs.insert(Self.githubSlug(withoutShortcodes)) }
            // Emoji presentation selectors and joiners are marks to the slug rules, kept by
            // some slug tools and dropped by others (and by people typing the link).
            let bare = String(String.UnicodeScalarView(section.title.unicodeScalars.filter { !Self.isEmojiJoiner($0) }))
            if bare != section.title { headingIDs.insert(Self.githubSlug(bare)) }
            if isJekyll {
                let source = Self.removingLiquid(raw)
                headingIDs.insert(gfmRaw.next(Self.githubSlug(source)))
                headingIDs.insert(kramdown.next(Self.kramdownSlug(source)))
                if options.transliteratedHeaderIDs {
                    let ascii = Transliteration.ascii(source)
                    headingIDs.insert(transliterated.next(Self.kramdownSlug(ascii.text)))
                    if !ascii.isCertain { patterns.append(IDPattern(kramdownIDOf: ascii.parts, prefix: options.autoIDPrefix)) }
                }
            }
        }
        // Headings written in HTML (`<h1 align="center">Awesome</h1>`): GitHub gives them
        // ids from their text too.
        for text in Self.htmlHeadings(post) {
            headingIDs.insert(github.next(Self.githubSlug(text)))
            if isJekyll { headingIDs.insert(Self.kramdownSlug(text)) }
        }
        if !isJekyll {
            ids.formUnion(headingIDs)
        } else if options.autoIDs {
            ids.formUnion(headingIDs.map { (options.autoIDPrefix + $0).lowercased() })
        } else {
            patterns = []
        }
        var tableOfContents = false
        Self.scanExplicitIDs(post) { id in
            if id == Self.tocMarker {
                tableOfContents = true
            } else {
                ids.insert(id.lowercased())
            }
        }
        // kramdown's `{:toc}`: the list it replaces is `<ul id="markdown-toc">`, each of its
        // items linking a heading `markdown-toc-<the heading's id>`.
        if tableOfContents && isJekyll {
            for id in ids { ids.insert(Self.kramdownTOC + "-" + id) }
            ids.insert(Self.kramdownTOC)
        }
    }

    static let kramdownTOC = "markdown-toc"
    /// What ``scanExplicitIDs(_:_:)`` reports for a `{:toc}` (not an id itself).
    static let tocMarker = "\u{0}toc"

    static let htmlHeading = try! NSRegularExpression(
        pattern: "<h([1-6])(?:\\s[^>]*)?>(.*?)</h\\1\\s*>", options: [.caseInsensitive, .dotMatchesLineSeparators])

    /// The text of the HTML headings in the post's body, tags removed.
    static func htmlHeadings(_ post: Post) -> [String] {
        let start = post.bodyStartLine <= post.lines.count ? post.lines.starts[post.bodyStartLine - 1] : post.bytes.count
        // The expression runs only where a heading tag opens (`<h1` to `<h6`, any case): not
        // for the `<https://…>` autolinks of a list (a regex over the whole text is slow).
        guard Self.hasHeadingTag(post.bytes, from: start) else { return [] }
        let body = String(decoding: post.bytes[start...], as: UTF8.self)
        let range = NSRange(body.startIndex..., in: body)
        return htmlHeading.matches(in: body, range: range).compactMap { match in
            guard let inner = Range(match.range(at: 2), in: body) else { return nil }
            return Self.removingMarkup(String(body[inner])).trimmingSpaces()
        }
    }

    /// Whether `<h1` to `<h6` (any case) occurs in `bytes` from `start`.
    static func hasHeadingTag(_ bytes: [UInt8], from start: Int) -> Bool {
        var index = start
        while let open = bytes.firstIndex(of: UInt8(ascii: "<"), in: index..<bytes.count) {
            if open + 2 < bytes.count, bytes[open + 1] | 0x20 == UInt8(ascii: "h"),
                (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(bytes[open + 2])
            {
                return true
            }
            index = open + 1
        }
        return false
    }

    /// Whether `#fragment` (as written, percent-encoded or not) leads somewhere in the post.
    public func contains(fragment: String, kind: PostKind) -> Bool {
        let decoded = (fragment.removingPercentEncoding ?? fragment).lowercased()
        if decoded.isEmpty || decoded == "top" { return true }
        if ids.contains(decoded) { return true }
        // Compared by scalars: `user-content-` before U+FE0F is not a prefix to `Character`s.
        let scalars = decoded.unicodeScalars
        if scalars.starts(with: "user-content-".unicodeScalars), ids.contains(String(scalars.dropFirst(13))) { return true }
        // GitHub's page around a README.
        if kind == .list, decoded == "readme" || decoded == "start-of-content" { return true }
        return patterns.contains { $0.matches(decoded) }
    }

    // MARK: - Slugs

    struct Counter {
        var seen: [String: Int] = [:]

        /// `slug`, or `slug-1`, `slug-2` ... when it was seen before.
        mutating func next(_ slug: String) -> String {
            let count = seen[slug, default: 0]
            seen[slug] = count + 1
            return count == 0 ? slug : "\(slug)-\(count)"
        }
    }

    /// GitHub's (and kramdown GFM's) slug of a heading's text.
    public static func githubSlug(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.lowercased().unicodeScalars {
            if scalar == " " || scalar == "\t" {
                result.append("-")
            } else if scalar == "-" || isWord(scalar) {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// kramdown's own auto id: ASCII letters, digits, spaces and `-` kept, from the first
    /// letter on; spaces to `-`; `section` when nothing is left.
    public static func kramdownSlug(_ text: String) -> String {
        var result = ""
        var started = false
        for scalar in text.unicodeScalars {
            let isLetter = scalar.isASCII && scalar.properties.isAlphabetic
            if !started && !isLetter { continue }
            started = true
            if isLetter || ("0"..."9").contains(scalar) || scalar == "-" {
                result.unicodeScalars.append(scalar)
            } else if scalar == " " {
                result.append("-")
            }
        }
        return result.isEmpty ? "section" : result.lowercased()
    }

    /// U+FE0E, U+FE0F (text and emoji presentation) and U+200D (zero-width joiner).
    static func isEmojiJoiner(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value == 0xFE0E || scalar.value == 0xFE0F || scalar.value == 0x200D
    }

    /// Ruby's `\p{Word}`: letters, marks, decimal numbers and connector punctuation (`_`).
    static func isWord(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let value = scalar.value
            return (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
                || value == 0x5F
        }
        if scalar.properties.isAlphabetic { return true }
        switch scalar.properties.generalCategory {
        case .decimalNumber, .nonspacingMark, .spacingMark, .enclosingMark, .connectorPunctuation: return true
        default: return false
        }
    }

    // MARK: - Heading source

    /// The source text of the heading at `line`: an ATX heading without its `#` marks, a
    /// setext heading's line.
    static func rawHeadingText(_ post: Post, line: Int) -> String {
        var text = Substring(post.lineText(line)).drop(while: { $0 == " " })
        guard text.hasPrefix("#") else { return text.trimmingSpaces() }
        text = text.drop(while: { $0 == "#" })
        var trimmed = text.trimmingSpaces()
        // A closing sequence of #s after a space.
        if let lastNonHash = trimmed.lastIndex(where: { $0 != "#" }), lastNonHash < trimmed.index(before: trimmed.endIndex),
            trimmed[lastNonHash] == " " || trimmed[lastNonHash] == "\t"
        {
            trimmed = String(trimmed[...lastNonHash]).trimmingSpaces()
        } else if trimmed.allSatisfy({ $0 == "#" }) {
            trimmed = ""
        }
        return trimmed
    }

    /// kramdown's `Heading {#id}`: the text before it and the id.
    static func explicitID(_ text: String) -> (String, String)? {
        guard text.hasSuffix("}"), let open = text.range(of: "{#", options: .backwards) else { return nil }
        let id = text[open.upperBound..<text.index(before: text.endIndex)]
        guard !id.isEmpty, !id.contains(" ") else { return nil }
        return (String(text[..<open.lowerBound]).trimmingSpaces(), String(id))
    }

    /// The text without Liquid tags and outputs (`{%- include badge.html -%}`).
    static func removingLiquid(_ text: String) -> String {
        guard text.contains("{%") || text.contains("{{") else { return text }
        var result = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            let next = rest.index(after: open)
            guard next < rest.endIndex, rest[next] == "%" || rest[next] == "{" else {
                result += rest[...open]
                rest = rest[next...]
                continue
            }
            let closer = rest[next] == "%" ? "%}" : "}}"
            result += rest[..<open]
            guard let close = rest.range(of: closer, range: next..<rest.endIndex) else { return result }
            rest = rest[close.upperBound...]
        }
        return (result + rest).trimmingSpaces()
    }

    /// The text without images and HTML tags (`Tools <img src="x">` is `Tools `).
    static func removingMarkup(_ text: String) -> String {
        guard text.contains("<") || text.contains("![") else { return text }
        var result = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(where: { $0 == "<" || $0 == "!" }) {
            result += rest[..<open]
            let after = rest[open...]
            if after.hasPrefix("!["), let close = after.range(of: ")") {
                rest = after[close.upperBound...]
            } else if after.hasPrefix("<"), let close = after.firstIndex(of: ">") {
                rest = after[after.index(after: close)...]
            } else {
                result.append(after[after.startIndex])
                rest = after.dropFirst()
            }
        }
        return result + rest
    }

    /// `:tada: Tools` as `Tools` (GitHub renders shortcodes as emoji, which slugs drop).
    static func removingEmojiShortcodes(_ text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: ":") {
            let after = rest.index(after: open)
            if let close = rest[after...].firstIndex(of: ":"), close > after,
                rest[after..<close].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "+" || $0 == "-" })
            {
                result += rest[..<open]
                rest = rest[rest.index(after: close)...]
            } else {
                result += rest[...open]
                rest = rest[after...]
            }
        }
        return result + rest
    }

    // MARK: - Explicit ids

    /// Every `{#id}`, `{: #id .class}`, `id="..."`, `name="..."` and footnote in the body.
    static func scanExplicitIDs(_ post: Post, _ found: (String) -> Void) {
        let bytes = post.bytes
        let start = post.bodyStartLine <= post.lines.count ? post.lines.starts[post.bodyStartLine - 1] : bytes.count
        var i = start
        let end = bytes.count
        while i < end {
            let byte = bytes[i]
            if byte == UInt8(ascii: "["), i + 1 < end, bytes[i + 1] == UInt8(ascii: "^") {
                // A footnote: GitHub's fn-x and fnref-x, kramdown's fn:x and fnref:x.
                var j = i + 2
                while j < end, bytes[j] != UInt8(ascii: "]"), bytes[j] != 0x0A, bytes[j] != 0x20 { j += 1 }
                if j < end, bytes[j] == UInt8(ascii: "]"), j > i + 2 {
                    let label = String(decoding: bytes[(i + 2)..<j], as: UTF8.self)
                    for prefix in ["fn-", "fnref-", "fn:", "fnref:"] { found(prefix + label) }
                }
                i = j
                continue
            }
            if byte == UInt8(ascii: "{"), i + 1 < end, bytes[i + 1] == UInt8(ascii: "#") || bytes[i + 1] == UInt8(ascii: ":") {
                var j = i + 1
                while j < end, bytes[j] != UInt8(ascii: "}"), bytes[j] != 0x0A { j += 1 }
                if j < end, bytes[j] == UInt8(ascii: "}") {
                    let inner = String(decoding: bytes[(i + 1)..<j], as: UTF8.self)
                    for token in inner.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ":" }) {
                        if token.unicodeScalars.first == "#" && token.unicodeScalars.count > 1 {
                            found(String(token.unicodeScalars.dropFirst()))
                        } else if token == "toc" {
                            found(tocMarker)  // `{:toc}`: kramdown's table of contents
                        }
                    }
                }
                i = j
                continue
            }
            if (byte == UInt8(ascii: "i") || byte == UInt8(ascii: "n") || byte == UInt8(ascii: "I") || byte == UInt8(ascii: "N")),
                i > start, bytes[i - 1] == 0x20 || bytes[i - 1] == 0x09 || bytes[i - 1] == 0x0A,
                let value = attributeValue(bytes, at: i)
            {
                found(value)
            }
            i += 1
        }
    }

    /// The value of `id=` or `name=` starting at `index`, quoted or not.
    private static func attributeValue(_ bytes: [UInt8], at index: Int) -> String? {
        var i = index
        var name: [UInt8] = []
        while i < bytes.count, name.count < 4, (bytes[i] | 0x20) >= UInt8(ascii: "a"), (bytes[i] | 0x20) <= UInt8(ascii: "z") {
            name.append(bytes[i] | 0x20)
            i += 1
        }
        guard name == Array("id".utf8) || name == Array("name".utf8) else { return nil }
        while i < bytes.count, bytes[i] == 0x20 { i += 1 }
        guard i < bytes.count, bytes[i] == UInt8(ascii: "=") else { return nil }
        i += 1
        while i < bytes.count, bytes[i] == 0x20 { i += 1 }
        guard i < bytes.count else { return nil }
        let quote = bytes[i]
        if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            var j = i + 1
            while j < bytes.count, bytes[j] != quote, bytes[j] != 0x0A { j += 1 }
            guard j < bytes.count, bytes[j] == quote, j > i + 1 else { return nil }
            return String(decoding: bytes[(i + 1)..<j], as: UTF8.self)
        }
        var j = i
        while j < bytes.count, ![0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ">"), UInt8(ascii: "/")].contains(bytes[j]) { j += 1 }
        return j > i ? String(decoding: bytes[i..<j], as: UTF8.self) : nil
    }
}
