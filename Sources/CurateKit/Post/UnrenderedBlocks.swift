import CurateMarkdown

/// Blocks of a Jekyll post whose text Jekyll does not render as Markdown where it stands:
/// Liquid's `{% comment %}`, `{% highlight %}`, `{% raw %}` and `{% capture %}` (with
/// `{%-` and `-%}` too), and kramdown's `{::comment}` and `{::nomarkdown}`.
///
/// Liquid runs before Markdown, so they are found in the bytes wherever they are (in a
/// code fence too). Their inside is kept as written: `fmt` neither joins its blank lines
/// nor strips its trailing spaces (a highlighted snippet shows them), and the whitespace
/// rules pass over it. Comments, highlighted code and kramdown's blocks are also blanked
/// in the copy cmark parses, so a link written there is not checked as one; `raw` and
/// `capture` hold Markdown that the site shows (raw where it stands, a capture where it
/// is output), so their links are read.
enum UnrenderedBlocks {
    struct Block: Equatable {
        /// The block's name (`highlight`, `::comment`).
        var name: String
        /// Bytes between the opening tag and the closing one.
        var content: Range<Int>
        /// Whether cmark is to see the inside (`raw`, `capture`: Markdown the site shows).
        var isMarkdown: Bool { name == "raw" || name == "capture" }
    }

    static let liquidNames: Set<String> = ["comment", "highlight", "raw", "capture"]

    /// The blocks of `bytes` from offset `start`, in order; a block that never closes is none.
    static func find(_ bytes: [UInt8], from start: Int) -> [Block] {
        var blocks: [Block] = []
        var i = start
        while i + 1 < bytes.count {
            guard let brace = bytes.firstIndex(of: UInt8(ascii: "{"), in: i..<(bytes.count - 1)) else { break }
            i = brace
            if bytes[i + 1] == UInt8(ascii: "%"), let tag = liquidTag(bytes, at: i), liquidNames.contains(tag.name) {
                if let close = liquidClose(of: tag.name, in: bytes, from: tag.end) {
                    blocks.append(Block(name: tag.name, content: tag.end..<close.lowerBound))
                    i = close.upperBound
                    continue
                }
            } else if bytes[i + 1] == UInt8(ascii: ":"), let block = kramdownBlock(bytes, at: i) {
                blocks.append(block.block)
                i = block.end
                continue
            }
            i += 1
        }
        return blocks
    }

    /// `bytes` with the inside of every block cmark is not to see blanked (line breaks
    /// kept, so positions hold), or nil when there is none.
    static func masked(_ bytes: [UInt8], blocks: [Block]) -> [UInt8]? {
        var copy: [UInt8]?
        for block in blocks where !block.isMarkdown {
            if copy == nil { copy = bytes }
            for m in block.content where bytes[m] != 0x0A && bytes[m] != 0x0D { copy![m] = 0x20 }
        }
        return copy
    }

    /// The lines that hold a block's inside: from the line its content starts on (the
    /// next, when nothing follows the opening tag on its line) to the line its content
    /// ends on (the one before, when only indentation precedes the closing tag).
    static func lines(of block: Block, in bytes: [UInt8], lines table: LineTable) -> ClosedRange<Int>? {
        guard !block.content.isEmpty else { return nil }
        var first = PostReader.lineContaining(offset: block.content.lowerBound, lines: table)
        if table.contentEnds[first - 1] <= block.content.lowerBound { first += 1 }
        var last = PostReader.lineContaining(offset: block.content.upperBound, lines: table)
        let lineStart = table.starts[last - 1]
        if bytes[lineStart..<max(lineStart, block.content.upperBound)].allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
            last -= 1
        }
        return first <= last ? first...last : nil
    }

    // MARK: - Liquid

    struct Tag {
        var name: String
        /// One past the tag's `%}`.
        var end: Int
    }

    /// The Liquid tag (`{% name args %}`, `{%- name -%}`) starting at `index`.
    static func liquidTag(_ bytes: [UInt8], at index: Int) -> Tag? {
        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "{"), bytes[index + 1] == UInt8(ascii: "%") else {
            return nil
        }
        var i = index + 2
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
        while i < bytes.count, isSpace(bytes[i]) { i += 1 }
        let nameStart = i
        while i < bytes.count, isNameByte(bytes[i]) { i += 1 }
        guard i > nameStart else { return nil }
        let name = String(decoding: bytes[nameStart..<i], as: UTF8.self)
        // The tag closes at the next `%}` (tags may span lines).
        while i + 1 < bytes.count {
            if bytes[i] == UInt8(ascii: "%") && bytes[i + 1] == UInt8(ascii: "}") { return Tag(name: name, end: i + 2) }
            if bytes[i] == UInt8(ascii: "{") && (bytes[i + 1] == UInt8(ascii: "%") || bytes[i + 1] == UInt8(ascii: "{")) {
                return nil
            }
            i += 1
        }
        return nil
    }

    /// The closing tag (`{% endname %}`) of a block opened before `from`: the inside of a
    /// `raw` block is not read; other blocks count their own name's nesting and pass over
    /// `raw` blocks inside them (`{% highlight %}{% raw %}{% endhighlight %}{% endraw %}…`).
    static func liquidClose(of name: String, in bytes: [UInt8], from: Int) -> Range<Int>? {
        var depth = 1
        var i = from
        while i + 1 < bytes.count {
            guard bytes[i] == UInt8(ascii: "{"), bytes[i + 1] == UInt8(ascii: "%"), let tag = liquidTag(bytes, at: i) else {
                i += 1
                continue
            }
            if tag.name == "end" + name {
                depth -= 1
                if depth == 0 { return i..<tag.end }
            } else if name != "raw" && tag.name == name {
                depth += 1
            } else if name != "raw" && tag.name == "raw" {
                guard let close = liquidClose(of: "raw", in: bytes, from: tag.end) else { return nil }
                i = close.upperBound
                continue
            }
            i = tag.end
        }
        return nil
    }

    // MARK: - kramdown

    /// kramdown's `{::comment}` and `{::nomarkdown}` (with options: `{::nomarkdown type="html"}`),
    /// closed by `{:/comment}`, `{:/nomarkdown}` or `{:/}`; `{::comment /}` holds nothing.
    static func kramdownBlock(_ bytes: [UInt8], at index: Int) -> (block: Block, end: Int)? {
        for name in ["comment", "nomarkdown"] {
            let open = Array("{::\(name)".utf8)
            guard bytes[index...].starts(with: open) else { continue }
            var i = index + open.count
            guard i < bytes.count, bytes[i] == UInt8(ascii: "}") || isSpace(bytes[i]) else { continue }
            while i < bytes.count, bytes[i] != UInt8(ascii: "}"), bytes[i] != 0x0A { i += 1 }
            guard i < bytes.count, bytes[i] == UInt8(ascii: "}"), bytes[i - 1] != UInt8(ascii: "/") else { return nil }
            let contentStart = i + 1
            var j = contentStart
            while j + 2 < bytes.count {
                if bytes[j] == UInt8(ascii: "{"), bytes[j + 1] == UInt8(ascii: ":"), bytes[j + 2] == UInt8(ascii: "/") {
                    for closer in ["{:/}", "{:/\(name)}"] where bytes[j...].starts(with: Array(closer.utf8)) {
                        return (Block(name: "::" + name, content: contentStart..<j), j + closer.utf8.count)
                    }
                }
                j += 1
            }
            return nil
        }
        return nil
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        ((byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_")
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }
}
