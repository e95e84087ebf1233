import ArgumentParser
import CurateKit
import CurateWorkflows
import Foundation

struct HooksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hooks",
        abstract: "Install curate's git hooks.",
        subcommands: [InstallHook.self])
}

struct InstallHook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install the pre-commit hook into the hooks folder git uses (core.hooksPath honoured).",
        discussion: """
            A pre-commit hook that is not curate's is never replaced silently: curate refuses, \
            or with --force keeps it as pre-commit.local and runs it after its own check.
            """)

    @Flag(help: "Keep an existing, foreign pre-commit hook as pre-commit.local and chain to it.")
    var force = false

    @Flag(help: "Also register `curate merge-driver` for the configured posts (git config and .gitattributes).")
    var mergeDriver = false

    @OptionGroup var options: PostOptions

    func run() throws {
        try runReportingErrors {
            let report = try HookInstaller(
                executable: Self.executablePath, force: force,
                mergeDriver: mergeDriver, selection: options.selection
            ).install()
            if let posts = report.mergeDriverPosts {
                Terminal.out(
                    "registered curate's merge driver for \(posts.joined(separator: ", ")) (merge.curate.driver, .gitattributes)")
            }
            if let kept = report.keptForeignHook { Terminal.out("kept the existing hook as \(kept)") }
            switch report.action {
            case .installed: Terminal.out("installed curate's pre-commit hook: \(report.hook)")
            case .alreadyInstalled: Terminal.out("curate's pre-commit hook is already installed: \(report.hook)")
            }
            Terminal.flush()
        }
    }

    /// The absolute path of this curate binary.
    static var executablePath: String {
        let link = "/proc/self/exe"
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: link) { return resolved }
        return CommandLine.arguments[0]
    }
}
