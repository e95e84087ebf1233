import CurateTestSupport
import Foundation
import Testing

/// Real lists and Jekyll posts written by others (`../shared/corpus`, beside the
/// repository): `check` reports no error that is not a real problem, and `fmt` changes
/// nothing cmark-gfm renders.
enum Corpus {
    static let directory = CLI.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")
    static var available: Bool { FileManager.default.fileExists(atPath: directory.path) }

    /// Every list and post of the corpus, as `folder/name`.
    static let files: [String] = {
        ["awesome", "jekyll"].flatMap { folder in
            let names =
                (try? FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent(folder).path)) ?? []
            return names.filter { $0.hasSuffix(".md") || $0.hasSuffix(".markdown") }.sorted().map { "\(folder)/\($0)" }
        }
    }()

    static let cmarkGFM = CmarkGFMCLI.path
}

@Suite(.enabled(if: Corpus.available, "../shared/corpus is not beside the repository"))
struct CorpusTests {
    static let directory = Corpus.directory
    static let files = Corpus.files

    /// The errors that are real problems of the files, as `file:line rule`.
    static let realErrors: Set<String> = [
        // `- ` with nothing after it, just before "### Database Schema Migration": GitHub
        // renders an empty bullet at the end of the Database list.
        "awesome/awesome-go.md:838 empty-item",
        // The table of contents links "2D" to #game-engine-2d, but the heading is
        // "#### 2D" (line 802), whose id on GitHub is #2d: the link goes nowhere.
        "awesome/awesome-swift.md:90 broken-anchor",
        // Same: "3D" links #ui-3d, the heading "#### 3D" (line 1638) is #3d.
        "awesome/awesome-swift.md:156 broken-anchor",
    ]

    @Test func theCorpusIsThere() {
        #expect(Self.files.count >= 30, "\(Self.files)")
    }

    @Test(arguments: Corpus.files)
    func checkReportsOnlyRealErrors(file: String) throws {
        let path = Self.directory.appendingPathComponent(file).path
        let result = try CLI.run(["check", path, "--format", "json"])
        #expect(result.status == 0 || result.status == 1, "\(result.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let files = document?["files"] as? [[String: Any]] ?? []
        let findings = files.flatMap { $0["findings"] as? [[String: Any]] ?? [] }
        let errors = findings.filter { $0["severity"] as? String == "error" }.map {
            "\(file):\($0["line"] as? Int ?? 0) \($0["rule"] as? String ?? "")"
        }
        let expected = Self.realErrors.filter { $0.hasPrefix(file + ":") }
        #expect(Set(errors) == expected, "\(findings.filter { $0["severity"] as? String == "error" })")
    }

    /// What fmt changes that cmark-gfm renders differently, as removed and added HTML lines.
    /// Both are fmt's documented fixes, not breakage: an empty placeholder item removed, and
    /// a tracking parameter (utm_term) removed from a URL.
    static let renderedChanges: [String: (removed: [String], added: [String])] = [
        "awesome/awesome-go.md": (
            removed: [
                "<li></li>",
                "<li><a href=\"https://snipcart.com/blog/golang-ecommerce-ponzu-cms-demo?utm_term=golang-ecommerce-ponzu-cms-demo\">A Guide to Golang E-Commerce</a> - Building a Golang site for e-commerce (demo included).</li>",
            ],
            added: [
                "<li><a href=\"https://snipcart.com/blog/golang-ecommerce-ponzu-cms-demo\">A Guide to Golang E-Commerce</a> - Building a Golang site for e-commerce (demo included).</li>"
            ]
        )
    ]

    @Test(.enabled(if: Corpus.cmarkGFM != nil, "cmark-gfm is not installed"), arguments: Corpus.files)
    func fmtChangesNothingTheyRender(file: String) throws {
        let path = Self.directory.appendingPathComponent(file).path
        let formatted = try CLI.run(["fmt", "--stdout", "--post", path])
        #expect(formatted.status == 0, "\(formatted.stderr)")
        let before = try Self.render(Data(contentsOf: URL(fileURLWithPath: path)))
        let after = try Self.render(Data(formatted.stdout.utf8))
        let removed = Self.difference(before, after)
        let added = Self.difference(after, before)
        let expected = Self.renderedChanges[file] ?? ([], [])
        #expect(removed == expected.removed && added == expected.added, "removed \(removed)\nadded \(added)")
    }

    /// GitHub's rendering: cmark-gfm with GitHub's extensions.
    static func render(_ markdown: Data) throws -> [String] {
        String(decoding: try CmarkGFMCLI.html(markdown).html, as: UTF8.self).components(separatedBy: "\n")
    }

    /// Lines of `a` not in `b`, counted as multisets, in `a`'s order.
    static func difference(_ a: [String], _ b: [String]) -> [String] {
        var remaining = Dictionary(b.map { ($0, 1) }, uniquingKeysWith: +)
        return a.filter { line in
            if let count = remaining[line], count > 0 {
                remaining[line] = count - 1
                return false
            }
            return true
        }
    }
}
