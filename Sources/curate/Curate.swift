import ArgumentParser
import CurateKit
import Foundation

@main
struct Curate: ParsableCommand {
    static var configuration: CommandConfiguration {
        guard skipsCompletionScriptCheck else { return plainConfiguration }
        var configuration = plainConfiguration
        configuration._superCommandName = "curate"
        return configuration
    }

    private static let plainConfiguration = CommandConfiguration(
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
        WarmUp.start(CommandLine.arguments)
        let command: ParsableCommand
        do {
            command = try parsedWithoutCompletionScriptCheck() ?? parseAsRoot()
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

extension Curate {
    /// Set while ``parsedWithoutCompletionScriptCheck()`` parses.
    nonisolated(unsafe) private static var skipsCompletionScriptCheck = false

    /// The command line parsed without ArgumentParser's look for
    /// `--generate-completion-script`: it parses every command line twice more for it, a
    /// quarter of curate's start-up (7 M instructions, most of them first lookups of
    /// generic types). ArgumentParser skips that look for a root command with a
    /// super-command name, which nothing else in a parse reads (only help text shows it).
    /// So a command line that does not name the option is parsed that way, and whatever
    /// is not simply one of curate's commands parsed (an error, help, the version, the
    /// `help` command, a completion request) is nil: `main` parses it again as usual, and
    /// prints what it always printed. Parsing has no side effects (conversions and
    /// `validate()` only read their values), so parsing twice changes nothing but time.
    static func parsedWithoutCompletionScriptCheck() -> ParsableCommand? {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard !arguments.contains(where: { $0.hasPrefix("--generate-completion-script") || $0.hasPrefix("---") })
        else { return nil }
        skipsCompletionScriptCheck = true
        defer { skipsCompletionScriptCheck = false }
        guard let command = try? parseAsRoot(arguments),
            commandTypes.contains(where: { $0 == type(of: command) })
        else { return nil }
        return command
    }

    /// curate and every command under it.
    private static var commandTypes: [ParsableCommand.Type] {
        var types: [ParsableCommand.Type] = [Curate.self]
        var index = 0
        while index < types.count {
            types += types[index].configuration.subcommands
            index += 1
        }
        return types
    }
}

enum CurateVersion {
    static let string = "0.1.0"
}
