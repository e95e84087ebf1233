import ArgumentParser
import CurateWorkflows

struct MergeDriverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge-driver",
        abstract: "Three-way merge of a curated post by entries, as a git merge driver (%O %A %B %P).",
        discussion: """
            Writes the result into OURS. Exit 0 when clean, 1 when conflicts are left between \
            markers. Registered by `curate hooks install --merge-driver`.
            """)

    @Argument(help: "The common ancestor's version (%O).")
    var base: String

    @Argument(help: "Our version (%A); the result is written here.")
    var ours: String

    @Argument(help: "Their version (%B).")
    var theirs: String

    @Argument(help: "The post's path in the repository (%P), for messages.")
    var path: String?

    @Option(help: ArgumentHelp("The configuration file.", valueName: "path"))
    var config: String?

    func run() throws {
        var conflicted = false
        try runReportingErrors {
            let outcome = try MergeFiles(
                base: base, ours: ours, theirs: theirs, path: path, selection: PostSelection(configurationFile: config)
            ).run()
            if outcome.conflicts > 0 {
                conflicted = true
                let how = outcome.byLines.map { " (merged by lines: \($0))" } ?? ""
                Terminal.err(
                    "curate merge-driver: \(outcome.conflicts) conflict\(outcome.conflicts == 1 ? "" : "s") left in \(outcome.path)\(how)"
                )
            }
        }
        if conflicted { throw ExitCode.failure }
    }
}
