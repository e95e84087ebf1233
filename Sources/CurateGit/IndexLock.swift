import CGit2
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// git's own lock on the index: `index.lock`, created exclusively, holding the new index
/// until it is renamed over `index` (what `git commit` and `git add` do). Holding it from
/// before a branch moves until the index matches the new commit keeps every other git
/// process from writing the index in between, and a held lock refuses before anything is
/// committed.
final class IndexLock {
    let indexPath: String
    let lockPath: String
    private var descriptor: Int32
    private var released = false
    /// The index as it was when ``prepare(staging:in:)`` read it.
    private(set) var original: [UInt8]?

    /// Takes the lock on `repository`'s index, or refuses when another process holds it.
    init(repository: Repository) throws {
        var index: OpaquePointer?
        try GitError.check(git_repository_index(&index, repository.pointer), "open the index")
        defer { git_index_free(index) }
        guard let cPath = git_index_path(index) else {
            throw GitError(code: -1, message: "the index has no file", operation: "lock the index")
        }
        indexPath = String(cString: cPath)
        lockPath = indexPath + ".lock"
        descriptor = open(lockPath, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else {
            let code = errno
            released = true  // the lock is not ours: deinit must leave it
            if code == EEXIST { throw FileCommitError.indexLocked(path: lockPath) }
            throw FileCommitError.lock(path: lockPath, reason: String(cString: strerror(code)))
        }
    }

    /// Writes into the lock the index as `repository`'s index is, with `path` re-staged
    /// from the working tree (as `git add path`, stat data included). The index itself
    /// changes only at ``commit()``.
    func prepare(staging path: String, in repository: Repository) throws {
        let staging = lockPath + ".curate-\(getpid())"
        unlink(staging)
        defer { unlink(staging) }
        // A copy of the index, opened as its own file so libgit2 writes it (through its
        // own `.lock`) beside ours, then moved into our lock.
        original = WorkingFile.read(indexPath)
        try Self.copy(indexPath, to: staging)
        var index: OpaquePointer?
        try GitError.check(git_index_open(&index, staging), "read the index")
        defer { git_index_free(index) }
        try GitError.check(git_repository_set_index(repository.pointer, index), "use the new index")
        defer { git_repository_set_index(repository.pointer, nil) }
        try GitError.check(git_index_add_bypath(index, path), "stage \(path)")
        try GitError.check(git_index_write(index), "write the new index")
        guard rename(staging, lockPath) == 0 else {
            throw GitError(code: -1, message: String(cString: strerror(errno)), operation: "write \(lockPath)")
        }
    }

    /// Renames the lock over the index: the index prepared becomes the index, and the
    /// lock is released.
    func commit() throws {
        guard rename(lockPath, indexPath) == 0 else {
            throw GitError(code: -1, message: String(cString: strerror(errno)), operation: "replace \(indexPath)")
        }
        released = true
        close(descriptor)
        descriptor = -1
    }

    /// Takes the lock again and writes `bytes` as the index (putting back what
    /// ``commit()`` replaced).
    static func restore(_ bytes: [UInt8], in repository: Repository) throws {
        let lock = try IndexLock(repository: repository)
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { write(lock.descriptor, $0.baseAddress! + written, bytes.count - written) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else {
                throw GitError(code: -1, message: String(cString: strerror(errno)), operation: "write \(lock.lockPath)")
            }
            written += n
        }
        try lock.commit()
    }

    /// Gives the lock up without changing the index.
    func release() {
        guard !released else { return }
        released = true
        close(descriptor)
        descriptor = -1
        unlink(lockPath)
    }

    deinit {
        release()
    }

    private static func copy(_ source: String, to destination: String) throws {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else {
            if errno == ENOENT { return }  // no index yet: libgit2 starts an empty one
            throw GitError(code: -1, message: String(cString: strerror(errno)), operation: "read \(source)")
        }
        defer { close(input) }
        let output = open(destination, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o644)
        guard output >= 0 else {
            throw GitError(code: -1, message: String(cString: strerror(errno)), operation: "write \(destination)")
        }
        defer { close(output) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else {
                throw GitError(code: -1, message: String(cString: strerror(errno)), operation: "read \(source)")
            }
            if n == 0 { return }
            var done = 0
            while done < n {
                let m = buffer.withUnsafeBytes { write(output, $0.baseAddress! + done, n - done) }
                if m < 0, errno == EINTR { continue }
                guard m > 0 else {
                    throw GitError(code: -1, message: String(cString: strerror(errno)), operation: "write \(destination)")
                }
                done += m
            }
        }
    }
}

/// Defers SIGINT, SIGTERM, SIGHUP and SIGQUIT while `body` runs (the moment between a
/// branch moving and the index following it), then delivers the first one that arrived.
enum Uninterruptible {
    private static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]
    nonisolated(unsafe) private static var pending: Int32 = 0
    /// Commits in progress on all threads: the handlers go in with the first and the
    /// process's own come back with the last (a program may commit on several threads).
    nonisolated(unsafe) private static var depth = 0
    nonisolated(unsafe) private static var saved: [sigaction] = []
    private static let lock = NSLock()

    static func run<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        if depth == 0 {
            pending = 0
            saved = []
            for signal in signals {
                var action = sigaction()
                action.__sigaction_handler.sa_handler = { received in
                    if Uninterruptible.pending == 0 { Uninterruptible.pending = received }
                }
                sigemptyset(&action.sa_mask)
                var old = sigaction()
                sigaction(signal, &action, &old)
                saved.append(old)
            }
        }
        depth += 1
        lock.unlock()
        defer {
            lock.lock()
            depth -= 1
            var deliver: Int32 = 0
            if depth == 0 {
                for (signal, old) in zip(signals, saved) {
                    var old = old
                    sigaction(signal, &old, nil)
                }
                deliver = pending
                pending = 0
            }
            lock.unlock()
            if deliver != 0 { raise(deliver) }
        }
        return try body()
    }
}
