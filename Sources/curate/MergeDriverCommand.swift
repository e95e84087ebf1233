import ArgumentParser
import CurateGit
import CurateKit

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
            var options = PostOptions()
            options.config = config
            let configuration = try options.loadConfiguration()
            let shown = path ?? ours
            let baseBytes = try FileSystem.readAll(path: base, displayPath: base)
            let ourBytes = try FileSystem.readAll(path: ours, displayPath: ours)
            let theirBytes = try FileSystem.readAll(path: theirs, displayPath: theirs)
            let driver = MergeDriver(configuration: configuration) { base, ours, theirs in
                let merged = try LineMerge.merge(base: base, ours: ours, theirs: theirs)
                return (merged.bytes, merged.conflicts)
            }
            let outcome = try driver.merge(base: baseBytes, ours: ourBytes, theirs: theirBytes, path: shown)
            try FileSystem.writeAtomically(outcome.bytes, to: ours, displayPath: shown)
            if let reason = outcome.byLines, outcome.conflicts > 0 {
                Terminal.err("curate merge-driver: merged \(shown) by lines as git does (\(reason))")
            }
            if outcome.conflicts > 0 {
                conflicted = true
                Terminal.err(
                    "curate merge-driver: \(outcome.conflicts) conflict\(outcome.conflicts == 1 ? "" : "s") left in \(shown)")
            }
        }
        if conflicted { throw ExitCode.failure }
    }
}
