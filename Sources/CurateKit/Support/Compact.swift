// Integers of a post stored in 32 bits: line numbers, columns and byte offsets of a post
// (at most 64 MiB) fit, and the items, links and entries of a 100k-entry post take half
// the memory. Each wrapper reads and writes plain `Int`s.

/// An `Int` stored in 32 bits.
@propertyWrapper
public struct Compact: Sendable, Hashable {
    private var storage: Int32

    public init(wrappedValue: Int) {
        storage = Int32(truncatingIfNeeded: wrappedValue)
    }

    public var wrappedValue: Int {
        get { Int(storage) }
        set { storage = Int32(truncatingIfNeeded: newValue) }
    }
}

/// An `Int?` stored in 32 bits (`Int32.min` is nil).
@propertyWrapper
public struct CompactOptional: Sendable, Hashable {
    private var storage: Int32

    public init(wrappedValue: Int?) {
        storage = wrappedValue.map { Int32(truncatingIfNeeded: $0) } ?? .min
    }

    public var wrappedValue: Int? {
        get { storage == .min ? nil : Int(storage) }
        set { storage = newValue.map { Int32(truncatingIfNeeded: $0) } ?? .min }
    }
}

/// A `Range<Int>` stored in 64 bits.
@propertyWrapper
public struct CompactRange: Sendable, Hashable {
    private var lower: Int32
    private var upper: Int32

    public init(wrappedValue: Range<Int>) {
        lower = Int32(truncatingIfNeeded: wrappedValue.lowerBound)
        upper = Int32(truncatingIfNeeded: wrappedValue.upperBound)
    }

    public var wrappedValue: Range<Int> {
        get { Int(lower)..<Int(upper) }
        set { self = CompactRange(wrappedValue: newValue) }
    }
}

/// A `Range<Int>?` stored in 64 bits.
@propertyWrapper
public struct CompactOptionalRange: Sendable, Hashable {
    private var lower: Int32
    private var upper: Int32

    public init(wrappedValue: Range<Int>?) {
        lower = wrappedValue.map { Int32(truncatingIfNeeded: $0.lowerBound) } ?? .min
        upper = wrappedValue.map { Int32(truncatingIfNeeded: $0.upperBound) } ?? .min
    }

    public var wrappedValue: Range<Int>? {
        get { lower == .min ? nil : Int(lower)..<Int(upper) }
        set { self = CompactOptionalRange(wrappedValue: newValue) }
    }
}

/// A `ClosedRange<Int>?` stored in 64 bits.
@propertyWrapper
public struct CompactOptionalClosedRange: Sendable, Hashable {
    private var lower: Int32
    private var upper: Int32

    public init(wrappedValue: ClosedRange<Int>?) {
        lower = wrappedValue.map { Int32(truncatingIfNeeded: $0.lowerBound) } ?? .min
        upper = wrappedValue.map { Int32(truncatingIfNeeded: $0.upperBound) } ?? .min
    }

    public var wrappedValue: ClosedRange<Int>? {
        get { lower == .min ? nil : Int(lower)...Int(upper) }
        set { self = CompactOptionalClosedRange(wrappedValue: newValue) }
    }
}
