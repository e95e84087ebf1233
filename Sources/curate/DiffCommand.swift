import ArgumentParser
import CurateKit
import CurateWorkflows

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Review proposals against the post: new, duplicate, near-duplicate or invalid.",
        discussion: """
            Writes nothing. Exit 0 when the review ran. --base REF reviews the entries the \
            branch (HEAD, or --head) adds to the post against the post at REF, reading both \
            from git objects (a pull request's code never runs). --from-event reads an \
            issue's proposals, or a pull request's base, from a GitHub event payload.
            """)

    @OptionGroup var proposals: ProposalOptions
    @OptionGroup var options: PostOptions

    @Option(help: ArgumentHelp("Review the entries the branch adds since this revision.", valueName: "ref"))
    var base: String?

    @Option(help: ArgumentHelp("The branch's revision, with --base (default: HEAD).", valueName: "ref"))
    var head: String?

    @Option(help: "Output format: text, json, markdown (a review table) or sarif.")
    var format: ReviewFormat = .text

    func validate() throws {
        if head != nil && base == nil { throw ValidationError("--head goes with --base") }
        if base != nil && (proposals.given || proposals.fromEvent != nil) {
            throw ValidationError("--base reviews the branch's own entries: give no proposals")
        }
        if base == nil && proposals.fromEvent == nil && !proposals.given {
            throw ValidationError("give a proposals file, --title, --url and --section, --base REF, or --from-event FILE")
        }
    }

    func run() throws {
        try runReportingErrors {
            let configuration = try options.selection.configuration()
            let path = try options.selection.singlePath(configuration: configuration)
            var base = self.base
            var head = self.head ?? "HEAD"
            var batch: [Proposal] = []
            var titles = ProposalTitles()
            if let event = proposals.fromEvent {
                let read = try EventProposals.read(
                    eventFile: event, post: path, configuration: configuration, forms: proposals.forms)
                if case let .pullRequest(baseCommit, headCommit) = read.event.kind {
                    base = baseCommit
                    head = headCommit
                } else {
                    batch = read.proposals
                }
            } else {
                (batch, titles) = try proposals.proposalsWithTitles()
            }
            if let base {
                let outcome = try BranchReview(
                    selection: options.selection, base: base, head: head,
                    allowNearDuplicates: proposals.allowNearDuplicates
                ).run()
                printReview(outcome.review.results, post: outcome.post, commit: nil, format: format)
                return
            }
            let post = try PostReader.read(path: path)
            var review = proposals.reviewer(configuration).review(batch, against: post)
            if let links = try proposals.links(batch, selection: options.selection) { review = links.apply(to: review) }
            printReview(titles.annotate(review.results), post: path, commit: nil, format: format)
        }
    }
}
