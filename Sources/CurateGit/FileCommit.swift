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
    /// Another git process holds `index.lock`: nothing was committed.
    case indexLocked(path: String)
    /// The branch is checked out in a working tree, which moving it would leave behind.
    case branchCheckedOut(branch: String, worktree: String)
    /// The branch is being rebased or bisected in a working tree, which moves it when done.
    case branchInUse(branch: String, worktree: String, operation: String)
    /// The file was edited while curate worked on it: nothing was committed or written.
    case changedDuringCommit(path: String)
    /// A symbolic link in the tree points outside the repository, or in a loop.
    case linkOutsideRepository(path: String, target: String)
    /// The file is outside the sparse checkout (skip-worktree): the working tree does not
    /// hold it.
    case outsideSparseCheckout(path: String)
    /// git converts the file between its stored and its working form in a way libgit2
    /// does not (`attribute`: `filter=crypt`, `working-tree-encoding=UTF-16`).
    case conversionNotSupported(path: String, attribute: String)
    /// The file was edited after curate wrote its new version and before the commit was
    /// made: nothing was committed, and the file is left as it is (curate's changes and
    /// the edit), not put back over the edit.
    case editedWhileCommitting(path: String)
    /// The commit was made and the branch moved, but the index could not take the new
    /// version (it still has the old one).
    case committedIndexNotUpdated(path: String, commit: String, reason: String)

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
        case .indexLocked: return "another git process holds the index lock: nothing was committed"
        case let .branchCheckedOut(branch, worktree):
            return
                "\(Self.short(branch)) is checked out at '\(Self.trimmed(worktree))': curate does not move it under a working tree"
        case let .branchInUse(branch, worktree, operation):
            return
                "\(Self.short(branch)) is being \(operation) at '\(Self.trimmed(worktree))': curate does not move a branch in the middle of a git \(operation == "rebased" ? "rebase" : "bisect")"
        case .changedDuringCommit: return "the post changed while curate worked on it: nothing was committed or written"
        case let .linkOutsideRepository(_, target): return "the post is a symbolic link to \(target), outside the repository"
        case .outsideSparseCheckout: return "the post is outside the sparse checkout: the working tree does not hold it"
        case let .conversionNotSupported(_, attribute):
            return
                "git stores the post through \(attribute) (its git attributes), which curate cannot apply: it would commit the wrong bytes"
        case let .committedIndexNotUpdated(_, commit, reason):
            return "committed \(commit.prefix(7)), but the index could not take the new post (\(reason))"
        case .editedWhileCommitting:
            return
                "the post was edited while curate committed it: nothing was committed, and the file keeps the edit beside curate's changes"
        }
    }

    public var location: String {
        switch self {
        case let .bareRepositoryNeedsBranch(repository), let .detachedHead(repository): return repository
        case let .unbornBranch(branch), let .branchKeptMoving(branch, _): return branch
        case let .fileNotInBranch(path, branch): return "\(branch):\(path)"
        case let .uncommittedChanges(path, _), let .conflicted(path), let .lock(path, _): return path
        case let .outsideWorkingTree(path, _): return path
        case let .indexLocked(path), let .changedDuringCommit(path), let .linkOutsideRepository(path, _): return path
        case let .conversionNotSupported(path, _), let .outsideSparseCheckout(path): return path
        case let .branchCheckedOut(branch, _), let .branchInUse(branch, _, _): return branch
        case let .editedWhileCommitting(path), let .committedIndexNotUpdated(path, _, _):
            return path
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
        case .indexLocked:
            return "wait for the other git command to finish (an editor's git status), then run again; "
                + "if no git process runs, remove the lock file"
        case let .branchCheckedOut(branch, worktree):
            return
                "commit there with --commit (cd '\(Self.trimmed(worktree))'), or choose another branch than \(Self.short(branch))"
        case let .branchInUse(branch, _, operation):
            return
                "finish the \(operation == "rebased" ? "rebase" : "bisect") first, or choose another branch than \(Self.short(branch))"
        case .changedDuringCommit: return "save your edit, commit it or stash it, then run curate again"
        case .linkOutsideRepository: return "commit the list itself, not a link to it"
        case .outsideSparseCheckout:
            return "add it to the sparse checkout (git sparse-checkout add), or commit elsewhere with --branch B"
        case let .conversionNotSupported(_, attribute):
            if attribute.hasPrefix("working-tree-encoding") { return "curate reads and writes UTF-8 posts only" }
            return "run curate without --commit or --branch (it writes the working file), then commit with git"
        case let .committedIndexNotUpdated(path, _, _):
            return "stage the committed post with git reset -q -- '\(path)' (the file already holds it)"
        case let .editedWhileCommitting(path):
            return
                "review it with git diff '\(path)' and commit what you want, or restore it with git checkout -- '\(path)' and run curate again"
        }
    }

    static func short(_ branch: String) -> String {
        branch.hasPrefix("refs/heads/") ? String(branch.dropFirst("refs/heads/".count)) : branch
    }

    static func trimmed(_ folder: String) -> String {
        folder.count > 1 && folder.hasSuffix("/") ? String(folder.dropLast()) : folder
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

/// The new content of the file and the commit message, from its content at the tip.
public struct FileChange: Sendable {
    public var bytes: [UInt8]
    public var message: String
    /// Committed even when `bytes` are the file's as it is: the commit records something
    /// in its message (a sync's base).
    public var recordsUnchanged: Bool

    public init(bytes: [UInt8], message: String, recordsUnchanged: Bool = false) {
        self.bytes = bytes
        self.message = message
        self.recordsUnchanged = recordsUnchanged
    }
}

extension Repository {
    /// Commits a new version of one file on a branch, safely against other writers:
    /// reads the file at the branch tip, asks `change` for the new content, writes blob,
    /// tree and commit with the tip as parent, and moves the branch only if it still
    /// points at that tip (compare-and-swap). When another writer moved it, starts again
    /// from the new tip (so `change` sees their work), at most `attempts` times. A
    /// symbolic link in the tree is followed to the file it names (the link is kept).
    ///
    /// On the checked-out branch, refuses when the working file or the index differs
    /// from the tip (never overwriting uncommitted edits; both compared through git's
    /// filters, so `core.autocrlf` and `.gitattributes` are honoured). After `change` it
    /// takes git's `index.lock` (refusing when another git process holds it), reads the
    /// index once, checks the branch, the index and the file again, writes blob, tree and
    /// commit, replaces the working file (written through the filters, through a link),
    /// stages it in the index lock, moves the branch, and only then replaces the index (the
    /// order of `git commit`); if the move fails the file is put back. SIGINT and SIGTERM
    /// wait for the end of that. An edit saved while curate worked is never overwritten:
    /// nothing is committed then.
    ///
    /// On another branch (`.branch`), refuses when a working tree (this one or a linked
    /// worktree) has it checked out.
    public func commitFile(
        at path: String, target: CommitTarget, author: Signature, attempts: Int = 8,
        change: (_ current: [UInt8], _ tip: ObjectID) throws -> FileChange?
    ) throws -> FileCommitOutcome {
        let branch: String
        switch target {
        case .checkedOutBranch:
            guard !isBare else { throw FileCommitError.bareRepositoryNeedsBranch(repository: gitDirectory) }
            guard let current = try currentBranch() else { throw FileCommitError.detachedHead(repository: gitDirectory) }
            branch = current
        case let .branch(name, _):
            branch = try branchFollowingAliases(name.hasPrefix("refs/") ? name : "refs/heads/" + name)
            try checkNotCheckedOut(branch)
        }
        let lock = try RepositoryLock(repository: self)
        defer { withExtendedLifetime(lock) {} }
        let root = target == .checkedOutBranch ? workingDirectory : nil
        // The index, read while `change` works (the first attempt's; it is read under its
        // lock only if it changed meanwhile).
        var prefetch = root == nil ? nil : IndexPrefetch(repository: self)

        for attempt in 1...max(1, attempts) {
            let expected = try resolveReference(branch)
            let base: ObjectID
            if let expected {
                base = expected
            } else if case let .branch(_, start) = target, let head = try start ?? headCommitUnlessUnborn() {
                base = head  // a new branch, from its start point or HEAD
            } else if case .branch = target {
                // A new branch starts from HEAD, whose own branch has no commits yet.
                throw FileCommitError.unbornBranch(branch: (try? currentBranch()) ?? "HEAD")
            } else {
                throw FileCommitError.unbornBranch(branch: branch)
            }
            // On another branch, its links at any component (a folder that is a link).
            let filePath =
                try root == nil
                ? resolvingLinks(path, in: base) ?? followingLinks(path, in: base) : followingLinks(path, in: base)
            // (On the checked-out branch, asked once the index is read under its lock:
            // attributes are read from the index, which is not read twice.)
            if root == nil, let attribute = try conversionLibgit2Lacks(for: filePath) {
                throw FileCommitError.conversionNotSupported(path: filePath, attribute: attribute)
            }
            guard let file = try file(at: filePath, in: base) else {
                throw FileCommitError.fileNotInBranch(path: path, branch: branch)
            }
            let working = root.map { WorkingFile(absolutePath: $0 + filePath, path: filePath) }
            let current = try blob(file.blob)
            var index: [UInt8]?
            if let working {
                TemporaryFiles.removeStale(in: Path.folder(of: working.absolutePath), for: Path.name(of: working.absolutePath))
                index = try checkClean(working, tip: file.blob, text: current, mode: file.mode)
            }
            guard let change = try change(current, base), !Bytes.equal(change.bytes, current) || change.recordsUnchanged else {
                return .unchanged(branch: branch)
            }
            // The reflog's line: `curate: <subject>`, the prefix once (curate's own
            // messages start with it).
            let subject = firstLine(change.message)
            let message = subject.hasPrefix("curate: ") ? String(subject) : "curate: \(subject)"
            /// The new blob and the commit of it.
            func write() throws -> (blob: ObjectID, commit: ObjectID) {
                let newBlob = try createBlob(change.bytes)
                let tree = try tree(of: base, replacing: filePath, with: newBlob, mode: file.mode)
                return (newBlob, try createCommit(tree: tree, parent: base, author: author, message: change.message))
            }
            guard let working else {
                let (newBlob, commit) = try write()
                // The new blob read back (libgit2 checks it against its id): an object the
                // repository already held under that id, corrupt, is not committed. (A
                // checkout reads it back to write the working file.)
                _ = try blob(newBlob)
                do {
                    try updateReference(branch, to: commit, expecting: expected, message: message)
                } catch let error as GitError where error.isModified || error.isExists {
                    continue  // another writer moved the branch: start again from its new tip
                }
                return .committed(commit, branch: branch, attempts: attempt)
            }
            defer { prefetch = nil }
            if let commit = try checkOut(
                on: branch, from: base, working: (working, tip: file.blob, mode: file.mode, text: current, index: index),
                message: message, prefetched: prefetch,
                write: write)
            {
                return .committed(commit, branch: branch, attempts: attempt)
            }
        }
        throw FileCommitError.branchKeptMoving(branch: branch, attempts: attempts)
    }

    /// Writes the commit (`write`) and moves the checked-out `branch` from `base` to it,
    /// bringing the working file and the index along, holding `index.lock` throughout.
    /// The commit; nil when another writer moved the branch first (nothing changed then).
    ///
    /// The index lock is held until the index matches the moved branch, so no other git
    /// process writes the index in between; the working file takes the new post before
    /// the branch moves, and goes back if the move fails.
    private func checkOut(
        on branch: String, from base: ObjectID, working: CheckedFile, message: String, prefetched: IndexPrefetch?,
        write: () throws -> (blob: ObjectID, commit: ObjectID)
    ) throws -> ObjectID? {
        // From the temporary file and the lock on, SIGINT and SIGTERM wait: an interrupted
        // run leaves neither behind.
        try Uninterruptible.run {
            try checkOutWithoutInterruption(
                on: branch, from: base, working: working, message: message, prefetched: prefetched, write: write)
        }
    }

    /// The working file as ``checkClean(_:tip:text:mode:)`` found it: the blob it held (`text`
    /// its bytes), and the index's checksum then.
    private typealias CheckedFile = (file: WorkingFile, tip: ObjectID, mode: UInt32, text: [UInt8], index: [UInt8]?)

    /// The commit `write` made, checked out; nil when another writer moved the branch.
    private func checkOutWithoutInterruption(
        on branch: String, from base: ObjectID, working checked: CheckedFile, message: String,
        prefetched: IndexPrefetch?, write: () throws -> (blob: ObjectID, commit: ObjectID)
    ) throws -> ObjectID? {
        let working = checked.file
        let destination = Self.realPath(working.absolutePath) ?? working.absolutePath
        let indexLock = try IndexLock(repository: self)
        // Nothing else can stage or check out now: read the index (its only reading, which
        // libgit2's filters use from here on) and check the branch, the index and the file
        // as git sees them, keeping the file's bytes to put back if the branch moved
        // meanwhile. Only then are the blob and the commit written.
        try indexLock.read(for: self, prefetched: prefetched)
        guard try currentBranch() == branch else { throw FileCommitError.changedDuringCommit(path: working.path) }
        if let attribute = try conversionLibgit2Lacks(for: working.path) {
            throw FileCommitError.conversionNotSupported(path: working.path, attribute: attribute)
        }
        let unchanged = indexLock.originalChecksum == checked.index
        try checkStaged(indexLock.entry(at: working.path), path: working.path, tip: checked.tip, changedSince: !unchanged)
        guard let previous = WorkingFile.read(destination) else { throw FileCommitError.changedDuringCommit(path: working.path) }
        // The tip's very bytes, which git stores as they are, are the tip's blob: hashed
        // only when a filter could make them another (a 1 MB post takes 36 M instructions).
        let asCommitted = Bytes.equal(previous, checked.text) && WorkingFile.isRegularFile(working.absolutePath)
        if try !(asCommitted && working.isStoredAsIs(in: self)), try working.blobID(in: self) != checked.tip {
            // The same bytes as before the work, which git reads as another text (a filter
            // that would store them otherwise): an uncommitted change from the start.
            if Bytes.equal(previous, checked.text) {
                throw FileCommitError.uncommittedChanges(path: working.path, place: "working tree")
            }
            throw FileCommitError.changedDuringCommit(path: working.path)
        }
        if try modeChanged(working, committed: checked.mode) { throw FileCommitError.changedDuringCommit(path: working.path) }
        let (newBlob, commit) = try write()
        let written = try working.checkoutBytes(of: newBlob, in: self)
        let pending = try PendingFile(bytes: written, replacing: destination)
        /// The file as it was, put back only over what curate wrote: an edit saved since
        /// (the file is not what curate wrote any more) is never replaced.
        func putBack() throws {
            guard try PendingFile(bytes: previous, replacing: destination).place(ifStill: written) else {
                throw FileCommitError.editedWhileCommitting(path: working.path)
            }
        }
        // The last instant: an edit saved since the check above is never replaced.
        guard try pending.place(ifStill: previous) else { throw FileCommitError.changedDuringCommit(path: working.path) }
        do {
            try afterPlacing?()
            // The file holds the new blob's bytes as git stores them when no filter applies
            // either way: that blob is staged, not the file hashed again.
            let asIs = try working.isStoredAsIs(in: self) && working.isCheckedOutAsIs(in: self)
            try indexLock.stage(working.path, known: asIs ? (newBlob, working.absolutePath) : nil)
            // Staged from the file: an edit saved between placing it and staging it would be
            // staged in place of the commit's version.
            guard Bytes.equal(WorkingFile.read(destination), written) else {
                throw FileCommitError.editedWhileCommitting(path: working.path)
            }
        } catch {
            // Nothing was committed, the index is as it was: the file goes back, unless it
            // was edited meanwhile (then it stays, with the edit, and that is what is said).
            indexLock.release()
            try putBack()
            throw error
        }
        // The branch moves while the index lock is held, then the index takes the new
        // version: the order of `git commit`. No other git process can write the index
        // in between (a `git commit`, `reset` or `stash` there took or dropped the staged
        // post, and the index put back then staged the reversal of a commit: found by
        // testers). Killed between the two, the lock is left holding the new index, as a
        // killed `git commit` leaves it.
        do {
            try beforeBranchMoves?()
            try updateReference(branch, to: commit, expecting: base, message: message)
        } catch {
            indexLock.release()
            try putBack()
            if let error = error as? GitError, error.isModified || error.isExists { return nil }
            throw error
        }
        do {
            try indexLock.commit()
        } catch {
            throw FileCommitError.committedIndexNotUpdated(path: working.path, commit: commit.description, reason: "\(error)")
        }
        return commit
    }

    /// `path` as `commit`'s tree reads it: a symbolic link at any of its components (a
    /// folder that is a link, a link to a link) followed, relative to its folder; nil
    /// when a link leaves the repository or the links loop.
    public func resolvingLinks(_ path: String, in commit: ObjectID) throws -> String? {
        try Self.resolvingLinks(path) { candidate in
            guard let file = try file(at: candidate, in: commit), file.mode == 0o120000 else { return nil }
            return String(decoding: try blob(file.blob), as: UTF8.self)
        }
    }

    /// `path` (from a repository's root) with the symbolic links on its way followed,
    /// relative to their folder, wherever they are read from: `target` gives the text of
    /// the link at a path (a tree's, the index's, the working tree's), nil where there is
    /// none. Nil when a link leaves the root (an absolute target, or `..` above it), or
    /// after 32 links (a loop).
    public static func resolvingLinks(_ path: String, target: (String) throws -> String?) rethrows -> String? {
        var rest = path.split(separator: "/").map(String.init)
        var resolved: [String] = []
        var hops = 0
        while !rest.isEmpty {
            let candidate = resolved + [rest.removeFirst()]
            guard let target = try target(candidate.joined(separator: "/")) else {
                resolved = candidate
                continue
            }
            hops += 1
            guard hops <= 32, !target.hasPrefix("/"), let joined = Path.normalized((resolved + [target]).joined(separator: "/"))
            else { return nil }
            rest = joined.split(separator: "/").map(String.init) + rest
            resolved = []
        }
        return resolved.joined(separator: "/")
    }

    /// `path`, or the file a symbolic link at `path` in `commit`'s tree names (links
    /// followed, relative to their folder), refusing links that leave the repository.
    func followingLinks(_ path: String, in commit: ObjectID) throws -> String {
        var current = path
        for _ in 0..<16 {
            guard let file = try file(at: current, in: commit), file.mode == 0o120000 else { return current }
            let target = String(decoding: try blob(file.blob), as: UTF8.self)
            let folder = current.contains("/") ? Path.folder(of: current) + "/" : ""
            guard !target.hasPrefix("/"), let next = Path.normalized(folder + target), !next.isEmpty else {
                throw FileCommitError.linkOutsideRepository(path: path, target: target)
            }
            current = next
        }
        throw FileCommitError.linkOutsideRepository(path: path, target: current)
    }

    /// Before any work, refuses when the working file's executable bit is not the tip's
    /// where git tracks it, or the file holds something other than the tip's blob (`text`
    /// its bytes), naming why in the order git shows it: a conflict, a
    /// staged change, then the working tree. A file of the tip's very bytes passes here
    /// without being hashed through git's filters (which makes libgit2 read the whole
    /// index, for `.gitattributes`); under the index's lock, where the index is read
    /// anyway, the file is hashed as git would and the index checked
    /// (``checkStaged(_:path:tip:changedSince:)``). Returns the index's checksum, to tell
    /// there a staged change made meanwhile from one made before.
    private func checkClean(_ working: WorkingFile, tip: ObjectID, text: [UInt8], mode: UInt32) throws -> [UInt8]? {
        let checksum = IndexLock.checksum(of: self)
        if try modeChanged(working, committed: mode) {
            throw FileCommitError.uncommittedChanges(path: working.path, place: "working tree")
        }
        if Bytes.equal(WorkingFile.read(working.absolutePath), text), WorkingFile.isRegularFile(working.absolutePath) {
            return checksum
        }
        if try working.blobID(in: self) == tip { return checksum }
        // A file git converts in a way libgit2 does not reads as changed to libgit2.
        if let attribute = try conversionLibgit2Lacks(for: working.path) {
            throw FileCommitError.conversionNotSupported(path: working.path, attribute: attribute)
        }
        let indexed = try indexedFile(at: working.path)
        if indexed?.skipsWorktree == true { throw FileCommitError.outsideSparseCheckout(path: working.path) }
        try checkStaged(indexed, path: working.path, tip: tip, changedSince: false)
        throw FileCommitError.uncommittedChanges(path: working.path, place: "working tree")
    }

    /// Whether the working file's executable bit is not the committed mode's, where git
    /// tracks it (`core.fileMode`, true unless set false): git shows such a file as
    /// modified, and staging it would stage the new mode under the commit.
    private func modeChanged(_ working: WorkingFile, committed mode: UInt32) throws -> Bool {
        guard mode == 0o100644 || mode == 0o100755, try configBool("core.filemode") ?? true else { return false }
        guard let executable = working.isExecutable else { return false }
        return executable != (mode == 0o100755)
    }

    /// Refuses when the index `entry` is not the tip's blob (or is conflicted): a change
    /// made while curate worked when the index `changedSince` the start.
    private func checkStaged(_ entry: IndexedFile?, path: String, tip: ObjectID?, changedSince: Bool) throws {
        guard let entry, !entry.isConflicted, entry.blob == tip else {
            if changedSince { throw FileCommitError.changedDuringCommit(path: path) }
            if entry?.isConflicted == true { throw FileCommitError.conflicted(path: path) }
            throw FileCommitError.uncommittedChanges(path: path, place: "index")
        }
    }

    private func firstLine(_ message: String) -> Substring {
        message.prefix { $0 != "\n" }
    }
}
