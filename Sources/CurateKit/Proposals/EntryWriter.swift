/// Writes a proposal as one list item's text, `[Title](URL)` and an optional description,
/// and proves the line reads back as the proposal: a line that would parse to anything
/// else is refused, never written.
public enum EntryWriter {
    /// The item text (without its marker), or why the proposal cannot be written. Text
    /// another list wrote before the link (`lead`) stays there when `leadFirst` (its
    /// section writes entries so); else, when it is only tags (`` `MIT` - ``), they go
    /// after the link, where this list puts an entry's tags.
    static func text(_ proposal: Proposal, separator: String, bold: Bool = false, leadFirst: Bool = true)
        -> Result<String, Refusal>
    {
        if let problem = problem(inText: proposal.title, what: "title") { return .failure(problem) }
        if zip(proposal.title.utf8, proposal.title.utf8.dropFirst()).contains(where: {
            $0 == UInt8(ascii: "]") && $1 == UInt8(ascii: "(")
        }) {
            return .failure(Refusal("the title contains ](, which would start another link"))
        }
        // A description may mention other links (`Also for [v3](…)`): the entry is its first.
        for (text, what) in [
            (proposal.description, "description"), (proposal.lead, "text before the link"), (proposal.tags, "tags"),
        ] {
            if let text, let problem = problem(inText: text, what: what) { return .failure(problem) }
        }
        var lead = proposal.lead.flatMap { $0.trimmingSpaces().isEmpty ? nil : $0 }
        var tags = proposal.tags.flatMap { $0.trimmingSpaces().isEmpty ? nil : $0.trimmingSpaces() }
        if let text = lead, !leadFirst, let leading = DescriptionSeparator.tags(ofLead: text) {
            tags = leading + (tags.map { " " + $0 } ?? "")
            lead = nil
        }
        var link = "[" + escapeTitle(proposal.title) + "](" + destination(proposal.url) + ")"
        if bold { link = "**" + link + "**" }
        link = (lead ?? "") + link + (tags.map { " " + $0 } ?? "")
        var written = proposal.description
        if let description = proposal.description {
            switch self.written(description: description) {
            case let .success(text): written = text
            case let .failure(refusal): return .failure(refusal)
            }
        }
        // A description that starts with a separator's mark and a space (`- a dash`)
        // would lose it to the separator: then the mark is escaped.
        for description in variants(of: written) {
            let line = link + (description.map { separator + $0 } ?? "")
            // Read it back exactly as the post will (tags without a description are one).
            guard let post = try? PostReader.parse(Array(("- " + line + "\n").utf8), path: "proposal"),
                post.entries.count == 1, post.links.count >= 1, let entry = post.entries.first, entry.link == 0,
                entry.title == proposal.title, entry.url == proposal.url, entry.lead == lead,
                description == nil
                    ? entry.description == tags && entry.tags == nil
                    : entry.description == description && entry.tags == tags
            else { continue }
            // Never a line `check` would flag.
            if let range = post.ownTextRange(of: post.items[entry.item]),
                let (_, message) = UnbalancedBracketsRule.firstUnbalanced(post.bytes, range)
            {
                return .failure(Refusal("the line would not render as a link line: \(message)"))
            }
            if let bare = post.links.first(where: { $0.form == .bare }) {
                return .failure(Refusal("the line would hold the bare URL \(bare.url)"))
            }
            return .success(line)
        }
        return .failure(Refusal("it cannot be written as one Markdown link line that reads back the same"))
    }

    /// A description as an entry writes it, rendering as it does where GitHub renders it:
    /// a bare URL as an autolink (`<https://…>`: CommonMark and kramdown do not link a bare
    /// one), and a bracket that pairs with nothing escaped (`\\[1, 5)`), which `check`
    /// would call unbalanced. A bare `www.` address is refused: its autolink needs a scheme.
    static func written(description: String) -> Result<String, Refusal> {
        var text = description
        let lead = "Text "
        if let probe = try? PostReader.parse(Array((lead + text + "\n").utf8), path: "description") {
            var bytes = Array(text.utf8)
            let shift = lead.utf8.count
            for link in probe.proseLinks.reversed() where link.form == .bare && link.span.lowerBound >= shift {
                let span = (link.span.lowerBound - shift)..<(link.span.upperBound - shift)
                let address = String(decoding: bytes[span], as: UTF8.self)
                guard address == link.url else {
                    return .failure(
                        Refusal(
                            "the description holds the address \(address), which Markdown does not link; write it as <\(link.url.replacingOccurrences(of: "http://", with: "https://"))>"
                        ))
                }
                bytes.replaceSubrange(span, with: Array(("<" + address + ">").utf8))
            }
            text = String(decoding: bytes, as: UTF8.self)
        }
        var bytes = Array(text.utf8)
        for _ in 0..<bytes.count {
            guard let (offset, _) = UnbalancedBracketsRule.firstUnbalanced(bytes, 0..<bytes.count) else { break }
            var at = offset
            // A `](` whose `(` never closes: the `]` is what makes it a link.
            if bytes[at] == UInt8(ascii: "("), at > 0, bytes[at - 1] == UInt8(ascii: "]") { at -= 1 }
            guard bytes[at] == UInt8(ascii: "[") || bytes[at] == UInt8(ascii: "]") else { break }
            bytes.insert(UInt8(ascii: "\\"), at: at)
        }
        return .success(String(decoding: bytes, as: UTF8.self))
    }

