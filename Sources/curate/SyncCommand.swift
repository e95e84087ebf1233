import ArgumentParser
import CurateGit
import CurateKit
import Foundation

struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Sync curated lists between repositories, three-way, by entries.",
        subcommands: [SyncPull.self, SyncPush.self])
}

/// What `sync pull` and `sync push` share.
struct SyncOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The other repository's revision to sync with (default: its HEAD).", valueName: "ref"))
    var ref: String?

    @Option(help: ArgumentHelp("The list's path in the other repository (default: the same as our post's).", valueName: "path"))
    var path: String?

    @Option(help: "Who wins an entry edited differently on both sides: ours or theirs (default: report a conflict).")
    var prefer: EntryMerge.Preference?

    @Flag(help: "Keep entries the other list removed since the last sync.")
    var keepRemoved = false

    @Option(
        help: ArgumentHelp(
            "Author and committer, \"Name <email>\" (default: git's user.name and user.email).", valueName: "author"))
    var author: Signature?

    @Option(help: "Output format: text or json.")
    var format: ReportFormat = .text

}

extension EntryMerge.Preference: ExpressibleByArgument {}

/// The trailer that records the last sync: `Curate-Synced-From: <source> <commit-id>`.
enum SyncTrailer {
    static let key = "Curate-Synced-From: "

    static func line(source: String, commit: ObjectID) -> String {
        key + source + " " + commit.description
    }

    /// The commit recorded for `source` in `message`, if any.
    static func commit(in message: String, source: String) -> ObjectID? {
        for line in message.split(separator: "\n").reversed() where line.hasPrefix(key) {
            let rest = line.dropFirst(key.count)
            guard let space = rest.lastIndex(of: " "), rest[..<space] == source,
                let id = ObjectID(hex: String(rest[rest.index(after: space)...]).trimmingCharacters(in: .whitespaces))
            else { continue }
            return id
        }
        return nil
    }

    /// How a repository is named in trailers: a URL as given, a path as its absolute,
    /// resolved form (so `../list` and `/home/me/list` are one source).
    /// Whether a source is a git URL (`https://…`, `git@host:path`) rather than a path.
    static func isURL(_ source: String) -> Bool {
        source.contains("://") && !source.hasPrefix("file://") || (source.contains("@") && source.contains(":"))
    }

    static func sourceID(_ source: String) -> String {
        if isURL(source) { return source }
        let path = source.hasPrefix("file://") ? String(source.dropFirst(7)) : source
        return URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
    }

    /// A ref-safe name for a source (`awesome-list-1a2b3c4d`).
    static func name(_ sourceID: String) -> String {
        var base = Path.lastComponent(of: sourceID)
        if base.hasSuffix(".git") { base = String(base.dropLast(4)) }
        let safe = String(
            base.unicodeScalars.map { scalar -> Character in
                CharacterSet.alphanumerics.contains(scalar) && scalar.isASCII ? Character(scalar) : "-"
            })
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in sourceID.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return (safe.isEmpty ? "source" : safe) + "-" + String(hash, radix: 16).prefix(8)
    }

    /// `main` as `refs/heads/main`; HEAD and full names as they are.
    static func refspecSource(_ ref: String) -> String {
        ref == "HEAD" || ref.hasPrefix("refs/") ? ref : "refs/heads/" + ref
    }

    static func message(verb: String, plan: SyncPlan, source: String, trailer: String) -> String {
        var counts: [ReviewStatus: Int] = [:]
        for result in plan.results { counts[result.status, default: 0] += 1 }
        let added = plan.edits.additions.count
        let summary = [
            added > 0 ? "add \(added)" : nil, counts[.updated].map { "update \($0)" }, counts[.removed].map { "remove \($0)" },
        ].compactMap { $0 }.joined(separator: ", ")
        var text = "curate: \(verb) \(source): \(summary.isEmpty ? "no entry changes" : summary)\n\n"
        for result in plan.results where [.new, .updated, .removed, .conflict].contains(result.status) {
            text += "- \(result.status.rawValue): \(result.proposal.title) <\(result.proposal.url)>\n"
        }
        return text + "\n" + trailer + "\n"
    }
}

