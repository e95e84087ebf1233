/// Why a commit of one file could not be made, with what to do about it.
public enum FileCommitError: Error, Equatable, CustomStringConvertible {
    case bareRepositoryNeedsBranch(repository: String)
    case detachedHead(repository: String)
    case unbornBranch(branch: String)
    case fileNotInBranch(path: String, branch: String)
    case uncommittedChanges(path: String, place: String)
    case conflicted(path: String)
    case outsideWorkingTree(path: String, repository: String)
    case branchKeptMoving(branch: String, attempts: Int)
    case lock(path: String, reason: String)

    public var what: String {
        switch self {
        case .bareRepositoryNeedsBranch: return "a bare repository has no checked-out branch to commit on"
        case .detachedHead: return "HEAD is detached: there is no checked-out branch to commit on"
        case .unbornBranch: return "the branch has no commits yet"
        case .fileNotInBranch: return "the post is not in the branch"
        case let .uncommittedChanges(_, place): return "the post has uncommitted changes in the \(place)"
        case .conflicted: return "the post has unresolved merge conflicts"
        case .outsideWorkingTree: return "the post is not inside the repository's working tree"
        case let .branchKeptMoving(_, attempts): return "the branch moved under curate \(attempts) times in a row"
        case let .lock(_, reason): return "cannot take curate's repository lock: \(reason)"
        }
    }

    public var location: String {
        switch self {
        case let .bareRepositoryNeedsBranch(repository), let .detachedHead(repository): return repository
        case let .unbornBranch(branch), let .branchKeptMoving(branch, _): return branch
        case let .fileNotInBranch(path, branch): return "\(branch):\(path)"
        case let .uncommittedChanges(path, _), let .conflicted(path), let .lock(path, _): return path
        case let .outsideWorkingTree(path, _): return path
        }
    }

    public var hint: String? {
        switch self {
        case .bareRepositoryNeedsBranch, .detachedHead: return "name the branch to commit on with --branch B"
        case .unbornBranch: return "make a first commit with the post, then run curate again"
        case .fileNotInBranch: return "commit the post to the branch first, or check --post"
        case .uncommittedChanges:
            return "curate never overwrites uncommitted edits: commit or stash them, or use --branch B to commit elsewhere"
        case .conflicted: return "resolve the conflict and commit, then run curate again"
        case .outsideWorkingTree: return "run curate on a post inside the repository"
        case .branchKeptMoving: return "other writers are committing to the branch; run curate again"
        case .lock: return "wait for the other curate to finish, then run again"
        }
    }

    public var description: String { "\(what) (\(location))" }
}

/// Where a file commit goes.
public enum CommitTarget: Sendable, Equatable {
    /// The branch HEAD points at; the index and the working file are updated after.
    case checkedOutBranch
    /// This branch (`refs/heads/B` or `B`), made from HEAD (or `from`) if missing; the
    /// working tree and the index are not touched.
    case branch(String, from: ObjectID? = nil)
}

/// What a file commit did.
public enum FileCommitOutcome: Sendable, Equatable {
    case committed(ObjectID, branch: String, attempts: Int)
    /// The change function found nothing to change.
    case unchanged(branch: String)
}

/// How curate reads and writes files in the working tree (atomically, keeping the mode):
/// given by the caller, which owns file I/O.
public struct WorkingTreeAccess: Sendable {
    public var read: @Sendable (_ absolutePath: String) throws -> [UInt8]
    public var write: @Sendable (_ absolutePath: String, _ bytes: [UInt8]) throws -> Void

    public init(
        read: @escaping @Sendable (String) throws -> [UInt8], write: @escaping @Sendable (String, [UInt8]) throws -> Void
    ) {
        self.read = read
        self.write = write
    }
}

/// The new content of the file and the commit message, from its content at the tip.
public struct FileChange: Sendable {
    public var bytes: [UInt8]
    public var message: String

