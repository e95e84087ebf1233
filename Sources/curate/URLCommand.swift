import ArgumentParser
import CurateKit
import CurateWorkflows
import Foundation

struct URLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "url",
        abstract: "Print the dedupe key of each URL: two URLs are the same resource exactly when their keys are equal.",
        discussion:
            "Reads one URL a line from standard input when none is given. A URL that cannot be a web link prints an empty line, a message on stderr, and makes the exit code 1."
    )

    @Argument(help: "URLs to key.")
    var urls: [String] = []

    @Option(help: ArgumentHelp("Show which rules produced the key of this URL.", valueName: "url"))
    var explain: String?

    @Option(help: ArgumentHelp("The configuration file (extra tracking parameters).", valueName: "path"))
    var config: String?

    @Flag(help: "List the domain rules (known sites): id, hosts, what they join.")
    var domains = false

    @Option(help: "Output format of --domains: text or json.")
    var format: ReportFormat = .text

    func validate() throws {
        if domains && (explain != nil || !urls.isEmpty) {
            throw ValidationError("--domains takes no URL and cannot be combined with --explain")
        }
    }

    func run() throws {
        var failed = false
        try runReportingErrors {
            let identity = try PostSelection(configurationFile: config).configuration().identity
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
                Terminal.err("curate: error: \(url.quotedForMessage(limit: 200)) is not a web link: \(problem) (\(place))")
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
                    for part in URLBatch.keys(of: block, identity: identity) {
                        Terminal.writeDirectly(part.output)
                        for (line, url, problem) in part.failures {
                            report(url, problem, place: "stdin:\(firstLine + line)")
                        }
                        firstLine += part.lines
                    }
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
                        .object([
                            ("id", .string($0.id)), ("hosts", .array($0.hosts.map(JSON.string))),
                            ("summary", .string($0.summary)),
                        ])
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

/// Standard input a large block of whole lines at a time, read into one buffer that every
/// block reuses: a block is a slice of it, valid until the next is read. (A new 4 MiB
/// array a block, with the bytes copied into it, cost page faults and copies that took as
/// long as keying a few thousand URLs, with both cores waiting.)
struct LineBlockReader {
    let descriptor: Int32
    private var done = false
    /// Not zeroed: `read` writes the bytes that are then read.
    private var buffer = [UInt8](unsafeUninitializedCapacity: 1 << 22) { _, count in count = 1 << 22 }
    /// Bytes read into the buffer, from its start.
    private var filled = 0
    /// Bytes handed out as the last block: the partial line after them moves to the front.
    private var handedOut = 0

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// The next block, ending with a line ending (or at the end of input); nil at the end.
    mutating func next() -> ArraySlice<UInt8>? {
        if handedOut > 0 {
            let (from, rest) = (handedOut, filled - handedOut)
            buffer.withUnsafeMutableBufferPointer { bytes in
                if rest > 0 { memmove(bytes.baseAddress!, bytes.baseAddress! + from, rest) }
            }
            filled = rest
            handedOut = 0
        }
        while !done {
            // A line longer than the buffer: a larger one, keeping what it holds.
            if filled == buffer.count {
                let grown = buffer.count * 2
                let old = buffer
                buffer = [UInt8](unsafeUninitializedCapacity: grown) { bytes, count in
                    _ = bytes.initialize(from: old)
                    count = grown
                }
            }
            let start = filled
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + start, $0.count - start) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                done = true
                break
            }
            filled += count
            if let newline = buffer[start..<filled].lastIndex(of: 0x0A) {
                handedOut = newline + 1
                return buffer[0..<handedOut]
            }
        }
        // The end of input: what is left, a last line without a line ending.
        guard filled > 0 else { return nil }
        handedOut = filled
        return buffer[0..<filled]
    }
}

/// Keys of a block of lines, computed in parts on all cores; each part finds its own lines.
enum URLBatch {
    struct Part: Sendable {
        var lines: Int
        var output: [UInt8]
        var failures: [(line: Int, url: String, problem: URLProblem)]
    }

    static func keys(of block: ArraySlice<UInt8>, identity: URLIdentity) -> [Part] {
        // Parts of about 16 KiB (a few hundred URLs), taken one at a time by whichever core
        // is free: with a few large parts, one core sat idle while the other finished the
        // last (up to 25 ms a block).
        let parts = Parallel.cores == 1 ? 1 : max(1, min(1024, block.count / (16 << 10)))
        // Part boundaries, moved to just after a line ending.
        let base = block.startIndex
        var bounds = [base]
        for part in 1..<parts {
            var cut = max(bounds.last!, base + block.count * part / parts)
            while cut < block.endIndex && block[cut - 1] != 0x0A { cut += 1 }
            bounds.append(cut)
        }
        bounds.append(block.endIndex)
        let cuts = bounds
        return Parallel.mapEach(count: parts) { part in
            // Each part reads its own copy of its lines: every key holds a slice of the
            // buffer while it is read, and slices of one buffer shared by all threads
            // would bounce its reference count between the cores.
            let text = Array(block[cuts[part]..<cuts[part + 1]])
            var output: [UInt8] = []
            output.reserveCapacity(text.count * 3 / 4)
            var failures: [(Int, String, URLProblem)] = []
            // The part's hosts, read once each.
            var hosts = HostMemo()
            var lines = 0
            var start = 0
            let end = text.count
            while start < end {
                // The line's end, and whether it is ASCII, in one pass over the memory.
                let (found, bits) = text.withUnsafeBufferPointer { bytes -> (Int, UInt8) in
                    let base = bytes.baseAddress!
                    var stop = end
                    if let newline = memchr(base + start, 0x0A, end - start) {
                        stop = UnsafePointer(newline.assumingMemoryBound(to: UInt8.self)) - base
                    }
                    // A loop without an exit, which the compiler makes wide.
                    var bits: UInt8 = 0
                    for index in start..<stop { bits |= bytes[index] }
                    return (stop, bits)
                }
                var stop = found
                let next = stop + 1
                if stop > start && text[stop - 1] == 0x0D { stop -= 1 }
                let line = text[start..<stop]
                do throws(URLProblem) {
                    // ASCII lines go straight from bytes into the output; others through
                    // String, as an argument would (invalid UTF-8 repaired the same way).
                    if bits < 0x80 {
                        try identity.appendKey(utf8: line, to: &output, memo: &hosts)
                    } else {
                        output.append(contentsOf: try identity.key(for: String(decoding: line, as: UTF8.self)).utf8)
                    }
                } catch {
                    failures.append((lines, String(decoding: line, as: UTF8.self), error))
                }
                output.append(0x0A)
                lines += 1
                start = next
            }
            return Part(lines: lines, output: output, failures: failures)
        }
    }
}
