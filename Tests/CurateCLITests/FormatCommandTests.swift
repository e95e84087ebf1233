import Foundation
import Testing

@Suite struct FormatCommandTests {
    @Test func rewritesAtomicallyKeepingPermissionsAndThenHasNothingToDo() throws {
        let directory = try CLI.temporaryDirectory()
        let post = directory.appendingPathComponent("p.md")
        try Data(
            contentsOf: CLI.packageRoot.appendingPathComponent("curation/2025-05-26-mechanistic-interpretability-resources.md")
        ).write(to: post)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: post.path)
        #expect(try CLI.run(["fmt", "--check", post.path]).status == 1)
        let before = try Data(contentsOf: post)
        #expect(try Data(contentsOf: post) == before, "--check writes nothing")
        let stdout = try CLI.run(["fmt", "--stdout", post.path])
        #expect(stdout.status == 0)
        #expect(try CLI.run(["fmt", post.path]).status == 0)
        #expect(String(decoding: try Data(contentsOf: post), as: UTF8.self) == stdout.stdout)
        let permissions = try FileManager.default.attributesOfItem(atPath: post.path)[.posixPermissions] as? Int
        #expect(permissions == 0o640)
        #expect(try CLI.run(["fmt", "--check", post.path]).status == 0)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0 != "p.md" }
        #expect(leftovers.isEmpty, "no temporary files left: \(leftovers)")
    }

    @Test func writesNothingWhenAnyPostFails() throws {
        let directory = try CLI.temporaryDirectory()
        let good = directory.appendingPathComponent("good.md")
        let original = "### A\n1. [A](https://a.example)\n"
        try original.write(to: good, atomically: true, encoding: .utf8)
        let result = try CLI.run(["fmt", good.path, directory.appendingPathComponent("missing.md").path])
        #expect(result.status == 2)
        #expect(try String(contentsOf: good, encoding: .utf8) == original)
    }

    @Test func leavesAJekyllHighlightBlockAsWritten() throws {
        // Jekyll shows the snippet with its blank lines and trailing spaces.
        let directory = try CLI.temporaryDirectory()
        let post = directory.appendingPathComponent("2024-04-01-python.md")
        let text =
            "---\nlayout: post\ntitle: Two functions\n---\n\n{% highlight python %}\nimport os\n\n\ndef first():  \n    return 1\n{% endhighlight %}\n"
        try text.write(to: post, atomically: true, encoding: .utf8)
        let check = try CLI.run(["check", post.path])
        #expect(check.status == 0 && check.stdout.isEmpty, "\(check.stdout)")
        #expect(try CLI.run(["fmt", "--check", post.path]).status == 0)
        #expect(try CLI.run(["fmt", "--stdout", post.path]).stdout == text)
    }

    @Test func checkAndStdoutCannotBeCombined() throws {
        let result = try CLI.run(["fmt", "--check", "--stdout", "x.md"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("cannot be combined"))
    }
}
