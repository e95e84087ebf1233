/// Where each line of a byte buffer starts and ends, with CommonMark's line endings
/// (`\n`, `\r\n`, or a lone `\r`).
public struct LineTable: Sendable, Equatable {
    /// Byte offset where line `i + 1` starts.
    public private(set) var starts: [Int]
    /// Byte offset where line `i + 1`'s content ends (its terminator starts).
    public private(set) var contentEnds: [Int]
    /// Total byte count.
    public let byteCount: Int

    public init(_ bytes: [UInt8]) {
        var starts: [Int] = [0]
        var ends: [Int] = []
        starts.reserveCapacity(bytes.count / 40 + 1)
        ends.reserveCapacity(bytes.count / 40 + 1)
        if bytes.firstIndex(of: 0x0D, in: 0..<bytes.count) == nil {
            // Only `\n` ends lines (nearly every file): found with memchr.
            var start = 0
            while let newline = bytes.firstIndex(of: 0x0A, in: start..<bytes.count) {
                ends.append(newline)
                starts.append(newline + 1)
                start = newline + 1
            }
        } else {
            Self.scanLines(bytes, starts: &starts, ends: &ends)
        }
        // The text after the last terminator is a line only if it is not empty.
        if starts.last == bytes.count {
            starts.removeLast()
        } else {
            ends.append(bytes.count)
        }
        self.starts = starts
        self.contentEnds = ends
        self.byteCount = bytes.count
    }

    /// Line starts and ends where `\r` and `\r\n` end lines too.
    private static func scanLines(_ bytes: [UInt8], starts: inout [Int], ends: inout [Int]) {
        bytes.withUnsafeBufferPointer { buffer in
            let count = buffer.count
            var i = 0
            while i < count {
                let byte = buffer[i]
                if byte == 0x0A {
                    ends.append(i)
                    starts.append(i + 1)
                } else if byte == 0x0D {
                    ends.append(i)
                    if i + 1 < count && buffer[i + 1] == 0x0A { i += 1 }
                    starts.append(i + 1)
                }
                i += 1
            }
        }
    }

    /// Number of lines.
    public var count: Int { starts.count }

    /// Byte range of line `line` (1-based) without its terminator.
    @inline(__always)
    public func content(_ line: Int) -> Range<Int> {
        starts[line - 1]..<contentEnds[line - 1]
    }

    /// Byte range of line `line` (1-based) with its terminator.
    @inline(__always)
    public func full(_ line: Int) -> Range<Int> {
        starts[line - 1]..<(line < starts.count ? starts[line] : byteCount)
    }
}
