import CurateGit
import CurateKit

/// `curate sync pull` and `curate sync push`: the entries of a list in another
/// repository merged into this post, or this post's entries into the other list,
/// three-way by entries (the base is the source commit the last sync recorded in a
/// `Curate-Synced-From` trailer). The other repository is a path or a git URL (`file://`,
/// `git://`, `http(s)://`, `ssh://`, `user@host:path`); credentials written in a URL log
/// in and are never written anywhere.
public struct Sync: Sendable {
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
    /// Certificate authorities trusted for https (default: `sync.ca-file`, else the system's).
    public var caFile: String?
    /// Headings of the other list mapped to ours, besides the configuration's `sync.sections`.
    public var sectionPairs: [(theirs: String, ours: String)] = []

    public init(
        other: String, selection: PostSelection, ref: String? = nil, path: String? = nil,
        preference: EntryMerge.Preference? = nil, keepRemoved: Bool = false, commit: CommitSettings = CommitSettings(),
        caFile: String? = nil
    ) {
        self.other = other
        self.selection = selection
        self.ref = ref
        self.path = path
        self.preference = preference
        self.keepRemoved = keepRemoved
        self.commit = commit
        self.caFile = caFile
    }

    /// What a sync did.
    public struct Outcome: Sendable {
        public enum Direction: Sendable { case pull, push }

        public var direction: Direction
        /// The list that was (or would have been) changed: our post for a pull,
        /// `target:path` for a push.
        public var list: String
        /// The other repository, as messages name it (a URL without its credentials).
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
        /// No earlier sync was found because the search stopped at a shallow clone's
        /// boundary: only additions were taken, and a commit records no sync base.
        public var historyTruncated = false
        /// The line that records the sync in a commit message, when the working file was
        /// written: committed with it, by hand, the file records the sync as `--commit`
        /// would have.
        public var trailer: String?
    }

    func access(_ configuration: Configuration) -> RemoteAccess {
        RemoteAccess(caFile: caFile ?? configuration.syncCAFile)
    }

    func merge(_ configuration: Configuration, reversed: Bool, sourceName: String) -> EntryMerge {
        var configuration = configuration
        configuration.syncSectionPairs = sectionPairs + configuration.syncSectionPairs
        if reversed { configuration = configuration.reversingSyncSections() }
        return EntryMerge(
            configuration: configuration, preference: preference, keepRemoved: keepRemoved, sourceName: sourceName)
    }

    // MARK: - Pull

    /// Brings the other repository's list into this post.
    public func pull() throws -> Outcome {
        try commit.validate()
        let local = try GitPost.locate(selection)
        // Our post, read beside the fetch: what the merge takes as ours when its bytes are
        // the ones read then (the commit's check of the working file makes them so).
        let path = local.post
        let (fetched, early) = try Parallel.concurrently(
            { try fetch(into: local) },
            { try? PostReader.parse(FileSystem.readPost(path: path, displayPath: path, limit: PostReader.sizeLimit), path: path) }
        )
        return try pull(fetched, into: local, early: early)
    }

    /// The other list, fetched into `refs/curate/sync/<name>/head`.
    struct Fetched {
        var source: SyncSource
        var tip: ObjectID
        var path: String
        var list: Post
    }

    func fetch(into local: GitPost) throws -> Fetched {
        try fetch(into: local.repository, path: local.sourcePath, configuration: local.configuration)
    }

