/// Dedupe keys already computed, shared by every copy of the identity that holds it. A
/// sync keys the same URLs in its base, both lists, the merged list and the check of
/// it, and propose keys the post in its review and again where it places additions:
/// each URL is keyed once.
public typealias URLKeyMemo = ConcurrentMemo<String, Result<String, URLProblem>>
