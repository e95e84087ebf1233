import ArgumentParser
import CurateKit
import CurateWorkflows

/// The inputs `diff` and `propose` share: proposals files, or one link from flags.
struct ProposalOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Proposals files: YAML lists, or Markdown shaped like a post.", valueName: "proposals"))
    var files: [String] = []

    @Option(help: "The title of one link to propose (with --url and --section).")
    var title: String?

    @Option(help: "The URL of the link.")
    var url: String?

    @Option(help: ArgumentHelp("The section it goes under (\"Parent / Child\" for a nested one).", valueName: "heading"))
    var section: String?

    @Option(help: "An optional description of the link.")
    var description: String?

    @Flag(help: "Create sections the post does not have (at the end, at the level of their siblings).")
    var createSections = false

    @Flag(help: "Add near-duplicates too.")
    var allowNearDuplicates = false

    @Option(
        help: ArgumentHelp(
            "A GitHub event payload ($GITHUB_EVENT_PATH): an issue's proposals, read with the repository's issue forms.",
            valueName: "file"))
    var fromEvent: String?

    @Option(
        help: ArgumentHelp(
            "The folder of issue forms (default: .github/ISSUE_TEMPLATE of the repository).", valueName: "folder"))
    var forms: String?

    @Flag(help: "Fetch nothing: proposals without a title stay without one (and are invalid).")
    var offline = false

    @Flag(help: "Check the proposals' links as curate links does: a dead link refuses its proposal.")
    var checkLinks = false

    func validate() throws {
        if (url == nil) != (section == nil) || (title != nil && url == nil) {
            throw ValidationError("--url and --section go together (--title too, else the title is fetched)")
        }
        if description != nil && url == nil { throw ValidationError("--description needs --url and --section") }
        if forms != nil && fromEvent == nil { throw ValidationError("--forms goes with --from-event") }
        if checkLinks && offline { throw ValidationError("--check-links fetches: it cannot be --offline") }
        if fromEvent != nil && (!files.isEmpty || title != nil) {
            throw ValidationError("--from-event reads the proposals from the event: give no proposals file or --title")
        }
    }

    /// Whether proposals were given (files or --title), as opposed to another source.
    var given: Bool { !files.isEmpty || url != nil }

    /// The links of `proposals` checked (with --check-links), else nothing.
    func links(_ proposals: [Proposal], selection: PostSelection) throws -> ProposalLinks? {
        guard checkLinks else { return nil }
        return try ProposalLinks.check(proposals, with: LinkCheck(selection: selection))
    }

    /// The proposals with the titles nobody wrote fetched (unless --offline), and where
    /// each came from.
    func proposalsWithTitles() throws -> ([Proposal], ProposalTitles) {
        let proposals = try proposals()
        guard !offline, proposals.contains(where: { $0.title.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            return (proposals, ProposalTitles())
        }
        return ProposalTitles.fill(
            proposals, with: try TitleFetcher(userAgent: "curate/\(CurateVersion.string) (titles for curated lists)"))
    }

    /// Every proposal, files first, in order.
    func proposals() throws -> [Proposal] {
        var result: [Proposal] = []
        for file in files { result += try ProposalReader.read(path: file) }
        if let url, let section {
            result.append(
                Proposal(title: title ?? "", url: url, section: section, description: description, origin: "argument"))
        }
        return result
    }

    func reviewer(_ configuration: Configuration) -> Reviewer {
        Reviewer(configuration: configuration, createSections: createSections, allowNearDuplicates: allowNearDuplicates)
    }
}

/// Prints a review as text, JSON, Markdown or SARIF.
func printReview(_ results: [ReviewResult], post: String, commit: String?, format: ReviewFormat) {
    if format == .markdown {
        Terminal.outBytes(Array(ReviewRenderer.markdown(post: post, results: results, commit: commit).utf8))
    } else if format == .sarif {
        Terminal.out(SARIFRenderer.review(results, version: CurateVersion.string).serialized())
    } else if format == .json {
        Terminal.out(ReviewRenderer.json(post: post, results: results, commit: commit).serialized())
    } else {
        let lines = ReviewRenderer.text(results) { text, status in
            switch status {
            case .new, .updated: return Terminal.paint(text, .green)
            case .duplicate, .removed: return Terminal.paint(text, .dim)
            case .nearDuplicate, .conflict: return Terminal.paint(text, .yellow)
            case .invalid: return Terminal.paint(text, .red)
            }
        }
        lines.dropLast().forEach(Terminal.out)
        Terminal.flush()
        if let totals = lines.last { Terminal.err(totals) }
    }
    Terminal.flush()
}
