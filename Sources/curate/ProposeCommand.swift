import ArgumentParser
import CurateGit
import CurateKit
import Foundation

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

    @Flag(help: "Commit the change through libgit2 on the checked-out branch.")
    var commit = false

    @Option(help: ArgumentHelp("Commit on this branch instead (created from HEAD if missing).", valueName: "branch"))
    var branch: String?

    @Option(help: ArgumentHelp("The commit's subject line.", valueName: "subject"))
    var message: String?

    @Option(
        help: ArgumentHelp(
            "Author and committer, \"Name <email>\" (default: git's user.name and user.email).", valueName: "author"))
    var author: Signature?

    @Flag(help: "Print the unified diff instead of writing or committing.")
    var dryRun = false

    @Option(help: "Output format: text or json.")
    var format: ReportFormat = .text

    func validate() throws {
        if message != nil && !commit && branch == nil { throw ValidationError("--message needs --commit or --branch") }
        if let branch { try GitSupport.validateBranch(branch) }
    }

    func run() throws {
        var failed = false
        try runReportingErrors {
            let configuration = try options.loadConfiguration()
            let path = try singlePost(options, configuration: configuration)
            let batch = try proposals.proposals()
            let reviewer = proposals.reviewer(configuration)
            let editor = PostEditor(configuration: configuration)
            if (commit || branch != nil) && !dryRun {
                failed = try commitThroughGit(path: path, batch: batch, reviewer: reviewer, editor: editor)
                return
            }
            let post = try PostReader.read(path: path)
            let review = reviewer.review(batch, against: post)
            failed = review.hasInvalid
            let output = failed ? post.bytes : try editor.apply(review, to: post)
            if dryRun {
                printReview(review.results, post: path, commit: nil, format: format)
                if format == .text {
                    Terminal.outBytes(
                        Array(UnifiedDiff.make(old: post.bytes, new: output, oldName: "a/" + path, newName: "b/" + path).utf8))
                }
            } else {
                if !failed && output != post.bytes {
                    try FileSystem.writeAtomically(output, to: path, displayPath: path, replacing: post.bytes)
                }
                printReview(review.results, post: path, commit: nil, format: format)
                if format == .text { Terminal.err(summary(review, wrote: !failed && output != post.bytes, path: path)) }
            }
            Terminal.flush()
        }
        if failed { throw ExitCode.failure }
    }

    /// Reviews and applies against the branch tip, committing with compare-and-swap.
    /// Returns whether an invalid proposal stopped it.
    private func commitThroughGit(path: String, batch: [Proposal], reviewer: Reviewer, editor: PostEditor) throws -> Bool {
        let repository = try GitSupport.repository(containing: path)
        let inRepository = try GitSupport.pathInRepository(path, repository: repository)
        let signature = try GitSupport.signature(author, repository: repository)
        var last: Review?
        var invalid = false
        let outcome = try repository.commitFile(
            at: inRepository, target: branch.map { CommitTarget.branch($0) } ?? .checkedOutBranch, author: signature
        ) { current, _ in
            let post = try PostReader.parse(current, path: path)
            let review = reviewer.review(batch, against: post)
            last = review
            invalid = review.hasInvalid
            guard !invalid, !review.additions.isEmpty else { return nil }
            let bytes = try editor.apply(review, to: post)
            return FileChange(bytes: bytes, message: commitMessage(review, post: post))
        }
        let results = last?.results ?? []
        switch outcome {
        case let .committed(id, branch, attempts):
            printReview(results, post: path, commit: id.description, format: format)
            if format == .text {
                let retried = attempts > 1 ? " (after \(attempts - 1) retr\(attempts == 2 ? "y" : "ies"): the branch moved)" : ""
                Terminal.err("committed \(id.short) on \(GitSupport.shortBranch(branch))\(retried)")
            }
        case let .unchanged(branch):
            printReview(results, post: path, commit: nil, format: format)
            if format == .text {
                Terminal.err(
                    invalid
                        ? "nothing written: fix the invalid proposals first"
                        : "nothing new to add on \(GitSupport.shortBranch(branch)): no commit")
            }
        }
        return invalid
    }

    private func summary(_ review: Review, wrote: Bool, path: String) -> String {
        if review.hasInvalid { return "nothing written: fix the invalid proposals first" }
        if !wrote { return "nothing new to add to \(path)" }
        return "added \(review.additions.count) to \(path)"
    }

    /// `curate: add 2 resources to <title>` and a body listing each addition by section.
    private func commitMessage(_ review: Review, post: Post) -> String {
        let title = post.frontMatter?.key("title")?.scalar ?? Path.lastComponent(of: post.path)
        let count = review.additions.count
        var text = message ?? "curate: add \(count) resource\(count == 1 ? "" : "s") to \(title)"
        var bySection: [(String, [ReviewResult])] = []
        for addition in review.additions {
            let result = review.results[addition.result]
            if let index = bySection.firstIndex(where: { $0.0 == result.section }) {
                bySection[index].1.append(result)
            } else {
                bySection.append((result.section, [result]))
            }
        }
        text += "\n"
        for (section, results) in bySection {
            text += "\n\(section):\n"
            for result in results { text += "- \(result.proposal.title) <\(result.proposal.url)>\n" }
        }
        return text
    }
}
