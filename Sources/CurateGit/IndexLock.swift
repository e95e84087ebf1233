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
    /// The index as it was when ``read(for:)`` read it.
    private(set) var original: [UInt8]?
    /// The copy ``read(for:)`` opened, where ``stage(_:)`` stages.
    private var copy: OpaquePointer?
    /// The repository whose index the copy is, until the lock is given up.
    private var attached: Repository?
    private let copyPath: String

    /// Takes the lock on `repository`'s index, or refuses when another process holds it.
    /// (The index is not read: libgit2 reads it in full, checksum included, to open it.)
    init(repository: Repository) throws {
        indexPath = Self.indexPath(of: repository)
        lockPath = indexPath + ".lock"
        copyPath = Self.copyPath(ofLock: lockPath)
        descriptor = open(lockPath, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else {
            let code = errno
            released = true  // the lock is not ours: deinit must leave it
            if code == EEXIST { throw FileCommitError.indexLocked(path: lockPath) }
            throw FileCommitError.lock(path: lockPath, reason: String(cString: strerror(code)))
        }
    }

    /// Where this process copies the index it reads, beside the lock `lockPath`.
    static func copyPath(ofLock lockPath: String) -> String {
        lockPath + ".curate-\(getpid())"
    }

    /// Where libgit2 keeps `repository`'s index: `index` in its git folder (a linked
    /// worktree's own).
    static func indexPath(of repository: Repository) -> String {
        repository.gitDirectory + "index"
    }

    /// The checksum (its last 20 bytes) of the index ``read(for:)`` read.
    var originalChecksum: [UInt8]? {
        original.map { Array($0.suffix(20)) }
    }

    /// The index's checksum (its last 20 bytes), read without reading the index: it
    /// changes whenever the index does. Nil when there is no index.
    static func checksum(of repository: Repository) -> [UInt8]? {
        trailer(ofIndexAt: indexPath(of: repository))?.checksum
    }

    /// The size of the index file at `path` and its last 20 bytes (its checksum, which
    /// changes whenever the index does); nil when there is none.
    static func trailer(ofIndexAt path: String) -> (size: Int, checksum: [UInt8])? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var tail = [UInt8](repeating: 0, count: 20)
        let end = lseek(fd, -20, SEEK_END)
        guard end >= 0, tail.withUnsafeMutableBytes({ pread(fd, $0.baseAddress, 20, end) }) == 20 else { return nil }
        return (Int(end) + 20, tail)
    }

    /// Reads the index (once: libgit2 checks its checksum), as a copy of its own beside
    /// the lock, so that libgit2 writes it (through its own `.lock`) beside ours. Until
    /// the lock is given up, the copy is `repository`'s index: libgit2 looks up
    /// `.gitattributes` in it when it filters a file, instead of reading the index again.
    /// The index `prefetched` read is taken instead when the index still holds the very
    /// bytes it read.
    func read(for repository: Repository, prefetched: IndexPrefetch? = nil) throws {
        prefetched?.wait()  // (its copy is one of those removed below once it is read)
        Self.removeStaleCopies(beside: lockPath)
        var index: OpaquePointer?
        do {
            if let (bytes, taken) = prefetched?.take(ifStillAt: indexPath) {
                // Its file is gone: the index is written there at stage(_:).
                original = bytes
                index = taken
            } else {
                original = try Self.contents(of: indexPath)
                if let original { try Self.create(copyPath, holding: original) }
                let code = git_index_open(&index, copyPath)
                if code < 0 {
                    // libgit2's message names the copy: name the index.
                    let message = GitError.lastMessage(code).replacingOccurrences(of: copyPath, with: indexPath)
                    throw GitError(code: code, message: message, operation: "read the index")
                }
            }
            copy = index
            try GitError.check(git_repository_set_index(repository.pointer, index), "use the index read")
            attached = repository
            // As the repository's own index: `core.fileMode`, `core.ignoreCase` and
            // `core.symlinks` read from its configuration (an index opened from a file
            // trusts the file system in all three).
            try GitError.check(git_index_set_caps(index, Int32(GIT_INDEX_CAPABILITY_FROM_OWNER.rawValue)), "use the index read")
        } catch {
            detach()
            throw error
        }
    }

    /// Removes the copies of the index that killed curates left beside the lock. A copy
    /// lives only while its curate holds the lock, and this one holds it now: every copy
    /// there is a dead process's (ours, of an earlier run with the same pid, included).
    private static func removeStaleCopies(beside lockPath: String) {
        let folder = Path.folder(of: lockPath)
        let prefix = Path.name(of: lockPath) + ".curate-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(prefix) { unlink(folder + "/" + name) }
    }

    /// The bytes of the index file at `path`; nil when there is none (a repository
    /// without an index starts an empty one). An index that cannot be read is an error,
    /// not an empty index.
    fileprivate static func contents(of path: String) throws -> [UInt8]? {
        switch WorkingFile.contents(path) {
        case let .success(bytes): return bytes
        case let .failure(error) where error.code == ENOENT: return nil
        case let .failure(error):
            throw GitError(code: -1, message: String(cString: strerror(error.code)), operation: "read the index \(path)")
        }
    }

    /// The index entry for `path` in the index ``read(for:)`` read.
    func entry(at path: String) -> IndexedFile? {
        Repository.entry(copy, path)
    }

    /// Writes into the lock the index ``read(for:)`` read, with `path` re-staged from the
    /// working tree (as `git add path`, stat data included). The index itself changes
    /// only at ``commit()``.
    ///
    /// With `known`, the file at `known.file` is the blob `known.blob` as git stores it
    /// (no filter applies to it either way): that blob is staged with the file's stat
    /// data, the entry `git_index_add_bypath` makes after reading and hashing the file
    /// again (a 1 MB post: 75 M instructions).
    func stage(_ path: String, known: (blob: ObjectID, file: String)? = nil) throws {
        guard let index = copy else { throw GitError(code: -1, message: "the index was not read", operation: "stage \(path)") }
        if let known, try Self.add(known.blob, at: path, statOf: known.file, to: index) {
        } else {
            try GitError.check(git_index_add_bypath(index, path), "stage \(path)")
        }
        try GitError.check(git_index_write(index), "write the new index")
        guard rename(copyPath, lockPath) == 0 else {
            throw GitError(code: -1, message: String(cString: strerror(errno)), operation: "write \(lockPath)")
        }
    }

    /// Stages `blob` at `path` in `index` with the stat data of `file`, as
    /// `git_index_add_bypath` fills an entry from a file (`git_index_entry__init_from_stat`:
    /// the device field from `st_rdev`, nanoseconds only where libgit2 keeps them, the mode
    /// from the executable bits, merged with the entry before as `git_index_add_bypath`
    /// merges it); false, staging nothing, when `file` is not a regular file.
    static func add(_ blob: ObjectID, at path: String, statOf file: String, to index: OpaquePointer) throws -> Bool {
        var info = stat()
        guard lstat(file, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return false }
        let nanoseconds = git_libgit2_features() & Int32(GIT_FEATURE_NSEC.rawValue) != 0
        var entry = git_index_entry()
        entry.ctime.seconds = Int32(truncatingIfNeeded: info.st_ctim.tv_sec)
        entry.mtime.seconds = Int32(truncatingIfNeeded: info.st_mtim.tv_sec)
        if nanoseconds {
            entry.ctime.nanoseconds = UInt32(truncatingIfNeeded: info.st_ctim.tv_nsec)
            entry.mtime.nanoseconds = UInt32(truncatingIfNeeded: info.st_mtim.tv_nsec)
        }
        entry.dev = UInt32(truncatingIfNeeded: info.st_rdev)
        entry.ino = UInt32(truncatingIfNeeded: info.st_ino)
        // The mode as libgit2 merges it with the entry staged before (`index_merge_mode`;
        // `git_index_add` takes the mode given as it is): a regular file over a symbolic
        // link keeps the link's mode where the index has no symbolic links, and where it
        // distrusts the executable bits the entry before keeps its mode.
        let caps = git_index_caps(index)
        let existing = git_index_get_bypath(index, path, 0)?.pointee.mode
        if caps & Int32(GIT_INDEX_CAPABILITY_NO_SYMLINKS.rawValue) != 0, let existing, existing & 0o170000 == 0o120000 {
            entry.mode = existing
        } else if caps & Int32(GIT_INDEX_CAPABILITY_NO_FILEMODE.rawValue) != 0 {
            entry.mode = existing.map { $0 & 0o170000 == 0o100000 ? $0 : 0o100644 } ?? 0o100644
        } else {
            entry.mode = info.st_mode & 0o111 != 0 ? 0o100755 : 0o100644
        }
        entry.uid = info.st_uid
        entry.gid = info.st_gid
        entry.file_size = UInt32(truncatingIfNeeded: info.st_size)
        entry.id = blob.raw
        try path.withCString { name in
            entry.path = name
            try GitError.check(git_index_add(index, &entry), "stage \(path)")
        }
        return true
    }

    /// Frees the copy ``read(for:)`` read, and removes its file if ``stage(_:)`` did not
    /// make it the lock; the repository reads its index from the file again.
    private func detach() {
        if let attached {
            git_repository_set_index(attached.pointer, nil)
            self.attached = nil
        }
        if let index = copy {
            // Freed on another thread: 5,000 entries take as long to free as a commit's
            // ref update, and nothing waits on it.
            let freed = UnsafeIndex(pointer: index)
            DispatchQueue.global(qos: .utility).async { git_index_free(freed.pointer) }
            copy = nil
        }
        unlink(copyPath)
    }

    /// An index no one else holds, handed to the thread that frees it.
    private struct UnsafeIndex: @unchecked Sendable {
        let pointer: OpaquePointer
    }

    /// Renames the lock over the index: the index prepared becomes the index, and the
    /// lock is released.
    func commit() throws {
        detach()
        guard rename(lockPath, indexPath) == 0 else {
            throw GitError(code: -1, message: String(cString: strerror(errno)), operation: "replace \(indexPath)")
        }
        released = true
        close(descriptor)
        descriptor = -1
    }

    /// Gives the lock up without changing the index.
    func release() {
        detach()
        guard !released else { return }
        released = true
        close(descriptor)
        descriptor = -1
        unlink(lockPath)
    }

    deinit {
        release()
    }

    fileprivate static func create(_ destination: String, holding bytes: [UInt8]) throws {
        let output = open(destination, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o644)
        guard output >= 0 else {
            throw GitError(code: -1, message: String(cString: strerror(errno)), operation: "write \(destination)")
        }
        defer { close(output) }
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { write(output, $0.baseAddress! + done, bytes.count - done) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else {
                throw GitError(code: -1, message: String(cString: strerror(errno)), operation: "write \(destination)")
            }
            done += n
        }
    }
}