    func fetch(into repository: Repository, path ourPath: String, configuration: Configuration, slot: Int? = nil) throws
        -> Fetched
    {
        let source = SyncSource(selection.resolve(other), ref: self.ref)
        let ref = self.ref ?? "HEAD"
        let fetchedRef = SyncSource.refspecSource(ref)
        // A revision (`HEAD~1`, `main^`, an id) is no ref a fetch can name.
        guard ref == "HEAD" || Repository.isValidReferenceName(fetchedRef) else {
            throw WorkflowError.invalidSourceRef(ref)
        }
        guard source.isURL || FileSystem.directoryExists(source.fetchAddress.path) else {
            throw WorkflowError.noRepository(path: source.display, urlAllowed: true)
        }
        var shallow = false
        if !source.isURL {
            do {
                shallow = try Repository.open(at: source.fetchAddress.path).isShallow
            } catch let error as GitError where error.isNotFound {
                throw WorkflowError.noRepository(path: source.display, urlAllowed: true)
            }
        }
        // Fetched afresh each time: a --ref the source lacks must not find a stale copy.
        let reference = source.fetchedReference(slot: slot)
        try repository.deleteReference(reference)
        do {
            try repository.fetch(
                from: source.fetchAddress, refspecs: ["+\(fetchedRef):\(reference)"],
                access: access(configuration))
        } catch is GitError where shallow {
            // libgit2 1.5's fetch walks to the commits a shallow clone lacks (unless this
            // repository has them), and fails naming one of them.
            throw WorkflowError.shallowSource(source: source.display)
        }
        guard let tip = try repository.resolveReference(reference) else {
            throw WorkflowError.sourceLacksRef(source: SyncSource(other).display, ref: ref)
        }
        let theirPath = path ?? ourPath
        guard let file = try repository.file(at: theirPath, in: tip) else {
            throw WorkflowError.sourceLacksFile(source: source.display, path: theirPath, ref: ref, commit: tip.short)
        }
        let list = try PostReader.parse(try repository.blob(file.blob), path: "\(source.display):\(theirPath)")
        return Fetched(source: source, tip: tip, path: theirPath, list: list)
    }