struct SyncPull: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Bring another repository's list into this post (three-way, by entries).",
        discussion: """
            Fetches SOURCE (a path or a git URL) into refs/curate/sync/<name>/head with libgit2 \
            and merges its list into the post: the base is the source commit recorded by the \
            last `sync pull --commit` (a Curate-Synced-From trailer); without one, only \
            additions. Exit 1 on a conflict (nothing written) unless --prefer.
            """)

    @Argument(help: "The repository to pull from: a path or a git URL.")
    var source: String

    @OptionGroup var sync: SyncOptions
    @OptionGroup var options: PostOptions

    @Flag(help: "Commit the result through libgit2, recording the source commit as the next base.")
    var commit = false

    @Option(help: ArgumentHelp("The commit's subject line.", valueName: "subject"))
    var message: String?

    func run() throws {
        var failed = false
        try runReportingErrors {
            let (configuration, post, repository, ourPath) = try GitSupport.postInRepository(options)
            let sourceID = SyncTrailer.sourceID(source)
            let fetched = "refs/curate/sync/\(SyncTrailer.name(sourceID))/head"
            let isURL = SyncTrailer.isURL(source)
            guard isURL || FileSystem.directoryExists(sourceID) else {
                throw CurateError.other(
                    what: "no repository at this path", location: source, hint: "give the path of a git repository, or a git URL")
            }
            // Fetched afresh each time: a --ref the source lacks must not find a stale copy.
            try repository.deleteReference(fetched)
            let ref = sync.ref ?? "HEAD"
            try repository.fetch(from: isURL ? source : sourceID, refspecs: ["+\(SyncTrailer.refspecSource(ref)):\(fetched)"])
            guard let tip = try repository.resolveReference(fetched) else {
                throw CurateError.other(
                    what: "the source has no \(ref)", location: source,
                    hint: "name one of its branches with --ref (or a full refs/... name)")
            }
            let theirPath = sync.path ?? ourPath
            guard let theirFile = try repository.file(at: theirPath, in: tip) else {
                throw CurateError.other(
                    what: "the source has no \(theirPath) at \(sync.ref ?? "HEAD") (\(tip.short))", location: source,
                    hint: "name the list's path in the source with --path")
            }
            let theirName = "\(source):\(theirPath)"
            let theirs = try PostReader.parse(try repository.blob(theirFile.blob), path: theirName)
            let merge = EntryMerge(
                configuration: configuration, preference: sync.prefer, keepRemoved: sync.keepRemoved, sourceName: source)
            let editor = PostEditor(configuration: configuration)
            var historyCut = false
            let ourID = SyncTrailer.sourceID(repository.workingDirectory ?? repository.gitDirectory)
            /// The base (their list at the last sync) and our post as that sync left it:
            /// from our last pull (their commit in our trailer) or, when later, our last
            /// push they merged (our commit in their trailer).
            func base(from ourTip: ObjectID?) throws -> (theirs: Post?, ours: Post?) {
                guard let ourTip else { return (nil, nil) }
                let search = try repository.searchHistory(from: ourTip) { id, message in
                    SyncTrailer.commit(in: message, source: sourceID).map { (ours: id, theirs: $0) }
                }
                if case .notFound(truncated: true) = search { historyCut = true }
                var found = search.value.flatMap { repository.contains($0.theirs) ? $0 : nil }
                if let pushed = try repository.searchHistory(
                    from: tip, { id, message in SyncTrailer.commit(in: message, source: ourID).map { (ours: $0, theirs: id) } }
                ).value, repository.contains(pushed.ours),
                    found.map({ repository.isDescendant(pushed.theirs, of: $0.theirs) }) ?? true
                {
                    found = pushed
                }
                guard let found, let file = try repository.file(at: theirPath, in: found.theirs) else { return (nil, nil) }
                let ours = try repository.file(at: ourPath, in: found.ours).map {
                    try PostReader.parse(try repository.blob($0.blob), path: post + " (last sync)")
                }
                return (try PostReader.parse(try repository.blob(file.blob), path: theirName + " (base)"), ours)
            }
            func merged(_ ours: Post, from ourTip: ObjectID?) throws -> SyncPlan {
                let found = try base(from: ourTip)
                var merge = merge
                merge.oursAtLastSync = found.ours
                return merge.merge(base: found.theirs, ours: ours, theirs: theirs)
            }
            var plan = SyncPlan()
            var committed: ObjectID?
            if commit {
                let signature = try GitSupport.signature(sync.author, repository: repository)
                let outcome = try repository.commitFile(
                    at: ourPath, target: .checkedOutBranch, author: signature
                ) { current, ourTip in
                    let ours = try PostReader.parse(current, path: post)
                    plan = try merged(ours, from: ourTip)
                    guard plan.conflicts == 0, plan.changesPost else { return nil }
                    var text = SyncTrailer.message(
                        verb: "sync from", plan: plan, source: source, trailer: SyncTrailer.line(source: sourceID, commit: tip))
                    if let message { text = message + "\n" + text.drop { $0 != "\n" } }
                    return FileChange(bytes: try editor.apply(plan.edits, to: ours), message: text)
                }
                if case let .committed(id, _, _) = outcome { committed = id }
            } else {
                let ours = try PostReader.read(path: post)
                plan = try merged(ours, from: try? repository.resolveRevision("HEAD"))
                if plan.conflicts == 0, plan.changesPost {
                    try FileSystem.writeAtomically(
                        try editor.apply(plan.edits, to: ours), to: post, displayPath: post, replacing: ours.bytes)
                }
            }
            failed = plan.conflicts > 0
            printReview(plan.results, post: post, commit: committed?.description, format: sync.format)
            if sync.format == .text {
                if historyCut {
                    Terminal.err(
                        "no earlier sync in this shallow clone's history: synced as a first sync (additions only); "
                            + "git fetch --unshallow to sync edits and removals")
                }
                if failed {
                    Terminal.err(
                        "\(plan.conflicts) conflict\(plan.conflicts == 1 ? "" : "s"): nothing written; edit one side, or pass --prefer ours|theirs"
                    )
                } else if let committed {
                    Terminal.err("committed \(committed.short): synced from \(source) at \(tip.short)")
                } else if !plan.changesPost {
                    Terminal.err("up to date with \(source) at \(tip.short)")
                } else {
                    Terminal.err("wrote \(post); commit with --commit to record \(tip.short) as the base of the next sync")
                }
            }
        }
        if failed { throw ExitCode.failure }
    }
}