/// The index read on another thread, without its lock, while the new content of a file
/// is worked out (libgit2 takes about a fifth of a commit to read and verify an index
/// of 5,000 files). ``IndexLock/read(for:prefetched:)`` takes it only when the index under
/// the lock holds the very bytes read here; anything else (the index changed meanwhile, a
/// copy removed by another curate, a read that failed) leaves it, and the index is read
/// again there. Taken or not, it is never `repository`'s index before the lock is held.
final class IndexPrefetch: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var waited = false
    /// What was read, and libgit2's index of it (its checksum checked against the bytes);
    /// set on the reading thread, read only after `done`.
    private var bytes: [UInt8]?
    private var index: OpaquePointer?

    /// Starts reading `repository`'s index, into the copy its ``IndexLock`` would make.
    init(repository: Repository) {
        let indexPath = IndexLock.indexPath(of: repository)
        let copyPath = IndexLock.copyPath(ofLock: indexPath + ".lock")
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            read(indexPath, into: copyPath)
            done.signal()
        }
    }

    private func read(_ indexPath: String, into copyPath: String) {
        guard let original = try? IndexLock.contents(of: indexPath), original.count >= 32,
            (try? IndexLock.create(copyPath, holding: original)) != nil
        else { return }
        var opened: OpaquePointer?
        let code = git_index_open(&opened, copyPath)
        unlink(copyPath)  // nothing left behind: libgit2 has read it whole
        guard code >= 0, let opened else { return }
        // A copy removed before libgit2 read it opens as an empty index.
        guard let checksum = git_index_checksum(opened),
            withUnsafeBytes(of: checksum.pointee.id, { $0.elementsEqual(original.suffix(20)) })
        else {
            git_index_free(opened)
            return
        }
        bytes = original
        index = opened
    }

    /// Waits for the reading to end.
    func wait() {
        guard !waited else { return }
        done.wait()
        waited = true
    }

    /// The bytes read and their index, if the index at `indexPath` is still what they
    /// were: the same size and checksum (git's SHA-1 of the whole file; an index written
    /// without one, all zeros, is never taken). The caller owns the index from then on.
    func take(ifStillAt indexPath: String) -> (bytes: [UInt8], index: OpaquePointer)? {
        wait()
        guard let index, let bytes, let now = IndexLock.trailer(ofIndexAt: indexPath), now.size == bytes.count,
            now.checksum.contains(where: { $0 != 0 }), now.checksum.elementsEqual(bytes.suffix(20))
        else { return nil }
        self.index = nil
        return (bytes, index)
    }

    deinit {
        wait()
        if let index { git_index_free(index) }
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
