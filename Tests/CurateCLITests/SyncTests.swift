import CurateTestSupport
import Foundation
import Testing

/// `curate sync` and `curate merge-driver` between real repositories, checked with git.
@Suite struct SyncTests {
    /// An "awesome" list in another dialect: bullets under ##, ` - ` descriptions.
    let awesome = """
        # Awesome Interpretability

        ## Libraries

        - [SAELens](https://github.com/jbloomAus/SAELens) - Train sparse autoencoders
        - [nnsight](https://nnsight.net/)

        ## Papers

        - [Attention Is All You Need](https://arxiv.org/pdf/1706.03762v7.pdf)
        - [Toy Models](https://transformer-circuits.pub/2022/toy_model/)

        """

    func repositories() throws -> (ours: GitRepository, theirs: GitRepository) {
        let ours = try GitRepository.make(files: [
            "_posts/list.md": samplePost,
            "curate.yml": "posts:\n  - _posts/list.md\nsync:\n  sections:\n    Papers: Papers\n",
        ])
        let theirs = try GitRepository.make(files: ["README.md": awesome])
        return (ours, theirs)
    }

    func pull(_ ours: GitRepository, _ theirs: GitRepository, _ extra: [String] = []) throws -> CLI.Result {
        try CLI.run(["sync", "pull", theirs.root.path, "--path", "README.md", "--commit"] + extra, in: ours.root)
    }

