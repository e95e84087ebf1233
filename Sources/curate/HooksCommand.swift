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
        abstract:
            "Install the pre-commit and pre-merge-commit hooks into the hooks folder git uses (core.hooksPath honoured).",
        discussion: """
            The same check runs on commits and on the merge commits git merge makes itself. \
            A hook that is not curate's is never replaced silently: curate refuses, or with \
            --force keeps it as pre-commit.local (pre-merge-commit.local) and runs it after \
            its own check.
            """)

    @Flag(help: "Keep an existing, foreign hook as pre-commit.local (pre-merge-commit.local) and chain to it.")
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
            for hook in report.hooks {
                let name = Path.lastComponent(of: hook.path)
                if let kept = hook.kept { Terminal.out("kept the existing \(name) hook as \(kept)") }
                switch hook.action {
                case .installed: Terminal.out("installed curate's \(name) hook: \(hook.path)")
                case .alreadyInstalled: Terminal.out("curate's \(name) hook is already installed: \(hook.path)")
                }
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
