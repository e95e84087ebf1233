import ArgumentParser
import CurateKit
import CurateWorkflows
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

struct LinksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "links",
        abstract: "Check that the posts' links still lead somewhere.",
        discussion: """
            Each resource (dedupe key) is fetched once and reported with every line that links \
            it: alive, dead (404, 410, a host that does not exist, or a failure that persisted \
            across runs for links.dead-after) or unverified with a reason (rate-limited, bot \
            wall, timeout, reset, server error, TLS ...). Text output lists what is not alive; \
            exit 1 when a link is dead (or unverified, with --strict). Verdicts are cached in \
            .git/curate/links.json; an alive link checked within --max-cache-age is not \
            fetched again. See Documentation/Links.md.
            """)

    @Argument(help: ArgumentHelp("Posts to check (default: the posts in curate.yml).", valueName: "path"))
    var paths: [String] = []

    @OptionGroup var options: PostOptions

    @Option(help: ArgumentHelp("Check only links on lines added or changed since this revision.", valueName: "ref"))
    var since: String?

    @Option(help: "Output format: text, json or github (workflow annotations).")
    var format: LinksFormat = .text

    @Flag(help: "Unverified links fail too.")
    var strict = false

    @Option(help: ArgumentHelp("Seconds one request may take.", valueName: "secs"))
    var timeout: Double = 20

    @Option(help: ArgumentHelp("Requests in flight at once, all hosts together.", valueName: "n"))
    var maxConcurrency = 64

    @Option(help: ArgumentHelp("Requests in flight at once to one host.", valueName: "n"))
    var hostConcurrency = 2

    @Option(
        help: ArgumentHelp(
            "Time between two requests to one host (100ms, 1s ...).", valueName: "duration"))
    var hostRequestInterval = "100ms"

    @Option(help: ArgumentHelp("Retries after a 429, a 5xx or a transient failure.", valueName: "n"))
    var maxRetries = 2

    @Option(help: ArgumentHelp("Statuses taken as alive, e.g. '200..=299, 403'.", valueName: "codes"))
    var accept: String?

    @Option(help: ArgumentHelp("Skip URLs matching this regular expression (repeatable).", valueName: "regex"))
    var exclude: [String] = []

    @Option(help: ArgumentHelp("The verdict cache (default: .git/curate/links.json).", valueName: "path"))
    var cache: String?

    @Flag(help: "Neither read nor write the verdict cache.")
    var noCache = false

    @Option(help: ArgumentHelp("Reuse an alive verdict younger than this (1d, 12h ...).", valueName: "duration"))
    var maxCacheAge = "1d"

    @Option(
        help: ArgumentHelp(
            "A failure persisting this long across runs makes a link dead (default: links.dead-after, 7d).", valueName: "duration"
        ))
    var deadAfter: String?

    @Flag(help: "No network: report the cached verdicts.")
    var offline = false

    @Option(help: ArgumentHelp("Trust this certificate authority too (a PEM file).", valueName: "path"))
    var caFile: String?

    @Flag(
        help: """
            Point links that moved permanently at their new URL: write the posts, or commit \
            with --commit or --branch (for a pull request to review).
            """)
    var updateMoved = false

    @Flag(help: "With --update-moved: print the diff and change nothing.")
    var dryRun = false

    @OptionGroup var commit: CommitOptions

    func validate() throws {
        guard timeout > 0, timeout <= 3600 else {
            throw ValidationError("--timeout must be a number of seconds above 0 and at most 3600")
        }
        guard maxConcurrency >= 1 else { throw ValidationError("--max-concurrency must be at least 1") }
        guard hostConcurrency >= 1 else { throw ValidationError("--host-concurrency must be at least 1") }
        guard maxRetries >= 0 else { throw ValidationError("--max-retries must be 0 or more") }
        for (flag, value) in [
            ("--host-request-interval", hostRequestInterval), ("--max-cache-age", maxCacheAge), ("--dead-after", deadAfter),
        ] {
            if let value, LinksSettings.parseDuration(value) == nil {
                throw ValidationError("\(flag) takes a duration such as 500ms, 30s, 12h or 7d, not \(value.debugDescription)")
            }
        }
        // A wait between two requests to one host that no run could finish.
        if let interval = LinksSettings.parseDuration(hostRequestInterval), interval > 3600 {
            throw ValidationError("--host-request-interval must be at most 1h, not \(hostRequestInterval.debugDescription)")
        }
        // A certificate file that cannot be read would make every https link a TLS failure.
        if let caFile {
            guard let text = try? String(contentsOfFile: caFile, encoding: .utf8), text.contains("-----BEGIN CERTIFICATE-----")
            else { throw ValidationError("--ca-file \(caFile) is not a readable file of PEM certificates") }
        }
        if let accept, AcceptedStatuses(parsing: accept) == nil {
            throw ValidationError(
                "--accept takes status codes and ranges such as '200..=299, 403', not \(accept.debugDescription)")
        }
        for pattern in exclude where (try? Regex(pattern)) == nil {
            throw ValidationError("--exclude takes a regular expression, not \(pattern.debugDescription)")
        }
        if !updateMoved && (dryRun || commit.commit || commit.branch != nil || commit.message != nil) {
            throw ValidationError("--dry-run, --commit, --branch and --message go with --update-moved")
        }
        try commit.check()
        if noCache && cache != nil { throw ValidationError("--cache and --no-cache contradict each other") }
        if offline && noCache { throw ValidationError("--offline reads the cache: it cannot go with --no-cache") }
    }

    var checkOptions: LinkCheckOptions {
        var settings = LinkCheckOptions()
        settings.timeout = timeout
        settings.maxConcurrency = maxConcurrency
        settings.hostConcurrency = hostConcurrency
        settings.hostRequestInterval = LinksSettings.parseDuration(hostRequestInterval) ?? 0.1
        settings.maxRetries = maxRetries
        settings.accept = accept.flatMap(AcceptedStatuses.init(parsing:))
        settings.exclude = exclude
        settings.cachePath = cache
        settings.useCache = !noCache
        settings.maxCacheAge = LinksSettings.parseDuration(maxCacheAge) ?? 86400
        settings.deadAfter = deadAfter.flatMap(LinksSettings.parseDuration)
        settings.offline = offline
        settings.caFile = caFile
        settings.gitHubToken = ProcessInfo.processInfo.environment["GITHUB_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        settings.userAgent = "curate/\(CurateVersion.string) (link checker for curated lists)"
        return settings
    }

    func run() throws {
        // The checking threads mostly wait on the network: two malloc arenas instead of
        // one per thread (glibc's default, up to eight per core) keep the peak memory of a
        // run near its baseline.
        limitMallocArenas(2)
        var failed = false
        try runReportingErrors {
            let bar: ProgressBar? = ProgressBar.enabled ? ProgressBar() : nil
            var report: (@Sendable (Int, Int) -> Void)?
            if let bar { report = { done, total in bar.show(done, total) } }
            let check = LinkCheck(selection: options.selection, paths: paths, since: since, options: checkOptions)
            let result = try check.run(progress: report)
            bar?.clear()
            let reports = result.reports
            switch format {
            case .text:
                for line in LinkReportRenderer.text(
                    reports,
                    paint: { text, status in
                        Terminal.paint(text, status == .dead ? .red : status == .unverified ? .yellow : .cyan)
                    })
                {
                    Terminal.out(line)
                }
                let summary = LinkSummary(reports)
                let cached = reports.filter(\.cached).count
                var line =
                    "\(reports.count) resource\(reports.count == 1 ? "" : "s"): \(summary.alive) alive, \(summary.dead) dead, \(summary.unverified) unverified"
                if cached > 0 { line += "; \(cached) from the cache" }
                if result.excluded > 0 { line += "; \(result.excluded) excluded" }
                Terminal.flush()
                Terminal.err(line)
            case .json:
                Terminal.out(LinkReportRenderer.json(reports).serialized())
            case .github:
                LinkReportRenderer.github(reports).forEach(Terminal.out)
            }
            Terminal.flush()
            if updateMoved { try applyMoves(reports) }
            let summary = LinkSummary(reports)
            failed = summary.dead > 0 || (strict && summary.unverified > 0)
        }
        if failed { throw ExitCode.failure }
    }
}

