import CurateGit
import CurateKit

/// `curate sync pull` and `curate sync push`: the entries of a list in another
/// repository merged into this post, or this post's entries into the other list,
/// three-way by entries (the base is the source commit the last sync recorded in a
/// `Curate-Synced-From` trailer).
public struct Sync {
    /// The other repository: a path on this machine or a git URL.
    public var other: String
    public var selection: PostSelection
    /// The other repository's revision (default: its HEAD).
    public var ref: String?
    /// The list's path in the other repository (default: the same as our post's).
    public var path: String?
    public var preference: EntryMerge.Preference?
    public var keepRemoved: Bool
    public var commit: CommitSettings

    public init(
        other: String, selection: PostSelection, ref: String? = nil, path: String? = nil,
        preference: EntryMerge.Preference? = nil, keepRemoved: Bool = false, commit: CommitSettings = CommitSettings()
    ) {
        self.other = other
        self.selection = selection
        self.ref = ref
        self.path = path
        self.preference = preference
        self.keepRemoved = keepRemoved
        self.commit = commit
    }

    /// What a sync did.
    public struct Outcome: Sendable {
        public enum Direction: Sendable { case pull, push }

        public var direction: Direction
        /// The list that was (or would have been) changed: our post for a pull,
        /// `target:path` for a push.
        public var list: String
        /// The other repository, as given.
        public var other: String
        /// The commit whose list was synced (the source's for a pull, ours for a push), abbreviated.
        public var syncedCommit: String
        public var results: [ReviewResult]
        /// Entries edited differently on both sides: nothing was written.
        public var conflicts: Int
        /// Whether the merge changes the list at all.
        public var changesList: Bool
        /// Whether the working file was written (a pull without a commit).
        public var wroteFile: Bool
        public var commit: CommitRecord?
        /// No earlier sync was found: only additions were taken.
        public var firstSync: Bool
    }

    /// Brings the other repository's list into this post.
    public func pull() throws -> Outcome {
        let local = try GitPost.locate(selection)
        let repository = local.repository
        let source = SyncSource(other)
        guard source.isURL || FileSystem.directoryExists(source.id) else {
            throw WorkflowError.noRepository(path: other, urlAllowed: true)
        }
        // Fetched afresh each time: a --ref the source lacks must not find a stale copy.
        let fetched = source.fetchedReference
        try repository.deleteReference(fetched)
        let ref = self.ref ?? "HEAD"
        try repository.fetch(
            from: source.isURL ? other : source.id, refspecs: ["+\(SyncSource.refspecSource(ref)):\(fetched)"])
        guard let tip = try repository.resolveReference(fetched) else {
            throw WorkflowError.sourceLacksRef(source: other, ref: ref)
        }
        let theirPath = path ?? local.path
        guard let theirFile = try repository.file(at: theirPath, in: tip) else {
            throw WorkflowError.sourceLacksFile(source: other, path: theirPath, ref: ref, commit: tip.short)
        }
        let theirName = "\(other):\(theirPath)"
        let theirs = try PostReader.parse(try repository.blob(theirFile.blob), path: theirName)
        let merge = EntryMerge(
            configuration: local.configuration, preference: preference, keepRemoved: keepRemoved, sourceName: other)
        let editor = PostEditor(configuration: local.configuration)
        func base(from ourTip: ObjectID?) throws -> Post? {
            try repository.syncBase(from: ourTip, source: source.id, path: theirPath, store: repository, name: theirName)
        }
        var plan = SyncPlan()
        var firstSync = true
        var outcome = Outcome(
            direction: .pull, list: local.post, other: other, syncedCommit: tip.short, results: [], conflicts: 0,
            changesList: false, wroteFile: false, commit: nil, firstSync: true)
        switch commit.destination {
        case .workingFile:
            let ours = try PostReader.read(path: local.post)
            let basePost = try base(from: try? repository.resolveRevision("HEAD"))
            firstSync = basePost == nil
            plan = merge.merge(base: basePost, ours: ours, theirs: theirs)
            if plan.conflicts == 0, plan.changesPost {
                try FileSystem.writeAtomically(try editor.apply(plan.edits, to: ours), to: local.post, displayPath: local.post)
                outcome.wroteFile = true
            }
        case .checkedOutBranch, .branch:
            let signature = try commit.signature(in: repository)
            var target = CommitTarget.checkedOutBranch
            if case let .branch(name) = commit.destination { target = .branch(name) }
            let committed = try repository.commitFile(
                at: local.path, target: target, author: signature, workingTree: workingTreeAccess
            ) { current, ourTip in
                let ours = try PostReader.parse(current, path: local.post)
                let basePost = try base(from: ourTip)
                firstSync = basePost == nil
                plan = merge.merge(base: basePost, ours: ours, theirs: theirs)
                guard plan.conflicts == 0, plan.changesPost else { return nil }
                let message = SyncTrailer.message(
                    plan: plan, source: other, trailer: SyncTrailer.line(source: source.id, commit: tip))
                return FileChange(bytes: try editor.apply(plan.edits, to: ours), message: commit.message(message))
            }
            outcome.commit = committed.record
        }
        outcome.results = plan.results
        outcome.conflicts = plan.conflicts
        outcome.changesList = plan.changesPost
        outcome.firstSync = firstSync
        return outcome
    }

