import CurateMarkdown
import Foundation
import Testing

@testable import CurateKit

/// The CommonMark and GFM spec examples (`../shared/spec` beside the repository), whole and
/// inside the contexts where fmt acts, and random posts built from their fragments: check
/// and fmt never crash, fmt never refuses valid input, GitHub's rendering of fmt's result
/// is the input's apart from fmt's documented effects, fmt is idempotent, and a finding
/// check says fmt fixes is gone after fmt.
///
/// CI runs a sample; `CURATE_SPEC_ALL=1 swift test --filter SpecFormatTests` runs every
/// document (and `scripts/spec-fmt` runs them all through the binary, cmark-gfm's CLI as
/// the oracle).
@Suite struct SpecFormatTests {
    static let specDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/spec")

    static let files = ["cm-spec.txt", "gfm-spec.txt", "gfm-extensions.txt", "gfm-regression.txt"]

    /// Every distinct example's Markdown, `→` read as a tab.
    static let examples: [(name: String, text: String)] = {
        var seen = Set<String>()
        var result: [(String, String)] = []
        let fence = String(repeating: "`", count: 32)
        for file in files {
            guard let data = FileManager.default.contents(atPath: specDirectory.appendingPathComponent(file).path) else {
                continue
            }
            let lines = String(decoding: data, as: UTF8.self).components(separatedBy: "\n")
            var i = 0
            while i < lines.count {
                if lines[i].hasPrefix(fence + " example") {
                    var j = i + 1
                    while j < lines.count && lines[j] != "." { j += 1 }
                    var text = lines[(i + 1)..<min(j, lines.count)].joined(separator: "\n").replacingOccurrences(
                        of: "→", with: "\t")
                    if !text.isEmpty { text += "\n" }
                    while j < lines.count && !lines[j].hasPrefix(fence) { j += 1 }
                    if !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty && seen.insert(text).inserted {
                        result.append(("\(file):\(i + 2)", text))
                    }
                    i = j
                }
                i += 1
            }
        }
        return result
    }()

