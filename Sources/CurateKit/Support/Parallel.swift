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
}
