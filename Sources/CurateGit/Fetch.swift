import CGit2

#if canImport(Glibc)
    import Glibc
#endif

extension Repository {
    /// Fetches `refspecs` (`+HEAD:refs/curate/sync/x/head`) from `source` (a path, a
    /// file:// URL, or any URL libgit2's transports know) without adding a remote.
    public func fetch(from source: String, refspecs: [String]) throws {
        var remote: OpaquePointer?
        try GitError.check(git_remote_create_anonymous(&remote, pointer, source), "open \(source) as a remote")
        defer { git_remote_free(remote) }
        var options = git_fetch_options()
        try GitError.check(git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)), "prepare the fetch")
        options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
        let cStrings = refspecs.map { strdup($0) }
        defer { cStrings.forEach { free($0) } }
        var pointers: [UnsafeMutablePointer<CChar>?] = cStrings
        try pointers.withUnsafeMutableBufferPointer { buffer in
            var array = git_strarray(strings: buffer.baseAddress, count: buffer.count)
            try GitError.check(
                git_remote_fetch(remote, &array, &options, "curate: fetch \(source)"),
                "fetch \(refspecs.joined(separator: " ")) from \(source)")
        }
    }

    /// Whether the object store holds `id`.
    public func contains(_ id: ObjectID) -> Bool {
        var odb: OpaquePointer?
        guard git_repository_odb(&odb, pointer) == 0 else { return false }
        defer { git_odb_free(odb) }
        var oid = id.raw
        return git_odb_exists(odb, &oid) == 1
    }
}
