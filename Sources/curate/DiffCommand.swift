import ArgumentParser
import CurateKit
import CurateWorkflows

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Review proposals against the post: new, duplicate, near-duplicate or invalid.",
        discussion: "Writes nothing. Exit 0 when the review ran.")

    @OptionGroup var proposals: ProposalOptions
    @OptionGroup var options: PostOptions

    @Option(help: "Output format: text or json.")
    var format: ReportFormat = .text

    func run() throws {
        try runReportingErrors {
            let configuration = try options.selection.configuration()
            let path = try options.selection.singlePath(configuration: configuration)
            let post = try PostReader.read(path: path)
            let review = proposals.reviewer(configuration).review(try proposals.proposals(), against: post)
            printReview(review.results, post: path, commit: nil, format: format)
        }
    }
}
