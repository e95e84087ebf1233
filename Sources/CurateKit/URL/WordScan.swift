/// Finds bytes eight at a time (one machine word a step), for the scans of a URL's parts:
/// a URL is read to its authority's end, its path's end and its query's end, and a byte
/// loop spent a tenth of a key on them.
///
/// A word's bytes that equal a byte `b` are the zero bytes of `word ^ b…b`, and
/// ``zeroBytes(_:)`` marks those with the classic `(x - 0x01…01) & ~x & 0x80…80`. A borrow
/// can also mark a byte after a true zero, never one before: the lowest mark is exact,
/// and so is whether there is any. Each mask here is used only for those two answers.
enum WordScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// The high bit of each zero byte of `word` (the lowest exact, see above).
    @inline(__always) static func zeroBytes(_ word: UInt64) -> UInt64 {
        (word &- ones) & ~word & highs
    }

    /// Marks of the bytes of `word` that equal `byte` (the lowest exact).
    @inline(__always) static func marks(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        zeroBytes(word ^ (ones &* UInt64(byte)))
    }

    /// Marks of the bytes of `word` below `limit`, at most 0x80 (the lowest exact: no
    /// borrow reaches it from the bytes before it, which are not below `limit`).
    @inline(__always) static func marks(_ word: UInt64, below limit: UInt8) -> UInt64 {
        (word &- ones &* UInt64(limit)) & ~word & highs
    }

    /// The word of eight bytes at `offset` (the first byte in its lowest bits).
    @inline(__always) static func word(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress! + offset).loadUnaligned(as: UInt64.self))
    }

    /// The byte offset, in its word, of a mask's lowest mark.
    @inline(__always) static func offset(ofLowest marks: UInt64) -> Int {
        marks.trailingZeroBitCount >> 3
    }

    /// The first index in `start..<end` whose byte `stops` (`end` when there is none),
    /// eight bytes a step: `marks` gives the marks of a word's stopping bytes (the lowest
    /// exact), `stops` tells a byte of the tail. Every scan below is this one.
    @inline(__always)
    static func firstIndex(
        in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, marks: (UInt64) -> UInt64,
        stops: (UInt8) -> Bool
    ) -> Int {
        firstIndex(in: bytes, from: start, to: end, marks: marks, stops: stops, flags: { _ in 0 }, flagged: { _ in false })
            .index
    }

    /// The first index in `start..<end` whose byte `stops` (`end` when there is none), and
    /// whether a byte that is `flagged` comes before it (`flags` marks those of a word).
    @inline(__always)
    static func firstIndex(
        in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, marks: (UInt64) -> UInt64,
        stops: (UInt8) -> Bool, flags: (UInt64) -> UInt64, flagged isFlag: (UInt8) -> Bool
    ) -> (index: Int, flagged: Bool) {
        var index = start
        var flagged = false
        while index + 8 <= end {
            let word = word(bytes, at: index)
            let found = marks(word)
            let flagMarks = flags(word)
            if found != 0 {
                let stop = offset(ofLowest: found)
                return (index + stop, flagged || (flagMarks != 0 && offset(ofLowest: flagMarks) < stop))
            }
            flagged = flagged || flagMarks != 0
            index += 8
        }
        while index < end {
            let byte = bytes[index]
            if stops(byte) { return (index, flagged) }
            flagged = flagged || isFlag(byte)
            index += 1
        }
        return (end, flagged)
    }

    /// The first index in `start..<end` whose byte is one of `a`, `b`, `c`, `d`; `end` when
    /// there is none.
    @inline(__always)
    static func firstIndex(
        in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, _ a: UInt8, _ b: UInt8, _ c: UInt8,
        _ d: UInt8
    ) -> Int {
        firstIndex(
            in: bytes, from: start, to: end, marks: { marks($0, a) | marks($0, b) | marks($0, c) | marks($0, d) },
            stops: { $0 == a || $0 == b || $0 == c || $0 == d })
    }

    /// The first index in `start..<end` whose byte is one of `a`, `b`, `c`, `d`, `e`; `end`
    /// when there is none.
    @inline(__always)
    static func firstIndex(
        in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, _ a: UInt8, _ b: UInt8, _ c: UInt8,
        _ d: UInt8, _ e: UInt8
    ) -> Int {
        firstIndex(
            in: bytes, from: start, to: end,
            marks: { marks($0, a) | marks($0, b) | marks($0, c) | marks($0, d) | marks($0, e) },
            stops: { $0 == a || $0 == b || $0 == c || $0 == d || $0 == e })
    }

    /// The first index in `start..<end` whose byte is below `limit` (at most 0x80) or one
    /// of `a`, `b`, `c`; `end` when there is none.
    @inline(__always)
    static func firstIndex(
        in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, below limit: UInt8, _ a: UInt8, _ b: UInt8,
        _ c: UInt8
    ) -> Int {
        firstIndex(
            in: bytes, from: start, to: end,
            marks: { marks($0, below: limit) | marks($0, a) | marks($0, b) | marks($0, c) },
            stops: { $0 < limit || $0 == a || $0 == b || $0 == c })
    }

    /// The first index in `start..<end` whose byte is one of `a`, `b`, `c`, `d` (`end`
    /// when there is none), and whether a byte `flag` or `other` comes before it.
    @inline(__always)
    static func firstIndex(
        in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, _ a: UInt8, _ b: UInt8, _ c: UInt8,
        _ d: UInt8, flagging flag: UInt8, or other: UInt8
    ) -> (index: Int, flagged: Bool) {
        firstIndex(
            in: bytes, from: start, to: end, marks: { marks($0, a) | marks($0, b) | marks($0, c) | marks($0, d) },
            stops: { $0 == a || $0 == b || $0 == c || $0 == d }, flags: { marks($0, flag) | marks($0, other) },
            flagged: { $0 == flag || $0 == other })
    }

    /// The first index in `start..<end` whose byte is `a` or `b` (`end` when there is
    /// none), and whether a byte `flag` comes before it.
    @inline(__always)
    static func firstIndex(
        in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, _ a: UInt8, _ b: UInt8, flagging flag: UInt8
    ) -> (index: Int, flagged: Bool) {
        firstIndex(
            in: bytes, from: start, to: end, marks: { marks($0, a) | marks($0, b) }, stops: { $0 == a || $0 == b },
            flags: { marks($0, flag) }, flagged: { $0 == flag })
    }
}
