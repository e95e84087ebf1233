import Foundation

/// Values computed once per key and shared by every thread that holds the memo. The
/// value is computed outside the lock: two threads may compute one key at once, and both
/// get the same (the function must give the same value for the same key).
public final class ConcurrentMemo<Key: Hashable, Value>: @unchecked Sendable {
    private var values: [Key: Value] = [:]
    private let lock = NSLock()

    public init() {}

    /// The value of `key` when it was computed before.
    public func cached(_ key: Key) -> Value? {
        lock.lock()
        defer { lock.unlock() }
        return values[key]
    }

    /// Remembers `value` for `key` (computed by the caller, which may fail).
    public func store(_ value: Value, for key: Key) {
        lock.lock()
        values[key] = value
        lock.unlock()
    }

    /// The value of `key`, computed by `compute` the first time.
    public func value(for key: Key, _ compute: () -> Value) -> Value {
        lock.lock()
        let known = values[key]
        lock.unlock()
        if let known { return known }
        let value = compute()
        lock.lock()
        values[key] = value
        lock.unlock()
        return value
    }
}
