import ArgumentParser
import CurateKit
import CurateWorkflows

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate posts with curate's rules.",
        discussion: """
            Prints path:line:col: severity rule-id message. Exit 1 when there are errors (or \
            warnings with --strict). --staged checks what git would commit (the index, or the \
            one GIT_INDEX_FILE names during git commit), and only posts that differ from HEAD.
            """)

    @Argument(help: ArgumentHelp("Posts to check (default: the posts in curate.yml).", valueName: "path"))
    var paths: [String] = []

    @OptionGroup var options: PostOptions

    @Flag(help: "Check the versions staged in the git index, not the working tree.")
    var staged = false

    @Option(help: ArgumentHelp("Report only findings on lines added or changed since this revision.", valueName: "ref"))
    var since: String?

    @Option(help: "Output format: text, json, github (workflow annotations), markdown or sarif.")
    var format: OutputFormat = .text

    @Flag(help: "Warnings fail too.")
    var strict = false

    func run() throws {
        var failed = false
        try runReportingErrors {
            var check = Check(selection: options.selection, paths: paths, staged: staged, since: since)
            check.fingerprints = format == .sarif
            check.recordsHookPaths = true
            check.keepsPostsUntilExit = true
            let files = try check.run()
            // The findings are the process's last work: the exit frees them at once.
            UntilExit.keep(files)
            let all = files.count == 1 ? files[0].findings : files.flatMap(\.findings)
            switch format {
            case .text:
                // Written as rendered, part by part: 100k findings are megabytes of text.
                for part in FindingRenderer.textParts(all, colored: Terminal.colorOutput) { Terminal.writeDirectly(part) }
                let summary = FindingSummary(all)
                if !all.isEmpty {
                    Terminal.err(
                        "\(summary.errors) error\(summary.errors == 1 ? "" : "s"), \(summary.warnings) warning\(summary.warnings == 1 ? "" : "s") in \(files.count) post\(files.count == 1 ? "" : "s")"
                    )
                }
            case .json:
                Terminal.out(FindingRenderer.json(files: files.map { ($0.path, $0.findings) }).serialized())
            case .github:
                FindingRenderer.github(all).forEach(Terminal.out)
            case .markdown:
                Terminal.outBytes(Array(FindingRenderer.markdown(files: files.map { ($0.path, $0.findings) }).utf8))
            case .sarif:
                let document = SARIFRenderer.findings(
                    files.flatMap(\.findings), fingerprints: files.flatMap(\.fingerprints), version: CurateVersion.string)
                Terminal.out(document.serialized())
            }
            Terminal.flush()
            let summary = FindingSummary(all)
            failed = summary.errors > 0 || (strict && summary.warnings > 0)
        }
        if failed { throw ExitCode.failure }
    }
}
