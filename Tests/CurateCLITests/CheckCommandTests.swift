import Foundation
import Testing

@Suite struct CheckCommandTests {
    @Test func checksTheCanonicalPostFromTheConfiguration() throws {
        let result = try CLI.run(["check"], in: CLI.packageRoot)
        #expect(result.status == 1)
        #expect(result.stdout.contains("curation/2025-05-26-mechanistic-interpretability-resources.md:17:1: error empty-item"))
        #expect(result.stderr.contains("3 errors"))
    }

    @Test func printsTheDocumentedJSONShape() throws {
        let result = try CLI.run(["check", "--format", "json"], in: CLI.packageRoot)
        #expect(result.status == 1)
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        #expect(json["errors"] as? Int == 3)
        let files = json["files"] as! [[String: Any]]
        let findings = files[0]["findings"] as! [[String: Any]]
        #expect(Set(findings[0].keys) == ["rule", "severity", "line", "column", "message"])
    }

    @Test func printsGitHubAnnotations() throws {
        let result = try CLI.run(["check", "--format", "github"], in: CLI.packageRoot)
        #expect(
            result.stdout.contains(
                "::error file=curation/2025-05-26-mechanistic-interpretability-resources.md,line=17,col=1,title=empty-item::"))
    }

    @Test func aLinkWithASpaceInItsURLIsAnErrorThatSaysSo() throws {
        let directory = try CLI.temporaryDirectory()
        try """
        # Awesome

        ## Tools

        - [ripgrep](https://github.com/BurntSushi/ripgrep) - Search.
        - [Space in host](https://exa mple.com) - renders as plain text, not a link.
        - [Space in path](https://example.com/my page.html) - renders as plain text, not a link.

        """.write(to: directory.appendingPathComponent("list.md"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["check", "list.md"], in: directory)
        let because = "the link's URL contains a space, so the item is not a link; write %20 for it, or put the URL in <...>"
        #expect(
            result.stdout.split(separator: "\n") == [
                "list.md:6:30: error unbalanced-brackets \(because)", "list.md:7:41: error unbalanced-brackets \(because)",
            ], "no truncated bare-url suggestion: \(result.stdout)")
        #expect(result.status == 1)
    }

    @Test func strictFailsOnWarnings() throws {
        let directory = try CLI.temporaryDirectory()
        let post = directory.appendingPathComponent("p.md")
        try "---\nlayout: post\ntitle: T\ndate: 2025-01-01\n---\n\n### A\n\n1. [A](http://a.example)\n".write(
            to: post, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["check", post.path]).status == 0)
        #expect(try CLI.run(["check", "--strict", post.path]).status == 1)
    }

    /// A Markdown list whose first line is `---` with no closing one is a thematic
    /// break, not front matter that never closes (found by a tester): read, checked and
    /// formatted as Markdown. In a Jekyll folder, or with a YAML key after it, it is
    /// still the error.
    @Test func aListOpeningWithAThematicBreakIsMarkdown() throws {
        let directory = try CLI.temporaryDirectory()
        let list = directory.appendingPathComponent("README.md")
        try Data("---\n\n# T\n\n- [A](https://a.example/?utm_source=x)\n".utf8).write(to: list)
        #expect(try CLI.run(["check", list.path]).status == 0)
        let formatted = try CLI.run(["fmt", "--stdout", list.path])
        #expect(formatted.status == 0, "\(formatted.stderr)")
        #expect(formatted.stdout == "---\n\n# T\n\n- [A](https://a.example/)\n")
        let posts = directory.appendingPathComponent("_posts")
        try FileManager.default.createDirectory(at: posts, withIntermediateDirectories: true)
        try Data("---\n\n# T\n".utf8).write(to: posts.appendingPathComponent("2025-01-01-post.md"))
        let post = try CLI.run(["check", posts.appendingPathComponent("2025-01-01-post.md").path])
        #expect(post.status == 2 && post.stderr.contains("never closes"), "\(post.stderr)")
    }

    @Test(arguments: [
        ("missing.md", "no such file"),
        ("", "the file is empty"),
        ("bin", "binary"),
        ("latin1", "not UTF-8"),
        ("dir", "is a directory"),
        ("---\ntitle: x\n", "never closes"),
        ("---\ntitle: [x\n---\n", "not valid YAML"),
    ])
    func badInputIsOneClearLineAndExit2(content: String, message: String) throws {
        let directory = try CLI.temporaryDirectory()
        let path = directory.appendingPathComponent("post.md")
        switch content {
        case "missing.md": break
        case "bin": try Data([0x23, 0x20, 0x00, 0x01, 0x0A]).write(to: path)
        case "latin1": try Data([0x23, 0x20, 0x63, 0x61, 0x66, 0xE9, 0x0A]).write(to: path)
        case "dir": try FileManager.default.createDirectory(at: path, withIntermediateDirectories: true)
        default: try Data(content.utf8).write(to: path)
        }
        for command in [["check"], ["fmt"], ["fmt", "--check"]] {
            let result = try CLI.run(command + [path.path])
            #expect(result.status == 2, "\(command) \(content)")
            let first = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
            #expect(first.hasPrefix("curate: error: ") && first.contains(message) && first.contains(path.path), "\(first)")
            #expect(result.stdout.isEmpty)
        }
    }

    @Test func aHundredMegabyteFileIsRefused() throws {
        let directory = try CLI.temporaryDirectory()
        let path = directory.appendingPathComponent("big.md")
        _ = FileManager.default.createFile(atPath: path.path, contents: nil)
        let handle = try FileHandle(forWritingTo: path)
        try handle.truncate(atOffset: 100 << 20)
        try handle.close()
        let result = try CLI.run(["check", path.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("over the 64 MiB limit"))
    }

    @Test func badConfigurationNamesTheFileAndLine() throws {
        let directory = try CLI.temporaryDirectory()
        try FileManager.default.createDirectory(at: directory.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try "posts: [p.md]\nrules:\n  no-such-rule: error\n".write(
            to: directory.appendingPathComponent("curate.yml"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["check"], in: directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains("unknown rule \"no-such-rule\""))
        #expect(result.stderr.contains("curate.yml:3:3"))
    }

    @Test func findsTheConfigurationFromASubfolder() throws {
        let directory = try CLI.temporaryDirectory()
        let fm = FileManager.default
        try fm.createDirectory(at: directory.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try fm.createDirectory(at: directory.appendingPathComponent("curation"), withIntermediateDirectories: true)
        try fm.createDirectory(at: directory.appendingPathComponent("deep/er"), withIntermediateDirectories: true)
        try fm.createDirectory(at: directory.appendingPathComponent("_posts"), withIntermediateDirectories: true)
        try "posts:\n  - _posts/p.md\n".write(
            to: directory.appendingPathComponent("curation/curate.yml"), atomically: true, encoding: .utf8)
        try
            "---\nlayout: post\ntitle: T\ndate: 2025-01-01\n---\n\n### A\n\n1. [A](https://a.example)\n2. [B](https://a.example/)\n"
            .write(to: directory.appendingPathComponent("_posts/p.md"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["check"], in: directory.appendingPathComponent("deep/er"))
        #expect(result.status == 1)
        #expect(result.stdout.contains("p.md:10:4: error duplicate-link"))
    }

    @Test func noPostAndNoConfigurationSaysWhatToDo() throws {
        let directory = try CLI.temporaryDirectory()
        let result = try CLI.run(["check"], in: directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains("no post given and no curate.yml found"))
        #expect(result.stderr.contains("--post"))
    }
}
