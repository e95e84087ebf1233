import ArgumentParser
import CurateKit

struct URLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "url",
        abstract: "Print the dedupe key of each URL: two URLs are the same resource exactly when their keys are equal.",
        discussion: "Reads one URL a line from standard input when none is given. A URL that cannot be a web link prints an empty line, a message on stderr, and makes the exit code 1.")

    @Argument(help: "URLs to key.")
    var urls: [String] = []

    @Option(help: ArgumentHelp("Show which rules produced the key of this URL.", valueName: "url"))
    var explain: String?

    @Option(help: ArgumentHelp("The configuration file (extra tracking parameters).", valueName: "path"))
    var config: String?

    @Flag(help: "List the domain rules (known sites): id, hosts, what they join.")
    var domains = false

    @Option(help: "Output format of --domains: text or json.")
    var format: OutputFormat = .text

    func validate() throws {
        if domains && (explain != nil || !urls.isEmpty) {
            throw ValidationError("--domains takes no URL and cannot be combined with --explain")
        }
        if format == .github { throw ValidationError("--format github is for curate check") }
    }

    func run() throws {
        var failed = false
        try runReportingErrors {
            var options = PostOptions()
            options.config = config
            let identity = try options.loadConfiguration().identity
            if domains {
                printDomains(identity.domainRules.rules)
                return
            }
            if let explain {
                let (key, steps) = try identity.explain(explain)
                Terminal.out(key)
                for step in steps { Terminal.out("  \(step)") }
                Terminal.flush()
                return
            }
            func emit(_ url: String, line: Int?) {
                do {
                    Terminal.out(try identity.key(for: url))
                } catch {
                    Terminal.out("")
                    Terminal.err("curate: error: \(url.debugDescription) is not a web link: \(error) (\(line.map { "stdin:\($0)" } ?? "argument"))")
                    failed = true
                }
            }
            if urls.isEmpty {
                var number = 0
                while let line = readLine(strippingNewline: true) {
                    number += 1
                    emit(line, line: number)
                }
            } else {
                for url in urls { emit(url, line: nil) }
            }
            Terminal.flush()
        }
        if failed { throw ExitCode.failure }
    }

    private func printDomains(_ rules: [DomainRule]) {
        if format == .json {
            Terminal.out(
                JSON.array(
                    rules.map {
                        .object([("id", .string($0.id)), ("hosts", .array($0.hosts.map(JSON.string))), ("summary", .string($0.summary))])
                    }
                ).serialized())
        } else {
            for rule in rules {
                Terminal.out("\(rule.id)  \(rule.hosts.joined(separator: ", "))")
                Terminal.out("  \(rule.summary)")
            }
        }
        Terminal.flush()
    }
}
