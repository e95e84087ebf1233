import Dispatch
import Foundation

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
        chunkSize: Int = 1 << 16,
        memoryLimit: Int = MarkdownReader.memoryLimit,
        _ body: (MarkdownTree) throws -> Void
    ) rethrows {
        let lastLine = lines.count
        guard firstLine <= lastLine else {
            try body(
                parse(
                    bytes, from: lines.byteCount, to: lines.byteCount, lineOffset: firstLine - 1, suffix: [],
                    memoryLimit: memoryLimit))
            return
        }
        let definitions = referenceDefinitions(bytes, lines: lines, firstLine: firstLine)
        let totalBytes = lines.byteCount - lines.starts[firstLine - 1]
        guard let definitions, definitions.isEmpty || (totalBytes >= 4 << 20 && definitions.count <= 64 << 10) else {
            // Definitions, in few bytes or too many to hand around cheaply, or one not
            // whole on its line: parse whole.
            var whole = parse(
                bytes, from: lines.starts[firstLine - 1], to: lines.byteCount, lineOffset: firstLine - 1, suffix: [],
                memoryLimit: memoryLimit)
            refine(&whole, bytes, lines: lines, from: firstLine, to: lastLine + 1, suffix: [], memoryLimit: memoryLimit)
            try body(whole)
            return
        }
        var suffix: [UInt8] = []
        if !definitions.isEmpty {
            suffix = [0x0A]
            suffix.append(contentsOf: definitions)
        }

        // Chunks are parsed ahead on the other cores while this thread hands their trees to
        // `body`, in order (parsing the next one itself when no other thread has taken it).
        var start = firstLine
        while start <= lastLine {
            guard
                let (chunk, cut) = try readAhead(
                    bytes, lines: lines, firstLine: start, chunkSize: chunkSize, suffix: suffix, memoryLimit: memoryLimit, body)
            else { return }
            // The cut fell inside a code or HTML block: grow this chunk until it ends outside
            // one, then read ahead again after it. It doubles each time: a block that never
            // closes (a fence left open) runs to the end of the text, reached in a few
            // parses, not in one per heading after it.
            var minimumEnd = cut
            var size = lines.starts[cut - 1] - lines.starts[chunk - 1]
            while true {
                size *= 2
                let next = nextCut(bytes, lines: lines, after: minimumEnd, startByte: lines.starts[chunk - 1], chunkSize: size)
                let endByte = next <= lastLine ? lines.starts[next - 1] : lines.byteCount
                var grown = parse(
                    bytes, from: lines.starts[chunk - 1], to: endByte, lineOffset: chunk - 1, suffix: suffix,
                    memoryLimit: memoryLimit)
                if next <= lastLine && endsInsideOpenBlock(grown, lastLine: next - 1) {
                    minimumEnd = next
                    continue
                }
                refine(&grown, bytes, lines: lines, from: chunk, to: next, suffix: suffix, memoryLimit: memoryLimit)
                try body(grown)
                start = next
                break
            }
        }
    }

    /// The most memory one parse may take (cmark-gfm's tree of a piece of a post; the
    /// nodes made of it take about as much again). A post is parsed section by section, a
    /// few hundred kilobytes each, in a few megabytes; dense Markdown with no heading to
    /// cut it at (4 MB of `- a` lines: a million items) took gigabytes, and a machine
    /// without them ended the process.
    public static let memoryLimit = 1 << 30

    private static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// Hands `body` the trees of the chunks from `firstLine` on, parsed ahead by the other
    /// cores, until a chunk's cut falls inside a code or HTML block: returns that chunk's
    /// first line (not handed to `body`) and its cut; nil when every chunk was handed over.
    private static func readAhead(
        _ bytes: [UInt8], lines: LineTable, firstLine: Int, chunkSize: Int, suffix: [UInt8], memoryLimit: Int,
        _ body: (MarkdownTree) throws -> Void
    ) rethrows -> (chunk: Int, cut: Int)? {
        let lastLine = lines.count
        // Chunk i is lines cuts[i] ..< cuts[i + 1].
        var cuts = [firstLine]
        while let last = cuts.last, last <= lastLine {
            cuts.append(nextCut(bytes, lines: lines, after: last, startByte: lines.starts[last - 1], chunkSize: chunkSize))
        }
        let count = cuts.count - 1
        let chunks = cuts
        let ahead = ReadAhead(count: count, window: 4 * cores) { index in
            let end = chunks[index + 1] <= lastLine ? lines.starts[chunks[index + 1] - 1] : lines.byteCount
            return parse(
                bytes, from: lines.starts[chunks[index] - 1], to: end, lineOffset: chunks[index] - 1, suffix: suffix,
                memoryLimit: memoryLimit)
        }
        // This thread parses too: a post of one chunk (an entry read back, a short post)
        // is parsed here, with no thread woken for it.
        let workers = DispatchGroup()
        for _ in 0..<min(cores - 1, count - 1) { DispatchQueue.global().async(group: workers) { ahead.work() } }
        defer {
            ahead.stop()
            workers.wait()
        }
        for index in 0..<count {
            var tree = ahead.take(index)
            if cuts[index + 1] <= lastLine && endsInsideOpenBlock(tree, lastLine: cuts[index + 1] - 1) {
                return (cuts[index], cuts[index + 1])
            }
            refine(&tree, bytes, lines: lines, from: cuts[index], to: cuts[index + 1], suffix: suffix, memoryLimit: memoryLimit)
            try body(tree)
        }
        return nil
    }

    /// A tree not read (see ``MarkdownTree/unreadFrom``) of lines `from..<to`, with the
    /// first line of the section in them that cannot be read.
    private static func refine(
        _ tree: inout MarkdownTree, _ bytes: [UInt8], lines: LineTable, from: Int, to: Int, suffix: [UInt8],
        memoryLimit: Int
    ) {
        guard tree.unreadFrom != nil else { return }
        tree.unreadFrom = firstUnreadable(bytes, lines: lines, from: from, to: to, suffix: suffix, memoryLimit: memoryLimit)
    }

    /// The first line of the piece of lines `from..<to` that cannot be read (its parse
    /// goes over ``memoryLimit``): the piece is cut at each of its ATX
    /// headings and the parts parsed one by one, so that the error names the section
    /// that is too dense rather than the start of the chunk it was read in.
    private static func firstUnreadable(
        _ bytes: [UInt8], lines: LineTable, from: Int, to: Int, suffix: [UInt8], memoryLimit: Int
    ) -> Int {
        // (`to` is at most one past the last line.)
        var start = from
        var line = from + 1
        while line <= to {
            if line == to || startsWithATXHeading(bytes, at: lines.content(line)) {
                let end = line <= lines.count ? lines.starts[line - 1] : lines.byteCount
                if parse(
                    bytes, from: lines.starts[start - 1], to: end, lineOffset: start - 1, suffix: suffix, memoryLimit: memoryLimit
                ).unreadFrom != nil {
                    return start
                }
                start = line
            }
            line += 1
        }
        return from
    }

    /// Chunks parsed by worker threads in order, at most `window` ahead of the one taken
    /// last (the memory their trees hold stays bounded).
    private final class ReadAhead: @unchecked Sendable {
        private let condition = NSCondition()
        private var trees: [MarkdownTree?]
        /// The next chunk no thread has claimed.
        private var next = 0
        /// The chunks taken so far.
        private var taken = 0
        private var stopped = false
        private let window: Int
        private let parse: @Sendable (Int) -> MarkdownTree

        init(count: Int, window: Int, parse: @escaping @Sendable (Int) -> MarkdownTree) {
            trees = Array(repeating: nil, count: count)
            self.window = window
            self.parse = parse
        }

        /// A worker: claims the next chunk, parses it and keeps its tree, until there are
        /// none left or ``stop()``.
        func work() {
            condition.lock()
            while true {
                while !stopped && next < trees.count && next >= taken + window { condition.wait() }
                guard !stopped, next < trees.count else {
                    condition.unlock()
                    return
                }
                parseNext()
            }
        }

        /// Claims the next chunk, parses it outside the lock and keeps its tree (called,
        /// and returning, with the lock held).
        private func parseNext() {
            let index = next
            next += 1
            condition.unlock()
            let tree = parse(index)
            condition.lock()
            trees[index] = tree
            condition.broadcast()
        }

        /// Chunk `index`'s tree (chunks are taken in order): parsed on this thread when no
        /// worker has claimed it; else, while a worker parses it, this thread parses the
        /// next chunks it may.
        func take(_ index: Int) -> MarkdownTree {
            condition.lock()
            taken = index + 1
            if next == index {
                next += 1
                condition.broadcast()
                condition.unlock()
                return parse(index)
            }
            while trees[index] == nil {
                if next < trees.count && next < taken + window { parseNext() } else { condition.wait() }
            }
            let tree = trees[index]!
            trees[index] = nil
            condition.broadcast()
            condition.unlock()
            return tree
        }

        /// Workers claim no more chunks.
        func stop() {
            condition.lock()
            stopped = true
            condition.broadcast()
            condition.unlock()
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

    /// Whether the chunk's last top-level block runs to its last line and may go on past
    /// the cut: a code or HTML block (a heading inside it is its text). A table (the one
    /// block of the extensions) ends at an ATX heading, where chunks are cut.
    private static func endsInsideOpenBlock(_ tree: MarkdownTree, lastLine: Int) -> Bool {
        // A piece not read (over the memory limit) has no nodes: it is reported, not grown.
        guard !tree.nodes.isEmpty, let last = tree.lastChild(of: 0) else { return false }
        let node = tree.nodes[last]
        switch node.kind {
        case .codeBlock, .htmlBlock, .customBlock:
            return node.end.line >= lastLine
        default:
            return false
        }
    }

    /// The lines that may be link reference definitions (`[label]: destination`), joined;
    /// nil when one of them is not whole on its line, which rules out handing them around.
    private static func referenceDefinitions(_ bytes: [UInt8], lines: LineTable, firstLine: Int) -> [UInt8]? {
        guard let found = definitionLines(bytes, lines: lines, firstLine: firstLine) else { return nil }
        var result: [UInt8] = []
        for line in found {
            result.append(contentsOf: bytes[lines.content(line)])
            result.append(0x0A)
        }
        return result
    }

    /// The lines from `firstLine` on that may be link reference definitions: `[label]:`
    /// after at most three spaces, and something after it (found by looking at lines, not
    /// by cmark: one inside a code block is among them). Nil when one of them is not whole
    /// on its line (its destination on the next).
    public static func definitionLines(_ bytes: [UInt8], lines: LineTable, firstLine: Int) -> [Int]? {
        var found: [Int] = []
        var line = firstLine
        while line <= lines.count {
            let range = lines.content(line)
            var i = range.lowerBound
            var spaces = 0
            while i < range.upperBound && bytes[i] == 0x20 && spaces < 4 { i += 1; spaces += 1 }
            if spaces < 4 && i < range.upperBound && bytes[i] == UInt8(ascii: "[") {
                // Find "]:" on the same line.
                var j = i + 1
                var closes = false
                while j + 1 < range.upperBound {
                    if bytes[j] == UInt8(ascii: "\\") { j += 2; continue }
                    if bytes[j] == UInt8(ascii: "]") {
                        closes = bytes[j + 1] == UInt8(ascii: ":")
                        break
                    }
                    j += 1
                }
                if closes {
                    var k = j + 2
                    while k < range.upperBound && (bytes[k] == 0x20 || bytes[k] == 0x09) { k += 1 }
                    if k == range.upperBound { return nil }  // destination on the next line
                    found.append(line)
                }
            }
            line += 1
        }
        return found
    }

    private static func parse(
        _ bytes: [UInt8], from: Int, to: Int, lineOffset: Int, suffix: [UInt8], memoryLimit: Int
    ) -> MarkdownTree {
        if suffix.isEmpty {
            return bytes.withUnsafeBufferPointer { buffer in
                CmarkParser.parse(
                    UnsafeBufferPointer(rebasing: buffer[from..<to]), lineOffset: lineOffset, memoryLimit: memoryLimit)
            }
        }
        var chunk = Array(bytes[from..<to])
        if let last = chunk.last, last != 0x0A && last != 0x0D { chunk.append(0x0A) }
        chunk.append(contentsOf: suffix)
        return chunk.withUnsafeBufferPointer { CmarkParser.parse($0, lineOffset: lineOffset, memoryLimit: memoryLimit) }
    }
}