    /// `early`: our post as read before, taken when its bytes are ours still.
    func pull(_ fetched: Fetched, into local: GitPost, early: Post? = nil) throws -> Outcome {
        let repository = local.repository
        let source = fetched.source
        let entryMerge = merge(local.configuration, reversed: false, sourceName: source.display)
        let editor = PostEditor(configuration: local.configuration, markerSource: fetched.list)
        let us = SyncSource(repository.workingDirectory ?? repository.gitDirectory)
        var historyCut = false
        /// The base and our post as the last sync left it: from our last pull (their list at
        /// the commit our trailer names), or, when later, their last pull from us (our list
        /// at the commit their trailer names, as far as they took it: what they changed in
        /// their list since, or before, is then theirs to bring).
        func lastSync(from ourTip: ObjectID?, current: Post) throws -> (
            theirs: Post?, ours: Post?, limit: Post?, fork: (@Sendable (String) -> Bool)?
        ) {
            guard let ourTip else { return (nil, nil, nil, nil) }
            let search = try repository.searchHistory(from: ourTip) { id, message in
                SyncTrailer.commit(in: message, source: source.id).map { (ours: id, theirs: $0) }
            }
            if case .notFound(truncated: true) = search { historyCut = true }
            var found = search.value.flatMap { repository.contains($0.theirs) ? $0 : nil }
            var theirPull = false
            if let pushed = try repository.searchHistory(
                from: fetched.tip,
                { id, message in SyncTrailer.commit(in: message, source: us.id).map { (ours: $0, theirs: id) } }
            ).value, repository.contains(pushed.ours),
                found.map({ repository.isDescendant(pushed.theirs, of: $0.theirs) }) ?? true
            {
                found = pushed
                theirPull = true
            }
            // Never synced, but one history (a clone): their list and our post where the two
            // histories part are the base, so what they changed since is not taken for
            // something only they have.
            if found == nil, !historyCut, let common = repository.mergeBase(ourTip, fetched.tip) {
                found = (ours: common, theirs: common)
            }
            guard let found, let file = try repository.file(at: fetched.path, in: found.theirs) else {
                return (nil, nil, nil, nil)
            }
            // Where the two histories part (a clone's): the resources our list had there,
            // found only when asked (an entry we lacked at the last sync though theirs had it).
            let configuration = local.configuration
            let forkKeys = Once<Set<String>> {
                guard let common = repository.mergeBase(found.ours, found.theirs),
                    let file = try? repository.file(at: local.path, in: common),
                    let bytes = try? repository.blob(file.blob),
                    let post = try? PostReader.parse(bytes, path: local.post + " (fork)")
                else { return [] }
                return Set(post.entries.map { EntryMerge.key($0, configuration.identity) })
            }
            let hadAtFork: @Sendable (String) -> Bool = { forkKeys.value.contains($0) }
            // A side unchanged since (the common case for one of them) is read once.
            func read(_ bytes: [UInt8], as path: String, unless same: Post) throws -> Post {
                var post = bytes == same.bytes ? same : try PostReader.parse(bytes, path: path)
                post.path = path
                return post
            }
            let ours = try repository.file(at: local.path, in: found.ours).map {
                try read(try repository.blob($0.blob), as: local.post + " (last sync)", unless: current)
            }
            let theirList = try read(try repository.blob(file.blob), as: fetched.list.path + " (base)", unless: fetched.list)
            // Their pull from us: our list as they merged it is the base, limited to what
            // their list then held (an entry of ours they refused is no removal of theirs).
            // Their list itself would hide the edits they made before that pull.
            if theirPull, var base = ours {
                base.path = fetched.list.path + " (base)"
                return (base, ours, theirList, hadAtFork)
            }
            return (theirList, ours, nil, hadAtFork)
        }
        var firstSync = true
        // Their list changed since the base: a pull that changes nothing here still
        // records their tip as the next base (else their changes, settled here, would be
        // weighed again at every pull).
        var baseIsStale = false
        func merged(_ ours: Post, from ourTip: ObjectID?) throws -> SyncPlan {
            let found = try lastSync(from: ourTip, current: ours)
            firstSync = found.theirs == nil
            // (Their list at the sync found: the base, or, when the base is ours as their
            // pull merged it, their list right after.)
            baseIsStale = (found.limit ?? found.theirs).map { $0.bytes != fetched.list.bytes } ?? false
            var merge = entryMerge
            merge.oursAtLastSync = found.ours
            merge.baseLimitedBy = found.limit
            merge.removedBeforeLastSync = found.fork
            return merge.merge(base: found.theirs, ours: ours, theirs: fetched.list)
        }
        /// The line that records this sync (none for a first sync whose history search hit
        /// a shallow clone's boundary: a later pull, after git fetch --unshallow, still
        /// finds the real last sync and brings the edits and removals made since).
        func trailer() -> String? {
            firstSync && historyCut ? nil : SyncTrailer.line(source: source.id, commit: fetched.tip)
        }
        var plan = SyncPlan()
        var outcome = Outcome(
            direction: .pull, list: local.post, other: source.display, syncedCommit: fetched.tip.short, results: [],
            conflicts: 0, changesList: false, wroteFile: false, commit: nil, firstSync: true)
        switch commit.destination {
        case .workingFile:
            let bytes = try FileSystem.readPost(path: local.post, displayPath: local.post, limit: PostReader.sizeLimit)
            let ours = try early.flatMap { $0.bytes == bytes ? $0 : nil } ?? PostReader.parse(bytes, path: local.post)
            plan = try merged(ours, from: try repository.headCommitUnlessUnborn())
            if plan.conflicts == 0, plan.changesPost {
                let bytes = try Self.checked(try editor.applied(plan.edits, to: ours), before: ours, local.configuration)
                try FileSystem.writeAtomically(bytes, to: local.post, displayPath: local.post, replacing: ours.bytes)
                outcome.wroteFile = true
                outcome.trailer = trailer()
            }
        case .checkedOutBranch, .branch:
            let signature = try commit.signature(in: repository)
            var target = CommitTarget.checkedOutBranch
            if case let .branch(name) = commit.destination { target = .branch(name) }
            let path = try GitPost.commitPath(of: local.post, in: repository, onBranch: target != .checkedOutBranch)
            let committed = try repository.commitFile(
                at: path, target: target, author: signature
            ) { current, ourTip in
                let ours = try early.flatMap { $0.bytes == current ? $0 : nil } ?? PostReader.parse(current, path: local.post)
                plan = try merged(ours, from: ourTip)
                guard plan.conflicts == 0 else { return nil }
                let message = SyncTrailer.message(plan: plan, source: source.display, trailer: trailer())
                guard plan.changesPost else {
                    // Nothing to change here, their list changed: the base moves on, in a
                    // commit of its own (the post as it is).
                    guard baseIsStale, !firstSync else { return nil }
                    return FileChange(bytes: current, message: commit.message(message), recordsUnchanged: true)
                }
                let bytes = try Self.checked(try editor.applied(plan.edits, to: ours), before: ours, local.configuration)
                return FileChange(bytes: bytes, message: commit.message(message))
            }
            outcome.commit = committed.record
        }
        outcome.results = plan.results
        outcome.conflicts = plan.conflicts
        outcome.changesList = plan.changesPost
        outcome.firstSync = firstSync
        outcome.historyTruncated = historyCut && firstSync
        return outcome
    }

