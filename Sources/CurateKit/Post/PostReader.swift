import CurateMarkdown

/// Turns bytes into a ``Post``: checks that they are text, splits off the front matter,
/// has cmark-gfm parse the body, and reads sections, lists, items and links from the trees.
public enum PostReader {
    /// Posts larger than this are refused: a curated list of 100k entries is about 15 MB.
    public static let sizeLimit = 64 << 20

    /// Reads and parses the post at `path`; `displayPath` is what findings and errors name.
    public static func read(path: String, displayPath: String? = nil) throws -> Post {
        let shown = displayPath ?? path
        let bytes = try FileSystem.readPost(path: path, displayPath: shown, limit: sizeLimit)
        return try parse(bytes, path: shown)
    }

    /// The deepest nesting of lists and quotes curate reads (GitHub stops rendering
    /// nesting far sooner).
    public static let maximumDepth = 1000

    /// Parses a post from its bytes. Throws for input that is not a post at all: empty,
    /// binary, not UTF-8, too large, or front matter that does not close or parse.
    public static func parse(_ bytes: [UInt8], path: String) throws -> Post {
        if let post = PostPrefetch.take(bytes, path: path) { return post }
        return try parseUnshared(bytes, path: path)
    }

    /// ``parse(_:path:)`` without looking for the post read ahead (``PostPrefetch``).
    static func parseUnshared(_ bytes: [UInt8], path: String) throws -> Post {
        guard !bytes.isEmpty else { throw CurateError.emptyFile(path: path) }
        guard bytes.count <= sizeLimit else {
            throw CurateError.tooLarge(path: path, bytes: bytes.count, limit: sizeLimit)
        }
        // A large post's lines and its validation, each a pass over all of its bytes, side
        // by side before its parse can start.
        let lines: LineTable
        let bad: (offset: Int, nul: Bool)?
        if bytes.count >= 1 << 20 {
            (lines, bad) = Parallel.concurrently({ LineTable(bytes) }, { firstInvalid(bytes) })
        } else {
            (lines, bad) = (LineTable(bytes), firstInvalid(bytes))
        }
        try refuse(bad, lines: lines, path: path)
        let frontMatter = try FrontMatter.read(bytes, lines: lines, path: path)
        let bodyStart = frontMatter.map { $0.closingLine + 1 } ?? 1
        if let table = WideTables.first(in: bytes, lines: lines, from: bodyStart) {
            throw CurateError.tableTooWide(path: path, line: table.line, columns: table.columns, rows: table.rows)
        }
        var builder = PostBuilder(
            post: Post(path: path, bytes: bytes, lines: lines, frontMatter: frontMatter, bodyStartLine: bodyStart))
        var parsed = bytes
        if PostKind.detect(hasFrontMatter: frontMatter != nil, path: path) == .jekyll, bodyStart <= lines.count {
            let start = lines.starts[bodyStart - 1]
            let liquid = LiquidLinks.masked(bytes, from: start)
            let blocks = UnrenderedBlocks.find(bytes, from: start)
            let unrendered = UnrenderedBlocks.masked(liquid ?? bytes, blocks: blocks)
            if let masked = unrendered ?? liquid {
                parsed = masked
                builder.parsedBytes = masked
                builder.post.parsedMasked = true
            }
            builder.post.unrendered = blocks.compactMap { UnrenderedBlocks.lines(of: $0, in: bytes, lines: lines) }
        }
        var tooDeep: Int?
        var unread: Int?
        MarkdownReader.read(parsed, lines: lines, firstLine: bodyStart) { tree in
            guard tooDeep == nil, unread == nil else { return }
            // Too much Markdown at once to read in memory: refused, not a crash.
            if let line = tree.unreadFrom {
                unread = line
                return
            }
            // Reading nests as the post nests: a pathological depth is refused, not a crash.
            guard tree.maximumDepth <= maximumDepth else {
                tooDeep = tree.firstLine(deeperThan: maximumDepth) ?? 1
                return
            }
            builder.add(tree)
        }
        if let unread { throw CurateError.tooDenseToRead(path: path, line: unread) }
        if let tooDeep { throw CurateError.tooDeeplyNested(path: path, line: tooDeep, limit: maximumDepth) }
        return builder.finish()
    }

    /// Refuses NUL bytes and invalid UTF-8, naming the line and column of the first bad byte.
    static func validateText(_ bytes: [UInt8], lines: LineTable, path: String) throws {
        try refuse(firstInvalid(bytes), lines: lines, path: path)
    }

    /// The first NUL byte or invalid UTF-8 sequence of `bytes`.
    private static func firstInvalid(_ bytes: [UInt8]) -> (offset: Int, nul: Bool)? {
        bytes.withUnsafeBufferPointer { UTF8Validator.firstInvalid($0) }
    }

    /// ``validateText(_:lines:path:)``'s error for the `bad` byte found, if any.
    private static func refuse(_ bad: (offset: Int, nul: Bool)?, lines: LineTable, path: String) throws {
        guard let bad else { return }
        let line = lineContaining(offset: bad.offset, lines: lines)
        if bad.nul {
            throw CurateError.binaryFile(path: path, line: line)
        }
        throw CurateError.notUTF8(path: path, line: line, column: bad.offset - lines.starts[line - 1] + 1)
    }

    static func lineContaining(offset: Int, lines: LineTable) -> Int {
        var low = 0
        var high = lines.count
        while low < high {
            let mid = (low + high) / 2
            if lines.starts[mid] <= offset { low = mid + 1 } else { high = mid }
        }
        return max(low, 1)
    }
}

/// Fast validation of UTF-8 (RFC 3629: no overlongs, no surrogates, nothing past U+10FFFF).
enum UTF8Validator {
    static func firstInvalid(_ buffer: UnsafeBufferPointer<UInt8>) -> (offset: Int, nul: Bool)? {
        let count = buffer.count
        var i = 0
        while i < count {
            // Eight ASCII bytes, none NUL, at a time (nearly every byte of a post).
            while i + 8 <= count {
                let word = UnsafeRawPointer(buffer.baseAddress! + i).loadUnaligned(as: UInt64.self)
                let high: UInt64 = 0x8080_8080_8080_8080
                // With no high bit set, a byte is 0 exactly when this sets its high bit.
                guard word & high == 0, (word &- 0x0101_0101_0101_0101) & high == 0 else { break }
                i += 8
            }
            guard i < count else { break }
            let byte = buffer[i]
            if byte < 0x80 {
                if byte == 0 { return (i, true) }
                i += 1
                continue
            }
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch byte {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return (i, false)
            }
            guard i + length <= count else { return (i, false) }
            let second = buffer[i + 1]
            guard second >= lower && second <= upper else { return (i, false) }
            var k = 2
            while k < length {
                guard buffer[i + k] & 0xC0 == 0x80 else { return (i, false) }
                k += 1
            }
            i += length
        }
        return nil
    }
}
