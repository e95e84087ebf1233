import CurateTestSupport
import Foundation
import Testing

/// The pre-commit hook, installed with `curate hooks install` and run by real `git commit`s.
@Suite struct HookTests {
    let clean = samplePost
    var withDuplicate: String { samplePost + "2. [Again](https://transformer-circuits.pub/2022/toy_model/)\n" }
    var withNewLink: String { samplePost + "2. [New](https://new.example/)\n" }

    func repository() throws -> GitRepository {
        let repo = try GitRepository.make(files: ["_posts/list.md": samplePost, "curate.yml": "posts:\n  - _posts/list.md\n"])
        try CLI.run(["hooks", "install"], in: repo.root).checked()
        return repo
    }

    /// `git commit` with curate not on PATH: the hook uses the path recorded at install.
    func commit(_ repo: GitRepository, _ arguments: String...) throws -> CLI.Result {
        try repo.gitResult(["commit", "-q", "-m", "change"] + arguments, environment: ["PATH": "/usr/bin:/bin"])
    }

    @Test func aDuplicateIsRefusedWithItsLineAndHeadStays() throws {
        let repo = try repository()
        let head = try repo.head()
        try repo.write("_posts/list.md", withDuplicate)
        try repo.git("add", "_posts/list.md")
        let refused = try commit(repo)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("_posts/list.md:17:4: error duplicate-link"), "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stderr.contains("--no-verify"))
        #expect(try repo.head() == head)
        try repo.write("_posts/list.md", withNewLink)
        try repo.git("add", "_posts/list.md")
        let accepted = try commit(repo)
        #expect(accepted.status == 0, "\(accepted.stdout)\(accepted.stderr)")
        #expect(try repo.head() != head)
    }

    @Test func checksTheStagedVersionNotTheWorkingTree() throws {
        let repo = try repository()
        // Staged good, working tree bad: commits.
        try repo.write("_posts/list.md", withNewLink)
        try repo.git("add", "_posts/list.md")
        try repo.write("_posts/list.md", withDuplicate)
        #expect(try commit(repo).status == 0)
        // Staged bad, working tree good: refused.
        let head = try repo.head()
        try repo.git("add", "_posts/list.md")
        try repo.write("_posts/list.md", withNewLink)
        #expect(try commit(repo).status != 0)
        #expect(try repo.head() == head)
    }

    @Test func commitAllAndCommitPathsAreCheckedOnWhatTheyCommit() throws {
        let repo = try repository()
        let head = try repo.head()
        // Nothing staged; commit -a takes the bad working tree through a temporary index.
        try repo.write("_posts/list.md", withDuplicate)
        #expect(try commit(repo, "-a").status != 0)
        #expect(try repo.head() == head)
        // commit <path> also uses a temporary index holding the working file.
        #expect(try commit(repo, "--", "_posts/list.md").status != 0)
        #expect(try repo.head() == head)
        // A good file staged but a bad working file: commit <path> commits the bad one, refused.
        try repo.write("_posts/list.md", withNewLink)
        try repo.git("add", "_posts/list.md")
        try repo.write("_posts/list.md", withDuplicate)
        #expect(try commit(repo, "--", "_posts/list.md").status != 0)
        // And the reverse passes.
        try repo.write("_posts/list.md", withNewLink)
        #expect(try commit(repo, "-a").status == 0)
        #expect(try repo.git("show", "HEAD:_posts/list.md") == withNewLink)
    }

    @Test func oldDefectsDoNotBlockOtherCommitsAndDeletingThePostIsAllowed() throws {
        let repo = try GitRepository.make(files: ["_posts/list.md": withDuplicate, "curate.yml": "posts:\n  - _posts/list.md\n"])
        try CLI.run(["hooks", "install"], in: repo.root).checked()
        try repo.write("other.txt", "x\n")
        try repo.git("add", "other.txt")
        #expect(try commit(repo).status == 0)
        try repo.git("rm", "-q", "_posts/list.md")
        #expect(try commit(repo).status == 0)
    }

    @Test func sinceReportsOnlyLinesChangedSinceTheRevision() throws {
        let repo = try GitRepository.make(files: ["_posts/list.md": withDuplicate, "curate.yml": "posts:\n  - _posts/list.md\n"])
        let old = try CLI.run(["check", "--since", "HEAD"], in: repo.root)
        #expect(old.status == 0)
        #expect(old.stdout.isEmpty)
        // Listed again in its own section: an error (in another section it is a warning).
        try repo.write("_posts/list.md", withDuplicate + "3. [Twice](https://transformer-circuits.pub/2022/toy_model)\n")
        let new = try CLI.run(["check", "--since", "HEAD"], in: repo.root)
        #expect(new.status == 1)
        #expect(new.stdout.contains(":18:4: error duplicate-link"))
        #expect(!new.stdout.contains(":17:"))
        let everything = try CLI.run(["check"], in: repo.root)
        #expect(everything.stdout.contains(":17:"))
    }