    /// `sync pull --all`: every list `sync.sources` names, fetched in parallel, then
    /// merged in turn (each its own commit and trailer with a commit destination), in
    /// the configuration's order, each result with its source's name. `template` gives
    /// everything but the source.
    public static func pullAll(_ template: Sync) throws -> [(source: String, result: Result<Outcome, any Error>)] {
        let local = try GitPost.locate(template.selection)
        let sources = local.configuration.syncSources
        guard !sources.isEmpty else {
            throw WorkflowError.noSyncSources(configuration: local.configuration.file ?? "curate.yml")
        }
        let syncs = sources.map { settings -> Sync in
            var sync = template
            let location = RemoteAddress(settings.location)
            sync.other =
                location.kind == .path && !settings.location.hasPrefix("/")
                ? Path.join(local.configuration.root, settings.location) : settings.location
            sync.ref = settings.ref
            sync.path = settings.path
            sync.sectionPairs = settings.sectionPairs
            return sync
        }
        let gitDirectory = local.repository.gitDirectory
        let ourPath = local.sourcePath
        let configuration = local.configuration
        // Each fetch on its own thread with its own handle on the repository and its own ref.
        let fetched = Parallel.map(Array(syncs.enumerated()), minimumChunk: 1) { slot, sync in
            Result {
                try sync.fetch(
                    into: try Repository.open(at: gitDirectory), path: ourPath, configuration: configuration, slot: slot)
            }
        }
        // One source that fails stops none of the others; each result says what happened,
        // under the source's name (its address without user or password).
        return zip(syncs, fetched).map { sync, result in
            (RemoteAddress(sync.other).redacted, Result { try sync.pull(try result.get(), into: local) })
        }
    }

    /// `merged`, when `check` finds no error in it that `before` did not have; else a
    /// refusal naming the lines and why: sync never breaks a list, and an error the list
    /// already had (an old entry's URL with a space) is not the sync's to refuse over.
    static func checked(_ merged: (bytes: [UInt8], post: Post?), before: Post, _ configuration: Configuration) throws
        -> [UInt8]
    {
        let checker = Checker(configuration: configuration)
        var after = try merged.post ?? PostReader.parse(merged.bytes, path: before.path)
        after.path = before.path
        let errors = checker.check(after).filter { $0.severity == .error }
        // The common case: nothing to compare with the errors the list already had.
        guard !errors.isEmpty else { return merged.bytes }
        // The errors the list already had, which may stay.
        let beforeNames = FindingNames(before, configuration)
        var existing: [String: Int] = [:]
        for finding in checker.check(before) where finding.severity == .error {
            existing[beforeNames.name(finding), default: 0] += 1
        }
        let afterNames = FindingNames(after, configuration)
        var new: [String] = []
        for finding in errors {
            let name = afterNames.name(finding)
            if let count = existing[name], count > 0 {
                existing[name] = count - 1
            } else {
                new.append("line \(finding.line): \(finding.rule) \(finding.message)")
            }
        }
        guard new.isEmpty else { throw WorkflowError.syncWouldBreak(list: before.path, problems: new) }
        return merged.bytes
    }

    // MARK: - Push

    /// Commits this post's entries into the other repository's list, on a branch there
    /// (`commit`'s branch, default `curate/sync/<name>`), never into a checked-out working
    /// tree. A repository on this machine is written directly; a URL is fetched, merged
    /// on top of the branch's tip and pushed without force (a refused non-fast-forward
    /// means another writer got there first: fetch, merge and push again, a few times).
    public func push() throws -> Outcome {
        try commit.validate()
        let local = try GitPost.locate(selection)
        let repository = local.repository
        let ourTip = try repository.resolveRevision("HEAD")
        // Our post as HEAD has it: its links followed in HEAD's tree.
        let ourPath = try repository.resolvingLinks(GitPost.branchPath(of: local.post, in: repository), in: ourTip) ?? local.path
        guard let ourFile = try repository.file(at: ourPath, in: ourTip) else {
            throw FileCommitError.fileNotInBranch(path: local.path, branch: "HEAD")
        }
        let ours = try PostReader.parse(try repository.blob(ourFile.blob), path: local.post)
        let target = SyncSource(selection.resolve(other), ref: nil)
        let us = SyncSource(repository.workingDirectory ?? repository.gitDirectory)
        var branchName = "curate/sync/\(us.name)"
        if case let .branch(name) = commit.destination { branchName = name }
        let pushed = Pushed(ours: ours, ourTip: ourTip, us: us, branch: CommitSettings.fullBranch(branchName))
        if target.isURL { return try pushToRemote(pushed, target: target, local: local) }
        guard FileSystem.directoryExists(target.id) else {
            throw WorkflowError.noRepository(path: target.display, urlAllowed: false)
        }
        let targetRepository: Repository
        do {
            targetRepository = try Repository.open(at: target.id)
        } catch let error as GitError where error.isNotFound {
            throw WorkflowError.noRepository(path: target.display, urlAllowed: false)
        }
        if !targetRepository.isBare, try targetRepository.currentBranch() == pushed.branch {
            throw WorkflowError.branchCheckedOut(branch: branchName, repository: target.display)
        }
        let start = try targetRepository.resolveRevision(ref ?? "HEAD")
        let targetPath = path ?? local.sourcePath
        let listName = "\(target.display):\(targetPath)"
        var plan = SyncPlan()
        var firstSync = true
        let signature = try commit.signature(in: repository)
        let committed = try targetRepository.commitFile(
            at: targetPath, target: .branch(pushed.branch, from: start), author: signature
        ) { current, tip in
            let change = try merged(pushed, into: current, at: tip, of: targetRepository, name: listName, local: local)
            plan = change.plan
            firstSync = change.firstSync
            return change.file
        }
        return Outcome(
            direction: .push, list: listName, other: target.display, syncedCommit: ourTip.short, results: plan.results,
            conflicts: plan.conflicts, changesList: plan.changesPost, wroteFile: false, commit: committed.record,
            firstSync: firstSync)
    }

