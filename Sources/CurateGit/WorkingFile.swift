import CGit2

#if canImport(Glibc)
    import Glibc
#endif

/// A file of the working tree as git sees it: hashed and written through git's filters
/// (`core.autocrlf`, `eol` and `text` in `.gitattributes`), replaced atomically through a
/// temporary file that names the process writing it, so a temporary left by a killed
/// process is recognised and removed.
struct WorkingFile {
    /// The absolute path on disk.
    let absolutePath: String
    /// The path in the repository's tree, for attribute lookups.
    let path: String

    /// The blob id git would store for the file as it is now (filters applied); nil when
    /// there is no file.
    func blobID(in repository: Repository) throws -> ObjectID? {
        guard Self.isRegularFile(absolutePath) else { return nil }
        var oid = git_oid()
        try GitError.check(
            git_repository_hashfile(&oid, repository.pointer, absolutePath, GIT_OBJECT_BLOB, path), "hash \(path)")
        return ObjectID(oid)
    }

    /// Whether git stores the file's bytes as they are: no filter applies to its path
    /// (`core.autocrlf`, `text` or `eol` in `.gitattributes`, a `filter` driver, `ident`).
    /// Then bytes equal to a blob's hash to that blob's id, without being hashed.
    func isStoredAsIs(in repository: Repository) throws -> Bool {
        try !hasFilters(GIT_FILTER_TO_ODB, in: repository)
    }

    /// Whether git writes a blob's bytes to the file as they are: no filter applies to
    /// its path on checkout.
    func isCheckedOutAsIs(in repository: Repository) throws -> Bool {
        try !hasFilters(GIT_FILTER_TO_WORKTREE, in: repository)
    }

    /// Whether any filter applies to the path in `direction` (to the object database, or
    /// to the working tree).
    private func hasFilters(_ direction: git_filter_mode_t, in repository: Repository) throws -> Bool {
        var filters: OpaquePointer?
        try GitError.check(
            git_filter_list_load(&filters, repository.pointer, nil, path, direction, GIT_FILTER_DEFAULT.rawValue),
            "read the filters of \(path)")
        guard let filters else { return false }
        git_filter_list_free(filters)
        return true
    }

    /// A blob's bytes as checkout writes them to this path (filters applied): as stored
    /// when no filter applies to the path.
    func checkoutBytes(of blob: ObjectID, in repository: Repository) throws -> [UInt8] {
        try hasFilters(GIT_FILTER_TO_WORKTREE, in: repository)
            ? filteredBytes(of: blob, in: repository) : repository.blob(blob)
    }

    /// ``checkoutBytes(of:in:)`` through libgit2's filters.
    private func filteredBytes(of blob: ObjectID, in repository: Repository) throws -> [UInt8] {
        var object: OpaquePointer?
        var oid = blob.raw
        try GitError.check(git_blob_lookup(&object, repository.pointer, &oid), "read blob \(blob.short)")
        defer { git_blob_free(object) }
        var options = git_blob_filter_options()
        options.version = Int32(GIT_BLOB_FILTER_OPTIONS_VERSION)
        options.flags = GIT_BLOB_FILTER_CHECK_FOR_BINARY.rawValue
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        try GitError.check(git_blob_filter(&buffer, object, path, &options), "filter \(path) for the working tree")
        guard let data = buffer.ptr, buffer.size > 0 else { return [] }
        return data.withMemoryRebound(to: UInt8.self, capacity: buffer.size) {
            Array(UnsafeBufferPointer(start: $0, count: buffer.size))
        }
    }

    /// A whole file's bytes; nil when it cannot be read.
    static func read(_ path: String) -> [UInt8]? {
        try? contents(path).get()
    }

    /// Why a file could not be read: the `errno` of the call that failed.
    struct ReadError: Error {
        let code: Int32
    }

    /// A whole file's bytes, or why it could not be read.
    static func contents(_ path: String) -> Result<[UInt8], ReadError> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(ReadError(code: errno)) }
        defer { close(fd) }
        // Read straight into an array of the file's size and a byte more (a read that
        // fills it all finds the file grew): no buffer copied, no array grown (the index of
        // 5,000 files was copied each time the array grew, into memory never touched).
        var info = stat()
        let size = fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG ? Int(info.st_size) : 0
        var failure: Int32 = 0
        var result = [UInt8](unsafeUninitializedCapacity: size + 1) { buffer, count in
            count = 0
            while count < buffer.count {
                let n = Glibc.read(fd, buffer.baseAddress! + count, buffer.count - count)
                if n < 0, errno == EINTR { continue }
                if n < 0 { failure = errno }
                guard n > 0 else { break }
                count += n
            }
        }
        if failure != 0 { return .failure(ReadError(code: failure)) }
        if result.count <= size { return .success(result) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { return .failure(ReadError(code: errno)) }
            if n == 0 { return .success(result) }
            result.append(contentsOf: buffer[0..<n])
        }
    }

    /// Whether the file is executable by its owner (git's 100755); nil when there is none.
    var isExecutable: Bool? {
        var info = stat()
        guard stat(absolutePath, &info) == 0 else { return nil }
        return info.st_mode & S_IXUSR != 0
    }

    static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }
}

