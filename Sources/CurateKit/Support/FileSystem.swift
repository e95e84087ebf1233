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
        var result: [UInt8] = []
        var info = stat()
        if fstat(fd, &info) == 0 && info.st_size > 0 {
            result.reserveCapacity(Int(info.st_size))
        }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                let code = errno
                if code == EISDIR { throw CurateError.isDirectory(path: displayPath) }
                throw CurateError.unreadable(path: displayPath, reason: String(cString: strerror(code)))
            }
            if n == 0 { break }
            result.append(contentsOf: buffer[0..<n])
            if result.count > limit {
                throw CurateError.tooLarge(path: displayPath, bytes: result.count, limit: limit)
            }
        }
        return result
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