    /// Our side of a push.
    struct Pushed {
        var ours: Post
        var ourTip: ObjectID
        var us: SyncSource
        /// `refs/heads/…` in the target.
        var branch: String
    }

    /// The target's list at `tip` (`current`) with our entries merged in: the plan, and
    /// the new file and message when it changes.
    private func merged(
        _ pushed: Pushed, into current: [UInt8], at tip: ObjectID, of history: Repository, name: String, local: GitPost
    ) throws -> (plan: SyncPlan, firstSync: Bool, file: FileChange?) {
        let theirs = try PostReader.parse(current, path: name)
        // The base: our commit the target's last sync from us recorded (in our repository);
        // and the target's list as that sync left it.
        let last = try history.lastSync(
            from: tip, source: pushed.us.id, path: local.path, store: local.repository, ownPath: path ?? local.path,
            name: local.post)
        let base = last?.base
        var entryMerge = merge(local.configuration, reversed: true, sourceName: "this repository")
        entryMerge.oursAtLastSync = last?.own
        let plan = entryMerge.merge(base: base, ours: theirs, theirs: pushed.ours)
        guard plan.conflicts == 0, plan.changesPost else { return (plan, base == nil, nil) }
        let message = SyncTrailer.message(
            plan: plan, source: pushed.us.id, trailer: SyncTrailer.line(source: pushed.us.id, commit: pushed.ourTip))
        // Their list is written and checked as their own curate would: with their
        // configuration (a rule they turn off is not fixed in their list), ours when they
        // have none.
        let configuration =
            try Self.configuration(of: history, at: tip, listPath: path ?? local.sourcePath, name: name)
            ?? local.configuration
        let bytes = try Self.checked(
            try PostEditor(configuration: configuration).applied(plan.edits, to: theirs), before: theirs, configuration)
        return (plan, base == nil, FileChange(bytes: bytes, message: commit.message(message)))
    }

    /// The configuration `curate` finds at `tip` for the list at `listPath` (`curate.yml`,
    /// or `curation/curate.yml`, in the list's folder or the nearest one above it); nil
    /// when there is none. `name` names the list (`target:path`) in an error.
    static func configuration(of repository: Repository, at tip: ObjectID, listPath: String, name: String) throws
        -> Configuration?
    {
        var folder = listPath.contains("/") ? Path.directory(of: listPath) : ""
        while true {
            for fileName in Configuration.fileNames {
                let candidate = folder.isEmpty ? fileName : folder + "/" + fileName
                guard let file = try repository.file(at: candidate, in: tip) else { continue }
                let display = name.dropLast(listPath.count) + candidate
                let bytes = try repository.blob(file.blob)
                return try Configuration.load(bytes: bytes, path: String(display), root: repository.workingDirectory ?? "/")
            }
            guard !folder.isEmpty else { return nil }
            folder = folder.contains("/") ? Path.directory(of: folder) : ""
        }
    }

