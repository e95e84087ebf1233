import CGit2

/// What a search of the history found, and whether it saw all of it.
public enum HistorySearch<T> {
    case found(T)
    /// Nothing matched. `truncated`: the walk stopped where the history is cut (a
    /// shallow clone's boundary, a missing parent), so an older match may exist.
    case notFound(truncated: Bool)

    public var value: T? {
        if case let .found(value) = self { return value }
        return nil
    }
}

extension Repository {
    /// Walks the history from `tip`, newest first, and returns the first result of `body`
    /// that is not nil (given each commit's id and message); at most `limit` commits.
    public func firstInHistory<T>(from tip: ObjectID, limit: Int = 1_000_000, _ body: (ObjectID, String) throws -> T?) throws
        -> T?
    {
        try searchHistory(from: tip, limit: limit, body).value
    }

    /// Whether `commit` has `ancestor` in its history (a commit is not its own descendant).
    public func isDescendant(_ commit: ObjectID, of ancestor: ObjectID) -> Bool {
        var commitID = commit.raw
        var ancestorID = ancestor.raw
        return git_graph_descendant_of(pointer, &commitID, &ancestorID) == 1
    }

    /// The best common ancestor of two commits; nil when they share no history (or it
    /// cannot be walked: a shallow clone's boundary, a missing parent).
    public func mergeBase(_ one: ObjectID, _ other: ObjectID) -> ObjectID? {
        var first = one.raw
        var second = other.raw
        var base = git_oid()
        guard git_merge_base(&base, pointer, &first, &second) == 0 else { return nil }
        return ObjectID(base)
    }

    /// Whether this is a shallow clone (its history is cut at `.git/shallow`).
    public var isShallow: Bool { git_repository_is_shallow(pointer) == 1 }

    /// Walks the history from `tip`, newest commit first, and returns the first result of
    /// `body` that is not nil. The walk stops at a shallow clone's boundary and at any
    /// parent the object store lacks, instead of failing: the result says so.
    public func searchHistory<T>(from tip: ObjectID, limit: Int = 1_000_000, _ body: (ObjectID, String) throws -> T?) throws
        -> HistorySearch<T>
    {
        let shallow = shallowCommits()
        var queue: [(time: Int64, id: ObjectID)] = []
        var queued: Set<ObjectID> = [tip]
        var truncated = false
        guard let first = try readCommit(tip) else { return .notFound(truncated: true) }
        queue.append((first.time, tip))
        var seen = 0
        while seen < limit, let next = queue.indices.max(by: { queue[$0].time < queue[$1].time }) {
            let (_, id) = queue.remove(at: next)
            guard let commit = try readCommit(id) else {
                truncated = true
                continue
            }
            if let found = try body(id, commit.message) { return .found(found) }
            seen += 1
            if shallow.contains(id) {
                truncated = truncated || !commit.parents.isEmpty
                continue
            }
            for parent in commit.parents where queued.insert(parent).inserted {
                guard let read = try readCommit(parent) else {
                    truncated = true
                    continue
                }
                queue.append((read.time, parent))
            }
        }
        return .notFound(truncated: truncated)
    }

    /// A commit's time, message and parents; nil when the object store lacks it.
    private func readCommit(_ id: ObjectID) throws -> (time: Int64, message: String, parents: [ObjectID])? {
        var oid = id.raw
        var commit: OpaquePointer?
        let code = git_commit_lookup(&commit, pointer, &oid)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try GitError.check(code, "read commit \(id.short)")
        defer { git_commit_free(commit) }
        let message = git_commit_message(commit).map { String(cString: $0) } ?? ""
        var parents: [ObjectID] = []
        for position in 0..<git_commit_parentcount(commit) {
            if let parent = ObjectID(git_commit_parent_id(commit, position)) { parents.append(parent) }
        }
        return (Int64(git_commit_time(commit)), message, parents)
    }

    /// The commits listed in `shallow` (their parents are not in this clone).
    private func shallowCommits() -> Set<ObjectID> {
        guard isShallow else { return [] }
        var result = Set<ObjectID>()
        for file in [gitDirectory + "shallow", commonDirectory + "shallow"] {
            guard let bytes = WorkingFile.read(file) else { continue }
            for line in bytes.split(separator: 0x0A) {
                if let id = ObjectID(hex: String(decoding: line.prefix(40), as: UTF8.self)) { result.insert(id) }
            }
        }
        return result
    }
}
