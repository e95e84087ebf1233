import ArgumentParser
import CurateKit

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate posts with curate's rules.",
        discussion: "Prints path:line:col: severity rule-id message. Exit 1 when there are errors (or warnings with --strict).")

    @Argument(help: ArgumentHelp("Posts to check (default: the posts in curate.yml).", valueName: "path"))
    var paths: [String] = []

    @OptionGroup var options: PostOptions

    @Option(help: "Output format: text, json or github (workflow annotations).")
    var format: OutputFormat = .text

    @Flag(help: "Warnings fail too.")
    var strict = false

    func run() throws {
        var failed = false
        try runReportingErrors {
            let configuration = try options.loadConfiguration()
            let checker = Checker(configuration: configuration)
            var files: [(path: String, findings: [Finding])] = []
            for path in try options.postPaths(paths, configuration: configuration) {
                let post = try PostReader.read(path: path)
                files.append((path, checker.check(post)))
            }
            let all = files.flatMap(\.findings)
            switch format {
            case .text:
                let lines = FindingRenderer.text(all) { text, severity in
                    Terminal.paint(text, severity == .error ? .red : .yellow)
                }
                lines.forEach(Terminal.out)
                let summary = FindingSummary(all)
                if !all.isEmpty {
                    Terminal.err(
                        "\(summary.errors) error\(summary.errors == 1 ? "" : "s"), \(summary.warnings) warning\(summary.warnings == 1 ? "" : "s") in \(files.count) post\(files.count == 1 ? "" : "s")"
                    )
                }
            case .json:
                Terminal.out(FindingRenderer.json(files: files).serialized())
            case .github:
                FindingRenderer.github(all).forEach(Terminal.out)
            }
            Terminal.flush()
            let summary = FindingSummary(all)
            failed = summary.errors > 0 || (strict && summary.warnings > 0)
        }
        if failed { throw ExitCode.failure }
    }
}
