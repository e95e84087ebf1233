import CurateKit
import CurateTestSupport
import CurateWorkflows
import Foundation
import Testing

/// `Check` on the index and since a revision, in real repositories.
@Suite struct CheckWorkflowTests {
    /// The Papers section's entry again, in that section (in another it would be a warning).
    let duplicate = "3. [Toy models again](https://transformer-circuits.pub/2022/toy_model/)\n"

    @Test func stagedReadsTheIndexAndSkipsPostsThatMatchHEAD() throws {
        let repository = try GitRepository.make(files: ["list.md": samplePost])
        let check = Check(selection: repository.selection("list.md"), staged: true)
        #expect(try check.run().isEmpty, "a post the index has as HEAD has it is not checked")
        try repository.write("list.md", samplePost + duplicate)
        #expect(try check.run().isEmpty, "an unstaged edit is not what git would commit")
        try repository.git("add", "list.md")
        let checked = try check.run()
        #expect(checked.count == 1)
        #expect(checked.first?.findings.contains { $0.rule == "duplicate-link" } == true)
        // Fixed in the working tree but not staged: the staged version still fails.
        try repository.write("list.md", samplePost)
        #expect(try check.run().first?.findings.contains { $0.rule == "duplicate-link" } == true)
    }

    @Test func aRepointedSymbolicLinkIsCheckedAtItsStagedTarget() throws {
        let repository = try GitRepository.make(files: [
            "content/real.md": samplePost, "content/other.md": samplePost + duplicate,
        ])
        let link = repository.root.appendingPathComponent("_posts/list.md")
        try FileManager.default.createDirectory(at: link.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "../content/real.md")
        try repository.git("add", "-A")
        try repository.git("commit", "-q", "-m", "link")
        let check = Check(selection: repository.selection("_posts/list.md"), staged: true)
        #expect(try check.run().isEmpty)
        // Repointed at a committed file with an error, and staged.
        try FileManager.default.removeItem(at: link)
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "../content/other.md")
        try repository.git("add", "_posts/list.md")
        #expect(try check.run().first?.findings.contains { $0.rule == "duplicate-link" } == true)
        // The working tree's link points back, the staged one still at the bad file: what
        // the staged link names is checked.
        try FileManager.default.removeItem(at: link)
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "../content/real.md")
        #expect(try check.run().first?.findings.contains { $0.rule == "duplicate-link" } == true)
        try repository.git("add", "_posts/list.md")
        #expect(try check.run().isEmpty, "the link as HEAD has it")
    }

    @Test func stagedReadsTheStagedConfiguration() throws {
        let repository = try GitRepository.make(files: [
            "list.md": samplePost, "curate.yml": "posts:\n  - list.md\n",
        ])
        let check = Check(selection: PostSelection(directory: repository.root.path), staged: true)
        // The staged configuration names a new post with an error; the working copy does not.
        try repository.write("two.md", samplePost + duplicate)
        try repository.write("curate.yml", "posts:\n  - list.md\n  - two.md\n")
        try repository.git("add", "-A")
        try repository.write("curate.yml", "posts:\n  - list.md\n")
        let checked = try check.run()
        #expect(checked.map { Path.lastComponent(of: $0.path) } == ["two.md"])
        #expect(checked.first?.findings.contains { $0.rule == "duplicate-link" } == true)
        // And the reverse: the working copy names it, the staged one does not.
        try repository.git("add", "curate.yml")
        try repository.write("curate.yml", "posts:\n  - list.md\n  - two.md\n")
        #expect(try check.run().isEmpty)
    }

    @Test func sinceKeepsFindingsOnChangedLines() throws {
        let old = samplePost + "4. [](https://empty.example/)\n"
        let repository = try GitRepository.make(files: ["list.md": old])
        try repository.write("list.md", old + duplicate)
        let added = old.split(separator: "\n", omittingEmptySubsequences: false).count
        let all = try Check(selection: repository.selection("list.md")).run()
        #expect(Set(all[0].findings.map(\.rule)).isSuperset(of: ["empty-link", "duplicate-link"]))
        let since = try Check(selection: repository.selection("list.md"), since: "HEAD").run()
        #expect(since[0].findings.allSatisfy { $0.line == added }, "\(since[0].findings)")
        #expect(since[0].findings.contains { $0.rule == "duplicate-link" })
    }

    @Test func outsideARepositoryTheStagedCheckSaysSo() throws {
        let folder = try temporaryDirectory()
        try Data(samplePost.utf8).write(to: folder.appendingPathComponent("list.md"))
        let check = Check(
            selection: PostSelection(posts: [folder.appendingPathComponent("list.md").path], directory: folder.path),
            staged: true)
        #expect(throws: WorkflowError.notInRepository(folder: folder.path)) { try check.run() }
    }
}
