import Foundation
import Testing

/// Issue 11: the paths where a commit, a merge or a sync used to lose a link or an edit,
/// each reproduced with a real repository and the real `git`.
@Suite struct NoLostEditTests {
    let configuration = "posts:\n  - _posts/list.md\n"

    func repository() throws -> GitRepository {
        try GitRepository.make(files: ["_posts/list.md": samplePost, "curate.yml": configuration])
    }

    func propose(_ repository: GitRepository, _ arguments: [String], title: String = "SAELens") throws -> CLI.Result {
        try CLI.run(
            ["propose"] + arguments + [
                "--title", title, "--url", "https://\(title.lowercased()).example/", "--section", "Papers",
            ],
            in: repository.root)
    }

    // MARK: 1. The index lock, and what a failure after the commit leaves

    @Test func aHeldIndexLockRefusesBeforeAnythingIsCommitted() throws {
        let repo = try repository()
        let head = try repo.head()
        let lock = repo.root.appendingPathComponent(".git/index.lock")
        try Data().write(to: lock)
        let result = try propose(repo, ["--commit"])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("index lock"), "\(result.stderr)")
        #expect(result.stderr.contains("nothing was committed"))
        #expect(try repo.head() == head, "the branch did not move")
        #expect(FileManager.default.fileExists(atPath: lock.path), "another process's lock is left alone")
        try FileManager.default.removeItem(at: lock)
        try repo.expectClean()
        // Once the lock is gone the same command commits, and the index follows.
        #expect(try propose(repo, ["--commit"]).status == 0)
        try repo.expectClean()
        #expect(try repo.git("diff", "--cached", "HEAD").isEmpty, "nothing staged against the commit")
    }

    @Test func temporaryFilesOfKilledProcessesAreRemoved() throws {
        let repo = try repository()
        // A process that has ended: its pid names no running process.
        let done = Process()
        done.executableURL = URL(fileURLWithPath: "/bin/true")
        try done.run()
        done.waitUntilExit()
        let stale = "_posts/.list.md.curate-\(done.processIdentifier)-AbCdEf"
        let old = "_posts/.list.md.curate-XyZ123"
        try repo.write(stale, "half a post")
        try repo.write(old, "half a post")
        let longAgo = Date(timeIntervalSinceNow: -3600)
        try FileManager.default.setAttributes(
            [.modificationDate: longAgo], ofItemAtPath: repo.root.appendingPathComponent(old).path)
        #expect(try propose(repo, ["--commit"]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: repo.root.appendingPathComponent(stale).path))
        #expect(!FileManager.default.fileExists(atPath: repo.root.appendingPathComponent(old).path))
        try repo.expectClean()
    }

    // MARK: 2. A branch checked out in a working tree

    @Test func aBranchCheckedOutHereOrInALinkedWorktreeIsRefused() throws {
        let repo = try repository()
        let head = try repo.head()
        let here = try propose(repo, ["--branch", "main"])
        #expect(here.status == 2, "\(here.stderr)")
        #expect(here.stderr.contains("main is checked out at '\(repo.root.resolvingSymlinksInPath().path)'"), "\(here.stderr)")
        #expect(try repo.head() == head)

        let worktree = try CLI.temporaryDirectory().appendingPathComponent("wt")
        try repo.git("worktree", "add", "-q", "-b", "side", worktree.path)
        let side = try repo.head("side")
        let there = try propose(repo, ["--branch", "side"])
        #expect(there.status == 2, "\(there.stderr)")
        #expect(there.stderr.contains("side is checked out at"), "\(there.stderr)")
        #expect(there.stderr.contains("wt'"), "the worktree is named: \(there.stderr)")
        #expect(try repo.head("side") == side)
        // From inside the linked worktree, main is checked out in the main one.
        let fromWorktree = try CLI.run(
            ["propose", "--branch", "main", "--title", "X", "--url", "https://x.example/", "--section", "Papers"], in: worktree)
        #expect(fromWorktree.status == 2, "\(fromWorktree.stderr)")
        #expect(try repo.head() == head)
        // A branch no working tree has is still committed on.
        #expect(try propose(repo, ["--branch", "curate/new"]).status == 0)
        try repo.expectClean()
        try GitRepository(root: worktree).expectClean()
    }

    @Test func syncPushRefusesABranchCheckedOutInAWorktreeOfTheTarget() throws {
        let ours = try repository()
        try ours.write("_posts/list.md", samplePost + "2. [New](https://new.example/)\n")
        try ours.git("commit", "-q", "-am", "new")
        let target = try GitRepository.make(files: ["_posts/list.md": samplePost])
        let worktree = try CLI.temporaryDirectory().appendingPathComponent("target-wt")
        try target.git("worktree", "add", "-q", "-b", "review", worktree.path)
        let before = try target.head("review")
        let result = try CLI.run(["sync", "push", target.root.path, "--branch", "review"], in: ours.root)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("review is checked out at"), "\(result.stderr)")
        #expect(try target.head("review") == before)
        try GitRepository(root: worktree).expectClean()
    }

    // MARK: 7. A symbolic link to the post

    func linkedRepository() throws -> GitRepository {
        let repo = try GitRepository.make(files: ["lists/real.md": samplePost, "curate.yml": configuration])
        try FileManager.default.createDirectory(
            at: repo.root.appendingPathComponent("_posts"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: repo.root.appendingPathComponent("_posts/list.md").path, withDestinationPath: "../lists/real.md")
        try repo.git("add", ".")
        try repo.git("commit", "-q", "-m", "link")
        return repo
    }

    func isLink(_ repo: GitRepository, _ path: String) throws -> Bool {
        let attributes = try FileManager.default.attributesOfItem(atPath: repo.root.appendingPathComponent(path).path)
        return attributes[.type] as? FileAttributeType == .typeSymbolicLink
    }

    @Test func aSymlinkedPostIsReadAndWrittenThroughTheLink() throws {
        let repo = try linkedRepository()
        #expect(try propose(repo, ["--commit"]).status == 0)
        #expect(try isLink(repo, "_posts/list.md"), "the link is kept")
        #expect(try repo.git("show", "HEAD:lists/real.md").contains("[SAELens](https://saelens.example/)"))
        #expect(try repo.git("ls-tree", "HEAD", "_posts/list.md").hasPrefix("120000"), "still a link in the tree")
        try repo.expectClean()
        // --branch with a new section: Markdown goes to the target, never into the link's blob.
        let branch = try CLI.run(
            [
                "propose", "--branch", "curate/more", "--create-sections", "--title", "Y", "--url", "https://y.example/",
                "--section", "Brand New",
            ], in: repo.root)
        #expect(branch.status == 0, "\(branch.stderr)")
        #expect(try repo.git("ls-tree", "curate/more", "_posts/list.md").hasPrefix("120000"))
        #expect(try repo.git("show", "curate/more:_posts/list.md") == "../lists/real.md")
        #expect(try repo.git("show", "curate/more:lists/real.md").contains("### Brand New"))
        // fmt writes through the link.
        try repo.write("lists/real.md", samplePost + "2. [Trailing](https://trailing.example/)   \n")
        #expect(try CLI.run(["fmt"], in: repo.root).status == 0)
        #expect(try isLink(repo, "_posts/list.md"))
        #expect(try !repo.read("lists/real.md").contains("   \n"))
        // check --staged reads the staged target.
        try repo.write("lists/real.md", samplePost + "2. [Again](https://transformerlensorg.github.io/TransformerLens/)\n")
        try repo.git("add", "lists/real.md")
        let staged = try CLI.run(["check", "--staged"], in: repo.root)
        #expect(staged.status == 1, "\(staged.stdout) \(staged.stderr)")
        #expect(staged.stdout.contains("duplicate-link"))
        try repo.expectHealthy()
    }

    // MARK: 8. core.autocrlf and eol=crlf

    @Test(arguments: ["autocrlf", "attributes"]) func commitsThroughGitsLineEndingFilters(_ kind: String) throws {
        let repo = try repository()
        if kind == "autocrlf" {
            try repo.git("config", "core.autocrlf", "true")
        } else {
            try repo.write(".gitattributes", "*.md text eol=crlf\n")
            try repo.git("add", ".gitattributes")
            try repo.git("commit", "-q", "-m", "attributes")
        }
        try FileManager.default.removeItem(at: repo.root.appendingPathComponent("_posts/list.md"))
        try repo.git("checkout", "--", "_posts/list.md")
        #expect(try repo.read("_posts/list.md").contains("\r\n"), "checked out with CRLF")
        try repo.expectClean()
        let result = try propose(repo, ["--commit"])
        #expect(result.status == 0, "\(result.stderr)")
        let committed = try repo.git("show", "HEAD:_posts/list.md")
        #expect(committed.contains("[SAELens]") && !committed.contains("\r"), "the blob has LF")
        let working = try repo.read("_posts/list.md")
        #expect(working.contains("[SAELens]") && working.contains("\r\n"), "the working file has CRLF")
        try repo.expectClean()
        // A pull commits too.
        let other = try GitRepository.make(files: ["_posts/list.md": samplePost + "2. [Other](https://other.example/)\n"])
        let pull = try CLI.run(["sync", "pull", other.root.path, "--commit"], in: repo.root)
        #expect(pull.status == 0, "\(pull.stderr)")
        #expect(try repo.git("show", "HEAD:_posts/list.md").contains("[Other]"))
        try repo.expectClean()
        try repo.expectHealthy()
    }

    // MARK: 9. Shallow clones

    @Test func syncPullInAShallowCloneSyncsAsAFirstSync() throws {
        let ours = try repository()
        let theirs = try GitRepository.make(files: ["_posts/list.md": samplePost + "2. [First](https://first.example/)\n"])
        #expect(try CLI.run(["sync", "pull", theirs.root.path, "--commit"], in: ours.root).status == 0)
        try ours.write("README.md", "later\n")
        try ours.git("add", "README.md")
        try ours.git("commit", "-q", "-m", "later")
        try theirs.write(
            "_posts/list.md", samplePost + "2. [First](https://first.example/)\n3. [Second](https://second.example/)\n")
        try theirs.git("commit", "-q", "-am", "second")
        let clone = GitRepository(root: try CLI.temporaryDirectory().appendingPathComponent("shallow"))
        try ours.git("clone", "-q", "--depth", "1", "file://" + ours.root.path, clone.root.path)
        try clone.git("config", "user.name", "Test User")
        try clone.git("config", "user.email", "test@example.com")
        #expect(FileManager.default.fileExists(atPath: clone.root.appendingPathComponent(".git/shallow").path))
        let result = try CLI.run(["sync", "pull", theirs.root.path, "--commit"], in: clone.root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("not found"), "\(result.stderr)")
        #expect(result.stderr.contains("shallow"), "says it synced as a first sync: \(result.stderr)")
        let post = try clone.git("show", "HEAD:_posts/list.md")
        #expect(post.contains("[First]") && post.contains("[Second]"))
        try clone.expectClean()
    }
}