    public init(bytes: [UInt8], message: String) {
        self.bytes = bytes
        self.message = message
    }
}

extension Repository {
    /// Commits a new version of one file on a branch, safely against other writers:
    /// reads the file at the branch tip, asks `change` for the new content, writes blob,
    /// tree and commit with the tip as parent, and moves the branch only if it still
    /// points at that tip (compare-and-swap). When another writer moved it, starts again
    /// from the new tip (so `change` sees their work), at most `attempts` times.
    ///
    /// On the checked-out branch, refuses when the working file or the index differs
    /// from the tip (never overwriting uncommitted edits), and after the commit writes the
    /// working file through `workingTree` and re-stages it, so `git status` is clean.
    public func commitFile(
        at path: String, target: CommitTarget, author: Signature, attempts: Int = 8,
        workingTree: WorkingTreeAccess,
        change: (_ current: [UInt8], _ tip: ObjectID) throws -> FileChange?
    ) throws -> FileCommitOutcome {
        let branch: String
        switch target {
        case .checkedOutBranch:
            guard !isBare else { throw FileCommitError.bareRepositoryNeedsBranch(repository: gitDirectory) }
            guard let current = try currentBranch() else { throw FileCommitError.detachedHead(repository: gitDirectory) }
            branch = current
        case let .branch(name, _):
            branch = name.hasPrefix("refs/") ? name : "refs/heads/" + name
        }
        let lock = try RepositoryLock(repository: self)
        defer { withExtendedLifetime(lock) {} }

        for attempt in 1...max(1, attempts) {
            var expected = try resolveReference(branch)
            let base: ObjectID
            if let expected {
                base = expected
            } else if case let .branch(_, start) = target, let head = start ?? (try? resolveRevision("HEAD")) {
                base = head  // a new branch, from its start point or HEAD
            } else {
                throw FileCommitError.unbornBranch(branch: branch)
            }
            guard let file = try file(at: path, in: base) else {
                throw FileCommitError.fileNotInBranch(path: path, branch: branch)
            }
            let current = try blob(file.blob)
            if target == .checkedOutBranch {
                try checkClean(path: path, tipBlob: file.blob, tipBytes: current, workingTree: workingTree)
            }
            guard let change = try change(current, base), change.bytes != current else {
                return .unchanged(branch: branch)
            }
            let newBlob = try createBlob(change.bytes)
            let tree = try tree(of: base, replacing: path, with: newBlob, mode: file.mode)
            let commit = try createCommit(tree: tree, parent: base, author: author, message: change.message)
            do {
                try updateReference(branch, to: commit, expecting: expected, message: "curate: \(firstLine(change.message))")
            } catch let error as GitError where error.isModified || error.isExists {
                expected = nil
                continue  // another writer moved the branch: start again from its new tip
            }
            if target == .checkedOutBranch, let root = workingDirectory {
                try workingTree.write(root + path, change.bytes)
                try stageFromWorkingTree(path)
            }
            return .committed(commit, branch: branch, attempts: attempt)
        }
        throw FileCommitError.branchKeptMoving(branch: branch, attempts: attempts)
    }

    /// Refuses when the index or the working file holds something other than the tip's blob.
    private func checkClean(path: String, tipBlob: ObjectID, tipBytes: [UInt8], workingTree: WorkingTreeAccess) throws {
        if let indexed = try indexedFile(at: path) {
            if indexed.isConflicted { throw FileCommitError.conflicted(path: path) }
            if indexed.blob != tipBlob { throw FileCommitError.uncommittedChanges(path: path, place: "index") }
        } else {
            throw FileCommitError.uncommittedChanges(path: path, place: "index")
        }
        guard let root = workingDirectory else { return }
        let working = try? workingTree.read(root + path)
        if working != tipBytes { throw FileCommitError.uncommittedChanges(path: path, place: "working tree") }
    }

    private func firstLine(_ message: String) -> Substring {
        message.prefix { $0 != "\n" }
    }
}