    static func indent(_ text: String, _ prefix: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : prefix + $0 }
            .joined(separator: "\n")
    }

    static func numbered(_ count: Int, last: Int) -> String {
        (1..<count).map { "\($0). [I\($0)](https://e.example/\($0))\n" }.joined()
            + "\(last). [Last](https://e.example/last)\n"
    }

    /// The contexts where fmt acts (the same as scripts/spec-fmt's).
    static let contexts: [(name: String, make: @Sendable (String) -> String)] = [
        ("whole", { $0 }),
        ("placeholder-before", { "- [A](https://a.example/)\n-\n" + $0 }),
        ("placeholder-after", { $0 + "-\n- [Z](https://z.example/)\n" }),
        ("placeholder-in-item", { "- [A](https://a.example/)\n-\n\n" + indent($0, "  ") }),
        ("widen-marker", { numbered(10, last: 9) + indent($0, "   ") }),
        ("narrow-marker", { numbered(9, last: 10) + indent($0, "    ") }),
        (
            "quote-placeholder",
            { "> - [A](https://a.example/)\n> -\n" + indent($0, "> ").replacingOccurrences(of: "\n\n", with: "\n>\n") }
        ),
        ("nested-placeholder", { "- Group\n  - [A](https://a.example/)\n  -\n" + indent($0, "  ") }),
        ("after-link-item", { "- [B](https://b.example/)\n" + $0 }),
        (
            "trailing-space",
            {
                $0.split(separator: "\n", omittingEmptySubsequences: false).map {
                    $0.trimmingCharacters(in: .whitespaces).isEmpty ? String($0) : $0 + " "
                }.joined(separator: "\n")
            }
        ),
        ("tracking", { "1. [T](https://t.example/?utm_source=x&id=1)\n3. \n" + $0 + "\n\n\n" }),
    ]

    static var runAll: Bool { ProcessInfo.processInfo.environment["CURATE_SPEC_ALL"] == "1" }

    /// The documents: every one with CURATE_SPEC_ALL=1, else a spread sample.
    static func documents(sample: Int) -> [(name: String, text: String)] {
        var all: [(String, String)] = []
        for example in examples {
            for context in contexts { all.append(("\(example.name) [\(context.name)]", context.make(example.text))) }
        }
        if runAll || all.count <= sample { return all }
        let step = all.count / sample
        return stride(from: 0, to: all.count, by: step).map { all[$0] }
    }

    /// What is wrong with fmt on `text`, or nil.
    static func problem(_ text: String, checker: Checker, formatter: CurateKit.Formatter) -> String? {
        // Input that is not a post at all (front matter that does not close ...) is refused
        // by every command alike, with a message: not fmt's concern here.
        guard let post = try? PostReader.parse(Array(text.utf8), path: "spec.md") else { return nil }
        _ = checker.check(post)
        let once = formatter.formatted(post).bytes
        guard let reread = try? PostReader.parse(once, path: "spec.md") else { return "the result does not read back" }
        let body = { (post: Post) in
            post.bodyStartLine <= post.lines.count ? post.bytes[post.lines.starts[post.bodyStartLine - 1]...] : []
        }
        if documented(HTMLRenderer.render(body(post))) != documented(HTMLRenderer.render(body(reread))) {
            return "the rendering changed:\n\(String(decoding: once, as: UTF8.self).debugDescription)"
        }
        let twice = formatter.formatted(reread).bytes
        if twice != once {
            return "not idempotent:\n\(String(decoding: once, as: UTF8.self).debugDescription)\n"
                + String(decoding: twice, as: UTF8.self).debugDescription
        }
        let fixable = Set(RuleRegistry.descriptions.filter(\.fixable).map(\.id))
        let claims = checker.check(reread).filter { fixable.contains($0.rule) && !$0.message.contains("cannot fix") }
        if !claims.isEmpty {
            return "check says fmt fixes what fmt left: \(claims.map { "\($0.line): \($0.rule) \($0.message)" })"
        }
        return nil
    }

    /// fmt's documented effects on a rendering, applied by pattern (independently of the
    /// formatter's own proof): empty items gone, tracking parameters gone from links.
    static func documented(_ html: [UInt8]) -> String {
        var text = String(decoding: html, as: UTF8.self)
        text = text.replacingOccurrences(of: "<li>\\s*</li>\n", with: "", options: .regularExpression)
        text = text.replacingOccurrences(of: "<(ul|ol)( start=\"\\d+\")?>\n</\\1>\n", with: "", options: .regularExpression)
        text = text.replacingOccurrences(of: "utm_source=x&amp;", with: "")
        return text
    }

    static let configuration: Configuration = {
        var configuration = Configuration(root: "/")
        configuration.requiredFrontMatter = []
        return configuration
    }()

    @Test func theSpecIsThere() {
        #expect(Self.examples.count > 700, "the spec examples are read from \(Self.specDirectory.path)")
    }

    @Test func specExamplesInFmtContexts() {
        let checker = Checker(configuration: Self.configuration)
        let formatter = CurateKit.Formatter(configuration: Self.configuration)
        let documents = Self.documents(sample: 600)
        let problems = Parallel.map(documents, minimumChunk: 8) { document in
            Self.problem(document.text, checker: checker, formatter: formatter).map { (document, $0) }
        }.compactMap { $0 }
        for (document, problem) in problems.prefix(10) {
            Issue.record(Comment(rawValue: "\(document.name): \(document.text.debugDescription)\n\(problem)"))
        }
        #expect(problems.isEmpty, "\(problems.count) of \(documents.count) documents")
    }

    @Test func randomPostsFromSpecFragments() {
        let checker = Checker(configuration: Self.configuration)
        let formatter = CurateKit.Formatter(configuration: Self.configuration)
        let pieces =
            Self.examples.flatMap { $0.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
            + ["- [A](https://a.example/)", "-", "2. ", "10. [T](https://t.example/)", "  - [N](https://n.example/)", "", ""]
        var generator = SplitMix64(seed: 20_261_125)
        let rounds = Self.runAll ? 5000 : 300
        var texts: [String] = []
        for _ in 0..<rounds {
            var lines: [String] = []
            for _ in 0..<Int(generator.next() % 12 + 1) {
                lines.append(pieces[Int(generator.next() % UInt64(pieces.count))])
            }
            // Some with front matter, some with CRLF, some without a final newline.
            let ending = generator.next() % 5 == 0 ? "\r\n" : "\n"
            let frontMatter = generator.next() % 6 == 0 ? ["---", "title: t", "---"] : []
            texts.append((frontMatter + lines).joined(separator: ending) + (generator.next() % 4 == 0 ? "" : ending))
        }
        let problems = Parallel.map(texts, minimumChunk: 8) { text in
            Self.problem(text, checker: checker, formatter: formatter).map { (text, $0) }
        }.compactMap { $0 }
        for (text, problem) in problems.prefix(10) {
            Issue.record(Comment(rawValue: "\(text.debugDescription)\n\(problem)"))
        }
        #expect(problems.isEmpty, "\(problems.count) of \(rounds) random posts")
    }
}
