import ArgumentParser
import CurateKit
import CurateWorkflows

/// Flags every command that reads posts shares.
struct PostOptions: ParsableArguments {
    @Option(
        name: .customLong("post"), help: ArgumentHelp("A post to read (instead of the posts in curate.yml).", valueName: "path"))
    var post: [String] = []

    @Option(help: ArgumentHelp("The configuration file (default: curate.yml found from the current folder).", valueName: "path"))
    var config: String?

    var selection: PostSelection { PostSelection(posts: post, configurationFile: config) }
}

/// How `propose` and `sync` commit: `--commit`, `--branch`, `--message`, `--author`.
struct CommitOptions: ParsableArguments {
    @Flag(help: "Commit the result through libgit2 on the checked-out branch.")
    var commit = false

    @Option(
        help: ArgumentHelp(
            "Commit on this branch instead (created from HEAD if missing); the checkout is left alone.", valueName: "branch"))
    var branch: String?

    @Option(help: ArgumentHelp("The commit's subject line.", valueName: "subject"))
    var message: String?

    @Option(
        help: ArgumentHelp(
            "Author and committer, \"Name <email>\" (default: git's user.name and user.email).", valueName: "author"))
    var author: CommitAuthor?

    /// Rejects --message without a commit (unless the command always commits) and a
    /// branch name git would refuse.
    func check(alwaysCommits: Bool = false) throws {
        if message != nil && !commit && branch == nil && !alwaysCommits {
            throw ValidationError("--message needs --commit or --branch")
        }
        if let branch, !CommitSettings.isValidBranch(branch) {
            throw ValidationError("\(branch.debugDescription) is not a valid branch name")
        }
    }

    var settings: CommitSettings {
        let destination: CommitDestination =
            branch.map { .branch($0) } ?? (commit ? .checkedOutBranch : .workingFile)
        return CommitSettings(destination: destination, subject: message, author: author)
    }
}

/// `--author "Name <email>"`.
extension CommitAuthor: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(parsing: argument)
    }
}

/// The output formats of `curate check`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, github, markdown, sarif
}

/// The output formats of `diff` and `propose`: text, JSON, a Markdown table (a pull
/// request comment, a job summary), SARIF 2.1.0.
enum ReviewFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown, sarif
}

/// The output formats of the other commands: text for people, JSON for scripts.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Runs a command body, turning any error curate reports into the contract's one line
/// (and a hint) on stderr, and exit 2.
func runReportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ReportableError {
        Terminal.error(error)
        throw ExitCode(2)
    }
}
