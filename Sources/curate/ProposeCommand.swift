import ArgumentParser
import CurateKit
import CurateWorkflows

struct ProposeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "propose",
        abstract: "Add the new proposals to the post, normalized; optionally commit through libgit2.",
        discussion: """
            Without --commit it writes the post (atomically). --commit commits on the checked-out \
            branch and updates the index and the working file; --branch B commits on B (made \
            from HEAD if missing) and leaves the checkout alone. Exit 1 if any proposal is \
            invalid: nothing is written then.
            """)

    @OptionGroup var proposals: ProposalOptions
    @OptionGroup var options: PostOptions
    @OptionGroup var commit: CommitOptions

    @Flag(help: "Print the unified diff instead of writing or committing.")
    var dryRun = false

    @Option(help: "Output format: text, json, markdown (a review table) or sarif.")
    var format: ReviewFormat = .text

    func validate() throws {
        try commit.check()
        if proposals.fromEvent == nil && !proposals.given {
            throw ValidationError("give a proposals file, --title, --url and --section, or --from-event FILE")
        }
    }

    func run() throws {
        var failed = false
        try runReportingErrors {
            var propose = Propose(
                selection: options.selection, proposals: [], createSections: proposals.createSections,
                allowNearDuplicates: proposals.allowNearDuplicates, commit: commit.settings, dryRun: dryRun)
            var outcome: Propose.Outcome
            if let event = proposals.fromEvent {
                let configuration = try options.selection.configuration()
                let read = try EventProposals.read(
                    eventFile: event, post: try options.selection.singlePath(configuration: configuration),
                    configuration: configuration, forms: proposals.forms)
                guard read.event.kind == .issue else {
                    throw ValidationError(
                        "the event is a pull request: review its entries with curate diff --from-event (or --base REF)")
                }
                outcome = try Propose.fromIssue(read, selection: options.selection, settings: propose)
            } else {
                var titles = ProposalTitles()
                (propose.proposals, titles) = try proposals.proposalsWithTitles()
                propose.links = try proposals.links(propose.proposals, selection: options.selection)
                outcome = try propose.run()
                outcome.review.results = titles.annotate(outcome.review.results)
            }
            failed = outcome.refused
            printReview(outcome.review.results, post: outcome.post, commit: outcome.commit?.id, format: format)
            if format == .text {
                if dryRun {
                    let diff = UnifiedDiff.make(
                        old: outcome.before, new: outcome.after, oldName: "a/" + outcome.post, newName: "b/" + outcome.post)
                    Terminal.outBytes(Array(diff.utf8))
                } else {
                    Terminal.err(summary(outcome))
                }
            }
            Terminal.flush()
        }
        if failed { throw ExitCode.failure }
    }

    private func summary(_ outcome: Propose.Outcome) -> String {
        if outcome.refused { return "nothing written: fix the invalid proposals first" }
        if let commit = outcome.commit {
            let retries = commit.attempts - 1
            let retried = retries > 0 ? " (after \(retries) retr\(retries == 1 ? "y" : "ies"): the branch moved)" : ""
            return "committed \(commit.shortID) on \(commit.branch)\(retried)"
        }
        if let branch = outcome.branch { return "nothing new to add on \(branch): no commit" }
        if !outcome.wroteFile { return "nothing new to add to \(outcome.post)" }
        return "added \(outcome.review.additions.count) to \(outcome.post)"
    }
}
