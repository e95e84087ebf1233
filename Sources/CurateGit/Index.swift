import CGit2

/// What the index holds for one path.
public struct IndexedFile: Sendable, Equatable {
    /// The blob at stage 0; nil when the path is not in the index (or only conflicted).
    public var blob: ObjectID?
    public var mode: UInt32
    /// Stages 1-3 are present: a merge left the path unresolved.
    public var isConflicted: Bool
    /// Outside a sparse checkout: git leaves the working file alone (skip-worktree).
    public var skipsWorktree = false
}

extension Repository {
    /// The index entry for `path` in the repository's index, or in the index file
    /// `indexFile` (what `GIT_INDEX_FILE` names during `git commit`).
    public func indexedFile(at path: String, indexFile: String? = nil) throws -> IndexedFile? {
        try withIndex(indexFile) { index in
            Self.entry(index, path)
        }
    }

    /// Every path with a stage-0 entry or a conflict in the index (or in `indexFile`).
    public func indexedFiles(indexFile: String? = nil) throws -> [String: IndexedFile] {
        try withIndex(indexFile) { index in
            var result: [String: IndexedFile] = [:]
            let count = git_index_entrycount(index)
            for position in 0..<count {
                guard let entry = git_index_get_byindex(index, position), let cPath = entry.pointee.path else { continue }
                let path = String(cString: cPath)
                let stage = (Int32(entry.pointee.flags) & GIT_INDEX_ENTRY_STAGEMASK) >> GIT_INDEX_ENTRY_STAGESHIFT
                var file = result[path] ?? IndexedFile(blob: nil, mode: 0, isConflicted: false)
                if stage == 0 {
                    file.blob = ObjectID(entry.pointee.id)
                    file.mode = entry.pointee.mode
                } else {
                    file.isConflicted = true
                }
                result[path] = file
            }
            return result
        }
    }

    /// Re-stages `path` from the working tree (as `git add path`), so that the index and
    /// its stat data match the file just written.
    public func stageFromWorkingTree(_ path: String) throws {
        var index: OpaquePointer?
        try GitError.check(git_repository_index(&index, pointer), "open the index")
        defer { git_index_free(index) }
        try GitError.check(git_index_read(index, 1), "read the index")
        try GitError.check(git_index_add_bypath(index, path), "stage \(path)")
        try GitError.check(git_index_write(index), "write the index")
    }

    private func withIndex<T>(_ indexFile: String?, _ body: (OpaquePointer?) throws -> T) throws -> T {
        var index: OpaquePointer?
        if let indexFile {
            try GitError.check(git_index_open(&index, indexFile), "open the index file \(indexFile)")
        } else {
            // The repository keeps the index it read; it is read again only when the file
            // changed since (git replaces it by renaming a new file over it, so its inode,
            // size or time differs), not at every look.
            try GitError.check(git_repository_index(&index, pointer), "open the index")
            try GitError.check(git_index_read(index, 0), "read the index")
        }
        defer { git_index_free(index) }
        return try body(index)
    }

    /// `path` as the index (or `indexFile`) reads it: a symbolic link staged at any of its
    /// components followed, relative to its folder (``resolvingLinks(_:in:)`` for the
    /// index); nil when a link leaves the repository or the links loop.
    public func resolvingIndexLinks(_ path: String, indexFile: String? = nil) throws -> String? {
        try withIndex(indexFile) { index -> String? in
            // A link whose text cannot be read leads nowhere.
            struct Unreadable: Error {}
            return try? Self.resolvingLinks(path) { candidate in
                guard let entry = Self.entry(index, candidate), entry.mode == 0o120000, let blob = entry.blob else {
                    return nil
                }
                guard let bytes = try? self.blob(blob) else { throw Unreadable() }
                return String(decoding: bytes, as: UTF8.self)
            }
        }
    }

    static func entry(_ index: OpaquePointer?, _ path: String) -> IndexedFile? {
        var file = IndexedFile(blob: nil, mode: 0, isConflicted: false)
        var found = false
        for stage: Int32 in 0...3 {
            guard let entry = git_index_get_bypath(index, path, stage) else { continue }
            found = true
            if stage == 0 {
                file.blob = ObjectID(entry.pointee.id)
                file.mode = entry.pointee.mode
                file.skipsWorktree = entry.pointee.flags_extended & UInt16(GIT_INDEX_ENTRY_SKIP_WORKTREE.rawValue) != 0
            } else {
                file.isConflicted = true
            }
        }
        return found ? file : nil
    }
}