    @Test func aConflictedPostIsAnError() throws {
        let repo = try GitRepository.make(files: ["_posts/list.md": samplePost, "curate.yml": "posts:\n  - _posts/list.md\n"])
        try repo.divergeOnPost(at: "_posts/list.md")
        #expect(try repo.gitResult(["merge", "-q", "side"]).status != 0)
        let result = try CLI.run(["check", "--staged"], in: repo.root)
        #expect(result.status == 2)
        #expect(result.stderr.contains("unresolved merge conflicts"))
    }

    @Test(arguments: ["relative", "absolute"])
    func installsWhereCoreHooksPathPoints(kind: String) throws {
        let repo = try GitRepository.make(files: ["_posts/list.md": samplePost, "curate.yml": "posts:\n  - _posts/list.md\n"])
        let folder = kind == "relative" ? ".githooks" : try CLI.temporaryDirectory().path
        try repo.git("config", "core.hooksPath", folder)
        let result = try CLI.run(["hooks", "install"], in: repo.root.appendingPathComponent("_posts"))
        #expect(result.status == 0, "\(result.stderr)")
        let hook = kind == "relative" ? repo.root.appendingPathComponent(".githooks/pre-commit").path : folder + "/pre-commit"
        #expect(FileManager.default.isExecutableFile(atPath: hook))
        #expect(!FileManager.default.fileExists(atPath: repo.root.appendingPathComponent(".git/hooks/pre-commit").path))
        try repo.write("_posts/list.md", withDuplicate)
        try repo.git("add", "_posts/list.md")
        #expect(try commit(repo).status != 0, "git runs the hook from core.hooksPath")
    }

    @Test func aMergeCommitGitMakesItselfIsCheckedToo() throws {
        // A clean line merge that lists one resource twice (found by a tester: git runs no
        // pre-commit hook for the merge commits it makes, and the duplicate landed).
        let repo = try repository()
        let post = "_posts/list.md"
        // The side branch's version: SAELens once, in Libraries.
        let side = samplePost.replacingOccurrences(
            of: "2. [nnsight](https://nnsight.net/)\n",
            with: "2. [nnsight](https://nnsight.net/)\n3. [SAELens](https://github.com/jbloomAus/SAELens)\n")
        try repo.git("checkout", "-q", "-b", "side")
        try repo.write(post, side)
        #expect(try commit(repo, "-a").status == 0)
        try repo.git("checkout", "-q", "main")
        try repo.write(
            post,
            samplePost.replacingOccurrences(
                of: "1. [Transfomer Lens]", with: "1. [SAE Lens](https://github.com/jbloomaus/saelens)\n1. [Transfomer Lens]"))
        #expect(try commit(repo, "-a", "--no-verify").status == 0)
        let head = try repo.head()
        let merge = try repo.gitResult(["merge", "--no-edit", "side"], environment: ["PATH": "/usr/bin:/bin"])
        #expect(merge.status != 0, "\(merge.stdout)\(merge.stderr)")
        #expect(merge.stderr.contains("error duplicate-link"), "\(merge.stderr)")
        #expect(try repo.head() == head, "no merge commit")
        #expect(FileManager.default.fileExists(atPath: repo.root.appendingPathComponent(".git/MERGE_HEAD").path))
        // Fixed and committed by hand, the merge completes (through the pre-commit hook).
        try repo.write(post, side)
        #expect(try commit(repo, "-a").status == 0)
        #expect(try repo.git("rev-list", "--parents", "-n", "1", "HEAD").split(separator: " ").count == 3)
    }

