import Dispatch
import Foundation

/// Work spread over the machine's cores, for the hot paths of large posts (keys of
/// 100k links, the rules). Results keep the order of the input.
public enum Parallel {
    public static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// How many chunks a map makes per core, at most: the cores take the next chunk as
    /// they finish one, so a core that got the slower chunks waits for the last one
    /// alone, as long as a chunk takes (the 100k links of a post, in 8 chunks, left a
    /// core idle for a tenth of a check).
    static let chunksPerCore = 16

    /// `transform` applied to every element; in chunks on all cores when there are
    /// enough elements to pay for it.
    ///
    /// Each element is handed to `transform` as a copy (the compiler cannot borrow it
    /// across the call): for an array of values that hold strings or arrays (links,
    /// entries), map its indices and read the array in `transform`, which copies nothing.
    public static func map<C: RandomAccessCollection & Sendable, T>(
        _ collection: C, minimumChunk: Int = 2048, _ transform: @Sendable (C.Element) -> T
    ) -> [T] where C.Index == Int {
        if let result = collection.withContiguousStorageIfAvailable({ elements in
            nonisolated(unsafe) let elements = elements
            return map(count: elements.count, minimumChunk: minimumChunk) { transform(elements[$0]) }
        }) {
            return result
        }
        let start = collection.startIndex
        return map(count: collection.count, minimumChunk: minimumChunk) { transform(collection[start + $0]) }
    }

    /// ``map(_:minimumChunk:_:)`` with a state of each chunk's own, made by `start` and
    /// handed to `transform` with each element of the chunk (a memo of what its elements
    /// share, which no other core touches). Elements are copies, as there.
    public static func map<C: RandomAccessCollection & Sendable, State, T>(
        _ collection: C, minimumChunk: Int = 2048, state start: @Sendable () -> State,
        _ transform: @Sendable (inout State, C.Element) -> T
    ) -> [T] where C.Index == Int {
        let first = collection.startIndex
        let count = collection.count
        let chunks = min(chunksPerCore * cores, count / minimumChunk)
        guard chunks > 1 else {
            var state = start()
            return collection.map { transform(&state, $0) }
        }
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            nonisolated(unsafe) let output = buffer.baseAddress!
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                var state = start()
                for offset in (count * chunk / chunks)..<(count * (chunk + 1) / chunks) {
                    (output + offset).initialize(to: transform(&state, collection[first + offset]))
                }
            }
            initialized = count
        }
    }

    /// `transform` applied to `0..<count`, in chunks on all cores when there are enough.
    private static func map<T>(count: Int, minimumChunk: Int, _ transform: @Sendable (Int) -> T) -> [T] {
        let chunks = min(chunksPerCore * cores, count / minimumChunk)
        guard chunks > 1 else { return (0..<count).map(transform) }
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let base = buffer.baseAddress!
            nonisolated(unsafe) let output = base
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let lower = count * chunk / chunks
                let upper = count * (chunk + 1) / chunks
                for offset in lower..<upper {
                    (output + offset).initialize(to: transform(offset))
                }
            }
            initialized = count
        }
    }

    /// `first` on this thread and `second` beside it on another, for two pieces of work
    /// that share nothing they change (a merge's review of their additions and its order
    /// of ours). `second` runs on a thread of its own, not as a branch of an apply: a
    /// ``map(_:minimumChunk:_:)`` inside either still spreads over every core (libdispatch
    /// runs an apply nested in another on fewer threads).
    public static func concurrently<A, B>(_ first: () throws -> A, _ second: @escaping @Sendable () -> B) rethrows -> (A, B) {
        guard cores > 1 else { return (try first(), second()) }
        let box = ResultBox<B>()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            box.value = second()
            done.signal()
        }
        let a: A
        do {
            a = try first()
        } catch {
            done.wait()  // nothing of this call runs on after it
            throw error
        }
        done.wait()
        return (a, box.value!)
    }

    /// Where ``concurrently(_:_:)``'s second piece of work leaves its result (written by its
    /// thread before the semaphore is signalled, read after it is waited on).
    private final class ResultBox<Value>: @unchecked Sendable {
        var value: Value?
    }

    /// `transform` applied to `0..<count` on all cores, one at a time: for a few pieces of
    /// work of very unequal cost (the rules of `check`), which chunks of several would
    /// leave to one core at the end.
    public static func mapEach<T>(count: Int, _ transform: @Sendable (Int) -> T) -> [T] {
        guard cores > 1, count > 1 else { return (0..<count).map(transform) }
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            nonisolated(unsafe) let output = buffer.baseAddress!
            DispatchQueue.concurrentPerform(iterations: count) { index in (output + index).initialize(to: transform(index)) }
            initialized = count
        }
    }
}
