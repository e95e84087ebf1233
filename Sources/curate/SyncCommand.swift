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

    @Option(help: "Output format: text or json.")
    var format: ReportFormat = .text

    func sync(with other: String, _ options: PostOptions, _ commit: CommitOptions) -> Sync {
        Sync(
            other: other, selection: options.selection, ref: ref, path: path, preference: prefer, keepRemoved: keepRemoved,
            commit: commit.settings)
    }

    /// Prints a sync's review and what it did; exit 1 on a conflict.
    func report(_ outcome: Sync.Outcome) throws {
        printReview(outcome.results, post: outcome.list, commit: outcome.commit?.id, format: format)
        if format == .text {
            Terminal.err(Self.summary(outcome))
            if outcome.firstSync && outcome.changesList && outcome.conflicts == 0 {
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
            case .pull: return "up to date with \(outcome.other) at \(outcome.syncedCommit)"
            case .push: return "\(outcome.other) is up to date with this post"
            }
        }
        return "wrote \(outcome.list); commit with --commit to record \(outcome.syncedCommit) as the base of the next sync"
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
    var source: String

    @OptionGroup var sync: SyncOptions
    @OptionGroup var options: PostOptions
    @OptionGroup var commit: CommitOptions

    func validate() throws {
        try commit.check()
    }

    func run() throws {
        var outcome: Sync.Outcome?
        try runReportingErrors {
            outcome = try sync.sync(with: source, options, commit).pull()
        }
        if let outcome { try sync.report(outcome) }
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
