import Dispatch
import Foundation

/// Work spread over the machine's cores, for the hot paths of large posts (keys of
/// 100k links, the rules). Results keep the order of the input.
public enum Parallel {
    public static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// `transform` applied to every element; in chunks on all cores when there are
    /// enough elements to pay for it.
    public static func map<C: RandomAccessCollection & Sendable, T>(
        _ collection: C, minimumChunk: Int = 2048, _ transform: @Sendable (C.Element) -> T
    ) -> [T] where C.Index == Int {
        let count = collection.count
        let chunks = min(cores * 4, count / minimumChunk)
        guard chunks > 1 else { return collection.map(transform) }
        let start = collection.startIndex
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let base = buffer.baseAddress!
            nonisolated(unsafe) let output = base
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let lower = count * chunk / chunks
                let upper = count * (chunk + 1) / chunks
                for offset in lower..<upper {
                    (output + offset).initialize(to: transform(collection[start + offset]))
                }
            }
            initialized = count
        }
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
