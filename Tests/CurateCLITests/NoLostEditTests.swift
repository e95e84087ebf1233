import CurateTestSupport
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
        try repo.write("lists/real.md", samplePost + "2. [Again](https://transformer-circuits.pub/2022/toy_model/)\n")
        try repo.git("add", "lists/real.md")
        let staged = try CLI.run(["check", "--staged"], in: repo.root)
        #expect(staged.status == 1, "\(staged.stdout) \(staged.stderr)")
        #expect(staged.stdout.contains("duplicate-link"))
        try repo.expectHealthy()
    }

    /// The link itself changed since the last commit (pointed at another file, or made a
    /// file): an uncommitted change of the post, refused; nothing is committed. `--branch`
    /// reads no working tree: it commits where the branch's links lead.
    @Test func aSymlinkedPostWhoseLinkChangedIsRefused() throws {
        for change in ["repointed", "made a file"] {
            let repo = try linkedRepository()
            try repo.write("lists/other.md", samplePost)
            try repo.git("add", "lists/other.md")
            try repo.git("commit", "-q", "-m", "other")
            let link = repo.root.appendingPathComponent("_posts/list.md").path
            try FileManager.default.removeItem(atPath: link)
            if change == "repointed" {
                try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "../lists/other.md")
            } else {
                try repo.write("_posts/list.md", samplePost)
            }
            let before = try repo.head()
            let result = try propose(repo, ["--commit"])
            #expect(result.status == 2, "\(change): \(result.stderr)")
            #expect(result.stderr.contains("uncommitted changes in the working tree (a symbolic link changed)"))
            sync: do {
                let other = try GitRepository.make(files: ["_posts/list.md": samplePost + "2. [New](https://new.example/)\n"])
                let result = try CLI.run(["sync", "pull", other.root.path, "--commit"], in: repo.root)
                #expect(result.status == 2, "\(change): \(result.stderr)")
            }
            #expect(try repo.head() == before)
            let branch = try propose(repo, ["--branch", "side"])
            #expect(branch.status == 0, "\(change): \(branch.stderr)")
            #expect(try repo.git("show", "side:lists/real.md").contains("[SAELens]"), "the file the branch's link names")
            #expect(try repo.git("show", "side:lists/other.md") == samplePost)
        }
    }

    /// `--branch B` where B's link names another file than HEAD's: B's file is edited.
    @Test func aBranchCommitFollowsThatBranchsLinks() throws {
        let repo = try linkedRepository()
        try repo.write("lists/other.md", samplePost)
        try repo.git("add", "lists/other.md")
        try repo.git("commit", "-q", "-m", "other")
        try repo.git("checkout", "-q", "-b", "side")
        let link = repo.root.appendingPathComponent("_posts/list.md").path
        try FileManager.default.removeItem(atPath: link)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "../lists/other.md")
        try repo.git("commit", "-q", "-am", "side: the post is other.md")
        try repo.git("checkout", "-q", "main")
        let result = try propose(repo, ["--branch", "side"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try repo.git("show", "side:lists/other.md").contains("[SAELens]"))
        #expect(try repo.git("show", "side:lists/real.md") == samplePost)
        try repo.expectClean()
    }

    /// The hook's fast path never stands for a post reached through a link (the file it
    /// is depends on links a branch switch or the index changes): no record, and a stale
    /// one is removed, so the hook always checks.
    @Test func aLinkedPostLeavesNoHookRecord() throws {
        let repo = try linkedRepository()
        try CLI.run(["hooks", "install"], in: repo.root).checked()
        let record = repo.root.appendingPathComponent(".git/curate/hook-paths").path
        try FileManager.default.createDirectory(
            atPath: repo.root.appendingPathComponent(".git/curate").path, withIntermediateDirectories: true)
        try Data("curate-hook-paths 2\nstale\n".utf8).write(to: URL(fileURLWithPath: record))
        try repo.write("lists/real.md", samplePost + "2. [](https://empty.example/)\n")
        try repo.git("add", "lists/real.md")
        #expect(try repo.gitResult(["commit", "-q", "-m", "broken"]).status != 0)
        #expect(!FileManager.default.fileExists(atPath: record))
    }

    /// A post reached through links, committed: `layout` "second hop" (`_posts/list.md`
    /// -> `hop.md` -> `real.md`) or "folder" (`_posts` -> `posts_a`), beside a file holding
    /// `other` that the link `link` names once re-pointed to `target`.
    func linkLayout(_ layout: String, other: String) throws
        -> (repo: GitRepository, committed: String, link: String, target: String)
    {
        let repo = try GitRepository.make(files: ["curate.yml": configuration])
        let root = repo.root.path
        if layout == "second hop" {
            try repo.write("real.md", samplePost)
            try repo.write("other.md", other)
            try FileManager.default.createSymbolicLink(atPath: root + "/hop.md", withDestinationPath: "real.md")
            try FileManager.default.createDirectory(atPath: root + "/_posts", withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: root + "/_posts/list.md", withDestinationPath: "../hop.md")
        } else {
            try repo.write("posts_a/list.md", samplePost)
            try repo.write("posts_b/list.md", other)
            try FileManager.default.createSymbolicLink(atPath: root + "/_posts", withDestinationPath: "posts_a")
        }
        try repo.git("add", "-A")
        try repo.git("commit", "-q", "-m", "links")
        return layout == "folder"
            ? (repo, "posts_a/list.md", "_posts", "posts_b") : (repo, "real.md", "hop.md", "other.md")
    }

    func repoint(_ repo: GitRepository, _ link: String, to target: String) throws {
        let path = repo.root.appendingPathComponent(link).path
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
    }

    /// The same through a link's link re-pointed at its second hop, and through a folder
    /// that is a link re-pointed; unchanged, both commit the file HEAD's links name.
    @Test func aPostReachedThroughChangedLinksIsRefused() throws {
        for layout in ["second hop", "folder"] {
            let (repo, committed, link, target) = try linkLayout(layout, other: samplePost)
            #expect(try propose(repo, ["--commit"]).status == 0, "\(layout): unchanged links")
            #expect(try repo.git("show", "HEAD:" + committed).contains("SAELens"))
            try repoint(repo, link, to: target)
            let before = try repo.head()
            let result = try propose(repo, ["--commit"], title: "Other")
            #expect(result.status == 2, "\(layout): \(result.stderr)")
            #expect(result.stderr.contains("a symbolic link changed"), "\(result.stderr)")
            #expect(try repo.head() == before)
        }
    }

    /// The hook checks the file the staged links name when a link on the way is staged
    /// re-pointed (a link's second hop, a folder that is a link), and starts curate for it.
    @Test func theHookChecksThePostAStagedLinkOnTheWayNames() throws {
        for layout in ["second hop", "folder"] {
            let (repo, _, link, target) = try linkLayout(layout, other: samplePost + "2. [](https://empty.example/)\n")
            try CLI.run(["hooks", "install"], in: repo.root).checked()
            try repoint(repo, link, to: target)
            try repo.git("add", link)
            let check = try CLI.run(["check", "--staged"], in: repo.root)
            #expect(check.status == 1 && check.stdout.contains("empty-link"), "\(layout): \(check.stdout)")
            let commit = try repo.gitResult(["commit", "-q", "-m", "re-point"])
            #expect(commit.status != 0, "\(layout): the hook refuses the broken post the link names")
        }
    }

    /// A `filter` driver (git-crypt, a clean and smudge pair) runs only in git: committing
    /// through libgit2 would store the post unfiltered. Refused, saying why; without
    /// --commit the working file is written, for git to commit.
    @Test func aPostBehindAFilterDriverIsNotCommittedUnfiltered() throws {
        let repo = try repository()
        try repo.git("config", "filter.upper.clean", "tr a-z A-Z")
        try repo.git("config", "filter.upper.smudge", "cat")
        try repo.write(".gitattributes", "*.md filter=upper\n")
        try repo.git("add", "-A")
        try repo.git("commit", "-q", "-m", "filter")
        let before = try repo.head()
        for arguments in [["--commit"], ["--branch", "side"]] {
            let result = try propose(repo, arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(
                result.stderr.contains("through filter=upper (its git attributes), which curate cannot apply"), "\(result.stderr)"
            )
        }
        #expect(try repo.head() == before)
        #expect(try propose(repo, []).status == 0, "without --commit the file is written")
        #expect(try repo.read("_posts/list.md").contains("SAELens"))
    }

    /// HEAD on a branch that is an alias of another (`git symbolic-ref refs/heads/master
    /// refs/heads/main`): the commit moves the branch the alias names, as git's does.
    @Test func aCommitOnABranchAliasMovesTheBranchItNames() throws {
        let repo = try repository()
        try repo.git("symbolic-ref", "refs/heads/master", "refs/heads/main")
        try repo.git("symbolic-ref", "HEAD", "refs/heads/master")
        let result = try propose(repo, ["--commit"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try repo.git("show", "main:_posts/list.md").contains("[SAELens]"))
        #expect(try repo.git("symbolic-ref", "refs/heads/master") == "refs/heads/main\n")
        try repo.expectClean()
        try repo.expectHealthy()
        // --branch naming the branch checked out through the alias, or the alias: refused,
        // as for the branch itself (its index and files would be left behind).
        for branch in ["main", "master"] {
            let result = try propose(repo, ["--branch", branch], title: "Other")
            #expect(result.status == 2, "\(branch): \(result.stderr)")
            #expect(result.stderr.contains("main is checked out at"), "\(result.stderr)")
        }
        try repo.expectClean()
    }

    /// A bare repository with its files elsewhere, as a home folder's dotfiles are kept
    /// (`GIT_DIR` and `GIT_WORK_TREE`): curate opens the repository git does.
    @Test func gitDirAndGitWorkTreeAreTheRepository() throws {
        let repo = try repository()
        let bare = try CLI.temporaryDirectory().appendingPathComponent("dotfiles.git")
        try repo.git("clone", "-q", "--bare", repo.root.path, bare.path)
        try FileManager.default.removeItem(at: repo.root.appendingPathComponent(".git"))
        let environment = ["GIT_DIR": bare.path, "GIT_WORK_TREE": repo.root.path]
        try repo.git("config", "user.name", "Test User", environment: environment)
        try repo.git("config", "user.email", "test@example.com", environment: environment)
        try repo.git("reset", "-q", environment: environment)
        let result = try CLI.run(
            ["propose", "--commit", "--title", "SAELens", "--url", "https://saelens.example/", "--section", "Papers"],
            in: repo.root, environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try repo.git("show", "HEAD:_posts/list.md", environment: environment).contains("[SAELens]"))
        #expect(try repo.git("status", "--porcelain", environment: environment).isEmpty)
        // From a folder of the work tree, curate.yml is found at its root.
        let fromFolder = try CLI.run(["check"], in: repo.root.appendingPathComponent("_posts"), environment: environment)
        #expect(fromFolder.status == 0, "\(fromFolder.stderr)")
        #expect(try CLI.run(["hooks", "install"], in: repo.root, environment: environment).status == 0)
        #expect(FileManager.default.fileExists(atPath: bare.appendingPathComponent("hooks/pre-commit").path))
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
            "_posts/list.md",
            samplePost + "2. [First, retitled](https://first.example/)\n3. [Second](https://second.example/)\n")
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
        #expect(post.contains("[First]") && post.contains("[Second]"), "additions only")
        // No base recorded: after git fetch --unshallow the real last sync is found and
        // their edit since comes over (it was not buried under a base at their tip).
        #expect(!(try clone.git("log", "-1", "--format=%B")).contains("Curate-Synced-From: "))
        try clone.git("fetch", "-q", "--unshallow")
        let again = try CLI.run(["sync", "pull", theirs.root.path, "--commit"], in: clone.root)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try clone.git("show", "HEAD:_posts/list.md").contains("[First, retitled]"), "\(again.stderr)")
        #expect(try clone.git("log", "-1", "--format=%B").contains("Curate-Synced-From: "))
        try clone.expectClean()
    }

    @Test func aFirstSyncWithNothingToAddSaysSo() throws {
        let ours = try repository()
        // Their list has the same entries, one retitled: nothing to add.
        let theirs = try GitRepository.make(files: [
            "_posts/list.md": samplePost.replacingOccurrences(of: "[nnsight]", with: "[nnsight, edited]")
        ])
        let result = try CLI.run(["sync", "pull", theirs.root.path, "--commit"], in: ours.root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("first sync (additions only)"), "\(result.stderr)")
        #expect(!result.stderr.contains("up to date"), "\(result.stderr)")
    }

    // MARK: 3, 4, 5. The merge driver

    /// Runs the driver on three versions; returns its exit status and the merged text.
    func drive(base: [UInt8], ours: [UInt8], theirs: [UInt8]) throws -> (status: Int32, merged: [UInt8], stderr: String) {
        let directory = try CLI.temporaryDirectory()
        for (name, bytes) in [("O", base), ("A", ours), ("B", theirs)] {
            try Data(bytes).write(to: directory.appendingPathComponent(name))
        }
        let result = try CLI.run(["merge-driver", "O", "A", "B", "_posts/list.md"], in: directory)
        let merged = try Data(contentsOf: directory.appendingPathComponent("A"))
        return (result.status, Array(merged), result.stderr)
    }

    func drive(base: String, ours: String, theirs: String) throws -> (status: Int32, merged: String, stderr: String) {
        let result = try drive(base: Array(base.utf8), ours: Array(ours.utf8), theirs: Array(theirs.utf8))
        return (result.status, String(decoding: result.merged, as: UTF8.self), result.stderr)
    }

    /// Two sections: A (One, Two, Three) and B (Four).
    let sections = """
        ## A

        - [One](https://one.example/)
        - [Two](https://two.example/)
        - [Three](https://three.example/)

        ## B

        - [Four](https://four.example/)

        """

    /// Ours gives an entry another URL: theirs' removal of it is a conflict (it was an
    /// edit of that entry, not a removal and an addition), and theirs' edit of its
    /// description merges with ours' URL.
    @Test func anEntryWhoseURLOursChangedIsTheSameEntryToTheirEditOrRemoval() throws {
        let ours = sections.replacingOccurrences(of: "two.example", with: "two-new.example")
        let removed = try drive(
            base: sections, ours: ours, theirs: sections.replacingOccurrences(of: "- [Two](https://two.example/)\n", with: ""))
        #expect(removed.status == 1, "\(removed.merged)")
        #expect(removed.merged.contains("<<<<<<< ours\n- [Two](https://two-new.example/)\n=======\n>>>>>>> theirs\n"))
        let described = try drive(
            base: sections.replacingOccurrences(of: "two.example/)", with: "two.example/) - old"),
            ours: ours.replacingOccurrences(of: "two-new.example/)", with: "two-new.example/) - old"),
            theirs: sections.replacingOccurrences(of: "two.example/)", with: "two.example/) - theirs"))
        #expect(described.status == 0, "\(described.stderr)")
        #expect(described.merged.contains("- [Two](https://two-new.example/) - theirs\n"), "\(described.merged)")
    }

    /// git's merge by lines, where the driver falls back on it, can put back what a side
    /// removed (a move there, a reorder here) without a conflict: the driver says so
    /// and exits 1 instead of a clean merge.
    @Test func aMergeByLinesThatPutsBackARemovedEntryIsAConflict() throws {
        let moved = try drive(
            base: sections, ours: sections.replacingOccurrences(of: "- [Two](https://two.example/)\n", with: ""),
            theirs: sections.replacingOccurrences(of: "- [Two](https://two.example/)\n", with: "")
                + "- [Two](https://two.example/)\n")
        #expect(moved.status == 1, "\(moved.merged)")
        #expect(moved.stderr.contains("it keeps \"Two\" <https://two.example/>, which ours removed"), "\(moved.stderr)")
        let base =
            "- [Delta](https://d.example/)\n- [Alpha](https://a.example/)\n- [Charlie](https://c.example/)\n- [Bravo](https://b.example/)\n"
        let reordered = try drive(
            base: base,
            ours:
                "- [Alpha](https://a.example/)\n- [Bravo](https://b.example/)\n- [Charlie](https://c.example/)\n- [Delta](https://d.example/)\n",
            theirs: "- [Delta](https://d.example/)\n- [Alpha](https://a.example/)\n- [Bravo](https://b.example/)\n")
        #expect(reordered.status == 1, "\(reordered.merged)")
        #expect(reordered.stderr.contains("which theirs removed"), "\(reordered.stderr)")
    }

    /// Ours writes the URL otherwise (https), theirs moves it to another site: two edits
    /// of one URL, a conflict, never ours' dropped (found by a tester).
    @Test func twoEditsOfOneURLAreAConflict() throws {
        let base = sections.replacingOccurrences(of: "https://two.example/", with: "http://two.example/")
        for (ours, theirs) in [
            ("https://two.example/", "https://other.example/two"), ("https://other.example/two", "https://two.example/"),
        ] {
            let merged = try drive(
                base: base, ours: base.replacingOccurrences(of: "http://two.example/", with: ours),
                theirs: base.replacingOccurrences(of: "http://two.example/", with: theirs))
            #expect(merged.status == 1, "\(merged.merged)")
            #expect(merged.merged.contains(ours) && merged.merged.contains(theirs), "\(merged.merged)")
        }
    }

    /// Both sides change an entry's URL to the same other site, theirs also moves it to
    /// another section: one entry, the new URL, their section (found by a tester).
    @Test func theSameURLChangeOnBothSidesKeepsTheirMove() throws {
        let base =
            "# L\n\n## Tools\n\n- [Foo](https://github.com/a/foo) - foo\n\n## Libraries\n\n- [Bar](https://github.com/a/bar) - bar\n"
        let ours = base.replacingOccurrences(of: "github.com/a/bar", with: "gitlab.com/a/bar")
        let theirs =
            "# L\n\n## Tools\n\n- [Foo](https://github.com/a/foo) - foo\n- [Bar](https://gitlab.com/a/bar) - bar\n\n## Libraries\n"
        let merged = try drive(base: base, ours: ours, theirs: theirs)
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.merged == theirs, "\(merged.merged)")
    }

    /// Theirs empties a section, ours adds to it: the entry keeps ours' list marker, not a
    /// numbered list's (found by a tester).
    @Test func anEntryAddedToASectionTheOtherSideEmptiedKeepsItsMarker() throws {
        let base = "# L\n\n## Videos\n\n* [Talk](https://talk.example/)\n* [Other](https://other.example/)\n"
        let merged = try drive(base: base, ours: base + "* [New](https://new.example/)\n", theirs: "# L\n\n## Videos\n")
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.merged.contains("* [New](https://new.example/)\n"), "\(merged.merged)")
    }

    /// Where the driver merges by lines: theirs moves an entry it gave another URL, ours
    /// removed it (the removal undone), or both sides move one entry and one edits it
    /// (two copies): conflicts, said.
    @Test func aMergeByLinesThatKeepsAnEditedRemovalOrTwoCopiesIsAConflict() throws {
        let list =
            "# L\n\n## A\n\n- [Alpha](https://alpha.example/) - first\n- [Beta](https://beta.example/) - second\n- [Gamma](https://gamma.example/) - third\n"
        let removed = try drive(
            base: list, ours: list.replacingOccurrences(of: "- [Beta](https://beta.example/) - second\n", with: ""),
            theirs:
                "# L\n\n## A\n\n- [Beta](https://other.example/beta) - second\n- [Alpha](https://alpha.example/) - first\n- [Gamma](https://gamma.example/) - third\n"
        )
        #expect(removed.status == 1, "\(removed.merged)")
        #expect(removed.stderr.contains("which ours removed and the other side edited"), "\(removed.stderr)")
        let twice = try drive(
            base: list,
            ours:
                "# L\n\n## A\n\n- [Alpha](https://alpha.example/) - first\n- [Gamma](https://gamma.example/) - third\n- [Beta](https://beta.example/) - second\n",
            theirs:
                "# L\n\n## A\n\n- [Beta](https://beta.example/) - second edited\n- [Alpha](https://alpha.example/) - first\n- [Gamma](https://gamma.example/) - third\n"
        )
        #expect(twice.status == 1, "\(twice.merged)")
        #expect(twice.stderr.contains("2 times"), "\(twice.stderr)")
    }

    /// One side renames a section, the other adds to it: the addition lands in the renamed
    /// section (by lines), not in a new copy of the old heading.
    @Test func anAdditionToASectionTheOtherSideRenamedLandsInIt() throws {
        for oursRenames in [true, false] {
            let renamed = sections.replacingOccurrences(of: "## A\n", with: "## Alpha\n")
            let added = sections.replacingOccurrences(
                of: "- [Three](https://three.example/)\n",
                with: "- [Three](https://three.example/)\n- [New](https://new.example/)\n")
            let merged = try drive(base: sections, ours: oursRenames ? renamed : added, theirs: oursRenames ? added : renamed)
            #expect(merged.status == 0, "\(merged.stderr)")
            #expect(
                merged.merged
                    == renamed.replacingOccurrences(
                        of: "- [Three](https://three.example/)\n",
                        with: "- [Three](https://three.example/)\n- [New](https://new.example/)\n"),
                "\(merged.merged)")
        }
    }

    @Test func aSideTheEntryMergeCannotReadIsMergedByLinesNeverDropped() throws {
        let theirs = samplePost + "2. [Theirs](https://theirs.example/)\n"
        // Not UTF-8 (a Latin-1 é in the intro): merged by lines, cleanly here.
        let latin1 = Array(samplePost.replacingOccurrences(of: "Intro.", with: "Intro \u{1}.").utf8).map { $0 == 1 ? 0xE9 : $0 }
        let clean = try drive(base: Array(samplePost.utf8), ours: latin1, theirs: Array(theirs.utf8))
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(clean.merged.contains(0xE9))
        #expect(String(decoding: clean.merged, as: UTF8.self).contains("[Theirs](https://theirs.example/)"))
        // Bad front matter on one side, both sides adding at the same place: markers
        // with both additions, never one side.
        let badFrontMatter =
            samplePost.replacingOccurrences(of: "title: Sample list", with: "title: [unclosed")
            + "2. [Ours](https://ours.example/)\n"
        let conflicted = try drive(base: samplePost, ours: badFrontMatter, theirs: theirs)
        #expect(conflicted.status == 1)
        #expect(conflicted.merged.contains("<<<<<<< ours") && conflicted.merged.contains(">>>>>>> theirs"))
        #expect(conflicted.merged.contains("[Ours](https://ours.example/)"))
        #expect(conflicted.merged.contains("[Theirs](https://theirs.example/)"))
        #expect(conflicted.stderr.contains("by lines"))
        // A bare URL with tracking parameters in a list item on one side.
        let bare = samplePost + "2. https://bare.example/?utm_source=feed\n"
        let withBare = try drive(base: samplePost, ours: bare, theirs: theirs)
        #expect(withBare.merged.contains("https://bare.example/?utm_source=feed"))
        #expect(withBare.merged.contains("[Theirs](https://theirs.example/)"))
        #expect(withBare.status == 0 || withBare.merged.contains("<<<<<<<"), "a conflict has markers")
    }

    @Test func proseMergesAsGitMergesLinesAndUntouchedLinesStay() throws {
        // Untouched lines of the base: a placeholder and trailing spaces.
        let base = samplePost.replacingOccurrences(of: "Intro.", with: "Intro.  ") + "2. \n"
        let ours = base.replacingOccurrences(of: "Intro.  ", with: "A new intro.  ")
        let theirs = base + "\n### Talks\n\n1. [A talk](https://talk.example/)\n"
        let merged = try drive(base: base, ours: ours, theirs: theirs)
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.merged == ours + "\n### Talks\n\n1. [A talk](https://talk.example/)\n")
        // Entries on both sides, prose on one: by entries, the rest as it was.
        let ourEntry = base + "3. [Ours](https://ours.example/)\n"
        let theirEntry = base.replacingOccurrences(
            of: "2. [nnsight](https://nnsight.net/)\n",
            with: "2. [nnsight](https://nnsight.net/)\n3. [Theirs](https://theirs.example/)\n")
        let entries = try drive(base: base, ours: ourEntry, theirs: theirEntry)
        #expect(entries.status == 0, "\(entries.stderr)")
        #expect(entries.merged.contains("Intro.  \n"), "trailing spaces untouched")
        #expect(entries.merged.contains("2. \n"), "the placeholder untouched")
        #expect(entries.merged.contains("[Ours]") && entries.merged.contains("[Theirs]"))
    }

    @Test func deleteVersusEditLeavesMarkers() throws {
        let base = samplePost
        let edited = base.replacingOccurrences(of: "[nnsight]", with: "[NNsight, edited]")
        let deleted = base.replacingOccurrences(of: "2. [nnsight](https://nnsight.net/)\n", with: "")
        for (ours, theirs) in [(edited, deleted), (deleted, edited)] {
            let merged = try drive(base: base, ours: ours, theirs: theirs)
            #expect(merged.status == 1, "\(merged.stderr)")
            #expect(merged.merged.contains("<<<<<<<") && merged.merged.contains("[NNsight, edited]"), "\(merged.merged)")
        }
    }

    @Test func anEditOfTheURLAsWrittenOrTheSectionIsMerged() throws {
        let base = samplePost + "2. [Attention](https://arxiv.org/pdf/1706.03762)\n"
        let ours = base.replacingOccurrences(of: "[nnsight]", with: "[nnsight, ours]")
        let theirs = base.replacingOccurrences(of: "/pdf/1706.03762", with: "/abs/1706.03762")
            .replacingOccurrences(of: "1. [Toy Models", with: "1. [Toy Models, theirs")
        let merged = try drive(base: base, ours: ours, theirs: theirs)
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.merged.contains("[Attention](https://arxiv.org/abs/1706.03762)"), "\(merged.merged)")
        #expect(merged.merged.contains("[nnsight, ours]") && merged.merged.contains("[Toy Models, theirs of"))
        // A move to another section on their side.
        let moved = base.replacingOccurrences(of: "2. [Attention](https://arxiv.org/pdf/1706.03762)\n", with: "")
            .replacingOccurrences(
                of: "2. [nnsight](https://nnsight.net/)\n",
                with: "2. [nnsight](https://nnsight.net/)\n3. [Attention](https://arxiv.org/pdf/1706.03762)\n")
        let ourAddition = base + "3. [Ours](https://ours.example/)\n"
        let move = try drive(base: base, ours: ourAddition, theirs: moved)
        #expect(move.status == 0, "\(move.stderr)")
        let libraries = move.merged.components(separatedBy: "### Papers")[0]
        #expect(libraries.contains("[Attention]"), "moved to Libraries: \(move.merged)")
        #expect(move.merged.components(separatedBy: "[Attention]").count == 2, "once")
        #expect(move.merged.contains("[Ours](https://ours.example/)"))
    }

    @Test func aMoveWithinAListIsMerged() throws {
        let base = samplePost
        let reordered = base.replacingOccurrences(
            of:
                "1. [Transfomer Lens](https://transformerlensorg.github.io/TransformerLens/)\n2. [nnsight](https://nnsight.net/)\n",
            with:
                "1. [nnsight](https://nnsight.net/)\n2. [Transfomer Lens](https://transformerlensorg.github.io/TransformerLens/)\n"
        )
        let ours = base + "2. [Ours](https://ours.example/)\n"
        let merged = try drive(base: base, ours: ours, theirs: reordered)
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.merged == reordered + "2. [Ours](https://ours.example/)\n", "\(merged.merged)")
    }

    @Test func syncPullBringsAnEditOfTheURLAsWritten() throws {
        let ours = try repository()
        let theirs = try GitRepository.make(files: ["_posts/list.md": samplePost + "2. [Paper](http://paper.example/x)\n"])
        #expect(try CLI.run(["sync", "pull", theirs.root.path, "--commit"], in: ours.root).status == 0)
        try theirs.write("_posts/list.md", samplePost + "2. [Paper](https://paper.example/x)\n")
        try theirs.git("commit", "-q", "-am", "https")
        let pull = try CLI.run(["sync", "pull", theirs.root.path, "--commit"], in: ours.root)
        #expect(pull.status == 0, "\(pull.stderr)")
        #expect(try ours.git("show", "HEAD:_posts/list.md").contains("[Paper](https://paper.example/x)"))
    }

    @Test func gitMergeWithTheDriverKeepsEveryLink() throws {
        let repo = try repository()
        try CLI.run(["hooks", "install", "--merge-driver"], in: repo.root).checked()
        try repo.git("add", ".gitattributes")
        try repo.git("commit", "-q", "-m", "merge driver")
        try repo.git("checkout", "-q", "-b", "side")
        try repo.write(
            "_posts/list.md",
            samplePost.replacingOccurrences(of: "title: Sample list", with: "title: [bad") + "2. [Side](https://side.example/)\n")
        try repo.git("commit", "-q", "--no-verify", "-am", "side breaks the front matter and adds a link")
        try repo.git("checkout", "-q", "main")
        try repo.write("_posts/list.md", samplePost + "2. [Main](https://main.example/)\n")
        try repo.git("commit", "-q", "-am", "main adds a link")
        let merge = try repo.gitResult(["merge", "-q", "--no-edit", "side"])
        #expect(merge.status != 0)
        let merged = try repo.read("_posts/list.md")
        #expect(merged.contains("[Side]") && merged.contains("[Main]") && merged.contains("<<<<<<<"), "\(merged)")
    }

    // MARK: 11. Conflict markers

    @Test func conflictMarkersAreAnErrorInCheckAndTheHook() throws {
        let repo = try repository()
        try CLI.run(["hooks", "install"], in: repo.root).checked()
        try repo.git("checkout", "-q", "-b", "side")
        try repo.write(
            "_posts/list.md",
            samplePost.replacingOccurrences(of: "Intro.", with: "Their intro.") + "2. [Side](https://side.example/)\n")
        try repo.git("commit", "-q", "-am", "side")
        try repo.git("checkout", "-q", "main")
        try repo.write(
            "_posts/list.md",
            samplePost.replacingOccurrences(of: "Intro.", with: "Our intro.") + "2. [Main](https://main.example/)\n")
        try repo.git("commit", "-q", "-am", "main")
        #expect(try repo.gitResult(["merge", "-q", "--no-edit", "side"]).status != 0)
        let check = try CLI.run(["check"], in: repo.root)
        #expect(check.status == 1)
        #expect(check.stdout.contains("error conflict-markers"), "\(check.stdout)")
        try repo.git("add", "_posts/list.md")
        let commit = try repo.gitResult(["commit", "-q", "--no-edit"])
        #expect(commit.status != 0, "the hook refuses the markers")
        #expect(commit.stdout.contains("conflict-markers") || commit.stderr.contains("conflict-markers"))
    }

    // MARK: 12. .gitattributes for paths git reads only quoted

    @Test func theMergeDriverAppliesToPathsWithSpacesAndNonASCII() throws {
        let path = "_posts/my list é [1].md"
        let repo = try GitRepository.make(files: [path: samplePost, "curate.yml": "posts:\n  - \"\(path)\"\n"])
        try CLI.run(["hooks", "install", "--merge-driver"], in: repo.root).checked()
        let attribute = try repo.git("-c", "core.quotePath=false", "check-attr", "merge", "--", path)
        #expect(attribute == "\(path): merge: curate\n", "\(attribute)")
        let status = try repo.gitResult(["status", "--porcelain"])
        #expect(status.stderr.isEmpty, "git does not warn: \(status.stderr)")
        // Installing again adds no second line.
        try CLI.run(["hooks", "install", "--merge-driver"], in: repo.root).checked()
        #expect(try repo.read(".gitattributes").split(separator: "\n").count == 1)
    }

    // MARK: 13. check --since and findings about a changed line

    @Test func sinceReportsANewDuplicatePlacedAboveTheOriginal() throws {
        let repo = try repository()
        // The new entry is above the original (same section), whose line is untouched.
        let text = samplePost.replacingOccurrences(
            of: "1. [Transfomer Lens]", with: "1. [NNsight, again](https://nnsight.net/)\n1. [Transfomer Lens]")
        try repo.write("_posts/list.md", text)
        let result = try CLI.run(["check", "--since", "HEAD"], in: repo.root)
        #expect(result.status == 1, "\(result.stdout) \(result.stderr)")
        #expect(result.stdout.contains("duplicate-link"), "\(result.stdout)")
        // An untouched duplicate elsewhere is still not reported.
        try repo.write("_posts/list.md", samplePost + "2. [Old twin](https://nnsight.net/)\n")
        try repo.git("commit", "-q", "--no-verify", "-am", "an old duplicate")
        try repo.write("_posts/list.md", samplePost + "2. [Old twin](https://nnsight.net/)\n3. [New](https://new.example/)\n")
        #expect(try CLI.run(["check", "--since", "HEAD"], in: repo.root).status == 0)
    }

    // MARK: 14. What a sync refused, and removals of what a push gave

    @Test func anEntryAPullRefusedIsOfferedAgainOnceFixed() throws {
        let ours = try repository()
        let theirs = try GitRepository.make(files: [
            "_posts/list.md": samplePost + "2. [Tool](https://tool.example/) - a <b>bold</b> tool\n"
        ])
        let first = try CLI.run(["sync", "pull", theirs.root.path, "--commit"], in: ours.root)
        #expect(!(try ours.read("_posts/list.md")).contains("tool.example"), "refused: \(first.stdout)")
        // Something else lands, so the pull commits and records its base.
        try theirs.write(
            "_posts/list.md",
            samplePost + "2. [Tool](https://tool.example/) - a <b>bold</b> tool\n3. [Other](https://other.example/)\n")
        try theirs.git("commit", "-q", "-am", "other")
        #expect(try CLI.run(["sync", "pull", theirs.root.path, "--commit"], in: ours.root).status == 0)
        #expect(try ours.read("_posts/list.md").contains("other.example"))
        // They fix the description: the entry is offered again, not taken as removed here.
        try theirs.write(
            "_posts/list.md", samplePost + "2. [Tool](https://tool.example/) - a bold tool\n3. [Other](https://other.example/)\n")
        try theirs.git("commit", "-q", "-am", "fix")
        let again = try CLI.run(["sync", "pull", theirs.root.path, "--commit"], in: ours.root)
        #expect(again.status == 0, "\(again.stdout) \(again.stderr)")
        #expect(try ours.git("show", "HEAD:_posts/list.md").contains("[Tool](https://tool.example/) - a bold tool"))
        // An entry we removed ourselves stays removed.
        try ours.write(
            "_posts/list.md",
            try ours.read("_posts/list.md").split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.contains("other.example") }.joined(separator: "\n"))
        try ours.git("commit", "-q", "--no-verify", "-am", "we drop Other")
        try theirs.write(
            "_posts/list.md",
            samplePost
                + "2. [Tool](https://tool.example/) - a bold tool\n3. [Other](https://other.example/)\n4. [More](https://more.example/)\n"
        )
        try theirs.git("commit", "-q", "-am", "more")
        #expect(try CLI.run(["sync", "pull", theirs.root.path, "--commit"], in: ours.root).status == 0)
        let post = try ours.git("show", "HEAD:_posts/list.md")
        #expect(post.contains("more.example") && !post.contains("other.example"), "\(post)")
    }

    @Test func aRemovalOfAnEntryReceivedThroughPushPropagatesBack() throws {
        let ours = try repository()
        try ours.write("_posts/list.md", samplePost + "2. [Pushed](https://pushed.example/)\n")
        try ours.git("commit", "-q", "-am", "ours adds")
        let target = try GitRepository.make(files: ["_posts/list.md": samplePost])
        #expect(try CLI.run(["sync", "push", target.root.path, "--branch", "from-ours"], in: ours.root).status == 0)
        try target.git("merge", "-q", "--no-edit", "from-ours")
        #expect(try target.read("_posts/list.md").contains("pushed.example"))
        try target.write("_posts/list.md", samplePost)
        try target.git("commit", "-q", "-am", "target removes Pushed")
        let pull = try CLI.run(["sync", "pull", target.root.path, "--commit"], in: ours.root)
        #expect(pull.status == 0, "\(pull.stdout) \(pull.stderr)")
        #expect(!(try ours.git("show", "HEAD:_posts/list.md")).contains("pushed.example"), "\(pull.stdout) \(pull.stderr)")
    }
}
