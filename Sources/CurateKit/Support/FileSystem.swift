import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// File reading and atomic writing, with errors that name the file.
public enum FileSystem {
    /// Reads a post's bytes, refusing what is not a regular file or is over `limit` bytes.
    public static func readPost(path: String, displayPath: String, limit: Int) throws -> [UInt8] {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { throw CurateError.fileNotFound(path: displayPath) }
            throw CurateError.unreadable(path: displayPath, reason: String(cString: strerror(code)))
        }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw CurateError.isDirectory(path: displayPath) }
        if Int(info.st_size) > limit {
            throw CurateError.tooLarge(path: displayPath, bytes: Int(info.st_size), limit: limit)
        }
        return try readAll(path: path, displayPath: displayPath, limit: limit)
    }

    /// Reads a whole file (at most `limit` bytes).
    public static func readAll(path: String, displayPath: String, limit: Int = 1 << 30) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT { throw CurateError.fileNotFound(path: displayPath) }
            if code == EISDIR { throw CurateError.isDirectory(path: displayPath) }
            throw CurateError.unreadable(path: displayPath, reason: String(cString: strerror(code)))
        }
        defer { close(fd) }
        func failure(_ code: Int32) -> CurateError {
            if code == EISDIR { return CurateError.isDirectory(path: displayPath) }
            return CurateError.unreadable(path: displayPath, reason: String(cString: strerror(code)))
        }
        // A regular file is read straight into the array, at the size it has now; then
        // on to the end, which finds what it gained meanwhile (and what has no size: a
        // pipe, a file of /proc).
        var info = stat()
        let size = fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG ? Int(info.st_size) : 0
        if size > limit { throw CurateError.tooLarge(path: displayPath, bytes: size, limit: limit) }
        var result: [UInt8] = []
        if size > 0 {
            var code: Int32 = 0
            result = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
                (count, code) = readPrefix(fd, into: buffer)
            }
            if code != 0 { throw failure(code) }
            // Read short: the file shrank meanwhile, and ends there.
            guard result.count == size else { return result }
            // (The halves were read at their offsets: the file's own is still at the start.)
            guard lseek(fd, off_t(size), SEEK_SET) == off_t(size) else { throw failure(errno) }
        }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure(errno)
            }
            if n == 0 { break }
            result.append(contentsOf: buffer[0..<n])
            if result.count > limit {
                throw CurateError.tooLarge(path: displayPath, bytes: result.count, limit: limit)
            }
        }
        return result
    }

    /// Fills `buffer` from the start of `fd`: the bytes read (fewer at the end of the
    /// file) and the error that stopped it (0: none). A large file is read in two halves
    /// at once, one on another core: the memory a read fills costs more than the copy,
    /// page by page, and the halves take their pages side by side.
    private static func readPrefix(_ fd: Int32, into buffer: UnsafeMutableBufferPointer<UInt8>) -> (Int, Int32) {
        guard let base = buffer.baseAddress else { return (0, 0) }
        let size = buffer.count
        let target = Target(base: base)
        guard size >= 4 << 20, Parallel.cores > 1 else { return target.read(fd, from: 0, count: size) }
        let half = size / 2
        let (first, second) = Parallel.concurrently(
            { target.read(fd, from: 0, count: half) }, { target.read(fd, from: half, count: size - half) })
        if first.1 != 0 || first.0 < half { return first }
        return (half + second.0, second.1)
    }

    /// Where ``readPrefix(_:into:)`` reads: the array's memory, each half written by one thread.
    private struct Target: @unchecked Sendable {
        let base: UnsafeMutablePointer<UInt8>

        /// Reads bytes `start ..< start + count` of `fd` into the same place: those read
        /// (fewer at the end of the file) and the error that stopped it (0: none).
        func read(_ fd: Int32, from start: Int, count: Int) -> (Int, Int32) {
            var done = 0
            while done < count {
                let n = pread(fd, base + start + done, count - done, off_t(start + done))
                if n < 0 {
                    if errno == EINTR { continue }
                    return (done, errno)
                }
                if n == 0 { break }
                done += n
            }
            return (done, 0)
        }
    }

    /// Writes `bytes` to `path` atomically: a temporary file in the same folder, flushed,
    /// given the old file's permissions, then renamed over it. Readers see the old file
    /// or the new one, never a half-written one.
    ///
    /// A symbolic link is written through: the file it names is replaced, the link kept.
    /// The temporary file is named `.name.curate-<pid>-XXXXXX`; those of processes that
    /// no longer run (killed before the rename) are removed.
    ///
    /// With `expected` (the bytes the new version was made from), the file is read again
    /// just before the rename and nothing is written when it changed: an edit saved
    /// meanwhile is never overwritten.
    public static func writeAtomically(
        _ bytes: [UInt8], to path: String, displayPath: String, replacing expected: [UInt8]? = nil
    ) throws {
        let path = resolvingLink(path)
        let directory = Path.directory(of: path)
        let base = Path.lastComponent(of: path)
        let folder = directory.isEmpty ? "." : directory
        removeStaleTemporaries(in: folder, for: base)
        var template = Array((folder + "/.\(base).curate-\(getpid())-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw CurateError.writeFailed(path: displayPath, reason: String(cString: strerror(errno)))
        }
        let temporary = String(decoding: template.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var succeeded = false
        defer {
            if !succeeded { unlink(temporary) }
        }
        var mode: mode_t = 0o644
        var info = stat()
        if stat(path, &info) == 0 {
            mode = info.st_mode & 0o7777
        } else {
            let mask = umask(0)
            umask(mask)
            mode = 0o666 & ~mask
        }
        var written = 0
        let ok: Bool = bytes.withUnsafeBytes { raw in
            while written < raw.count {
                let n = write(fd, raw.baseAddress! + written, raw.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                written += n
            }
            return true
        }
        let writeError = errno
        guard ok, fchmod(fd, mode) == 0, fsync(fd) == 0 else {
            close(fd)
            throw CurateError.writeFailed(path: displayPath, reason: String(cString: strerror(ok ? errno : writeError)))
        }
        guard close(fd) == 0 else {
            throw CurateError.writeFailed(path: displayPath, reason: String(cString: strerror(errno)))
        }
        if let expected, (try? readAll(path: path, displayPath: displayPath)) != expected {
            throw CurateError.writeFailed(
                path: displayPath, reason: "it changed while curate worked on it; nothing written, run curate again")
        }
        guard rename(temporary, path) == 0 else {
            throw CurateError.writeFailed(path: displayPath, reason: String(cString: strerror(errno)))
        }
        succeeded = true
    }

    /// The file a symbolic link names (the path itself when it is no link or names nothing).
    static func resolvingLink(_ path: String) -> String {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK, let resolved = realpath(path, nil) else {
            return path
        }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The name of a directory entry, read in place up to its NUL. A `dirent` is only as
    /// long as its name needs: copying the whole `d_name` array read past the entry, and
    /// past the end of the directory's buffer when the entry was its last (a crash).
    static func entryName(_ entry: UnsafePointer<dirent>) -> String {
        let offset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        return String(cString: (UnsafeRawPointer(entry) + offset).assumingMemoryBound(to: CChar.self))
    }

    /// Removes `.name.curate-<pid>-*` files of processes that no longer run, and older
    /// `.name.curate-XXXXXX` ones over ten minutes old.
    static func removeStaleTemporaries(in folder: String, for base: String) {
        let start = ".\(base).curate-"
        guard let directory = opendir(folder) else { return }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = entryName(entry)
            guard name.hasPrefix(start) else { continue }
            let rest = name.dropFirst(start.count)
            let full = folder + "/" + name
            if let dash = rest.firstIndex(of: "-"), let pid = Int32(rest[..<dash]) {
                if pid != getpid(), kill(pid, 0) != 0, errno == ESRCH { unlink(full) }
            } else {
                var info = stat()
                guard lstat(full, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
                #if canImport(Glibc)
                    let modified = info.st_mtim.tv_sec
                #else
                    let modified = info.st_mtimespec.tv_sec
                #endif
                if time(nil) - modified > 600 { unlink(full) }
            }
        }
    }

    public static func fileExists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    public static func directoryExists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    public static var currentDirectory: String {
        FileManager.default.currentDirectoryPath
    }
}
