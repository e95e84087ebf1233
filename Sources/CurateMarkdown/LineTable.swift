/// Where each line of a byte buffer starts and ends, with CommonMark's line endings
/// (`\n`, `\r\n`, or a lone `\r`).
public struct LineTable: Sendable, Equatable {
    /// Byte offset where line `i + 1` starts.
    public private(set) var starts: Offsets
    /// Byte offset where line `i + 1`'s content ends (its terminator starts).
    public private(set) var contentEnds: Offsets

    /// Byte offsets, kept in 32 bits (half the memory of `[Int]`: a 100k-entry post has
    /// 270k lines, and a post is at most 64 MiB).
    public struct Offsets: RandomAccessCollection, Sendable, Equatable {
        @usableFromInline var storage: [UInt32]

        init(storage: [UInt32]) {
            self.storage = storage
        }

        @inlinable public var startIndex: Int { 0 }
        @inlinable public var endIndex: Int { storage.count }

        // Inlinable: other modules read a line's offsets in their inner loops.
        @inlinable
        public subscript(position: Int) -> Int { Int(storage[position]) }
    }
    /// Total byte count.
    public let byteCount: Int

    public init(_ bytes: [UInt8]) {
        precondition(bytes.count <= UInt32.max, "a line table holds offsets below 4 GiB")
        var starts: [UInt32] = [0]
        var ends: [UInt32] = []
        starts.reserveCapacity(bytes.count / 40 + 1)
        ends.reserveCapacity(bytes.count / 40 + 1)
        if bytes.firstIndex(of: 0x0D, in: 0..<bytes.count) == nil {
            // Only `\n` ends lines (nearly every file): found with memchr.
            var start = 0
            while let newline = bytes.firstIndex(of: 0x0A, in: start..<bytes.count) {
                ends.append(UInt32(newline))
                starts.append(UInt32(newline + 1))
                start = newline + 1
            }
        } else {
            Self.scanLines(bytes, starts: &starts, ends: &ends)
        }
        // The text after the last terminator is a line only if it is not empty.
        if starts.last == UInt32(bytes.count) {
            starts.removeLast()
        } else {
            ends.append(UInt32(bytes.count))
        }
        self.starts = Offsets(storage: starts)
        self.contentEnds = Offsets(storage: ends)
        self.byteCount = bytes.count
    }

    /// Line starts and ends where `\r` and `\r\n` end lines too.
    private static func scanLines(_ bytes: [UInt8], starts: inout [UInt32], ends: inout [UInt32]) {
        bytes.withUnsafeBufferPointer { buffer in
            let count = buffer.count
            var i = 0
            while i < count {
                let byte = buffer[i]
                if byte == 0x0A {
                    ends.append(UInt32(i))
                    starts.append(UInt32(i + 1))
                } else if byte == 0x0D {
                    ends.append(UInt32(i))
                    if i + 1 < count && buffer[i + 1] == 0x0A { i += 1 }
                    starts.append(UInt32(i + 1))
                }
                i += 1
            }
        }
    }

    /// Number of lines.
    public var count: Int { starts.count }

    /// Byte range of line `line` (1-based) without its terminator.
    @inlinable
    public func content(_ line: Int) -> Range<Int> {
        starts[line - 1]..<contentEnds[line - 1]
    }

    /// Byte range of line `line` (1-based) with its terminator.
    @inlinable
    public func full(_ line: Int) -> Range<Int> {
        starts[line - 1]..<(line < starts.count ? starts[line] : byteCount)
    }
}
