import ArgumentParser
import CurateGit
import CurateKit
import Foundation

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
            let postPaths = try options.postPaths(paths, configuration: configuration)
            let repository = staged || since != nil ? try GitSupport.discover(from: FileSystem.currentDirectory) : nil
            let baseline = try since.map { try repository!.resolveRevision($0) }
            for path in postPaths {
                let bytes: [UInt8]
                if let repository, staged {
                    guard let stagedBytes = try GitSupport.stagedPost(path, repository: repository) else { continue }
                    bytes = stagedBytes
                } else {
                    bytes = try FileSystem.readPost(path: path, displayPath: path, limit: PostReader.sizeLimit)
                }
                var findings = checker.check(try PostReader.parse(bytes, path: path))
                if let repository, let baseline {
                    let inRepository = try GitSupport.pathInRepository(path, repository: repository)
                    let old = try repository.file(at: inRepository, in: baseline).map { try repository.blob($0.blob) } ?? []
                    let changed = UnifiedDiff.changedLines(old: old, new: bytes)
                    findings.removeAll { !$0.involves(changed) }
                }
                files.append((path, findings))
            }
            let all = files.count == 1 ? files[0].findings : files.flatMap(\.findings)
            switch format {
            case .text:
                for finding in all {
                    Terminal.out(
                        FindingRenderer.text(finding) { text, severity in
                            Terminal.paint(text, severity == .error ? .red : .yellow)
                        })
                }
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
