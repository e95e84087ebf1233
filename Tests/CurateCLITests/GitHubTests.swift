import CurateTestSupport
import Foundation
import Testing

/// Proposals where people make them: issue events, pull-request review, SARIF and
/// Markdown output, and the action's entry script.
@Suite struct GitHubTests {
    static let fixtures = packageRoot.appendingPathComponent("Tests/CurateKitTests/Fixtures/GitHub")

    /// Our repository with the issue form of this repository (its sections are ours).
    func repository() throws -> GitRepository {
        let form = try String(contentsOf: Self.fixtures.appendingPathComponent("form-propose.yml"), encoding: .utf8)
        return try GitRepository.make(files: [
            "list.md": samplePost, "curate.yml": "posts:\n  - list.md\n", ".github/ISSUE_TEMPLATE/propose.yml": form,
        ])
    }

    @Test func anIssueCommitsOnItsBranchAndAnEditUpdatesIt() throws {
        let repository = try repository()
        let main = try repository.head()
        let opened = Self.fixtures.appendingPathComponent("issue-opened.json").path
        let first = try CLI.run(["propose", "--from-event", opened, "--format", "json"], in: repository.root)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try repository.head() == main, "the checkout is left alone")
        let log = try repository.git("log", "--format=%s%n%b", "main..curate/issue-42")
        #expect(log.hasPrefix("curate: add 1 resource proposed in #42"))
        #expect(log.contains("Closes #42"))
        #expect(try repository.git("show", "curate/issue-42:list.md").contains("[SAELens](https://github.com/jbloomAus/SAELens)"))
        // Edited: the branch is rebuilt from main with the issue's proposals now, one commit.
        let edited = Self.fixtures.appendingPathComponent("issue-edited.json").path
        let second = try CLI.run(["propose", "--from-event", edited, "--allow-near-duplicates"], in: repository.root)
        #expect(second.status == 1, "a bare URL without a title is invalid: nothing is written")
        #expect(second.stdout.contains("the title is empty"))
        try repository.write(
            "edited.json",
            try String(contentsOfFile: edited, encoding: .utf8).replacingOccurrences(
                of: "\\nhttps://transformerlensorg.github.io/TransformerLens/", with: ""))
        let third = try CLI.run(["propose", "--from-event", "edited.json"], in: repository.root)
        #expect(third.status == 0, "\(third.stderr)")
        #expect(try repository.git("rev-list", "--count", "main..curate/issue-42") == "1\n")
        let post = try repository.git("show", "curate/issue-42:list.md")
        #expect(post.contains("[nnsight docs](https://nnsight.net/docs/)"))
        try repository.expectHealthy()
        // A pull request event is not for propose.
        let pull = try CLI.run(
            ["propose", "--from-event", Self.fixtures.appendingPathComponent("pull-request.json").path], in: repository.root)
        #expect(pull.status == 64 && pull.stderr.contains("curate diff --from-event"))
    }

    /// A branch adding a new entry, a duplicate under another URL form, and an invalid line.
    func branchWithAdditions() throws -> GitRepository {
        let repository = try repository()
        try repository.git("checkout", "-q", "-b", "feature")
        try repository.write(
            "list.md",
            samplePost.replacingOccurrences(
                of: "2. [nnsight](https://nnsight.net/)\n",
                with: "2. [nnsight](https://nnsight.net/)\n3. [SAELens](https://github.com/jbloomAus/SAELens)\n"
                    + "4. [NNsight again](https://www.nnsight.net/?utm_source=x)\n"))
        try repository.git("commit", "-qam", "add links")
        return repository
    }

    @Test func diffBaseReviewsWhatTheBranchAdds() throws {
        let repository = try branchWithAdditions()
        let result = try CLI.run(["diff", "--base", "main", "--format", "json"], in: repository.root)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        let statuses = (json["results"] as! [[String: Any]]).map { "\($0["title"]!): \($0["status"]!)" }
        #expect(statuses == ["SAELens: new", "NNsight again: duplicate"])
        let markdown = try CLI.run(["diff", "--base", "main", "--format", "markdown"], in: repository.root)
        #expect(markdown.stdout.contains("| ✅ new | SAELens |"))
        #expect(markdown.stdout.contains("1 new, 1 duplicate"))
        // The same from a pull_request event payload (its base and head commits).
        let event = try String(contentsOf: Self.fixtures.appendingPathComponent("pull-request.json"), encoding: .utf8)
            .replacingOccurrences(of: String(repeating: "1", count: 40), with: try repository.head("main"))
            .replacingOccurrences(of: String(repeating: "2", count: 40), with: try repository.head("feature"))
        try repository.write("event.json", event)
        let fromEvent = try CLI.run(["diff", "--from-event", "event.json", "--format", "json"], in: repository.root)
        #expect(fromEvent.stdout == result.stdout)
    }

    @Test func sarifIsValidAndItsFingerprintsSurviveMovedLines() throws {
        let repository = try branchWithAdditions()
        let review = try CLI.run(["diff", "--base", "main", "--format", "sarif"], in: repository.root)
        try validateSARIF(review.stdout)
        let check = try CLI.run(["check", "--format", "sarif"], in: repository.root)
        #expect(check.status == 1)
        try validateSARIF(check.stdout)
        func fingerprints(_ text: String) throws -> [String: String] {
            let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
            let results = ((json["runs"] as! [[String: Any]])[0]["results"] as! [[String: Any]])
            var prints: [String: String] = [:]
            for result in results {
                let print = (result["partialFingerprints"] as! [String: String])["curateKey/v1"]!
                let line = ((result["locations"] as! [[String: Any]])[0]["physicalLocation"] as! [String: Any])
                prints[print] = "\(((line["region"] as! [String: Any])["startLine"])!)"
            }
            return prints
        }
        let before = try fingerprints(check.stdout)
        #expect(!before.isEmpty)
        // Three lines of prose above: every finding moves, its fingerprint does not.
        try repository.write(
            "list.md", try repository.read("list.md").replacingOccurrences(of: "Intro.", with: "Intro.\n\nMore."))
        let after = try fingerprints(try CLI.run(["check", "--format", "sarif"], in: repository.root).stdout)
        #expect(Set(after.keys) == Set(before.keys))
        #expect(after.allSatisfy { before[$0.key] != $0.value })
    }

    /// Validates against ../shared/spec/sarif-schema-2.1.0.json with Python's jsonschema.
    func validateSARIF(_ text: String) throws {
        let schema = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/spec/sarif-schema-2.1.0.json")
        let document = try temporaryDirectory().appendingPathComponent("out.sarif")
        try Data(text.utf8).write(to: document)
        let script = """
            import json, sys
            try:
                import jsonschema
            except ImportError:
                print("SKIPPED: python3 has no jsonschema"); sys.exit(0)
            schema = json.load(open(sys.argv[1])); document = json.load(open(sys.argv[2]))
            errors = list(jsonschema.Draft4Validator(schema).iter_errors(document))
            for error in errors: print(list(error.path), error.message)
            sys.exit(1 if errors else 0)
            """
        let result = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, schema.path, document.path])
        #expect(result.status == 0, "SARIF does not validate: \(result.stdout) \(result.stderr)")
        if result.stdout.hasPrefix("SKIPPED") { print(result.stdout) }
    }

    @Test func theActionEntryWritesOutputsSummaryAndReport() throws {
        let repository = try branchWithAdditions()
        let files = try temporaryDirectory()
        let output = files.appendingPathComponent("github-output")
        let summary = files.appendingPathComponent("summary.md")
        try Data().write(to: output)
        try Data().write(to: summary)
        func entry(_ inputs: [String: String]) throws -> ProcessResult {
            try runProcess(
                packageRoot.appendingPathComponent("scripts/action-entry"), [], in: repository.root,
                environment: [
                    "CURATE_BIN": CLI.binary.path, "GITHUB_OUTPUT": output.path, "GITHUB_STEP_SUMMARY": summary.path,
                    "GITHUB_TOKEN": "ghs_secret_token",
                ].merging(inputs) { _, new in new })
        }
        let failing = try entry([
            "INPUT_COMMAND": "check", "INPUT_OUTPUT": files.appendingPathComponent("r.sarif").path, "INPUT_FORMAT": "sarif",
        ])
        #expect(failing.status == 1)
        #expect(try String(contentsOf: output, encoding: .utf8).contains("exit_code=1"))
        #expect(
            try String(contentsOf: output, encoding: .utf8).contains("report=\(files.appendingPathComponent("r.sarif").path)"))
        #expect(try String(contentsOf: summary, encoding: .utf8).contains("### curate check"))
        try validateSARIF(try String(contentsOf: files.appendingPathComponent("r.sarif"), encoding: .utf8))
        let tolerant = try entry(["INPUT_COMMAND": "check", "INPUT_FAIL": "false"])
        #expect(tolerant.status == 0)
        #expect(tolerant.stdout.contains("::error file=list.md"))
        let review = try entry(["INPUT_COMMAND": "diff", "INPUT_ARGS": "--base main", "INPUT_FORMAT": "markdown"])
        #expect(review.status == 0, "\(review.stderr)")
        #expect(try String(contentsOf: summary, encoding: .utf8).contains("### curate review"))
        let bad = try entry(["INPUT_COMMAND": "rm"])
        #expect(bad.status == 2)
        for result in [failing, tolerant, review, bad] {
            #expect(!(result.stdout + result.stderr).contains("ghs_secret_token"))
        }
    }
}