struct SyncPush: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Commit this post's entries into another repository's list, on a branch there.",
        discussion: """
            TARGET is a path to a repository. The entries are merged into the target's list \
            at --ref (default HEAD) and committed through libgit2 on --branch (default \
            curate/sync/<name>), never into a checked-out working tree, for the target's \
            maintainer to review and merge.
            """)

    @Argument(help: "The repository to push to: a path.")
    var target: String

    @OptionGroup var sync: SyncOptions
    @OptionGroup var options: PostOptions

    @Option(help: ArgumentHelp("The branch to commit on in the target (default: curate/sync/<name>).", valueName: "branch"))
    var branch: String?

    func validate() throws {
        if let branch { try GitSupport.validateBranch(branch) }
    }

    func run() throws {
        var failed = false
        try runReportingErrors {
            let (configuration, post, repository, ourPath) = try GitSupport.postInRepository(options)
            let ourTip = try repository.resolveRevision("HEAD")
            guard let ourFile = try repository.file(at: ourPath, in: ourTip) else {
                throw FileCommitError.fileNotInBranch(path: ourPath, branch: "HEAD")
            }
            let ours = try PostReader.parse(try repository.blob(ourFile.blob), path: post)
            guard !SyncTrailer.isURL(target) else {
                throw CurateError.other(
                    what: "sync push writes into a repository on this machine", location: target,
                    hint: "clone the target, push into the clone, then git push the branch")
            }
            guard FileSystem.directoryExists(target) else {
                throw CurateError.other(
                    what: "no repository at this path", location: target, hint: "give the path of a git repository")
            }
            let targetRepository = try Repository.open(at: target)
            let ourID = SyncTrailer.sourceID(repository.workingDirectory ?? repository.gitDirectory)
            let branchName = branch ?? "curate/sync/\(SyncTrailer.name(ourID))"
            let fullBranch = branchName.hasPrefix("refs/") ? branchName : "refs/heads/" + branchName
            if !targetRepository.isBare, try targetRepository.currentBranch() == fullBranch {
                throw CurateError.other(
                    what: "\(branchName) is checked out in the target", location: target,
                    hint: "curate never commits into a checked-out working tree: choose another --branch")
            }
            let start = try targetRepository.resolveRevision(sync.ref ?? "HEAD")
            let targetPath = sync.path ?? ourPath
            // Our headings map to theirs: sync.sections read the other way.
            let merge = EntryMerge(
                configuration: configuration.reversingSyncSections(), preference: sync.prefer, keepRemoved: sync.keepRemoved,
                sourceName: "this repository")
            let signature = try GitSupport.signature(sync.author, repository: repository)
            var plan = SyncPlan()
            let outcome = try targetRepository.commitFile(
                at: targetPath, target: .branch(fullBranch, from: start), author: signature
            ) { current, tip in
                let theirs = try PostReader.parse(current, path: "\(target):\(targetPath)")
                var base: Post?
                if let recorded = try targetRepository.firstInHistory(
                    from: tip, { _, message in SyncTrailer.commit(in: message, source: ourID) }),
                    repository.contains(recorded), let file = try repository.file(at: ourPath, in: recorded)
                {
                    base = try PostReader.parse(try repository.blob(file.blob), path: post + " (base)")
                }
                plan = merge.merge(base: base, ours: theirs, theirs: ours)
                guard plan.conflicts == 0, plan.changesPost else { return nil }
                let message = SyncTrailer.message(
                    verb: "sync from", plan: plan, source: ourID, trailer: SyncTrailer.line(source: ourID, commit: ourTip))
                return FileChange(
                    bytes: try PostEditor(configuration: configuration).apply(plan.edits, to: theirs), message: message)
            }
            failed = plan.conflicts > 0
            var committed: ObjectID?
            if case let .committed(id, _, _) = outcome { committed = id }
            printReview(plan.results, post: "\(target):\(targetPath)", commit: committed?.description, format: sync.format)
            if sync.format == .text {
                if failed {
                    Terminal.err(
                        "\(plan.conflicts) conflict\(plan.conflicts == 1 ? "" : "s"): nothing committed; pass --prefer ours|theirs"
                    )
                } else if let committed {
                    Terminal.err("committed \(committed.short) on \(branchName) in \(target)")
                } else {
                    Terminal.err("\(target) is up to date with this post")
                }
            }
        }
        if failed { throw ExitCode.failure }
    }
}
