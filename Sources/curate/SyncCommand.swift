import ArgumentParser
import CurateKit
import CurateWorkflows

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
            "Trust the certificate authorities in this PEM file for https (default: sync.ca-file in curate.yml).",
            valueName: "path"))
    var caFile: String?

    @Option(help: "Output format: text or json.")
    var format: ReportFormat = .text

    func sync(with other: String, _ options: PostOptions, _ commit: CommitOptions) -> Sync {
        Sync(
            other: other, selection: options.selection, ref: ref, path: path, preference: prefer, keepRemoved: keepRemoved,
            commit: commit.settings, caFile: caFile)
    }

    /// Prints a sync's review and what it did; exit 1 on a conflict.
    func report(_ outcome: Sync.Outcome) throws {
        printReview(
            outcome.results, post: outcome.list, commit: outcome.commit?.id, format: format == .json ? .json : .text)
        if format == .text {
            Terminal.err(Self.summary(outcome))
            if outcome.historyTruncated {
                Terminal.err(
                    "  no earlier sync in this shallow clone's history: synced as a first sync (additions only), "
                        + "no sync base recorded; git fetch --unshallow and pull again to sync edits and removals")
            } else if outcome.firstSync && outcome.changesList && outcome.conflicts == 0 {
                Terminal.err("  no earlier sync with \(outcome.other) found: its entries were added, nothing removed")
            }
        }
        if outcome.conflicts > 0 { throw ExitCode.failure }
    }

    static func summary(_ outcome: Sync.Outcome) -> String {
        if outcome.conflicts > 0 {
            let count = "\(outcome.conflicts) conflict\(outcome.conflicts == 1 ? "" : "s")"
            return "\(count): nothing \(outcome.direction == .pull ? "written" : "committed"); "
                + (outcome.direction == .pull ? "edit one side, or " : "") + "pass --prefer ours|theirs"
        }
        if let commit = outcome.commit {
            switch outcome.direction {
            case .pull: return "committed \(commit.shortID): synced from \(outcome.other) at \(outcome.syncedCommit)"
            case .push: return "committed \(commit.shortID) on \(commit.branch) in \(outcome.other)"
            }
        }
        if !outcome.changesList {
            switch outcome.direction {
            case .pull where outcome.firstSync:
                return "nothing to add from \(outcome.other) at \(outcome.syncedCommit): no earlier sync found, so this "
                    + "was a first sync (additions only); its edits and removals were not compared"
            case .pull: return "up to date with \(outcome.other) at \(outcome.syncedCommit)"
            case .push: return "\(outcome.other) is up to date with this post"
            }
        }
        guard let trailer = outcome.trailer else { return "wrote \(outcome.list)" }
        // `sync pull --commit` now would find the file changed: the line to commit it with.
        return "wrote \(outcome.list); to record \(outcome.syncedCommit) as the base of the next sync, commit it with "
            + "this line in the message: \(trailer)"
    }
}

extension EntryMerge.Preference: ExpressibleByArgument {}

struct SyncPull: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Bring another repository's list into this post (three-way, by entries).",
        discussion: """
            Fetches SOURCE (a path or a git URL) into refs/curate/sync/<name>/head with libgit2 \
            and merges its list into the post: the base is the source commit recorded by the \
            last `sync pull --commit` (a Curate-Synced-From trailer); without one, only \
            additions. --branch B commits on B instead, leaving the checkout alone. Exit 1 on a \
            conflict (nothing written) unless --prefer.
            """)

    @Argument(help: "The repository to pull from: a path or a git URL.")
    var source: String?

    @Flag(help: "Pull every list sync.sources in curate.yml names (fetched in parallel, merged in turn).")
    var all = false

    @OptionGroup var sync: SyncOptions
    @OptionGroup var options: PostOptions
    @OptionGroup var commit: CommitOptions

    func validate() throws {
        try commit.check()
        if all == (source != nil) { throw ValidationError("give a SOURCE, or --all for the sources in curate.yml") }
        if all && (sync.ref != nil || sync.path != nil) {
            throw ValidationError("--ref and --path are per source: set them under sync.sources in curate.yml")
        }
    }

    func run() throws {
        guard all else {
            var outcome: Sync.Outcome?
            try runReportingErrors { outcome = try sync.sync(with: source ?? "", options, commit).pull() }
            if let outcome { try sync.report(outcome) }
            return
        }
        var results: [(source: String, result: Result<Sync.Outcome, any Error>)] = []
        try runReportingErrors { results = try Sync.pullAll(sync.sync(with: "", options, commit)) }
        // Every source is reported, those that failed too; a failure makes the exit 2.
        let failed = results.contains { if case .failure = $0.result { true } else { false } }
        let conflicted = results.contains { (try? $0.result.get())?.conflicts ?? 0 > 0 }
        if sync.format == .json {
            let documents = results.map { source, result -> JSON in
                switch result {
                case let .success(outcome):
                    let document = ReviewRenderer.json(post: outcome.list, results: outcome.results, commit: outcome.commit?.id)
                    guard case let .object(fields) = document else { return document }
                    return .object([("source", .string(source))] + fields)
                case let .failure(error):
                    return .object([
                        ("source", .string(source)),
                        ("error", .string((error as? any ReportableError)?.description ?? "\(error)")),
                    ])
                }
            }
            Terminal.out(JSON.object([("sources", .array(documents))]).serialized())
            Terminal.flush()
        } else {
            for (source, result) in results {
                switch result {
                case let .success(outcome):
                    Terminal.err("== \(outcome.other)")
                    try? sync.report(outcome)
                case let .failure(error as any ReportableError):
                    Terminal.err("== \(source)")
                    Terminal.error(error)
                case let .failure(error):
                    Terminal.err("== \(source)")
                    Terminal.err("curate: error: \(error)")
                }
            }
        }
        if failed { throw ExitCode(2) }
        if conflicted { throw ExitCode.failure }
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
            maintainer to review and merge. It always commits: --commit changes nothing.
            """)

    @Argument(help: "The repository to push to: a path.")
    var target: String

    @OptionGroup var sync: SyncOptions
    @OptionGroup var options: PostOptions
    @OptionGroup var commit: CommitOptions

    func validate() throws {
        try commit.check(alwaysCommits: true)
    }

    func run() throws {
        var outcome: Sync.Outcome?
        try runReportingErrors {
            outcome = try sync.sync(with: target, options, commit).push()
        }
        if let outcome { try sync.report(outcome) }
    }
}