    /// A source on this machine that is a shallow clone is refused up front, saying so:
    /// libgit2 1.5 cannot fetch from one (it named a missing object). Nothing changes.
    @Test func aShallowSourceIsRefusedNamingWhy() throws {
        let (ours, theirs) = try repositories()
        try theirs.write("README.md", awesome + "- [More](https://more.example/)\n")
        try theirs.git("commit", "-qam", "more")
        let folder = try CLI.temporaryDirectory()
        let shallow = folder.appendingPathComponent("shallow")
        try runProcess(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["git", "clone", "-q", "--depth", "1", "file://" + theirs.root.path, shallow.path]
        ).checked()
        let head = try ours.git("rev-parse", "HEAD")
        let result = try CLI.run(["sync", "pull", shallow.path, "--path", "README.md", "--commit"], in: ours.root)
        #expect(result.status == 2, "\(result.stdout) \(result.stderr)")
        #expect(
            result.stderr.hasPrefix(
                "curate: error: the source is a shallow clone, which curate (libgit2 1.5) cannot fetch from (\(shallow.path))"),
            "\(result.stderr)")
        #expect(result.stderr.contains("git fetch --unshallow"), "\(result.stderr)")
        #expect(try ours.git("rev-parse", "HEAD") == head)
        #expect(try ours.git("status", "--porcelain") == "")
    }

    /// `--ref` names a branch or a ref; a revision is refused saying so (libgit2 said its
    /// refspec was invalid).
    @Test func aRevisionGivenAsRefIsRefusedNamingWhy() throws {
        let (ours, theirs) = try repositories()
        for ref in ["HEAD~1", "main^", "a b"] {
            let result = try CLI.run(["sync", "pull", theirs.root.path, "--path", "README.md", "--ref", ref], in: ours.root)
            #expect(result.status == 2, "\(ref): \(result.stdout) \(result.stderr)")
            #expect(
                result.stderr.hasPrefix("curate: error: \(ref.debugDescription) is not a branch or ref name (--ref)\n"),
                "\(result.stderr)")
        }
        #expect(try ours.git("status", "--porcelain") == "")
    }

    @Test func pullsAnotherDialectIntoOurStyleAndARerunIsANoOp() throws {
        let (ours, theirs) = try repositories()
        let result = try pull(ours, theirs, ["--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        #expect(json["commit"] is String)
        let statuses = Dictionary(
            (json["results"] as! [[String: Any]]).map { ($0["title"] as! String, $0["status"] as! String) },
            uniquingKeysWith: { a, _ in a })
        #expect(statuses["SAELens"] == "new")
        #expect(statuses["Attention Is All You Need"] == "new")
        #expect(statuses["Toy Models"] == nil, "an entry both lists have is in sync: nothing to report")
        let post = try ours.git("show", "HEAD:_posts/list.md")
        // Each where their list has it: SAELens before nnsight, Attention before Toy Models.
        #expect(post.contains("2. [SAELens](https://github.com/jbloomAus/SAELens) - Train sparse autoencoders\n3. [nnsight]"))
        #expect(post.contains("1. [Attention Is All You Need](https://arxiv.org/pdf/1706.03762v7.pdf)\n2. [Toy Models"))
        #expect(!post.contains("# Awesome"), "their title heading is not copied")
        let message = try ours.git("log", "-1", "--format=%B")
        #expect(message.contains("Curate-Synced-From: \(theirs.root.resolvingSymlinksInPath().path) \(try theirs.head())"))
        #expect(!(try ours.git("for-each-ref", "refs/curate/sync/")).isEmpty)
        try ours.expectClean()
        try ours.expectHealthy()
        let head = try ours.head()
        let again = try pull(ours, theirs)
        #expect(again.status == 0)
        #expect(again.stderr.contains("up to date"))
        #expect(try ours.head() == head)
        // The same repository as a file:// URL is the same source, offline.
        let viaURL = try CLI.run(
            ["sync", "pull", "file://" + theirs.root.path, "--path", "README.md", "--commit"], in: ours.root)
        #expect(viaURL.status == 0, "\(viaURL.stderr)")
        #expect(viaURL.stderr.contains("up to date"))
        #expect(try ours.head() == head)
    }

    @Test func tagsAndTextBeforeTheLinkComeOverInOurStyle() throws {
        // awesome-selfhosted into a Jekyll post of ` — ` descriptions.
        let theirs = try GitRepository.make(files: [
            "README.md": """
            # Awesome-Selfhosted

            ## Automation

            - [Huginn](https://github.com/huginn/huginn) - Build agents. `MIT` `Ruby`
            - [n8n](https://n8n.io/) `⚠` - Fair-code workflow automation. ([Source Code](https://github.com/n8n-io/n8n)) `SUL-1.0` `Nodejs`

            ## List of Licenses

            - `MIT` - [MIT License](https://spdx.org/licenses/MIT.html)

            """
        ])
        let ours = try GitRepository.make(files: [
            "_posts/2025-02-01-picks.md":
                "---\nlayout: post\ntitle: \"Picks\"\n---\n\n### Automation\n\n1. [Node-RED](https://nodered.org/) — Flow editor.\n",
            "_config.yml": "title: b\n",
        ])
        let result = try CLI.run(
            ["sync", "pull", theirs.root.path, "--path", "README.md", "--post", "_posts/2025-02-01-picks.md", "--commit"],
            in: ours.root)
        #expect(result.status == 0, "\(result.stderr)")
        let post = try ours.read("_posts/2025-02-01-picks.md")
        #expect(
            post.hasSuffix(
                """
                ### Automation

                1. [Node-RED](https://nodered.org/) — Flow editor.
                2. [Huginn](https://github.com/huginn/huginn) — Build agents. `MIT` `Ruby`
                3. [n8n](https://n8n.io/) `⚠` — Fair-code workflow automation. ([Source Code](https://github.com/n8n-io/n8n)) `SUL-1.0` `Nodejs`

                ### List of Licenses

                1. [MIT License](https://spdx.org/licenses/MIT.html) `MIT`

                """), "\(post)")
        let check = try CLI.run(["check", "--post", "_posts/2025-02-01-picks.md"], in: ours.root)
        #expect(check.status == 0 && !check.stdout.contains("warning"), "\(check.stdout)")
        // A second pull finds nothing to do: their tags and text before the link are ours.
        let again = try CLI.run(
            ["sync", "pull", theirs.root.path, "--path", "README.md", "--post", "_posts/2025-02-01-picks.md", "--commit"],
            in: ours.root)
        #expect(again.status == 0 && again.stderr.contains("up to date"), "\(again.stderr)")
    }

    /// Real lists' headings: `C`, `C++` and `C#` apart, `## CI / CD` one heading.
    @Test func pullKeepsSectionsThatFoldAlikeAndHeadingsWithASlashAsTheyAre() throws {
        let theirs = try GitRepository.make(files: [
            "README.md": """
            # Awesome Machine Learning

            ## C

            - [Darknet](https://github.com/pjreddie/darknet) - Neural network framework in C.

            ## C++

            - [mlpack](https://www.mlpack.org/) - Scalable C++ machine learning library.

            ## C#

            - [ML.NET](https://github.com/dotnet/machinelearning) - Machine learning for .NET.

            ## Russian / Русский

            - [Введение в Go](https://github.com/golang-ru/intro-to-go) - Калеб Докси

            """
        ])
        let mine = "# Mine\n\n## Python\n\n- [scikit-learn](https://scikit-learn.org/) - ML.\n"
        let ours = try GitRepository.make(files: ["README.md": mine])
        let result = try CLI.run(
            ["sync", "pull", theirs.root.path, "--path", "README.md", "--post", "README.md", "--commit"], in: ours.root)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(
            try ours.read("README.md") == mine + """

                ## C

                - [Darknet](https://github.com/pjreddie/darknet) - Neural network framework in C.

                ## C++

                - [mlpack](https://www.mlpack.org/) - Scalable C++ machine learning library.

                ## C#

                - [ML.NET](https://github.com/dotnet/machinelearning) - Machine learning for .NET.

                ## Russian / Русский

                - [Введение в Go](https://github.com/golang-ru/intro-to-go) - Калеб Докси

                """)
        try ours.expectClean()
        let review = try CLI.run(
            ["diff", "--post", "README.md", "--title", "Dlib", "--url", "https://dlib.net/", "--section", "C++"], in: ours.root)
        #expect(review.status == 0, "\(review.stderr)")
        #expect(review.stdout.contains("new") && review.stdout.contains("in Mine / C++"), "\(review.stdout)")
    }

    @Test func removalsPropagateOnlyWithABase() throws {
        let (ours, theirs) = try repositories()
        // No base yet: their removal of an entry we share means nothing.
        try theirs.write("README.md", awesome.replacingOccurrences(of: "- [nnsight](https://nnsight.net/)\n", with: ""))
        try theirs.git("commit", "-q", "-am", "drop nnsight")
        #expect(try pull(ours, theirs).status == 0)
        #expect(try ours.read("_posts/list.md").contains("nnsight"))
        // With the base recorded, a removal upstream removes our unchanged copy.
        try theirs.write(
            "README.md",
            awesome.replacingOccurrences(
                of: "- [SAELens](https://github.com/jbloomAus/SAELens) - Train sparse autoencoders\n", with: ""))
        try theirs.git("commit", "-q", "-am", "drop SAELens")
        let result = try pull(ours, theirs, ["--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"status\": \"removed\""))
        let post = try ours.read("_posts/list.md")
        #expect(!post.contains("SAELens"))
        #expect(post.contains("nnsight"), "ours had it before any sync; the source dropped it before the base")
        // An entry edited here since the last sync is kept, as a conflict.
        try ours.write(
            "_posts/list.md",
            post.replacingOccurrences(of: "[Toy Models of Superposition]", with: "[Toy Models of Superposition, edited]"))
        try ours.git("commit", "-q", "-am", "our edit")
        try theirs.write(
            "README.md",
            awesome.replacingOccurrences(
                of: "- [SAELens](https://github.com/jbloomAus/SAELens) - Train sparse autoencoders\n", with: ""
            )
            .replacingOccurrences(of: "- [Toy Models](https://transformer-circuits.pub/2022/toy_model/)\n", with: ""))
        try theirs.git("commit", "-q", "-am", "drop toy models")
        let conflict = try pull(ours, theirs)
        #expect(conflict.status == 1)
        #expect(conflict.stdout.contains("removed in \(theirs.root.path) but edited here; kept"), "\(conflict.stdout)")
        #expect(try ours.read("_posts/list.md").contains("Toy Models of Superposition, edited"))
        #expect(try pull(ours, theirs, ["--keep-removed"]).status == 0)
        try ours.expectClean()
        try ours.expectHealthy()
    }

    /// A pull without --commit writes the file and gives the line to commit it with; so
    /// committed by hand, it records the base: a later removal there removes it here.
    @Test func aPullWrittenToTheFileAndCommittedByHandRecordsTheBase() throws {
        let (ours, theirs) = try repositories()
        let written = try CLI.run(["sync", "pull", theirs.root.path, "--path", "README.md"], in: ours.root)
        #expect(written.status == 0, "\(written.stderr)")
        let line = try #require(written.stderr.split(separator: "\n").first { $0.contains("this line in the message: ") })
        let trailer = String(line[line.range(of: "this line in the message: ")!.upperBound...])
        #expect(trailer.hasPrefix("Curate-Synced-From: "), "\(written.stderr)")
        try ours.git("commit", "-q", "-am", "sync by hand", "-m", trailer)
        try theirs.write(
            "README.md",
            awesome.replacingOccurrences(
                of: "- [SAELens](https://github.com/jbloomAus/SAELens) - Train sparse autoencoders\n", with: ""))
        try theirs.git("commit", "-q", "-am", "drop SAELens")
        let result = try pull(ours, theirs)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!(try ours.read("_posts/list.md")).contains("SAELens"), "\(result.stdout)")
        try ours.expectClean()
    }

    /// A repository holding `list` (as list.md, the post) and a clone of it (user B).
    func cloned(_ list: String) throws -> (a: GitRepository, b: GitRepository) {
        let a = try GitRepository.make(files: ["list.md": list, "curate.yml": "posts:\n  - list.md\n"])
        let b = GitRepository(root: try temporaryDirectory().appendingPathComponent("b"))
        try a.git("clone", "-q", a.root.path, b.root.path)
        try b.git("config", "user.name", "B")
        try b.git("config", "user.email", "b@example.com")
        return (a, b)
    }

    /// Both ways: A and B edit different entries, A pulls B, then B pulls A. B gets A's
    /// edit (made before A's pull, so in the list A merged), and keeps an entry of its own
    /// that A's pull refused.
    @Test func aPullFromASideThatPulledUsBringsItsEarlierEdits() throws {
        let list = "---\ntitle: T\n---\n\n### Papers\n\n1. [Repo](https://github.com/o/r) - r\n2. [Y](https://y.example/) - y\n"
        let (a, b) = try cloned(list)
        try b.write(
            "list.md",
            list.replacingOccurrences(of: " - y\n", with: " - y, edited in B\n")
                + "3. [Repo docs](https://github.com/o/r/tree/main/docs) - docs\n")
        try b.git("commit", "-q", "-am", "B's edit and addition")
        try a.write("list.md", list.replacingOccurrences(of: " - r\n", with: " - r, edited in A\n"))
        try a.git("commit", "-q", "-am", "A's edit")
        let first = try CLI.run(["sync", "pull", b.root.path, "--commit"], in: a.root)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("near-duplicate"), "\(first.stdout)")
        let back = try CLI.run(["sync", "pull", a.root.path, "--commit"], in: b.root)
        #expect(back.status == 0, "\(back.stderr)")
        let text = try b.read("list.md")
        #expect(text.contains("- r, edited in A"), "\(back.stdout)\n\(text)")
        #expect(text.contains("- y, edited in B"))
        #expect(text.contains("[Repo docs]"), "an entry A refused is no removal of A's")
        try b.expectClean()
        try b.expectHealthy()
        // Then both ways again: each says it is up to date, and neither commits (the entry
        // A refuses makes the lists differ for good, and is offered again each time).
        _ = try CLI.run(["sync", "pull", b.root.path, "--commit"], in: a.root)
        let heads = (try a.head(), try b.head())
        for _ in 0..<2 {
            let there = try CLI.run(["sync", "pull", b.root.path, "--commit"], in: a.root)
            let here = try CLI.run(["sync", "pull", a.root.path, "--commit"], in: b.root)
            #expect(there.stderr.contains("up to date") && here.stderr.contains("up to date"), "\(there.stderr)\n\(here.stderr)")
        }
        #expect(try (a.head(), b.head()) == heads)
    }

    /// `list` in A and in B (a clone), each side's edit committed (`ours` in A, `theirs`
    /// in B), then A pulls B: both repositories and the pull.
    func pulled(_ list: String, ours: String, theirs: String) throws -> (a: GitRepository, b: GitRepository, pull: CLI.Result) {
        let (a, b) = try cloned(list)
        try a.write("list.md", ours)
        try a.git("commit", "-q", "-am", "A's edit")
        try b.write("list.md", theirs)
        try b.git("commit", "-q", "-am", "B's edit")
        return (a, b, try CLI.run(["sync", "pull", b.root.path, "--commit"], in: a.root))
    }

    /// Ours gives an entry another URL: the other list's removal of it is a conflict,
    /// its edit of the description is merged with our URL.
    @Test func anEntryWhoseURLWeChangedIsOursToTheirEditOrRemoval() throws {
        let list = "# L\n\n## A\n\n- [One](https://one.example/)\n- [Two](https://two.example/) - old\n"
        for theirEdit in ["", "- [Two](https://two.example/) - theirs\n"] {
            let (a, b, pull) = try pulled(
                list, ours: list.replacingOccurrences(of: "two.example", with: "two-new.example"),
                theirs: list.replacingOccurrences(of: "- [Two](https://two.example/) - old\n", with: theirEdit))
            if theirEdit.isEmpty {
                #expect(pull.status == 1, "\(pull.stdout)")
                #expect(pull.stdout.contains("removed in \(b.root.path) but edited here"), "\(pull.stdout)")
                #expect(try a.read("list.md").contains("[Two](https://two-new.example/) - old"))
            } else {
                #expect(pull.status == 0, "\(pull.stderr)")
                #expect(try a.read("list.md").contains("- [Two](https://two-new.example/) - theirs\n"))
            }
            try a.expectClean()
        }
    }

    /// We write an entry's URL with https, the other list moves it to another site: a
    /// conflict, not our edit dropped (found by a tester).
    @Test func twoEditsOfOneURLAreAConflictInASync() throws {
        let list = "# L\n\n## A\n\n- [One](https://one.example/)\n- [Two](http://two.example/) - two\n"
        let (a, _, pull) = try pulled(
            list, ours: list.replacingOccurrences(of: "http://two.example/", with: "https://two.example/"),
            theirs: list.replacingOccurrences(of: "http://two.example/", with: "https://other.example/two"))
        #expect(pull.status == 1, "\(pull.stdout)")
        #expect(try a.read("list.md").contains("https://two.example/"))
    }

    /// Both lists change an entry's URL to the same other site, theirs also moves it: the
    /// move is brought (found by a tester; it was dropped).
    @Test func theSameURLChangeOnBothSidesKeepsTheirMoveInASync() throws {
        let list =
            "# L\n\n## Tools\n\n- [Foo](https://github.com/a/foo) - foo\n\n## Libraries\n\n- [Bar](https://github.com/a/bar) - bar\n"
        let moved =
            "# L\n\n## Tools\n\n- [Foo](https://github.com/a/foo) - foo\n- [Bar](https://gitlab.com/a/bar) - bar\n\n## Libraries\n"
        let (a, _, pull) = try pulled(
            list, ours: list.replacingOccurrences(of: "github.com/a/bar", with: "gitlab.com/a/bar"), theirs: moved)
        #expect(pull.status == 0, "\(pull.stderr)")
        #expect(try a.read("list.md") == moved, "\(pull.stdout)")
    }

    /// A heading renamed on one side, an entry added to its section on the other: the
    /// entry lands under our heading, which stays ours, and nothing else moves (the old
    /// heading came back with the entry, or their rename moved the section's entries).
    @Test func aSectionRenamedOnOneSideIsTheSameSectionInASync() throws {
        let list =
            "# L\n\n## Tools\n\n- [Alpha](https://alpha.example/) - a\n- [Beta](https://beta.example/) - b\n\n## Papers\n\n- [Gamma](https://gamma.example/) - g\n"
        let renamed = list.replacingOccurrences(of: "## Tools", with: "## Software")
        let added = { (text: String) in
            text.replacingOccurrences(of: "- b\n", with: "- b\n- [Delta](https://delta.example/) - d\n")
        }
        for (ours, theirs) in [(renamed, added(list)), (added(list), renamed)] {
            let (a, _, pull) = try pulled(list, ours: ours, theirs: theirs)
            #expect(pull.status == 0, "\(pull.stderr)")
            #expect(try a.read("list.md") == added(ours.contains("Delta") ? list : ours), "\(pull.stdout)")
            try a.expectClean()
        }
    }

    /// A clone removes an entry, then pulls twice from the list it was cloned from: the
    /// second pull does not bring the entry back (it was removed here, not refused).
    @Test func anEntryRemovedBeforeTheFirstPullStaysRemoved() throws {
        let list = "# L\n\n## Tools\n\n- [alpha](https://a.example/) - A.\n- [beta](https://b.example/) - B.\n"
        let (a, b) = try cloned(list)
        try b.write("list.md", list.replacingOccurrences(of: "- [beta](https://b.example/) - B.\n", with: ""))
        try b.git("commit", "-q", "-am", "B removes beta")
        try a.write("list.md", list.replacingOccurrences(of: " - A.\n", with: " - A, edited.\n"))
        try a.git("commit", "-q", "-am", "A edits alpha")
        for _ in 0..<2 {
            let result = try CLI.run(["sync", "pull", a.root.path, "--commit"], in: b.root)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(!(try b.read("list.md")).contains("beta"), "\(result.stdout)")
        }
        #expect(try b.read("list.md").contains("A, edited."))
    }

    @Test func aMoveWithinTheirListIsMadeHereAndSaid() throws {
        let (ours, theirs) = try repositories()
        #expect(try pull(ours, theirs).status == 0)
        let libraries =
            "- [SAELens](https://github.com/jbloomAus/SAELens) - Train sparse autoencoders\n- [nnsight](https://nnsight.net/)\n"
        let papers =
            "- [Attention Is All You Need](https://arxiv.org/pdf/1706.03762v7.pdf)\n- [Toy Models](https://transformer-circuits.pub/2022/toy_model/)\n"
        let circuits = "- [Circuits](https://distill.pub/2020/circuits/zoom-in/)\n"
        // They add Circuits at the end: a new entry, no move.
        #expect(awesome.contains(libraries))
        try theirs.write("README.md", awesome.replacingOccurrences(of: papers, with: papers + circuits))
        try theirs.git("commit", "-q", "-am", "Circuits")
        let added = try pull(ours, theirs)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("new") && !added.stdout.contains("moved"), "\(added.stdout)")
        // They move Circuits to the top of Papers.
        try theirs.write(
            "README.md", try theirs.read("README.md").replacingOccurrences(of: papers + circuits, with: circuits + papers))
        try theirs.git("commit", "-q", "-am", "Circuits first")
        let moved = try pull(ours, theirs)
        #expect(moved.status == 0, "\(moved.stderr)")
        #expect(
            moved.stdout.contains("(moved in \(theirs.root.path) (now before \"Attention Is All You Need\"))"),
            "\(moved.stdout)")
        let post = try ours.git("show", "HEAD:_posts/list.md")
        #expect(
            post.contains(
                "### Papers\n\n1. [Circuits](https://distill.pub/2020/circuits/zoom-in/)\n2. [Attention Is All You Need]"),
            "\(post)")
        #expect(try ours.git("log", "-1", "--format=%B").contains("update 1"))
        try ours.expectClean()
    }

    @Test func anEditOnBothSidesIsAConflictAndNothingIsLost() throws {
        let (ours, theirs) = try repositories()
        #expect(try pull(ours, theirs).status == 0)
        try theirs.write("README.md", awesome.replacingOccurrences(of: "Train sparse autoencoders", with: "Their description"))
        try theirs.git("commit", "-q", "-am", "their edit")
        let mine = try ours.read("_posts/list.md").replacingOccurrences(of: "Train sparse autoencoders", with: "Our description")
        try ours.write("_posts/list.md", mine)
        try ours.git("commit", "-q", "-am", "our edit")
        let head = try ours.head()
        let conflicted = try pull(ours, theirs)
        #expect(conflicted.status == 1)
        #expect(conflicted.stdout.contains("conflict"))
        #expect(try ours.head() == head)
        #expect(try ours.read("_posts/list.md") == mine)
        let kept = try pull(ours, theirs, ["--prefer", "ours"])
        #expect(kept.status == 0)
        #expect(try ours.read("_posts/list.md").contains("Our description"))
        // A later edit upstream (after the recorded base) is taken.
        try theirs.write("README.md", awesome.replacingOccurrences(of: "Train sparse autoencoders", with: "Newer upstream"))
        try theirs.git("commit", "-q", "-am", "their second edit")
        let taken = try pull(ours, theirs, ["--prefer", "theirs"])
        #expect(taken.status == 0, "\(taken.stderr)")
        #expect(try ours.read("_posts/list.md").contains("Newer upstream"))
        try ours.expectHealthy()
    }

    @Test func pushCommitsOnABranchOfTheTargetAndLeavesItsCheckoutAlone() throws {
        let (ours, theirs) = try repositories()
        let theirHead = try theirs.head()
        try theirs.write("notes.txt", "uncommitted\n")
        let result = try CLI.run(["sync", "push", theirs.root.path, "--path", "README.md"], in: ours.root)
        #expect(result.status == 0, "\(result.stderr)")
        let branches = try theirs.git("for-each-ref", "--format=%(refname:short)", "refs/heads/")
        let branch = try #require(branches.split(separator: "\n").first { $0.hasPrefix("curate/sync/") }.map(String.init))
        #expect(try theirs.head() == theirHead)
        #expect(try theirs.git("rev-parse", "--abbrev-ref", "HEAD") == "main\n")
        #expect(try theirs.read("README.md") == awesome)
        #expect(try theirs.git("status", "--porcelain") == "?? notes.txt\n")
        let pushed = try theirs.git("show", "\(branch):README.md")
        #expect(
            pushed.contains("- [Transfomer Lens](https://transformerlensorg.github.io/TransformerLens/)"),
            "our entries in their style")
        #expect(pushed.contains("## Libraries"))
        try theirs.expectHealthy()
        // A checked-out branch is refused.
        try theirs.git("checkout", "-q", branch)
        let refused = try CLI.run(["sync", "push", theirs.root.path, "--path", "README.md"], in: ours.root)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("checked out"))
    }

    /// Their list is written with their configuration: a rule they turn off is not fixed
    /// in their list by our push (ours fixes it in ours). A tester's case: the push took
    /// a parameter out of their own entry.
    @Test func pushWritesTheirListWithTheirConfiguration() throws {
        let target = try GitRepository.make(files: [
            "curate.yml": "posts:\n  - README.md\nrules:\n  tracking-parameters: off\n",
            "README.md":
                "# L\n\n## Tools\n\n- [Needs](https://needs.example.com/?utm_source=partner)\n- [B](https://b.example.com/)\n",
        ])
        let ours = try GitRepository.make(files: [
            "curate.yml": "posts:\n  - README.md\n",
            "README.md": "# L\n\n## Tools\n\n- [B](https://b.example.com/)\n- [Ours](https://ours.example.com/?utm_source=x)\n",
        ])
        let result = try CLI.run(
            ["sync", "push", target.root.path, "--path", "README.md", "--branch", "from-ours"], in: ours.root)
        #expect(result.status == 0, "\(result.stderr)")
        let pushed = try target.git("show", "from-ours:README.md")
        #expect(pushed.contains("- [Needs](https://needs.example.com/?utm_source=partner)"))
        #expect(pushed.contains("- [Ours](https://ours.example.com/?utm_source=x)"))
        try target.expectHealthy()
        // A configuration their list's curate cannot read is said, naming it.
        try target.write("curate.yml", "posts: [README.md]\nrules:\n  no-such-rule: off\n")
        try target.git("commit", "-q", "-am", "broken configuration")
        let refused = try CLI.run(
            ["sync", "push", target.root.path, "--path", "README.md", "--branch", "again"], in: ours.root)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("curate.yml"), "\(refused.stderr)")
    }

    /// A list that turns `tracking-parameters` off keeps its parameters through a round
    /// trip: the other side's fmt takes them out of its copy, which is no edit of the
    /// entry (a tester's case: the next pull back took the parameter out here).
    @Test func aParameterOneSideKeepsSurvivesARoundTrip() throws {
        let a = try GitRepository.make(files: [
            "curate.yml": "posts:\n  - list.md\n", "list.md": "# A\n\n## Tools\n\n- [Alpha](https://alpha.example/) - a\n",
        ])
        let b = try GitRepository.make(files: [
            "curate.yml": "posts:\n  - list.md\nrules:\n  tracking-parameters: off\n",
            "list.md": "# B\n\n## Tools\n\n- [Delta](https://delta.example/?utm_source=d) - d\n",
        ])
        for (to, from) in [(a, b), (b, a), (a, b), (b, a)] {
            let result = try CLI.run(["sync", "pull", from.root.path, "--path", "list.md", "--commit"], in: to.root)
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        }
        #expect(try a.git("show", "HEAD:list.md").contains("- [Delta](https://delta.example/) - d"))
        let kept = try b.git("show", "HEAD:list.md")
        #expect(kept.contains("- [Delta](https://delta.example/?utm_source=d) - d"), "\(kept)")
        #expect(kept.contains("- [Alpha](https://alpha.example/) - a"))
        // Their real edit of the URL still comes across.
        try b.write(
            "list.md", kept.replacingOccurrences(of: "delta.example/?utm_source=d", with: "delta.example/v2?utm_source=d"))
        try b.git("commit", "-q", "-am", "new address")
        let pulled = try CLI.run(["sync", "pull", b.root.path, "--path", "list.md", "--commit"], in: a.root)
        #expect(pulled.status == 0, "\(pulled.stderr)")
        #expect(try a.git("show", "HEAD:list.md").contains("- [Delta](https://delta.example/v2) - d"))
        try a.expectHealthy()
        try b.expectHealthy()
    }

    /// Their entry with a `curate-ignore` at the end of its line comes across without it
    /// (it was refused at every sync as a description holding HTML).
    @Test func theirDirectiveStaysInTheirList() throws {
        let a = try GitRepository.make(files: [
            "curate.yml": "posts:\n  - list.md\n",
            "list.md":
                "# A\n\n## Tools\n\n- [Alpha](https://alpha.example/) - a\n- [Beta](http://beta.example/) - b <!-- curate-ignore insecure-url -->\n",
        ])
        let b = try GitRepository.make(files: [
            "curate.yml": "posts:\n  - list.md\n", "list.md": "# B\n\n## Tools\n\n- [Delta](https://delta.example/) - d\n",
        ])
        let result = try CLI.run(["sync", "pull", a.root.path, "--path", "list.md", "--commit"], in: b.root)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let pulled = try b.git("show", "HEAD:list.md")
        #expect(pulled.contains("- [Beta](http://beta.example/) - b\n"), "\(pulled)")
        #expect(!pulled.contains("curate-ignore"))
    }

    /// A comment at the end of our entry (a `curate-ignore`, a note) is our note on it:
    /// their edits of the entry come across and the note stays (before, their edit was a
    /// conflict that `--prefer` could not settle, or our note counted as our edit).
    @Test func ourNoteOnAnEntryStaysThroughTheirEdit() throws {
        let (result, merged, a) = try pullTheirEdit(
            ours:
                "# A\n\n## Tools\n\n- [Charlie](http://c.example/) - c <!-- curate-ignore insecure-url -->\n- [Delta](https://d.example/) - d <!-- kept for the talk --> <!-- curate-ignore -->\n- [Echo](https://e.example/) <!-- ours -->\n",
            theirs:
                "# B\n\n## Tools\n\n- [Charlie](http://c.example/) - c\n- [Delta](https://d.example/) - d\n- [Echo](https://e.example/)\n- [Foxtrot](https://f.example/)\n",
            edited:
                "# B\n\n## Tools\n\n- [Charlie two](http://c.example/) - c edited\n- [Delta](https://d.example/) - d edited\n- [Echo](https://e.example/) - now described\n- [Foxtrot](https://f.example/)\n"
        )
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(
            merged.contains("- [Charlie two](http://c.example/) - c edited <!-- curate-ignore insecure-url -->\n"), "\(merged)")
        #expect(
            merged.contains("- [Delta](https://d.example/) - d edited <!-- kept for the talk --> <!-- curate-ignore -->\n"),
            "\(merged)")
        #expect(merged.contains("- [Echo](https://e.example/) - now described <!-- ours -->\n"), "\(merged)")
        try a.expectHealthy()
    }

    /// Our list and theirs (`list.md` in each), a first pull that records the base, their
    /// list then changed to `edited`, and a second pull: its result, our committed post,
    /// and our repository.
    func pullTheirEdit(ours: String, theirs: String, edited: String) throws -> (
        result: CLI.Result, merged: String, ours: GitRepository
    ) {
        let configuration = "posts:\n  - list.md\n"
        let a = try GitRepository.make(files: ["curate.yml": configuration, "list.md": ours])
        let b = try GitRepository.make(files: ["curate.yml": configuration, "list.md": theirs])
        func pull() throws -> CLI.Result {
            try CLI.run(["sync", "pull", b.root.path, "--path", "list.md", "--commit"], in: a.root)
        }
        #expect(try pull().status == 0)
        try b.write("list.md", edited)
        try b.git("commit", "-q", "-am", "edits")
        let result = try pull()
        return (result, try a.git("show", "HEAD:list.md"), a)
    }

    /// A directive alone on the line above our entry goes with it: their removal of the
    /// entry takes the directive too, and their entry added before it lands above the
    /// directive (before, the directive was left over the next entry, or the new entry
    /// landed under it, silenced).
    @Test func aDirectiveGoesWithTheEntryItSilences() throws {
        let (result, merged, ours) = try pullTheirEdit(
            ours:
                "# Ours\n\n## Tools\n\n<!-- curate-ignore insecure-url -->\n- [Alpha](http://alpha.example/) - a\n<!-- curate-ignore insecure-url -->\n- [Bravo](http://bravo.example/) - b\n- [Charlie](http://charlie.example/) - c\n",
            theirs:
                "# Theirs\n\n## Tools\n\n- [Alpha](http://alpha.example/) - a\n- [Bravo](http://bravo.example/) - b\n- [Charlie](http://charlie.example/) - c\n- [Delta](https://delta.example/) - d\n",
            edited:
                "# Theirs\n\n## Tools\n\n- [Aardvark](http://aardvark.example/) - aa\n- [Bravo](http://bravo.example/) - b\n- [Charlie](http://charlie.example/) - c\n- [Delta](https://delta.example/) - d\n"
        )
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(!merged.contains("Alpha"))
        #expect(merged.components(separatedBy: "curate-ignore").count == 2, "one directive left: \(merged)")
        #expect(merged.contains("<!-- curate-ignore insecure-url -->\n- [Bravo]"), "\(merged)")
        // Aardvark and Charlie are reported, Bravo is not.
        let check = try CLI.run(["check"], in: ours.root)
        #expect(check.stdout.contains("aardvark.example"), "\(check.stdout)")
        #expect(check.stdout.contains("charlie.example"))
        #expect(!check.stdout.contains("bravo.example"))
        try ours.expectHealthy()
    }

    /// Their removal of an entry with a directive alone above it takes the blank line the
    /// directive had above it too, where the list goes on after it (left, it joined the
    /// lists around it into one loose list: a tester's case).
    @Test func aRemovedDirectiveLeavesNoLooseList() throws {
        let post =
            "# List\n\n## Tools\n\n- [A](https://a.example.com/) - a.\n- [B](https://b.example.com/) - b.\n\n<!-- curate-ignore insecure-url -->\n- [C](http://c.example.com/) - c.\n- [D](https://d.example.com/) - d.\n"
        let (ours, theirs) = try cloned(post)
        try theirs.write(
            "list.md",
            post.replacingOccurrences(of: "\n\n<!-- curate-ignore insecure-url -->\n- [C](http://c.example.com/) - c.", with: ""))
        try theirs.git("commit", "-q", "-am", "C out")
        let result = try CLI.run(["sync", "pull", theirs.root.path, "--commit"], in: ours.root)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(
            try ours.read("list.md")
                == "# List\n\n## Tools\n\n- [A](https://a.example.com/) - a.\n- [B](https://b.example.com/) - b.\n- [D](https://d.example.com/) - d.\n"
        )
    }

    @Test func gitMergeWithTheDriverUnitesAdditions() throws {
        let repo = try GitRepository.make(files: ["_posts/list.md": samplePost, "curate.yml": "posts:\n  - _posts/list.md\n"])
        try CLI.run(["hooks", "install", "--merge-driver"], in: repo.root).checked()
        #expect(try repo.read(".gitattributes") == "/_posts/list.md merge=curate\n")
        try repo.git("add", ".gitattributes")
        try repo.git("commit", "-q", "-m", "merge driver")
        try repo.divergeOnPost(at: "_posts/list.md")
        let merge = try repo.gitResult(["merge", "-q", "--no-edit", "side"])
        #expect(merge.status == 0, "\(merge.stdout)\(merge.stderr)")
        let merged = try repo.read("_posts/list.md")
        #expect(merged.hasSuffix("2. [Main](https://main.example/)\n3. [Side](https://side.example/)\n"))
        try repo.expectClean()
        try repo.expectHealthy()
        // Without the driver, git's text merge conflicts on the same lines.
        let plain = try GitRepository.make(files: ["list.md": samplePost])
        try plain.divergeOnPost(at: "list.md")
        #expect(try plain.gitResult(["merge", "-q", "--no-edit", "side"]).status != 0)
    }

    @Test func gitMergeWithTheDriverKeepsTheirNestedEntriesNested() throws {
        let list = """
            # Awesome

            ## Linux

            - [Linux](https://github.com/inputsh/awesome-linux) - Linux.
            \t- [Containers](https://github.com/Friz-zy/awesome-linux-containers) - Containers.
            - [macOS](https://github.com/iCHAIT/awesome-macOS) - macOS.

            """
        let repo = try GitRepository.make(files: ["README.md": list, "curate.yml": "posts:\n  - README.md\n"])
        try CLI.run(["hooks", "install", "--merge-driver"], in: repo.root).checked()
        try repo.git("add", ".gitattributes")
        try repo.git("commit", "-q", "-m", "merge driver")
        try repo.git("checkout", "-q", "-b", "side")
        try repo.write(
            "README.md",
            list.replacingOccurrences(
                of: "Containers.\n", with: "Containers.\n\t- [eBPF](https://github.com/zoidyzoidzoid/awesome-ebpf) - Tracing.\n")
                + "- [BSD](https://github.com/nicholasgasior/awesome-bsd) - BSD.\n\t- [FreeBSD](https://github.com/freebsd/freebsd-src) - FreeBSD.\n"
        )
        try repo.git("commit", "-q", "-am", "side")
        try repo.git("checkout", "-q", "-")
        let macOS = "- [macOS](https://github.com/iCHAIT/awesome-macOS) - macOS.\n"
        let windows = "- [Windows](https://github.com/0PandaDEV/awesome-windows) - Windows.\n"
        try repo.write("README.md", list.replacingOccurrences(of: macOS, with: macOS + windows))
        try repo.git("commit", "-q", "-am", "main")
        let merge = try repo.gitResult(["merge", "-q", "--no-edit", "side"])
        #expect(merge.status == 0, "\(merge.stdout)\(merge.stderr)")
        let merged = try repo.read("README.md")
        #expect(
            merged.hasSuffix(
                """
                - [Linux](https://github.com/inputsh/awesome-linux) - Linux.
                \t- [Containers](https://github.com/Friz-zy/awesome-linux-containers) - Containers.
                \t- [eBPF](https://github.com/zoidyzoidzoid/awesome-ebpf) - Tracing.
                - [macOS](https://github.com/iCHAIT/awesome-macOS) - macOS.
                - [Windows](https://github.com/0PandaDEV/awesome-windows) - Windows.
                - [BSD](https://github.com/nicholasgasior/awesome-bsd) - BSD.
                  - [FreeBSD](https://github.com/freebsd/freebsd-src) - FreeBSD.

                """), "\(merged)")
        try repo.expectClean()
    }

    @Test func aPullKeepsTheirNestedEntriesNested() throws {
        let theirs = try GitRepository.make(files: [
            "README.md": """
            # Awesome Nu

            ## Scripts

            - [nushell](https://github.com/nushell/nushell) - A shell.
                - [nu_scripts](https://github.com/nushell/nu_scripts) - Scripts.
            - [Linux](https://github.com/inputsh/awesome-linux#readme)
            \t- [Containers](https://github.com/Friz-zy/awesome-linux-containers#readme)
            \t- [eBPF](https://github.com/zoidyzoidzoid/awesome-ebpf#readme) - Tracing VM.

            """
        ])
        let post = "_posts/2025-02-01-shells.md"
        let ours = try GitRepository.make(files: [
            post:
                "---\nlayout: post\ntitle: Shells\n---\n\n### Scripts\n\n1. [nushell](https://github.com/nushell/nushell) — A shell.\n",
            "_config.yml": "title: b\n",
        ])
        let result = try CLI.run(
            ["sync", "pull", theirs.root.path, "--path", "README.md", "--post", post, "--commit"], in: ours.root)
        #expect(result.status == 0, "\(result.stderr)")
        let pulled = try ours.read(post)
        #expect(
            pulled.hasSuffix(
                """
                1. [nushell](https://github.com/nushell/nushell) — A shell.
                   - [nu_scripts](https://github.com/nushell/nu_scripts) — Scripts.
                2. [Linux](https://github.com/inputsh/awesome-linux#readme)
                   - [Containers](https://github.com/Friz-zy/awesome-linux-containers#readme)
                   - [eBPF](https://github.com/zoidyzoidzoid/awesome-ebpf#readme) — Tracing VM.

                """), "\(pulled)")
        let check = try CLI.run(["check", "--post", post], in: ours.root)
        #expect(check.status == 0 && !check.stdout.contains("warning"), "\(check.stdout)")
    }

    @Test func theDriverMarksOnlyAnEntryEditedDifferentlyOnBothSides() throws {
        let directory = try CLI.temporaryDirectory()
        let base = samplePost + "2. [Shared](https://shared.example/)\n"
        let ours = base.replacingOccurrences(of: "[Shared]", with: "[Shared, ours]") + "3. [Ours](https://ours.example/)\n"
        let theirs = base.replacingOccurrences(of: "[Shared]", with: "[Shared, theirs]")
            .replacingOccurrences(of: "2. [nnsight](https://nnsight.net/)\n", with: "")
        for (name, text) in [("O", base), ("A", ours), ("B", theirs)] {
            try Data(text.utf8).write(to: directory.appendingPathComponent(name))
        }
        let result = try CLI.run(["merge-driver", "O", "A", "B", "_posts/list.md"], in: directory)
        #expect(result.status == 1)
        let merged = try String(contentsOf: directory.appendingPathComponent("A"), encoding: .utf8)
        #expect(
            merged.contains(
                "<<<<<<< ours\n2. [Shared, ours](https://shared.example/)\n=======\n2. [Shared, theirs](https://shared.example/)\n>>>>>>> theirs\n"
            ))
        #expect(merged.contains("[Ours](https://ours.example/)"))
        #expect(merged.components(separatedBy: "<<<<<<<").count == 2, "one conflict only")
        #expect(!merged.contains("nnsight"), "their deletion of an unchanged entry is honoured")
    }
}