    @Test func aForeignHookIsKeptAndChained() throws {
        let repo = try GitRepository.make(files: ["_posts/list.md": samplePost, "curate.yml": "posts:\n  - _posts/list.md\n"])
        let hook = repo.root.appendingPathComponent(".git/hooks/pre-commit")
        let foreign = "#!/bin/sh\necho ran > \"$(git rev-parse --git-dir)/foreign-ran\"\nexit 0\n"
        try Data(foreign.utf8).write(to: hook)
        #expect(chmod(hook.path, 0o755) == 0)
        let refused = try CLI.run(["hooks", "install"], in: repo.root)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("--force"))
        #expect(try String(contentsOf: hook, encoding: .utf8) == foreign)
        try CLI.run(["hooks", "install", "--force"], in: repo.root).checked()
        #expect(try String(contentsOf: hook.appendingPathExtension("local"), encoding: .utf8) == foreign)
        // Idempotent.
        let again = try CLI.run(["hooks", "install"], in: repo.root)
        #expect(again.status == 0)
        #expect(again.stdout.contains("already installed"))
        try repo.write("_posts/list.md", withNewLink)
        try repo.git("add", "_posts/list.md")
        #expect(try commit(repo).status == 0)
        #expect(FileManager.default.fileExists(atPath: repo.root.appendingPathComponent(".git/foreign-ran").path))
    }

    @Test func theRepositorysHookIsTheInstalledOne() throws {
        let repo = try repository()
        let installed = try String(contentsOf: repo.root.appendingPathComponent(".git/hooks/pre-commit"), encoding: .utf8)
        let template = try String(contentsOf: CLI.packageRoot.appendingPathComponent("hooks/pre-commit"), encoding: .utf8)
        let binary = try #require(realpath(CLI.binary.path, nil))
        defer { free(binary) }
        #expect(installed == template.replacingOccurrences(of: "@CURATE_PATH@", with: String(cString: binary)))
    }

    @Test func aCommitThatTouchesNoPostStartsNoCurate() throws {
        let repo = try repository()
        // curate, through a wrapper that counts its starts.
        let log = repo.root.appendingPathComponent(".git/curate-starts")
        let wrapper = repo.root.appendingPathComponent(".git/curate-wrapper")
        try Data("#!/bin/sh\necho start >> '\(log.path)'\nexec '\(CLI.binary.path)' \"$@\"\n".utf8).write(to: wrapper)
        #expect(chmod(wrapper.path, 0o755) == 0)
        func commit(_ arguments: String...) throws -> CLI.Result {
            try repo.gitResult(
                ["commit", "-q", "-m", "change"] + arguments, environment: ["PATH": "/usr/bin:/bin", "CURATE": wrapper.path])
        }
        func starts() -> Int { ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").count }
        func touchUnrelated(_ text: String) throws {
            try repo.write("notes.txt", text)
            try repo.git("add", "notes.txt")
        }
        try touchUnrelated("1")
        #expect(try commit().status == 0)
        #expect(starts() == 1, "the first commit records the paths")
        try touchUnrelated("2")
        #expect(try commit().status == 0)
        #expect(starts() == 1, "a commit that touches no post starts no curate")
        // The post staged: checked (and refused).
        try repo.write("_posts/list.md", withDuplicate)
        try repo.git("add", "_posts/list.md")
        #expect(try commit().status != 0)
        #expect(starts() == 2)
        try repo.git("reset", "-q", "--", "_posts/list.md")
        // commit -a takes the post: checked.
        #expect(try commit("-a").status != 0)
        #expect(starts() == 3)
        try repo.git("checkout", "--", "_posts/list.md")
        // The configuration changed (another post): read again.
        try repo.write("other.md", withDuplicate)
        try repo.write("curate.yml", "posts:\n  - _posts/list.md\n  - other.md\n")
        try touchUnrelated("3")
        #expect(try commit().status == 0)
        #expect(starts() == 4)
        // The new post and the configuration naming it staged: checked (the staged
        // configuration is the one read).
        try repo.git("add", "other.md", "curate.yml")
        #expect(try commit().status != 0, "the new post is checked")
        #expect(starts() == 5)
    }

    @Test func aNewConfigurationThatTakesPrecedenceIsChecked() throws {
        let repo = try GitRepository.make(files: [
            "_posts/list.md": samplePost, "curation/curate.yml": "posts:\n  - _posts/list.md\n",
        ])
        try CLI.run(["hooks", "install"], in: repo.root).checked()
        try repo.write("notes.txt", "1")
        try repo.git("add", "notes.txt")
        #expect(try commit(repo).status == 0, "the first commit records the paths")
        let record = try String(
            contentsOf: repo.root.appendingPathComponent(".git/curate/hook-paths"), encoding: .utf8)
        #expect(record.split(separator: "\n", omittingEmptySubsequences: false)[2] == "curate.yml")
        // A top-level curate.yml (it takes precedence) naming a post with an error, staged.
        try repo.write("docs/two.md", withDuplicate)
        try repo.write("curate.yml", "posts:\n  - _posts/list.md\n  - docs/two.md\n")
        try repo.git("add", "-A")
        let head = try repo.head()
        let refused = try commit(repo)
        #expect(refused.status != 0, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stderr.contains("docs/two.md"))
        #expect(try repo.head() == head)
        // Only in the work tree (not staged): curate runs too, and reads it.
        try repo.git("reset", "-q")
        try repo.git("add", "docs/two.md")
        #expect(try commit(repo).status != 0)
        #expect(try repo.head() == head)
    }

    @Test func theHookSaysWhatToDoWithoutCurate() throws {
        let repo = try GitRepository.make(files: ["_posts/list.md": samplePost, "curate.yml": "posts:\n  - _posts/list.md\n"])
        let template = try String(contentsOf: CLI.packageRoot.appendingPathComponent("hooks/pre-commit"), encoding: .utf8)
        let hook = repo.root.appendingPathComponent(".git/hooks/pre-commit")
        try Data(template.utf8).write(to: hook)
        #expect(chmod(hook.path, 0o755) == 0)
        try repo.write("_posts/list.md", withNewLink)
        try repo.git("add", "_posts/list.md")
        let result = try commit(repo)
        #expect(result.status != 0)
        #expect(result.stderr.contains("cannot find the curate binary"))
    }
}
