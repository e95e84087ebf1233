import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A post read and parsed before the command asks for it, on the core that parsing the
/// command line leaves idle. ``PostReader/parse(_:path:)`` hands it out when it is asked
/// for the same bytes (waiting for the parse if it is under way); any other bytes are
/// parsed as always. Parsing is a function of the bytes and of the path's kind (a path
/// in `_posts/` reads as a Jekyll post), so what is handed out is what the caller's own
/// parse would have made.
///
/// One file a process, of at most ``limit`` bytes: past that a post's parse runs on all
/// cores anyway, and a file the command then does not read would cost a core for nothing.
public final class PostPrefetch: @unchecked Sendable {
    /// The largest file read ahead.
    public static let limit = 2 << 20

    /// The one ``PostReader/parse(_:path:)`` looks in.
    public static let shared = PostPrefetch()

    /// Set on the main thread before the thread that calls ``prefetch(path:keys:)`` on
    /// ``shared`` starts: parses look there only then.
    nonisolated(unsafe) private static var expected = false

    /// Says that ``prefetch(path:keys:)`` will be called on ``shared``; call it before
    /// starting the thread that calls it.
    public static func expect() {
        expected = true
    }

    /// ``shared``'s post, when the command expects one (``take(_:path:)``).
    static func take(_ bytes: [UInt8], path: String) -> Post? {
        guard expected else { return nil }
        return shared.take(bytes, path: path)
    }

    private let condition = NSCondition()
    private var started = false
    /// The file's bytes, once read (nil: none, or given up).
    private var bytes: [UInt8]?
    private var path = ""
    private var post: Post?
    private var finished = false
    /// The sizes of the texts parses were asked for before the file was read: one of the
    /// file's size means the command got there first and parses it itself.
    private var askedBefore: Set<Int> = []
    /// Set by ``cancel()``: what is not under way is not started.
    private var cancelled = false

    public init() {}

    /// Reads the regular file at `path` (nothing else: a FIFO would block) and parses it,
    /// on the calling thread; then, with `keys`, keys its links into `keys.sharedKeys`
    /// (for commands that key with that memo: the review of a proposal keys every link).
    /// Only the first call does anything; any error leaves the file to the command.
    public func prefetch(path: String, keys: URLIdentity? = nil) {
        condition.lock()
        let first = !started && !cancelled
        started = true
        condition.unlock()
        guard first else { return }
        guard FileSystem.fileExists(path), let bytes = try? FileSystem.readPost(path: path, displayPath: path, limit: Self.limit)
        else { return }
        condition.lock()
        guard !cancelled, !askedBefore.contains(bytes.count) else {
            condition.unlock()
            return
        }
        self.bytes = bytes
        self.path = path
        condition.unlock()
        let post = try? PostReader.parseUnshared(bytes, path: path)
        condition.lock()
        self.post = post
        finished = true
        condition.broadcast()
        condition.unlock()
        guard var identity = keys, let post else { return }
        identity.memo = identity.sharedKeys
        // Last link first: the command, once it has the post, keys from the first.
        var hosts = HostMemo()
        for link in post.links.reversed() {
            if isCancelled { return }
            _ = try? identity.key(for: link.url, hosts: &hosts)
        }
    }

    /// Stops ``prefetch(path:keys:)`` at its next step (a parse under way ends first):
    /// for a process about to exit, which waits for it.
    public func cancel() {
        condition.lock()
        cancelled = true
        condition.unlock()
    }

    private var isCancelled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled
    }

    /// The post read ahead when it was read from `bytes` and `path` reads as the same kind
    /// of post, as `path` (waiting for its parse if it is under way); nil otherwise (the
    /// caller parses).
    public func take(_ bytes: [UInt8], path: String) -> Post? {
        condition.lock()
        defer { condition.unlock() }
        guard let read = self.bytes else {
            askedBefore.insert(bytes.count)
            return nil
        }
        guard read.count == bytes.count, Self.equal(read, bytes) else { return nil }
        while !finished { condition.wait() }
        guard var post else { return nil }
        let hasFrontMatter = post.frontMatter != nil
        guard
            PostKind.detect(hasFrontMatter: hasFrontMatter, path: path)
                == PostKind.detect(hasFrontMatter: hasFrontMatter, path: self.path)
        else { return nil }
        post.path = path
        return post
    }

    private static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in x.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 }
        }
    }
}
