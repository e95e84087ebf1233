import ArgumentParser
import CurateKit
import CurateWorkflows

struct FormatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Rewrite posts in normalized form (atomically).",
        discussion: """
            Removes empty placeholder items, renumbers lists, normalizes blank lines and trailing \
            whitespace, strips tracking parameters, ends with one newline. Never adds, drops or \
            alters a link otherwise; front matter and prose stay as they are.
            """)

    @Argument(help: ArgumentHelp("Posts to format (default: the posts in curate.yml).", valueName: "path"))
    var paths: [String] = []

    @OptionGroup var options: PostOptions

    @Flag(help: "Write nothing; exit 1 if any post would change.")
    var check = false

    @Flag(help: "Print the formatted post instead of writing it.")
    var stdout = false

    func validate() throws {
        if check && stdout { throw ValidationError("--check and --stdout cannot be combined") }
    }

    func run() throws {
        var changed: [String] = []
        try runReportingErrors {
            let configuration = try options.selection.configuration()
            let formatter = Formatter(configuration: configuration)
            let paths = try options.selection.paths(paths, configuration: configuration)
            // Read and format everything first: nothing is written if any post fails.
            // Each post's bytes are kept, not the post: its entries, links and strings are
            // freed once it is formatted.
            var results: [(path: String, bytes: [UInt8], output: [UInt8])] = []
            for path in paths {
                let post = try PostReader.read(path: path)
                results.append((path, post.bytes, try formatter.format(post)))
                // The last post is not freed piece by piece: the process ends once it is written.
                if path == paths.last { UntilExit.keep(post) }
            }
            for result in results {
                if stdout {
                    Terminal.outBytes(result.output)
                    continue
                }
                guard result.output != result.bytes else { continue }
                changed.append(result.path)
                if check {
                    Terminal.out("\(result.path): would be reformatted")
                } else {
                    try FileSystem.writeAtomically(
                        result.output, to: result.path, displayPath: result.path, replacing: result.bytes)
                    Terminal.out("\(result.path): formatted")
                }
            }
            Terminal.flush()
        }
        if check && !changed.isEmpty { throw ExitCode.failure }
    }
}
