import Foundation

/// A value computed by the first caller that asks for it, under a lock, and handed to
/// every later caller (on any thread).
public final class Once<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var computed: Value?
    private let compute: (() -> Value)?

    /// A value each caller says how to compute (``value(_:)``).
    public init() {
        compute = nil
    }

    /// A value `compute` computes, the first time ``value`` is read.
    public init(_ compute: @escaping () -> Value) {
        self.compute = compute
    }

    /// The value, computed by `compute` the first time.
    public func value(_ compute: () -> Value) -> Value {
        lock.lock()
        defer { lock.unlock() }
        if let computed { return computed }
        let value = compute()
        computed = value
        return value
    }

    /// The value, computed the first time by the closure given at ``init(_:)``.
    public var value: Value {
        value { compute!() }
    }
}
