/// Writes a proposal as one list item's text, `[Title](URL)` and an optional description,
/// and proves the line reads back as the proposal: a line that would parse to anything
/// else is refused, never written.
enum EntryWriter {
    /// The item text (without its marker), or why the proposal cannot be written.
    static func text(_ proposal: Proposal, separator: String, bold: Bool = false) -> Result<String, Refusal> {
        if let problem = problem(inText: proposal.title, what: "title") { return .failure(problem) }
        if proposal.title.contains("](") { return .failure(Refusal("the title contains ](, which would start another link")) }
        // A description may mention other links (`Also for [v3](…)`): the entry is its first.
        if let description = proposal.description, let problem = problem(inText: description, what: "description") {
            return .failure(problem)
        }
        var link = "[" + escapeTitle(proposal.title) + "](" + destination(proposal.url) + ")"
        if bold { link = "**" + link + "**" }
        // A description that starts with a separator's mark and a space (`- a dash`)
        // would lose it to the separator: then the mark is escaped.
        for description in variants(of: proposal.description) {
            let line = link + (description.map { separator + $0 } ?? "")
            // Read it back exactly as the post will.
            guard let post = try? PostReader.parse(Array(("- " + line + "\n").utf8), path: "proposal"),
                post.entries.count == 1, post.links.count >= 1, let entry = post.entries.first, entry.link == 0,
                entry.title == proposal.title, entry.url == proposal.url, entry.description == description
            else { continue }
            return .success(line)
        }
        return .failure(Refusal("it cannot be written as one Markdown link line that reads back the same"))
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
        if text.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\u{2028}" }) {
            return Refusal("the \(what) contains a line break")
        }
        if text.hasPrefix("#") { return Refusal("the \(what) starts with #, which reads as a heading") }
        if containsHTMLTag(text) { return Refusal("the \(what) contains an HTML tag") }
        if text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return Refusal("the \(what) contains a control character")
        }
        return nil
    }

    private static func containsHTMLTag(_ text: String) -> Bool {
        var iterator = text.unicodeScalars.makeIterator()
        var previous: Unicode.Scalar?
        while let scalar = iterator.next() {
            if previous == "<", scalar.properties.isAlphabetic || scalar == "/" || scalar == "!" || scalar == "?" { return true }
            previous = scalar
        }
        return false
    }

    /// Backslash-escapes what Markdown would read as markup inside link text.
    static func escapeTitle(_ title: String) -> String {
        var result = ""
        result.reserveCapacity(title.utf8.count)
        for character in title {
            switch character {
            case "\\", "[", "]", "*", "_", "`", "<", ">", "&", "~", "|": result.append("\\")
            default: break
            }
            result.append(character)
        }
        return result
    }

    /// The URL as a link destination: bare when its parentheses balance, else in `<…>`.
    static func destination(_ url: String) -> String {
        var depth = 0
        for byte in url.utf8 {
            if byte == UInt8(ascii: "(") { depth += 1 }
            if byte == UInt8(ascii: ")") {
                depth -= 1
                if depth < 0 { break }
            }
        }
        return depth == 0 ? url : "<" + url + ">"
    }
}
