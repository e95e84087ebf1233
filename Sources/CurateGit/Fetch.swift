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

    /// Walks the history from `tip`, newest first, and returns the first result of `body`
    /// that is not nil (given each commit's id and message); at most `limit` commits.
    public func firstInHistory<T>(from tip: ObjectID, limit: Int = 1_000_000, _ body: (ObjectID, String) throws -> T?) throws
        -> T?
    {
        var walk: OpaquePointer?
        try GitError.check(git_revwalk_new(&walk, pointer), "walk the history")
        defer { git_revwalk_free(walk) }
        try GitError.check(git_revwalk_sorting(walk, GIT_SORT_TIME.rawValue | GIT_SORT_TOPOLOGICAL.rawValue), "sort the history")
        var start = tip.raw
        try GitError.check(git_revwalk_push(walk, &start), "walk from \(tip.short)")
        var oid = git_oid()
        var seen = 0
        while seen < limit {
            let code = git_revwalk_next(&oid, walk)
            if code == GIT_ITEROVER.rawValue { return nil }
            try GitError.check(code, "walk the history from \(tip.short)")
            var commit: OpaquePointer?
            try GitError.check(git_commit_lookup(&commit, pointer, &oid), "read a commit")
            let message = git_commit_message(commit).map { String(cString: $0) } ?? ""
            git_commit_free(commit)
            if let found = try body(ObjectID(oid), message) { return found }
            seen += 1
        }
        return nil
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
