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
    static func split(_ rest: String) -> (separator: String?, text: String) {
        if rest.isEmpty { return (nil, "") }
        var index = rest.startIndex
        while index < rest.endIndex, rest[index] == " " || rest[index] == "\t" { index = rest.index(after: index) }
        let spaces = index
        var sawMark = false
        var end = index
        while end < rest.endIndex {
            let character = rest[end]
            if marks.contains(character) {
                sawMark = true
            } else if !strays.contains(character) && character != " " && character != "\t" {
                break
            }
            end = rest.index(after: end)
        }
        if sawMark {
            let run = rest[spaces..<end]
            if end == rest.endIndex || run.last == " " || run.last == "\t" || run.trimmingSpaces() == ":" {
                return (String(rest[..<end]), rest[end...].trimmingSpaces())
            }
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

/// Finds URLs in plain text the way GitHub's autolink extension does (`https://…`,
/// `http://…`, `www.…`), with its trimming of trailing punctuation.
enum BareURLScanner {
    static func urls(in text: [UInt8]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var i = 0
        let count = text.count
        while i < count {
            let byte = text[i]
            guard byte == UInt8(ascii: "h") || byte == UInt8(ascii: "w") || byte == UInt8(ascii: "H") || byte == UInt8(ascii: "W")
            else {
                i += 1
                continue
            }
            if i > 0 {
                let previous = text[i - 1]
                let boundary =
                    previous == 0x20 || previous == 0x09 || previous == 0x0A || previous == 0x0D
                    || previous == UInt8(ascii: "(") || previous == UInt8(ascii: "*") || previous == UInt8(ascii: "_")
                    || previous == UInt8(ascii: "~") || previous == UInt8(ascii: "\"") || previous == UInt8(ascii: "'")
                if !boundary {
                    i += 1
                    continue
                }
            }
            guard let prefix = prefixLength(text, at: i) else {
                i += 1
                continue
            }
            var end = i + prefix
            while end < count {
                let c = text[end]
                if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == UInt8(ascii: "<") { break }
                end += 1
            }
            end = trimmed(text, from: i, to: end)
            // A URL needs something after the prefix, with a dot in the host.
            if end > i + prefix, text[(i + prefix)..<end].contains(UInt8(ascii: ".")) || text[i] == UInt8(ascii: "w") {
                result.append(i..<end)
                i = end
            } else {
                i += prefix
            }
        }
        return result
    }

    private static func prefixLength(_ text: [UInt8], at i: Int) -> Int? {
        for prefix in ["https://", "http://", "www."] {
            let p = Array(prefix.utf8)
            if i + p.count <= text.count,
                zip(text[i..<(i + p.count)], p).allSatisfy({ $0 | 0x20 == $1 | 0x20 })
            {
                return p.count
            }
        }
        return nil
    }

    private static func trimmed(_ text: [UInt8], from start: Int, to end: Int) -> Int {
        var end = end
        while end > start {
            let last = text[end - 1]
            if "?!.,:*_~'\"".utf8.contains(last) {
                end -= 1
            } else if last == UInt8(ascii: ")") {
                let opens = text[start..<end].filter { $0 == UInt8(ascii: "(") }.count
                let closes = text[start..<end].filter { $0 == UInt8(ascii: ")") }.count
                if closes > opens { end -= 1 } else { break }
            } else if last == UInt8(ascii: ";") {
                // An entity reference like &amp; at the end is not part of the URL.
                var k = end - 2
                while k > start
                    && (text[k] >= 0x61 && text[k] <= 0x7A || text[k] >= 0x41 && text[k] <= 0x5A
                        || text[k] >= 0x30 && text[k] <= 0x39)
                {
                    k -= 1
                }
                if k > start && text[k] == UInt8(ascii: "&") { end = k } else { end -= 1 }
            } else {
                break
            }
        }
        return end
    }
}
