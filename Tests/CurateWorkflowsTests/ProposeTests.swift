import CurateKit
import CurateTestSupport
import CurateWorkflows
import Foundation
import Testing

/// `Propose` against real repositories, checked with the real git CLI.
@Suite struct ProposeTests {
    let saeLens = Proposal(
        title: "SAELens", url: "https://github.com/jbloomAus/SAELens", section: "Libraries", description: "Train SAEs",
        origin: "test")

    func propose(
        _ repository: GitRepository, _ proposals: [Proposal], _ destination: CommitDestination, dryRun: Bool = false,
        author: CommitAuthor? = nil
    ) throws -> Propose.Outcome {
        try Propose(
            selection: repository.selection("list.md"), proposals: proposals,
            commit: CommitSettings(destination: destination, author: author), dryRun: dryRun
        ).run()
    }

    @Test func commitsOnTheCheckedOutBranchAndLeavesACleanStatus() throws {
        let repository = try GitRepository.make(files: ["list.md": samplePost])
        let outcome = try propose(repository, [saeLens], .checkedOutBranch)
        let commit = try #require(outcome.commit)
        #expect(commit.id == (try repository.head()))
        #expect(commit.branch == "main" && commit.attempts == 1)
        #expect(outcome.review.results.map(\.status) == [.new])
        let committed = try repository.git("show", "HEAD:list.md")
        #expect(committed.contains("3. [SAELens](https://github.com/jbloomAus/SAELens) - Train SAEs"))
        #expect(try repository.read("list.md") == committed)
        let message = try repository.git("log", "-1", "--format=%an <%ae>%n%B")
        #expect(message.hasPrefix("Test User <test@example.com>\ncurate: add 1 resource to Sample list"))
        #expect(message.contains("Libraries:\n- SAELens <https://github.com/jbloomAus/SAELens>"))
        try repository.expectClean()
        try repository.expectHealthy()
    }

    @Test func commitsOnAnotherBranchWithoutTouchingTheCheckout() throws {
        let repository = try GitRepository.make(files: ["list.md": samplePost])
        let before = try repository.head()
        let outcome = try propose(
            repository, [saeLens], .branch("curate/new"), author: CommitAuthor(name: "Bot", email: "bot@example.com"))
        #expect(outcome.commit?.branch == "curate/new")
        #expect(try repository.head() == before)
        #expect(try repository.read("list.md") == samplePost)
        #expect(try repository.git("show", "curate/new:list.md").contains("[SAELens]"))
        #expect(try repository.git("log", "-1", "--format=%an", "curate/new") == "Bot\n")
        try repository.expectClean()
        try repository.expectHealthy()
    }

    @Test func anInvalidProposalWritesNothing() throws {
        let repository = try GitRepository.make(files: ["list.md": samplePost])
        let invalid = Proposal(title: "", url: "ftp://x", section: "Libraries", description: nil, origin: "test")
        for destination in [CommitDestination.workingFile, .checkedOutBranch, .branch("b")] {
            let outcome = try propose(repository, [saeLens, invalid], destination)
            #expect(outcome.refused)
            #expect(outcome.commit == nil)
            #expect(!outcome.wroteFile)
        }
        #expect(try repository.read("list.md") == samplePost)
        #expect(try repository.git("branch", "--list", "b").isEmpty)
        #expect(try repository.git("rev-list", "--count", "HEAD") == "1\n")
    }

    @Test func duplicatesOnlyMakeNoCommit() throws {
        let repository = try GitRepository.make(files: ["list.md": samplePost])
        let duplicate = Proposal(
            title: "nnsight again", url: "https://www.nnsight.net/?utm_source=x", section: "Papers", description: nil,
            origin: "test")
        let outcome = try propose(repository, [duplicate], .checkedOutBranch)
        #expect(outcome.commit == nil)
        #expect(outcome.branch == "main")
        #expect(outcome.review.results.first?.status == .duplicate)
        #expect(try repository.git("rev-list", "--count", "HEAD") == "1\n")
    }

    @Test func refusesToCommitOverUncommittedEdits() throws {
        let repository = try GitRepository.make(files: ["list.md": samplePost])
        try repository.write("list.md", samplePost + "\nAn edit in progress.\n")
        let thrown = #expect(throws: (any Error).self) { try propose(repository, [saeLens], .checkedOutBranch) }
        let error = thrown as? any ReportableError
        #expect(error?.description == "the post has uncommitted changes in the working tree (list.md)")
        #expect(error?.hint?.contains("never overwrites uncommitted edits") == true)
        #expect(try repository.read("list.md").hasSuffix("An edit in progress.\n"))
    }

    @Test func writesTheWorkingFileOrOnlyComputesADryRun() throws {
        let repository = try GitRepository.make(files: ["list.md": samplePost])
        let dry = try propose(repository, [saeLens], .checkedOutBranch, dryRun: true)
        #expect(!dry.wroteFile && dry.commit == nil)
        #expect(dry.after != dry.before)
        #expect(try repository.read("list.md") == samplePost)
        let written = try propose(repository, [saeLens], .workingFile)
        #expect(written.wroteFile)
        #expect(try repository.read("list.md") == String(decoding: written.after, as: UTF8.self))
        #expect(try repository.git("rev-list", "--count", "HEAD") == "1\n")
    }
}

extension GitRepository {
    /// The post at `path` in this repository, looked up from its root.
    func selection(_ path: String) -> PostSelection {
        PostSelection(posts: [root.appendingPathComponent(path).path], directory: root.path)
    }
}

/// What a program embedding the library hit.
@Suite struct EmbeddingTests {
    @Test func theLibraryRefusesBranchNamesTheCommandLineRefuses() throws {
        let repository = try GitRepository.make(files: ["list.md": samplePost])
        for name in ["HEAD", "-x", "refs/tags/v1", "bad..name"] {
            let propose = Propose(
                selection: repository.selection("list.md"),
                proposals: [Proposal(title: "T", url: "https://t.example/", section: "Libraries")],
                commit: CommitSettings(destination: .branch(name)))
            #expect(throws: WorkflowError.invalidBranchName(name)) { try propose.run() }
        }
        #expect(try repository.git("for-each-ref", "--format=%(refname)") == "refs/heads/main\n")
    }

    @Test func relativePathsAreRelativeToTheSelectionsDirectory() throws {
        let repository = try GitRepository.make(files: ["list.md": samplePost])
        let outcome = try Propose(
            selection: PostSelection(posts: ["list.md"], directory: repository.root.path),
            proposals: [Proposal(title: "T", url: "https://t.example/", section: "Libraries")]
        ).run()
        #expect(outcome.wroteFile)
        #expect(try repository.read("list.md").contains("[T](https://t.example/)"))
    }

    @Test func aFolderThatIsNotARepositoryIsNamedAsSuch() throws {
        let repository = try GitRepository.make(files: ["list.md": samplePost])
        let folder = try temporaryDirectory()
        let sync = Sync(other: folder.path, selection: repository.selection("list.md"))
        #expect(throws: WorkflowError.noRepository(path: folder.path, urlAllowed: true)) { try sync.pull() }
        #expect(throws: WorkflowError.noRepository(path: folder.path, urlAllowed: false)) { try sync.push() }
    }
}
