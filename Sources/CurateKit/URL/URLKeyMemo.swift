import Foundation

/// Dedupe keys already computed, shared by every copy of the identity that holds it. A
/// sync keys the same URLs in its base, both lists, the merged list and the check of
/// it, and propose keys the post in its review and again where it places additions:
/// each URL is keyed once. Safe from several threads (keys are computed outside the lock;
/// two threads may compute one key at once, and both get the same).
public final class URLKeyMemo: @unchecked Sendable {
    private var keys: [String: Result<String, URLProblem>] = [:]
    private let lock = NSLock()

    public init() {}

    func key(_ url: String, _ compute: () -> Result<String, URLProblem>) -> Result<String, URLProblem> {
        lock.lock()
        let known = keys[url]
        lock.unlock()
        if let known { return known }
        let result = compute()
        lock.lock()
        keys[url] = result
        lock.unlock()
        return result
    }
}