/// Bad input to the git-backed commands: one clear line, exit 2, nothing written.
@Suite struct GitCommandInputTests {
    @Test func eachBadInputIsOneClearError() throws {
        let repo = try GitRepository.make(files: ["_posts/list.md": samplePost, "curate.yml": "posts:\n  - _posts/list.md\n"])
        let other = try GitRepository.make(files: ["README.md": "# List\n\n## A\n\n- [X](https://x.example/)\n"])
        let outside = try CLI.temporaryDirectory()
        try Data(samplePost.utf8).write(to: outside.appendingPathComponent("p.md"))
        let cases: [(arguments: [String], directory: URL, message: String)] = [
            (
                ["propose", "--commit", "--post", "p.md", "--title", "A", "--url", "https://a.example/", "--section", "Papers"],
                outside, "not inside a git repository"
            ),
            (["check", "--staged", "--post", "p.md"], outside, "not inside a git repository"),
            (["hooks", "install"], outside, "not inside a git repository"),
            (["sync", "pull", "/nonexistent/repository"], repo.root, "no repository at this path"),
            (
                ["sync", "pull", other.root.path, "--path", "README.md", "--ref", "no-such-branch"], repo.root,
                "the source has no no-such-branch"
            ),
            (["sync", "pull", other.root.path], repo.root, "has no _posts/list.md"),
            (["sync", "push", "/nonexistent/repository"], repo.root, "no repository at this path"),
            (["check", "--since", "no-such-ref"], repo.root, "no-such-ref"),
            (["merge-driver", "missing-o", "missing-a", "missing-b"], outside, "no such file (missing-o)"),
        ]
        for (arguments, directory, message) in cases {
            let head = try repo.head()
            let result = try CLI.run(arguments, in: directory)
            #expect(result.status == 2, "curate \(arguments.joined(separator: " ")): \(result.stderr)")
            #expect(result.stderr.hasPrefix("curate: error: "), "\(arguments)")
            #expect(result.stderr.contains(message), "curate \(arguments.joined(separator: " ")): \(result.stderr)")
            #expect(try repo.head() == head)
        }
        try repo.expectClean()
        let badBranch = try CLI.run(
            ["propose", "--branch", "a..b", "--title", "A", "--url", "https://a.example/", "--section", "Papers"], in: repo.root)
        #expect(badBranch.status == 64)
        #expect(badBranch.stderr.contains("not a valid branch name"))
    }
}