extension LinksCommand {
    /// `--update-moved`: the permanent moves as a diff, a write or a commit.
    func applyMoves(_ reports: [LinkReport]) throws {
        let moved = reports.filter { $0.verdict.finalURL != nil }
        guard !moved.isEmpty else {
            Terminal.err("no link moved permanently: nothing to update")
            return
        }
        let posts = moved.flatMap { $0.lines.map(\.path) }
        let outcomes = try MovedLinks(selection: options.selection, reports: moved, commit: commit.settings, dryRun: dryRun)
            .run(posts: posts)
        for outcome in outcomes {
            for skip in outcome.skipped {
                Terminal.err("\(outcome.post):\(skip.line): not updated to \(skip.new): \(skip.reason)")
            }
        }
        for outcome in outcomes where !outcome.updates.isEmpty {
            let count = "\(outcome.updates.count) moved link\(outcome.updates.count == 1 ? "" : "s")"
            if dryRun {
                if format == .text {
                    Terminal.outBytes(
                        Array(
                            UnifiedDiff.make(
                                old: outcome.before, new: outcome.after, oldName: "a/" + outcome.post,
                                newName: "b/" + outcome.post
                            ).utf8))
                }
            } else if let record = outcome.commit {
                Terminal.err("committed \(record.shortID) on \(record.branch): \(count) in \(outcome.post)")
            } else if outcome.wroteFile {
                Terminal.err("updated \(count) in \(outcome.post)")
            }
        }
        Terminal.flush()
    }
}

/// The output formats of `curate links`.
enum LinksFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, github
}

/// A one-line progress bar on stderr for long runs: only on a terminal, never under
/// NO_COLOR or in CI.
final class ProgressBar: @unchecked Sendable {
    static var enabled: Bool {
        let environment = ProcessInfo.processInfo.environment
        return isatty(2) != 0 && environment["NO_COLOR"] == nil && environment["CI"] == nil
    }

    private let lock = NSLock()
    private var shown = false

    func show(_ done: Int, _ total: Int) {
        lock.lock()
        defer { lock.unlock() }
        let width = 30
        let filled = total == 0 ? width : done * width / total
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        write("\r[\(bar)] \(done)/\(total) links")
        shown = true
    }

    func clear() {
        lock.lock()
        defer { lock.unlock() }
        if shown { write("\r\u{1B}[2K") }
    }

    private func write(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }
}

/// glibc's `mallopt(M_ARENA_MAX, count)` (malloc.h is not in Swift's Glibc module).
private func limitMallocArenas(_ count: Int32) {
    typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
    let mArenaMax: Int32 = -8
    guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
    _ = unsafeBitCast(address, to: Mallopt.self)(mArenaMax, count)
}
