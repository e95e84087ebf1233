/// Reads Markdown with cmark-gfm in pieces, so that memory stays bounded on large posts.
///
/// cmark's own tree costs about twelve times the size of the text it parses. A curated
/// post is a run of sections, and an ATX heading at the start of a line begins a new
/// top-level block whatever came before, unless an open fenced code block or HTML block
/// swallows it. So the reader cuts the text before such headings into chunks of a few
/// hundred kilobytes, parses each alone, and checks the cut: when a chunk's last
/// top-level block is a code or HTML block that runs to the chunk's end, the cut was
/// inside it, and the chunk is parsed again with the next piece joined to it. Link
/// reference definitions apply to the whole document, so a document that has them is
/// parsed whole unless it is large, and then its definitions are given to every chunk.
public enum MarkdownReader {
    /// Parses lines `firstLine...` of `bytes` and hands each chunk's tree to `body`, in
    /// document order. Line numbers in the trees are those of `bytes`.
    public static func read(
        _ bytes: [UInt8],
        lines: LineTable,
        firstLine: Int,
        chunkSize: Int = 1 << 18,
        _ body: (MarkdownTree) throws -> Void
    ) rethrows {
        let lastLine = lines.count
        guard firstLine <= lastLine else {
            try body(parse(bytes, from: lines.byteCount, to: lines.byteCount, lineOffset: firstLine - 1, suffix: []))
            return
        }
        let definitions = referenceDefinitions(bytes, lines: lines, firstLine: firstLine)
        let totalBytes = lines.byteCount - lines.starts[firstLine - 1]
        if let definitions, !definitions.isEmpty, totalBytes < 4 << 20 || definitions.count > 64 << 10 {
            // Few bytes, or definitions that cannot be handed around cheaply: parse whole.
            try body(parse(bytes, from: lines.starts[firstLine - 1], to: lines.byteCount, lineOffset: firstLine - 1, suffix: []))
            return
        }
        guard let definitions else {
            try body(parse(bytes, from: lines.starts[firstLine - 1], to: lines.byteCount, lineOffset: firstLine - 1, suffix: []))
            return
        }
        var suffix: [UInt8] = []
        if !definitions.isEmpty {
            suffix = [0x0A]
            suffix.append(contentsOf: definitions)
        }

        var start = firstLine
        while start <= lastLine {
            var minimumEnd = start
            while true {
                let cut = nextCut(bytes, lines: lines, after: minimumEnd, startByte: lines.starts[start - 1], chunkSize: chunkSize)
                let endByte = cut <= lastLine ? lines.starts[cut - 1] : lines.byteCount
                let tree = parse(bytes, from: lines.starts[start - 1], to: endByte, lineOffset: start - 1, suffix: suffix)
                if cut <= lastLine && endsInsideOpenBlock(tree, lastLine: cut - 1) {
                    minimumEnd = cut
                    continue
                }
                try body(tree)
                start = cut
                break
            }
        }
    }

    /// The first line after `after` that starts with an ATX heading, once the chunk holds
    /// at least `chunkSize` bytes; `lines.count + 1` when there is none.
    private static func nextCut(_ bytes: [UInt8], lines: LineTable, after: Int, startByte: Int, chunkSize: Int) -> Int {
        var line = after + 1
        while line <= lines.count {
            if lines.starts[line - 1] - startByte >= chunkSize && startsWithATXHeading(bytes, at: lines.content(line)) {
                return line
            }
            line += 1
        }
        return lines.count + 1
    }

    private static func startsWithATXHeading(_ bytes: [UInt8], at range: Range<Int>) -> Bool {
        var i = range.lowerBound
        while i < range.upperBound && bytes[i] == UInt8(ascii: "#") { i += 1 }
        let hashes = i - range.lowerBound
        guard hashes >= 1 && hashes <= 6 else { return false }
        return i == range.upperBound || bytes[i] == 0x20 || bytes[i] == 0x09
    }

    private static func endsInsideOpenBlock(_ tree: MarkdownTree, lastLine: Int) -> Bool {
        guard let last = tree.lastChild(of: 0) else { return false }
        let node = tree.nodes[last]
        switch node.kind {
        case .codeBlock, .htmlBlock, .otherBlock, .customBlock:
            return node.end.line >= lastLine
        default:
            return false
        }
    }

    /// The lines that may be link reference definitions (`[label]: destination`), joined;
    /// nil when one of them is not whole on its line, which rules out handing them around.
    private static func referenceDefinitions(_ bytes: [UInt8], lines: LineTable, firstLine: Int) -> [UInt8]? {
        var result: [UInt8] = []
        var line = firstLine
        while line <= lines.count {
            let range = lines.content(line)
            var i = range.lowerBound
            var spaces = 0
            while i < range.upperBound && bytes[i] == 0x20 && spaces < 4 { i += 1; spaces += 1 }
            if spaces < 4 && i < range.upperBound && bytes[i] == UInt8(ascii: "[") {
                // Find "]:" on the same line.
                var j = i + 1
                var found = false
                while j + 1 < range.upperBound {
                    if bytes[j] == UInt8(ascii: "\\") { j += 2; continue }
                    if bytes[j] == UInt8(ascii: "]") {
                        found = bytes[j + 1] == UInt8(ascii: ":")
                        break
                    }
                    j += 1
                }
                if found {
                    var k = j + 2
                    while k < range.upperBound && (bytes[k] == 0x20 || bytes[k] == 0x09) { k += 1 }
                    if k == range.upperBound { return nil }  // destination on the next line
                    result.append(contentsOf: bytes[range])
                    result.append(0x0A)
                }
            }
            line += 1
        }
        return result
    }

    private static func parse(_ bytes: [UInt8], from: Int, to: Int, lineOffset: Int, suffix: [UInt8]) -> MarkdownTree {
        if suffix.isEmpty {
            return bytes.withUnsafeBufferPointer { buffer in
                CmarkParser.parse(UnsafeBufferPointer(rebasing: buffer[from..<to]), lineOffset: lineOffset)
            }
        }
        var chunk = Array(bytes[from..<to])
        if let last = chunk.last, last != 0x0A && last != 0x0D { chunk.append(0x0A) }
        chunk.append(contentsOf: suffix)
        return chunk.withUnsafeBufferPointer { CmarkParser.parse($0, lineOffset: lineOffset) }
    }
}
