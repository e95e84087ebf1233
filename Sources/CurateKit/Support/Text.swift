extension StringProtocol {
    /// The string quoted for a message (as `debugDescription`), its middle left out past
    /// `limit` characters: a 640 KB host named twice made a 1.3 MB line of error.
    public func quotedForMessage(limit: Int = 120) -> String {
        guard count > limit else { return String(self).debugDescription }
        let head = String(prefix(limit / 2))
        let tail = String(suffix(limit / 4))
        return String(head.debugDescription.dropLast()) + "…" + String(tail.debugDescription.dropFirst())
            + " (\(count) characters)"
    }

    /// The string without leading and trailing spaces, tabs and line breaks.
    func trimmingSpaces() -> String {
        // Nothing to trim (the common case), told from the first and last bytes.
        let isSpaceByte: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        let bytes = utf8
        if let first = bytes.first, !isSpaceByte(first),
            !isSpaceByte(bytes[bytes.index(bytes.startIndex, offsetBy: bytes.count - 1)])
        {
            return String(self)
        }
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        if let whole = self as? String, first == startIndex, index(after: last) == endIndex { return whole }
        return String(self[first...last])
    }

    /// Line breaks and the indentation after them become one space.
    func collapsingLineBreaks() -> String {
        // On the bytes: a line break is always a character of its own (CR, LF or CR LF).
        let hasBreak =
            utf8.withContiguousStorageIfAvailable { $0.contains { $0 == 0x0A || $0 == 0x0D } }
            ?? utf8.contains { $0 == 0x0A || $0 == 0x0D }
        guard hasBreak else { return String(self) }
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

    /// The text after a link as (tags, separator, description): tags are code spans,
    /// images and badges, emoji and `:shortcodes:` between the link and a separator
    /// (`[n8n](https://n8n.io/) `⚠` - Fair-code …`); without a separator after them they
    /// are the description's start.
    static func parts(_ rest: String) -> (tags: String?, separator: String?, text: String) {
        asciiParts(rest) ?? characterParts(rest)
    }

    /// ``parts(_:)``, character by character.
    static func characterParts(_ rest: String) -> (tags: String?, separator: String?, text: String) {
        if let (start, end) = tagRun(rest[...], needsSpace: true) {
            let (separator, text) = split(String(rest[end...]))
            if let separator, separator.contains(where: marks.contains), !text.isEmpty {
                return (String(rest[start..<end]), separator, text)
            }
        }
        let (separator, text) = split(rest)
        return (nil, separator, text)
    }

    /// ``parts(_:)`` of a text of ASCII characters (no CR, so every byte is a character)
    /// where no tag can start: the same answer, read from the bytes. Nil otherwise.
    private static func asciiParts(_ rest: String) -> (tags: String?, separator: String?, text: String)? {
        let parts = rest.utf8.withContiguousStorageIfAvailable { bytes -> (tags: String?, separator: String?, text: String)? in
            guard !bytes.contains(where: { $0 >= 0x80 || $0 == 0x0D }) else { return nil }
            let count = bytes.count
            func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
            func isSpace(_ byte: UInt8) -> Bool { isBlank(byte) || byte == 0x0A }
            func string(_ range: Range<Int>) -> String {
                String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
            }
            func trimmed(from start: Int) -> String {
                var low = start
                var high = count
                while low < high, isSpace(bytes[low]) { low += 1 }
                while high > low, isSpace(bytes[high - 1]) { high -= 1 }
                return string(low..<high)
            }
            var spaces = 0
            while spaces < count, isBlank(bytes[spaces]) { spaces += 1 }
            // A tag (a code span, an image, a `:shortcode:`) can start after the spaces: the general way.
            if spaces > 0, spaces < count {
                switch bytes[spaces] {
                case UInt8(ascii: "`"), UInt8(ascii: "!"), UInt8(ascii: "["), UInt8(ascii: ":"): return nil
                default: break
                }
            }
            if count == 0 { return (nil, nil, "") }
            var sawMark = false
            var lastCut: Int?
            var end = spaces
            scan: while end < count {
                switch bytes[end] {
                case UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: "|"), UInt8(ascii: "."), UInt8(ascii: ","),
                    UInt8(ascii: ";"):
                    sawMark = true
                case 0x20, 0x09:
                    if sawMark { lastCut = end + 1 }
                case UInt8(ascii: "]"), UInt8(ascii: ")"):
                    break
                default:
                    break scan
                }
                end += 1
            }
            if sawMark {
                var low = spaces
                var high = end
                while low < high, isSpace(bytes[low]) { low += 1 }
                while high > low, isSpace(bytes[high - 1]) { high -= 1 }
                if end == count || isBlank(bytes[end - 1]) || (high - low == 1 && bytes[low] == UInt8(ascii: ":")) {
                    return (nil, string(0..<end), trimmed(from: end))
                }
                if let lastCut { return (nil, string(0..<lastCut), trimmed(from: lastCut)) }
            }
            return (nil, string(0..<spaces), trimmed(from: spaces))
        }
        return parts ?? nil
    }

    /// Text before an entry's link (`` `MIT` - [MIT License](…) ``) as tags to write after
    /// the link: itself without its separator, when that is nothing but tags.
    static func tags(ofLead lead: String) -> String? {
        var text = Substring(lead.trimmingSpaces())
        while let last = text.last, marks.contains(last) || last == " " || last == "\t" { text = text.dropLast() }
        guard !text.isEmpty, let (start, end) = tagRun(text, needsSpace: false), start == text.startIndex,
            end == text.endIndex
        else { return nil }
        return String(text)
    }

    /// The run of tags, each followed by a space, a mark (a glued `:`) or the end, that starts `text` after its
    /// spaces (at least one when `needsSpace`): from its first tag to the end of its last.
    static func tagRun(_ text: Substring, needsSpace: Bool) -> (start: Substring.Index, end: Substring.Index)? {
        func skipSpaces(_ index: Substring.Index) -> Substring.Index {
            var index = index
            while index < text.endIndex, text[index] == " " || text[index] == "\t" { index = text.index(after: index) }
            return index
        }
        let start = skipSpaces(text.startIndex)
        if needsSpace && start == text.startIndex { return nil }
        var index = start
        var end: Substring.Index?
        while index < text.endIndex, let tagEnd = tag(in: text, at: index),
            tagEnd == text.endIndex || text[tagEnd] == " " || text[tagEnd] == "\t" || marks.contains(text[tagEnd])
        {
            end = tagEnd
            index = skipSpaces(tagEnd)
        }
        return end.map { (start, $0) }
    }

    /// The end of the tag at `index`: a code span, an image or a linked image (a badge), a
    /// `:shortcode:` or a run of emoji; nil when none starts there.
    private static func tag(in text: Substring, at index: Substring.Index) -> Substring.Index? {
        let character = text[index]
        let next = text.index(after: index)
        switch character {
        case "`":
            var run = 0
            var cursor = index
            while cursor < text.endIndex, text[cursor] == "`" {
                run += 1
                cursor = text.index(after: cursor)
            }
            while cursor < text.endIndex {
                guard text[cursor] == "`" else {
                    cursor = text.index(after: cursor)
                    continue
                }
                var closing = 0
                while cursor < text.endIndex, text[cursor] == "`" {
                    closing += 1
                    cursor = text.index(after: cursor)
                }
                if closing == run { return cursor }
            }
            return nil
        case "!" where next < text.endIndex && text[next] == "[":
            return linkEnd(in: text, openingAt: next)
        case "[" where text[next...].hasPrefix("!["):
            return linkEnd(in: text, openingAt: index)
        case ":":
            var cursor = next
            while cursor < text.endIndex, text[cursor].isASCII,
                text[cursor].isLetter || text[cursor].isNumber || "_+-".contains(text[cursor])
            {
                cursor = text.index(after: cursor)
            }
            guard cursor > next, cursor < text.endIndex, text[cursor] == ":" else { return nil }
            return text.index(after: cursor)
        default:
            var cursor = index
            while cursor < text.endIndex, isEmoji(text[cursor]) { cursor = text.index(after: cursor) }
            return cursor > index ? cursor : nil
        }
    }

    /// Whether a character is an emoji (`⚠`, `⭐`, `🔥`), not a letter, digit or ASCII sign.
    static func isEmoji(_ character: Character) -> Bool {
        guard let first = character.unicodeScalars.first, first.value > 0xFF else { return false }
        return first.properties.isEmojiPresentation || first.properties.isEmoji
    }

    /// One past the `)` of `[text](destination)` whose `[` is at `open` (brackets and
    /// parentheses balanced, escapes skipped); nil when it is not one.
    private static func linkEnd(in text: Substring, openingAt open: Substring.Index) -> Substring.Index? {
        func closing(_ opener: Character, _ closer: Character, from start: Substring.Index) -> Substring.Index? {
            var depth = 0
            var cursor = start
            while cursor < text.endIndex {
                let character = text[cursor]
                if character == "\\" {
                    cursor = text.index(after: cursor)
                    if cursor < text.endIndex { cursor = text.index(after: cursor) }
                    continue
                }
                if character == opener { depth += 1 }
                if character == closer {
                    depth -= 1
                    if depth == 0 { return cursor }
                }
                cursor = text.index(after: cursor)
            }
            return nil
        }
        guard let close = closing("[", "]", from: open) else { return nil }
        let parenthesis = text.index(after: close)
        guard parenthesis < text.endIndex, text[parenthesis] == "(",
            let end = closing("(", ")", from: parenthesis)
        else { return nil }
        return text.index(after: end)
    }

    /// How a separator as written is written anew: its last mark, spaced as lists space
    /// it (`: `, `. `, `, ` glued to the link; ` - `, ` — `, ` | ` between spaces); nil
    /// without a mark.
    static func canonical(_ separator: String) -> String? {
        guard let mark = separator.last(where: { marks.contains($0) }) else { return nil }
        return [":", ".", ",", ";"].contains(mark) ? "\(mark) " : " \(mark) "
    }
}
