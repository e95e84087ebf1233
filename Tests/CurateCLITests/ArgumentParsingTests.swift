import Foundation
import Testing

/// curate parses a command line first without ArgumentParser's look for
/// `--generate-completion-script`, and again as usual for anything but one of its
/// commands: help, the version, errors and completion scripts read as they always did.
@Suite struct ArgumentParsingTests {
    @Test func theHelpCommandPrintsTheCommandsHelp() throws {
        let viaHelp = try CLI.run(["help", "check"])
        let viaFlag = try CLI.run(["check", "--help"])
        #expect(viaHelp.status == 0 && viaFlag.status == 0)
        #expect(viaHelp.stdout == viaFlag.stdout)
        #expect(viaHelp.stdout.contains("USAGE: curate check"))
        #expect(!viaHelp.stdout.contains("curate curate"))
    }

    @Test func helpAndVersionAreAsBefore() throws {
        let help = try CLI.run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: curate <subcommand>"))
        #expect(!help.stdout.contains("curate curate"))
        let version = try CLI.run(["--version"])
        #expect(version.status == 0 && version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
    }

    @Test func aCompletionScriptIsStillWritten() throws {
        for shell in ["bash", "zsh", "fish"] {
            let result = try CLI.run(["--generate-completion-script", shell])
            #expect(result.status == 0, "\(shell)")
            #expect(result.stdout.contains("propose"), "\(shell)")
        }
    }

    @Test(arguments: [["check", "--bogus"], ["fmt", "--check", "--stdout"], ["nonsense"], ["propose", "--title"]])
    func anArgumentErrorIsOneLineAndAHint(_ arguments: [String]) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 64)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 2, "\(result.stderr)")
        #expect(lines.first?.hasPrefix("curate: error: ") == true && lines.first?.hasSuffix(" (arguments)") == true)
    }
}