/// A new version of a file written beside it (`.name.curate-<pid>-XXXXXX`), flushed and
/// given the old file's permissions, waiting to be renamed over it.
final class PendingFile {
    let temporary: String
    let destination: String
    private var placed = false

    init(bytes: [UInt8], replacing destination: String) throws {
        self.destination = destination
        let folder = Path.folder(of: destination)
        let base = Path.name(of: destination)
        TemporaryFiles.removeStale(in: folder, for: base)
        var template = Array((folder + "/" + TemporaryFiles.prefix(for: base) + "XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw Self.failure(destination, errno) }
        temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var mode: mode_t = 0o644
        var info = stat()
        if stat(destination, &info) == 0 { mode = info.st_mode & 0o7777 }
        var written = 0
        var failure: Int32 = 0
        bytes.withUnsafeBytes { raw in
            while written < raw.count {
                let n = write(fd, raw.baseAddress! + written, raw.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                written += n
            }
        }
        if failure == 0, fchmod(fd, mode) != 0 || fsync(fd) != 0 { failure = errno }
        if close(fd) != 0, failure == 0 { failure = errno }
        if failure != 0 {
            unlink(temporary)
            throw Self.failure(destination, failure)
        }
    }

    /// Puts the new version in place only if the file still holds `previous`, as one
    /// atomic exchange (Linux's RENAME_EXCHANGE): what was there at that instant is read
    /// back, and swapped back untouched when it is not `previous` (an edit saved
    /// meanwhile, in place or by an editor's own rename). False then. Where the kernel or
    /// file system has no exchange, it compares and renames.
    func place(ifStill previous: [UInt8]) throws -> Bool {
        guard curate_rename_exchange(temporary, destination) == 0 else {
            let code = errno
            guard code == ENOSYS || code == EINVAL else { throw Self.failure(destination, code) }
            guard Bytes.equal(WorkingFile.read(destination), previous) else { return false }
            try place()
            return true
        }
        // The temporary path now holds the file as it was at the exchange.
        if Bytes.equal(WorkingFile.read(temporary), previous) {
            unlink(temporary)
            placed = true
            return true
        }
        guard curate_rename_exchange(temporary, destination) == 0 else {
            placed = true  // their version is at the temporary path: never removed
            throw GitError(
                code: -1, message: "\(String(cString: strerror(errno))); the version saved meanwhile is at \(temporary)",
                operation: "put back \(destination)")
        }
        return false
    }

    /// Renames the new version over the file.
    func place() throws {
        guard rename(temporary, destination) == 0 else { throw Self.failure(destination, errno) }
        placed = true
    }

    deinit {
        if !placed { unlink(temporary) }
    }

    private static func failure(_ path: String, _ code: Int32) -> GitError {
        GitError(code: -1, message: String(cString: strerror(code)), operation: "write \(path)")
    }
}

/// The temporary files curate writes beside a file it replaces, and the removal of those
/// a killed process left behind.
enum TemporaryFiles {
    /// `.list.md.curate-<pid>-`: the process id tells whether its writer is still alive.
    static func prefix(for base: String) -> String {
        ".\(base).curate-\(getpid())-"
    }

    /// The name of a directory entry, read in place up to its NUL. A `dirent` is only as
    /// long as its name needs: copying the whole `d_name` array read past the entry, and
    /// past the end of the directory's buffer when the entry was its last (a crash).
    static func entryName(_ entry: UnsafePointer<dirent>) -> String {
        let offset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        return String(cString: (UnsafeRawPointer(entry) + offset).assumingMemoryBound(to: CChar.self))
    }

    /// Removes `.name.curate-*` files in `folder` whose writer is gone: the process named
    /// in the file no longer runs, or (names without a process id, from older versions)
    /// the file is over ten minutes old.
    static func removeStale(in folder: String, for base: String) {
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
                if lstat(full, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, time(nil) - info.st_mtim.tv_sec > 600 {
                    unlink(full)
                }
            }
        }
    }
}

/// Path arithmetic on `/`-separated strings.
enum Path {
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func name(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// `a/b/../c/./d` as `a/c/d`; nil when `..` climbs above the start.
    static func normalized(_ path: String) -> String? {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        return parts.joined(separator: "/")
    }
}

/// Byte arrays compared with `memcmp` (`==` on `[UInt8]` goes element by element: the
/// index and a post compared that way took a tenth of the work of a commit's checks).
enum Bytes {
    static func equal(_ a: [UInt8]?, _ b: [UInt8]?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        guard a.count == b.count else { return false }
        return a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in x.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 }
        }
    }
}
