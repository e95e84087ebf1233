import ArgumentParser
import CurateKit

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

enum CurateVersion {
    static let string = "0.1.0"
}
