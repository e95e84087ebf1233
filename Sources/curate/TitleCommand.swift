import ArgumentParser
import CurateKit
import CurateWorkflows

struct TitleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "title",
        abstract: "Fetch the title of each URL, for a proposal given by URL only.",
        discussion: """
            Prints one title a line, in order. arXiv papers come from arXiv's API, DOIs from \
            their metadata, GitHub repositories from GitHub's API (GITHUB_TOKEN is used when \
            set), YouTube videos from oEmbed, other pages from og:title or <title> with the site \
            suffix stripped. A placeholder title ("Just a moment…") or none prints an empty \
            line and a stderr message, and the exit code is 1.
            """)

    @Argument(help: ArgumentHelp("URLs whose titles to fetch.", valueName: "url"))
    var urls: [String]

    @Option(help: "Output format: text or json.")
    var format: ReportFormat = .text

    @Option(help: ArgumentHelp("Seconds one request may take.", valueName: "secs"))
    var timeout: Double = 15

    func validate() throws {
        guard !urls.isEmpty else { throw ValidationError("give at least one URL") }
        guard timeout > 0, timeout.isFinite else { throw ValidationError("--timeout must be a positive number of seconds") }
    }

    func run() throws {
        var failed = false
        try runReportingErrors {
            let fetcher = try TitleFetcher(
                timeout: timeout, userAgent: "curate/\(CurateVersion.string) (titles for curated lists)")
            var results: [JSON] = []
            for url in urls {
                let result = fetcher.title(for: url)
                switch (result, format) {
                case let (.success(fetched), .text):
                    Terminal.out(fetched.title)
                case let (.failure(problem), .text):
                    Terminal.out("")
                    Terminal.err("curate: no title for \(url): \(problem)")
                case let (.success(fetched), .json):
                    results.append(
                        .object([
                            ("url", .string(url)), ("title", .string(fetched.title)),
                            ("description", fetched.description.map(JSON.string) ?? .null),
                            ("source", .string(fetched.source.rawValue)), ("problem", .null),
                        ]))
                case let (.failure(problem), .json):
                    results.append(
                        .object([
                            ("url", .string(url)), ("title", .null), ("description", .null), ("source", .null),
                            ("problem", .string(problem.description)),
                        ]))
                }
                if case .failure = result { failed = true }
            }
            if format == .json { Terminal.out(JSON.object([("titles", .array(results))]).serialized()) }
            Terminal.flush()
        }
        if failed { throw ExitCode.failure }
    }
}