    /// Commits this post's entries into the other repository's list, on a branch there
    /// (`commit`'s branch, default `curate/sync/<name>`), never into a checked-out working tree.
    public func push() throws -> Outcome {
        let local = try GitPost.locate(selection)
        let repository = local.repository
        let ourTip = try repository.resolveRevision("HEAD")
        guard let ourFile = try repository.file(at: local.path, in: ourTip) else {
            throw FileCommitError.fileNotInBranch(path: local.path, branch: "HEAD")
        }
        let ours = try PostReader.parse(try repository.blob(ourFile.blob), path: local.post)
        guard !SyncSource.isURL(other) else { throw WorkflowError.pushNeedsLocalTarget(target: other) }
        guard FileSystem.directoryExists(other) else { throw WorkflowError.noRepository(path: other, urlAllowed: false) }
        let targetRepository = try Repository.open(at: other)
        let us = SyncSource(repository.workingDirectory ?? repository.gitDirectory)
        var branchName = "curate/sync/\(us.name)"
        if case let .branch(name) = commit.destination { branchName = name }
        let fullBranch = CommitSettings.fullBranch(branchName)
        if !targetRepository.isBare, try targetRepository.currentBranch() == fullBranch {
            throw WorkflowError.branchCheckedOut(branch: branchName, repository: other)
        }
        let start = try targetRepository.resolveRevision(ref ?? "HEAD")
        let targetPath = path ?? local.path
        let listName = "\(other):\(targetPath)"
        // Our headings map to theirs: sync.sections read the other way.
        let merge = EntryMerge(
            configuration: local.configuration.reversingSyncSections(), preference: preference, keepRemoved: keepRemoved,
            sourceName: "this repository")
        let editor = PostEditor(configuration: local.configuration)
        let signature = try commit.signature(in: repository)
        var plan = SyncPlan()
        var firstSync = true
        let committed = try targetRepository.commitFile(
            at: targetPath, target: .branch(fullBranch, from: start), author: signature, workingTree: workingTreeAccess
        ) { current, tip in
            let theirs = try PostReader.parse(current, path: listName)
            let base = try targetRepository.syncBase(
                from: tip, source: us.id, path: local.path, store: repository, name: local.post)
            firstSync = base == nil
            plan = merge.merge(base: base, ours: theirs, theirs: ours)
            guard plan.conflicts == 0, plan.changesPost else { return nil }
            let message = SyncTrailer.message(
                plan: plan, source: us.id, trailer: SyncTrailer.line(source: us.id, commit: ourTip))
            return FileChange(bytes: try editor.apply(plan.edits, to: theirs), message: commit.message(message))
        }
        return Outcome(
            direction: .push, list: listName, other: other, syncedCommit: ourTip.short, results: plan.results,
            conflicts: plan.conflicts, changesList: plan.changesPost, wroteFile: false, commit: committed.record,
            firstSync: firstSync)
    }
}
