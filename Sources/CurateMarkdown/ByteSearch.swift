import Foundation

extension [UInt8] {
    /// The index of the first `byte` in `range` of the array, found with `memchr` (many
    /// bytes a step, where a Swift loop takes one); nil when there is none.
    public func firstIndex(of byte: UInt8, in range: Range<Int>) -> Int? {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "range outside the array")
        guard !range.isEmpty else { return nil }
        return withUnsafeBufferPointer { buffer in
            let base = UnsafeRawPointer(buffer.baseAddress!)
            guard let found = memchr(base + range.lowerBound, Int32(byte), range.count) else { return nil }
            return UnsafeRawPointer(found) - base
        }
    }
}

extension String {
    /// Whether the string's UTF-8 holds `byte`, found with `memchr` (`utf8.contains` steps
    /// through the view an index at a time).
    public func containsUTF8(_ byte: UInt8) -> Bool {
        let found = utf8.withContiguousStorageIfAvailable { buffer in
            buffer.isEmpty ? false : memchr(buffer.baseAddress!, Int32(byte), buffer.count) != nil
        }
        return found ?? utf8.contains(byte)
    }
}
