import CurateTestSupport
import Foundation
import Testing

/// `curate propose --commit` and `--branch` against real repositories, checked with git.
@Suite struct ProposeCommandTests {
    let configuration = "posts:\n  - _posts/list.md\n"

    func repository() throws -> GitRepository {
        try GitRepository.make(files: ["_posts/list.md": samplePost, "curate.yml": configuration, "README.md": "x\n"])
    }

    func propose(_ repository: GitRepository, _ arguments: [String], environment: [String: String] = [:]) throws -> CLI.Result {
        try CLI.run(["propose"] + arguments, in: repository.root, environment: environment)
    }

    @Test func commitsOnTheCheckedOutBranchAndLeavesTheCheckoutClean() throws {
        let repo = try repository()
        let before = try repo.head()
        let result = try propose(
            repo, ["--commit", "--title", "SAELens", "--url", "https://github.com/jbloomAus/SAELens", "--section", "libraries"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try repo.head() != before)
        #expect(try repo.git("rev-parse", "HEAD~1").hasPrefix(before))
        let log = try repo.git("log", "-1", "--format=%an <%ae>%n%s%n%b")
        #expect(log.contains("Test User <test@example.com>"))
        #expect(log.contains("curate: add 1 resource to Sample list"))
        #expect(log.contains("- SAELens <https://github.com/jbloomAus/SAELens>"))
        let committed = try repo.git("show", "HEAD:_posts/list.md")
        #expect(committed.contains("3. [SAELens](https://github.com/jbloomAus/SAELens)"))
        #expect(try repo.read("_posts/list.md") == committed)
        try repo.expectClean()
        try repo.expectHealthy()
        #expect(try repo.git("diff", "--stat", "HEAD~1", "--", "README.md").isEmpty)
    }

    @Test func theSameProposalsTwiceChangeNothingTheSecondTime() throws {
        let repo = try repository()
        let arguments = [
            "--commit", "--title", "SAELens", "--url", "https://github.com/jbloomAus/SAELens", "--section", "Libraries",
        ]
        #expect(try propose(repo, arguments).status == 0)
        let head = try repo.head()
        let again = try propose(repo, arguments + ["--format", "json"])
        #expect(again.status == 0)
        #expect(try repo.head() == head)
        let json = try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as! [String: Any]
        #expect(json["commit"] is NSNull)
        let results = json["results"] as! [[String: Any]]
        #expect(results.first?["status"] as? String == "duplicate")
    }

    @Test func refusesUncommittedEditsAndLeavesHeadAlone() throws {
        let repo = try repository()
        let head = try repo.head()
        try repo.write("_posts/list.md", samplePost + "3. [Mine](https://example.org/mine)\n")
        let result = try propose(repo, ["--commit", "--title", "A", "--url", "https://a.example/", "--section", "Papers"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("uncommitted changes in the working tree"))
        #expect(try repo.head() == head)
        #expect(try repo.read("_posts/list.md").contains("Mine"))
        // Staged but not committed: the index differs from the tip.
        try repo.git("add", "_posts/list.md")
        let staged = try propose(repo, ["--commit", "--title", "A", "--url", "https://a.example/", "--section", "Papers"])
        #expect(staged.status == 2)
        #expect(staged.stderr.contains("uncommitted changes in the index"))
        #expect(try repo.head() == head)
    }

    @Test func branchCommitsElsewhereAndLeavesTheCheckoutUntouched() throws {
        let repo = try repository()
        let head = try repo.head()
        // A dirty working tree does not matter for --branch.
        try repo.write("README.md", "edited\n")
        let result = try propose(
            repo,
            [
                "--branch", "curate/new", "--title", "A", "--url", "https://a.example/x", "--section", "Papers", "--message",
                "Add A",
            ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try repo.head() == head)
        #expect(try repo.git("rev-parse", "curate/new~1").hasPrefix(head))
        #expect(try repo.git("log", "-1", "--format=%s", "curate/new") == "Add A\n")
        #expect(try repo.git("show", "curate/new:_posts/list.md").contains("[A](https://a.example/x)"))
        #expect(try repo.read("_posts/list.md") == samplePost)
        #expect(try repo.git("status", "--porcelain") == " M README.md\n")
        try repo.expectHealthy()
    }

    @Test func invalidProposalsWriteNothingAndExitOne() throws {
        let repo = try repository()
        let head = try repo.head()
        try repo.write(
            "props.yml",
            "- title: Good\n  url: https://good.example/\n  section: Papers\n- title: ''\n  url: javascript:alert(1)\n  section: Papers\n"
        )
        try repo.git("add", "props.yml")
        try repo.git("commit", "-q", "-m", "proposals")
        let committed = try repo.head()
        #expect(committed != head)
        let result = try propose(repo, ["props.yml", "--commit", "--format", "json"])
        #expect(result.status == 1)
        #expect(try repo.head() == committed)
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        let statuses = (json["results"] as! [[String: Any]]).map { $0["status"] as! String }
        #expect(statuses == ["new", "invalid"])
        let plain = try propose(repo, ["props.yml"])
        #expect(plain.status == 1)
        #expect(try repo.read("_posts/list.md") == samplePost)
    }

    /// A list that keeps a parameter curate takes for tracking turns the rule off: the
    /// commit keeps it, in the new entry and in the entries already there.
    @Test func aRuleTurnedOffInTheConfigurationIsNotFixedByTheCommit() throws {
        let post = samplePost.replacingOccurrences(of: "https://nnsight.net/", with: "https://nnsight.net/?ref=docs")
        let repo = try GitRepository.make(files: [
            "_posts/list.md": post, "curate.yml": configuration + "rules:\n  tracking-parameters: off\n",
        ])
        let result = try propose(
            repo, ["--commit", "--title", "Demo", "--url", "https://demo.example/?ref=list", "--section", "Libraries"])
        #expect(result.status == 0, "\(result.stderr)")
        let committed = try repo.git("show", "HEAD:_posts/list.md")
        #expect(committed.contains("2. [nnsight](https://nnsight.net/?ref=docs)"))
        #expect(committed.contains("3. [Demo](https://demo.example/?ref=list)"))
        try repo.expectClean()
    }

    @Test func worksInABareRepositoryWithBranch() throws {
        let repo = try repository()
        let bare = try CLI.temporaryDirectory().appendingPathComponent("bare.git")
        try repo.git("clone", "-q", "--bare", repo.root.path, bare.path)
        let result = try CLI.run(
            [
                "propose", "--post", "_posts/list.md", "--branch", "main", "--title", "B", "--url", "https://b.example/",
                "--section", "Papers",
            ],
            in: bare)
        #expect(result.status == 0, "\(result.stderr)")
        let bareRepo = GitRepository(root: bare)
        #expect(try bareRepo.git("show", "main:_posts/list.md").contains("[B](https://b.example/)"))
        try bareRepo.expectHealthy()
        // Without --branch there is no checked-out branch to commit on.
        let refused = try CLI.run(
            [
                "propose", "--post", "_posts/list.md", "--commit", "--title", "C", "--url", "https://c.example/", "--section",
                "Papers",
            ],
            in: bare)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("--branch"))
    }

    @Test func worksFromALinkedWorktree() throws {
        let repo = try repository()
        let worktree = try CLI.temporaryDirectory().appendingPathComponent("wt")
        try repo.git("worktree", "add", "-q", "-b", "side", worktree.path)
        let result = try CLI.run(
            ["propose", "--commit", "--title", "W", "--url", "https://w.example/", "--section", "Papers"], in: worktree)
        #expect(result.status == 0, "\(result.stderr)")
        let tree = GitRepository(root: worktree)
        #expect(try tree.git("show", "side:_posts/list.md").contains("[W](https://w.example/)"))
        try tree.expectClean()
        #expect(try repo.git("show", "main:_posts/list.md") == samplePost)
        try repo.expectHealthy()
    }

    @Test func parallelProposalsAllLand() throws {
        let repo = try repository()
        let count = 6
        let results = try (0..<count).map { index -> Process in
            let process = Process()
            process.executableURL = CLI.binary
            process.arguments = [
                "propose", "--commit", "--title", "Link \(index)", "--url", "https://race.example/\(index)", "--section",
                "Papers",
            ]
            process.currentDirectoryURL = repo.root
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }.map { process -> Int32 in
            process.waitUntilExit()
            return process.terminationStatus
        }
        let landed = results.filter { $0 == 0 }.count
        #expect(results.allSatisfy { $0 == 0 || $0 == 2 })
        let post = try repo.git("show", "HEAD:_posts/list.md")
        for index in 0..<count where results[index] == 0 {
            #expect(post.contains("https://race.example/\(index)"), "link \(index) reported success but is missing")
        }
        #expect(Int(try repo.git("rev-list", "--count", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)) == 1 + landed)
        #expect(landed == count)
        try repo.expectClean()
        try repo.expectHealthy()
    }

    @Test func needsNoGitCommandLine() throws {
        let repo = try repository()
        let result = try propose(
            repo, ["--commit", "--title", "N", "--url", "https://n.example/", "--section", "Papers"],
            environment: ["PATH": "/nonexistent"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try repo.git("show", "HEAD:_posts/list.md").contains("[N](https://n.example/)"))
    }

    @Test func missingIdentityNamesTheConfigKeys() throws {
        let repo = try repository()
        try repo.git("config", "--unset", "user.name")
        let home = try CLI.temporaryDirectory()
        let environment = ["HOME": home.path, "XDG_CONFIG_HOME": home.path, "GIT_CONFIG_NOSYSTEM": "1"]
        let refused = try propose(
            repo, ["--commit", "--title", "I", "--url", "https://i.example/", "--section", "Papers"], environment: environment)
        #expect(refused.status == 2)
        #expect(
            refused.stderr.contains("user.name") && refused.stderr.contains("user.email") && refused.stderr.contains("--author"))
        let accepted = try propose(
            repo,
            [
                "--commit", "--author", "Ada <ada@example.com>", "--title", "I", "--url", "https://i.example/", "--section",
                "Papers",
            ],
            environment: environment)
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(try repo.git("log", "-1", "--format=%an <%ae>") == "Ada <ada@example.com>\n")
    }

    @Test func dryRunPrintsTheDiffAndWritesNothing() throws {
        let repo = try repository()
        let result = try propose(repo, ["--dry-run", "--title", "D", "--url", "https://d.example/", "--section", "Papers"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("+2. [D](https://d.example/)"))
        #expect(result.stdout.contains("--- a/_posts/list.md"))
        #expect(try repo.read("_posts/list.md") == samplePost)
    }
}

/// What `propose` writes from a proposals file, as a new user's list has it: `check`
/// finds nothing in it afterwards.
@Suite struct ProposedTextTests {
    let list = """
        # Awesome

        ## Front-End Development

        - [Svelte](https://github.com/TheComputerM/awesome-svelte#readme) - App framework.
        - [Blazor](https://github.com/AdrienTorris/awesome-blazor#readme) - .NET web framework that runs in the browser.

        """

    /// `propose proposals.yml`, then `check`: the list and the outputs.
    func proposeAndCheck(_ proposals: String) throws -> (list: String, propose: CLI.Result, check: CLI.Result) {
        let directory = try CLI.temporaryDirectory()
        try list.write(to: directory.appendingPathComponent("list.md"), atomically: true, encoding: .utf8)
        try proposals.write(to: directory.appendingPathComponent("p.yml"), atomically: true, encoding: .utf8)
        let propose = try CLI.run(["propose", "p.yml", "--post", "list.md"], in: directory)
        let check = try CLI.run(["check", "--post", "list.md"], in: directory)
        return (try String(contentsOf: directory.appendingPathComponent("list.md"), encoding: .utf8), propose, check)
    }

    @Test func aDescriptionStartingWithADotIsAdded() throws {
        let result = try proposeAndCheck(
            """
            - title: Uno Platform
              url: https://github.com/unoplatform/uno
              section: Front-End Development
              description: .NET UI framework for every platform.

            """)
        #expect(result.propose.status == 0, "\(result.propose.stdout)\(result.propose.stderr)")
        #expect(
            result.list.contains("- [Uno Platform](https://github.com/unoplatform/uno) - .NET UI framework for every platform.\n")
        )
        #expect(result.check.status == 0 && !result.check.stdout.contains("warning"), "\(result.check.stdout)")
    }

    @Test func descriptionsWithUnpairedBracketsOrBareURLsAreWrittenSoCheckIsQuiet() throws {
        let result = try proposeAndCheck(
            """
            - title: Beta
              url: https://beta.example.com
              section: Front-End Development
              description: "Supports arrays (a] and ranges [1, 5)"
            - title: Gamma
              url: https://gamma.example.com
              section: Front-End Development
              description: Mirror at https://mirror.example.com

            """)
        #expect(result.propose.status == 0, "\(result.propose.stdout)\(result.propose.stderr)")
        #expect(result.list.contains("- [Beta](https://beta.example.com) - Supports arrays (a\\] and ranges \\[1, 5)\n"))
        #expect(result.list.contains("- [Gamma](https://gamma.example.com) - Mirror at <https://mirror.example.com>\n"))
        #expect(result.check.status == 0 && !result.check.stdout.contains("warning"), "\(result.check.stdout)")
    }
}
