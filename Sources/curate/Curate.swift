import ArgumentParser
import CurateKit
import Foundation

@main
struct Curate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "curate",
        abstract: "Keep a curated list of links honest: check, normalize, dedupe, propose and sync.",
        discussion: """
            Posts come from --post or the posts: list of curate.yml (looked up in the current \
            folder, then curation/, then each parent up to the repository root). \
            Exit codes: 0 fine, 1 findings at error level (or a change --check would make), \
            2 or more: could not run.
            """,
        version: CurateVersion.string,
        subcommands: [
            CheckCommand.self, FormatCommand.self, URLCommand.self, DiffCommand.self, ProposeCommand.self, SyncCommand.self,
            HooksCommand.self, MergeDriverCommand.self, RulesCommand.self, LinksCommand.self, TitleCommand.self,
        ]
    )
}

extension Curate {
    /// Runs curate, reporting argument errors in the contract's form: one line
    /// `curate: error: <what> (arguments)` and a hint, exit 64 (help and version print as
    /// usual, exit 0).
    static func main() {
        Terminal.surviveClosedPipes()
        let command: ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            let code = exitCode(for: error)
            guard code != .success else { exit(withError: error) }
            var message = Self.message(for: error).trimmingCharacters(in: .whitespacesAndNewlines)
            if message.hasPrefix("Error: ") { message = String(message.dropFirst(7)) }
            Terminal.err("curate: error: \(message) (arguments)")
            Terminal.err("  see curate --help, or curate <command> --help")
            Foundation.exit(code.rawValue)
        }
        do {
            var command = command
            try command.run()
        } catch {
            exit(withError: error)
        }
    }
}

enum CurateVersion {
    static let string = "0.1.0"
}