    /// Push to a URL: fetch the target's branch (or `ref`), commit the merge on top of it
    /// in our object store, push it without force; again from the new tip when refused.
    private func pushToRemote(_ pushed: Pushed, target: SyncSource, local: GitPost, attempts: Int = 5) throws -> Outcome {
        let repository = local.repository
        let access = access(local.configuration)
        let branchRef = "refs/curate/sync/\(target.name)/branch"
        let startRef = "refs/curate/sync/\(target.name)/start"
        let outgoing = "refs/curate/sync/\(target.name)/outgoing"
        let targetPath = path ?? local.sourcePath
        let listName = "\(target.display):\(targetPath)"
        let signature = try commit.signature(in: repository)
        for attempt in 1...attempts {
            try repository.deleteReference(branchRef)
            try repository.deleteReference(startRef)
            let ref = self.ref ?? "HEAD"
            try repository.fetch(
                from: target.address,
                refspecs: ["+\(pushed.branch):\(branchRef)", "+\(SyncSource.refspecSource(ref)):\(startRef)"],
                access: access)
            guard let tip = try repository.resolveReference(branchRef) ?? repository.resolveReference(startRef) else {
                throw WorkflowError.sourceLacksRef(source: target.display, ref: ref)
            }
            guard let file = try repository.file(at: targetPath, in: tip) else {
                throw WorkflowError.sourceLacksFile(source: target.display, path: targetPath, ref: ref, commit: tip.short)
            }
            let change = try merged(
                pushed, into: try repository.blob(file.blob), at: tip, of: repository, name: listName, local: local)
            var outcome = Outcome(
                direction: .push, list: listName, other: target.display, syncedCommit: pushed.ourTip.short,
                results: change.plan.results, conflicts: change.plan.conflicts, changesList: change.plan.changesPost,
                wroteFile: false, commit: nil, firstSync: change.firstSync)
            guard let fileChange = change.file else { return outcome }
            let blob = try repository.createBlob(fileChange.bytes)
            let tree = try repository.tree(of: tip, replacing: targetPath, with: blob, mode: file.mode)
            let commitID = try repository.createCommit(tree: tree, parent: tip, author: signature, message: fileChange.message)
            try repository.deleteReference(outgoing)
            try repository.updateReference(outgoing, to: commitID, expecting: nil, message: "curate: sync push")
            do {
                try repository.push(to: target.address, refspecs: ["\(outgoing):\(pushed.branch)"], access: access)
            } catch let error as RemoteError where error.isNonFastForward && attempt < attempts {
                continue  // another writer moved the branch: fetch, merge and push again
            }
            outcome.commit = CommitRecord(
                id: commitID.description, branch: CommitSettings.shortBranch(pushed.branch), attempts: attempt)
            return outcome
        }
        throw FileCommitError.branchKeptMoving(branch: pushed.branch, attempts: attempts)
    }
}

/// What a finding is about, the same in a list before and after a sync: its rule and the
/// resource of the entry its line belongs to (its URL's dedupe key), or, off entries, the
/// line's text without its list marker. Neither the numbers a sync renumbers, nor the
/// tracking parameters fmt removes, nor the entry's place or title, nor which copy of a
/// duplicate the error is reported on, make an error the list had a new one.
struct FindingNames {
    private let post: Post
    private let identity: URLIdentity
    /// The entry of each line of an entry's item.
    private var entries: [Int: Int] = [:]

    init(_ post: Post, _ configuration: Configuration) {
        self.post = post
        identity = configuration.identity
        for (index, entry) in post.entries.enumerated() where entry.item < post.items.count {
            let item = post.items[entry.item]
            for line in item.line...max(item.line, item.lastLine) where entries[line] == nil { entries[line] = index }
        }
    }

    func name(_ finding: Finding) -> String {
        if let index = entries[finding.line] {
            return finding.rule + "\u{0}entry\u{0}" + EntryMerge.key(post.entries[index], identity)
        }
        return finding.rule + "\u{0}" + Self.withoutListMarker(post.lineText(finding.line))
    }

    /// `text` without its leading spaces and list marker (`-`, `*`, `+`, `1.`, `1)`).
    static func withoutListMarker(_ text: String) -> String {
        var rest = text.drop { $0 == " " || $0 == "\t" }
        if let first = rest.first, "-*+".contains(first), rest.dropFirst().first == " " {
            rest = rest.dropFirst(2)
        } else {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            let after = rest.dropFirst(digits.count)
            if !digits.isEmpty, let delimiter = after.first, delimiter == "." || delimiter == ")",
                after.dropFirst().first == " " || after.count == 1
            {
                rest = after.dropFirst(2)
            }
        }
        return String(rest).trimmingCharacters(in: .whitespaces)
    }
}
