import ArgumentParser
import CurateKit
import Foundation

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
            func report(_ url: String, _ problem: URLProblem, place: String) {
                Terminal.err("curate: error: \(url.debugDescription) is not a web link: \(problem) (\(place))")
                failed = true
            }
            if !urls.isEmpty {
                for url in urls {
                    do throws(URLProblem) { Terminal.out(try identity.key(for: url)) } catch {
                        Terminal.out("")
                        report(url, error, place: "argument")
                    }
                }
            } else if isatty(0) != 0 {
                // Typed at a terminal: answer each line as it comes.
                var number = 0
                while let line = readLine(strippingNewline: true) {
                    number += 1
                    do throws(URLProblem) { Terminal.out(try identity.key(for: line)) } catch {
                        Terminal.out("")
                        report(line, error, place: "stdin:\(number)")
                    }
                    Terminal.flush()
                }
            } else {
                // Piped: read in large blocks; each block's lines are keyed and formatted on
                // all cores, and printed in input order.
                var reader = LineBlockReader(descriptor: 0)
                var firstLine = 1
                while let block = reader.next() {
                    let keyed = URLBatch.keys(of: block, identity: identity)
                    for part in keyed {
                        Terminal.outBytes(part.output)
                        for (offset, url, problem) in part.failures {
                            report(url, problem, place: "stdin:\(firstLine + part.firstLine + offset)")
                        }
                    }
                    firstLine += block.lines.count
                }
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

/// Lines of standard input, a large block at a time.
struct LineBlockReader {
    struct Block: Sendable {
        var bytes: [UInt8]
        /// Each line's bytes, without its line ending.
        var lines: [Range<Int>]
    }

    let descriptor: Int32
    private var pending: [UInt8] = []
    private var done = false

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// The next block of whole lines; nil at the end of input.
    mutating func next() -> Block? {
        guard !done else { return nil }
        var buffer = [UInt8](repeating: 0, count: 1 << 22)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 {
                done = true
                guard !pending.isEmpty else { return nil }
                let rest = pending
                pending = []
                return Self.block(rest, end: rest.count)
            }
            pending.append(contentsOf: buffer[0..<count])
            guard let newline = pending.lastIndex(of: 0x0A) else { continue }
            let block = Self.block(pending, end: newline + 1)
            pending.removeFirst(newline + 1)
            return block
        }
    }

    private static func block(_ bytes: [UInt8], end: Int) -> Block {
        var lines: [Range<Int>] = []
        var start = 0
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            while index < end {
                if buffer[index] == 0x0A {
                    let stop = index > start && buffer[index - 1] == 0x0D ? index - 1 : index
                    lines.append(start..<stop)
                    start = index + 1
                }
                index += 1
            }
        }
        if start < end { lines.append(start..<end) }
        return Block(bytes: Array(bytes[0..<end]), lines: lines)
    }
}

/// Keys of a block of lines, computed in parts on all cores.
enum URLBatch {
    struct Part: Sendable {
        var firstLine: Int
        var output: [UInt8]
        var failures: [(offset: Int, url: String, problem: URLProblem)]
    }

    static func keys(of block: LineBlockReader.Block, identity: URLIdentity) -> [Part] {
        let parts = max(1, min(Parallel.cores * 4, block.lines.count / 1024))
        return Parallel.map(0..<parts, minimumChunk: 1) { part in
            let lower = block.lines.count * part / parts
            let upper = block.lines.count * (part + 1) / parts
            var output: [UInt8] = []
            output.reserveCapacity((upper - lower) * 48)
            var failures: [(Int, String, URLProblem)] = []
            for index in lower..<upper {
                let line = block.bytes[block.lines[index]]
                do throws(URLProblem) {
                    // ASCII lines go straight from bytes; others through String, as an
                    // argument would (invalid UTF-8 repaired the same way).
                    let key = line.allSatisfy({ $0 < 0x80 })
                        ? try identity.key(utf8: line) : try identity.key(for: String(decoding: line, as: UTF8.self))
                    output.append(contentsOf: key.utf8)
                } catch {
                    failures.append((index - lower, String(decoding: line, as: UTF8.self), error))
                }
                output.append(0x0A)
            }
            return Part(firstLine: lower, output: output, failures: failures)
        }
    }
}