    /// The description as given, then with its first character escaped when it is a mark
    /// (a backslash, or the entity of a dash, which render as the mark itself).
    private static func variants(of description: String?) -> [String?] {
        guard let description, let first = description.first else { return [description] }
        let rest = description.dropFirst()
        switch first {
        case "–": return [description, "&ndash;" + rest]
        case "—": return [description, "&mdash;" + rest]
        case _ where DescriptionSeparator.marks.contains(first): return [description, "\\" + description]
        default: return [description]
        }
    }

    struct Refusal: Error, Equatable {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    /// Text that would change the line's structure.
    private static func problem(inText text: String, what: String) -> Refusal? {
        // Most text has none of the bytes these questions are about: `\n`, `\r`, the first
        // byte of U+2028, `<`, a control character (none is part of another character's bytes).
        let suspect = text.utf8.contains { $0 < 0x20 || $0 == 0x7F || $0 == UInt8(ascii: "<") || $0 == 0xE2 }
        if suspect, text.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\u{2028}" }) {
            return Refusal("the \(what) contains a line break")
        }
        if text.hasPrefix("#") { return Refusal("the \(what) starts with #, which reads as a heading") }
        if suspect, containsHTMLTag(text) { return Refusal("the \(what) contains an HTML tag") }
        if suspect, text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return Refusal("the \(what) contains a control character")
        }
        return nil
    }

    /// Whether `text` holds what reads as an HTML tag: `<` and a letter, `/`, `!` or `?`,
    /// unless it is an autolink (`<https://…>`) or inside a code span (`` `<b>` ``, which
    /// shows as written).
    private static func containsHTMLTag(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "`" {
                // A code span: a run of backticks, closed by a run of the same length.
                var run = index
                while run < scalars.count, scalars[run] == "`" { run += 1 }
                let length = run - index
                var search = run
                var closed: Int?
                while search < scalars.count {
                    guard scalars[search] == "`" else {
                        search += 1
                        continue
                    }
                    var end = search
                    while end < scalars.count, scalars[end] == "`" { end += 1 }
                    if end - search == length {
                        closed = end
                        break
                    }
                    search = end
                }
                index = closed ?? run
                continue
            }
            if scalar == "<", index + 1 < scalars.count {
                let next = scalars[index + 1]
                if next.properties.isAlphabetic || next == "/" || next == "!" || next == "?",
                    !isAutolink(scalars[(index + 1)...])
                {
                    return true
                }
            }
            index += 1
        }
        return false
    }

    /// Whether `scalars` (after a `<`) start with an autolink's URI and its `>`: a scheme
    /// of 2 to 32 letters, digits, `+`, `.` or `-` starting with a letter, `:`, then no
    /// space, `<` or control character up to the `>` (CommonMark's autolink).
    private static func isAutolink(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        var index = scalars.startIndex
        var scheme = 0
        while index < scalars.endIndex, scalars[index].isASCII,
            scalars[index].properties.isAlphabetic || ("0"..."9").contains(scalars[index])
                || "+.-".unicodeScalars.contains(scalars[index])
        {
            scheme += 1
            index += 1
        }
        guard (2...32).contains(scheme), index < scalars.endIndex, scalars[index] == ":" else { return false }
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if scalar == ">" { return true }
            if scalar == "<" || scalar.value <= 0x20 { return false }
            index += 1
        }
        return false
    }

    /// Backslash-escapes what Markdown would read as markup inside link text. An `_`
    /// inside a word (`nu_scripts`) is none: it can neither open nor close emphasis.
    static func escapeTitle(_ title: String) -> String {
        // Every character escaped is ASCII: most titles have none.
        guard title.utf8.contains(where: isMarkup) else { return title }
        var result = ""
        result.reserveCapacity(title.utf8.count)
        let characters = Array(title)
        for (index, character) in characters.enumerated() {
            if let byte = character.asciiValue, isMarkup(byte) {
                let inWord =
                    byte == UInt8(ascii: "_") && index > 0 && index + 1 < characters.count
                    && characters[index - 1].isLetterOrDigit && characters[index + 1].isLetterOrDigit
                if !inWord { result.append("\\") }
            }
            result.append(character)
        }
        return result
    }

    /// The characters link text escapes: backslash, brackets, `*`, backtick, `<`, `>`, `&`,
    /// `~`, `|`, and `_` outside a word.
    private static func isMarkup(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "_"), UInt8(ascii: "\\"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "*"),
            UInt8(ascii: "`"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), UInt8(ascii: "~"), UInt8(ascii: "|"):
            true
        default: false
        }
    }

    /// The URL as a link destination: bare when its parentheses balance, else in `<…>`.
    static func destination(_ url: String) -> String {
        balancedParentheses(url) ? url : "<" + url + ">"
    }

    /// Whether every `(` of `url` is closed by a `)` after it, and no `)` closes nothing:
    /// such a URL reads back whole as a bare destination, `[T](…)`.
    public static func balancedParentheses(_ url: String) -> Bool {
        var depth = 0
        for byte in url.utf8 {
            if byte == UInt8(ascii: "(") { depth += 1 }
            if byte == UInt8(ascii: ")") {
                depth -= 1
                if depth < 0 { return false }
            }
        }
        return depth == 0
    }
}

extension Character {
    /// A letter or a digit (what CommonMark's flanking rules count as alphanumeric).
    fileprivate var isLetterOrDigit: Bool { isLetter || isNumber }
}
