import Foundation

/// GitHub's rendering as the oracle: the `cmark-gfm` CLI with GitHub's extensions, raw
/// HTML kept.
public enum CmarkGFMCLI {
    /// Where the CLI is installed; nil when it is not (scripts/install-deps installs it).
    public static let path: String? = ["/usr/bin/cmark-gfm", "/usr/local/bin/cmark-gfm", "/opt/homebrew/bin/cmark-gfm"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// The HTML of `markdown`, with the CLI's exit status.
    public static func html(_ markdown: Data) throws -> (html: Data, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path ?? "/usr/bin/cmark-gfm")
        process.arguments =
            ["--unsafe"] + ["table", "strikethrough", "autolink", "tagfilter", "tasklist"].flatMap { ["-e", $0] }
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        // Written from another thread: the CLI's output fills its pipe while it reads.
        let writer = Thread {
            input.fileHandleForWriting.write(markdown)
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let html = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (html, process.terminationStatus)
    }
}
