extension StringProtocol {
    /// The string without leading and trailing spaces, tabs and line breaks.
    func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        if let whole = self as? String, first == startIndex, index(after: last) == endIndex { return whole }
        return String(self[first...last])
    }

    /// Line breaks and the indentation after them become one space.
    func collapsingLineBreaks() -> String {
        guard contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return String(self) }
        var result = ""
        var pendingSpace = false
        var afterBreak = false
        for character in self {
            if character == "\n" || character == "\r" || character == "\r\n" {
                pendingSpace = true
                afterBreak = true
                continue
            }
            if afterBreak && (character == " " || character == "\t") { continue }
            if pendingSpace {
                if result.last != " " { result.append(" ") }
                pendingSpace = false
            }
            afterBreak = false
            result.append(character)
        }
        return result
    }
}

/// What comes between an entry's link and its description.
enum DescriptionSeparator {
    /// The separators read as "a description follows" (` - `, ` — `, `: `, `. `, `, ` ...).
    static let marks: Set<Character> = ["-", "–", "—", ":", "|", ".", ",", ";"]
    /// Stray closers that lists leave between the link and the separator (`[T](u)] - d`).
    static let strays: Set<Character> = ["]", ")"]

    /// Splits the text after a link into (separator as written, description). The
    /// separator is the run of spaces, marks and stray closers before the first word,
    /// when it ends with a space (or the text, or is a glued `:`): `-based` is a word.
    /// A description may itself start with a mark (`.NET`, `:star:`, `—`): the separator
    /// then ends at the run's last space after a mark (` - .NET` is ` - ` and `.NET`).
    static func split(_ rest: String) -> (separator: String?, text: String) {
        if rest.isEmpty { return (nil, "") }
        var index = rest.startIndex
        while index < rest.endIndex, rest[index] == " " || rest[index] == "\t" { index = rest.index(after: index) }
        let spaces = index
        var sawMark = false
        // Just after the last space that follows a mark.
        var lastCut: String.Index?
        var end = index
        while end < rest.endIndex {
            let character = rest[end]
            if marks.contains(character) {
                sawMark = true
            } else if character == " " || character == "\t" {
                if sawMark { lastCut = rest.index(after: end) }
            } else if !strays.contains(character) {
                break
            }
            end = rest.index(after: end)
        }
        if sawMark {
            let run = rest[spaces..<end]
            if end == rest.endIndex || run.last == " " || run.last == "\t" || run.trimmingSpaces() == ":" {
                return (String(rest[..<end]), rest[end...].trimmingSpaces())
            }
            if let lastCut { return (String(rest[..<lastCut]), rest[lastCut...].trimmingSpaces()) }
        }
        return (String(rest[..<spaces]), rest[spaces...].trimmingSpaces())
    }

    /// How a separator as written is written anew: its last mark, spaced as lists space
    /// it (`: `, `. `, `, ` glued to the link; ` - `, ` — `, ` | ` between spaces); nil
    /// without a mark.
    static func canonical(_ separator: String) -> String? {
        guard let mark = separator.last(where: { marks.contains($0) }) else { return nil }
        return [":", ".", ",", ";"].contains(mark) ? "\(mark) " : " \(mark) "
    }
}
