import CurateKit
import CurateTestSupport
import Foundation
import Testing

@testable import CurateWorkflows

/// `Sync` between real repositories, checked with the real git CLI.
@Suite struct SyncWorkflowTests {
    let awesome = """
        # Awesome Interpretability

        ## Libraries

        - [SAELens](https://github.com/jbloomAus/SAELens) - Train sparse autoencoders
        - [nnsight](https://nnsight.net/)

        """

    func repositories() throws -> (ours: GitRepository, theirs: GitRepository) {
        (try GitRepository.make(files: ["list.md": samplePost]), try GitRepository.make(files: ["README.md": awesome]))
    }

    func sync(_ ours: GitRepository, with other: String, _ destination: CommitDestination) -> Sync {
        Sync(
            other: other, selection: ours.selection("list.md"), path: "README.md",
            commit: CommitSettings(destination: destination))
    }

    @Test func aFirstPullAddsTheirEntriesAndRecordsTheBaseForTheNext() throws {
        let (ours, theirs) = try repositories()
        let first = try sync(ours, with: theirs.root.path, .checkedOutBranch).pull()
        #expect(first.firstSync)
        #expect(first.results.map(\.status) == [.new])
        #expect(first.commit?.id == (try ours.head()))
        #expect(try ours.read("list.md").contains("[SAELens](https://github.com/jbloomAus/SAELens) - Train sparse autoencoders"))
        let trailer = "Curate-Synced-From: \(theirs.root.resolvingSymlinksInPath().path) \(try theirs.head())"
        #expect(try ours.git("log", "-1", "--format=%B").contains(trailer))
        try ours.expectClean()

        // They remove SAELens: with the recorded base, the removal comes over.
        try theirs.write("README.md", awesome.replacingOccurrences(of: "- [SAELens]", with: "- [Removed]"))
        try theirs.write(
            "README.md", awesome.components(separatedBy: "\n").filter { !$0.contains("SAELens") }.joined(separator: "\n"))
        try theirs.git("commit", "-qam", "drop SAELens")
        let second = try sync(ours, with: theirs.root.path, .checkedOutBranch).pull()
        #expect(!second.firstSync)
        #expect(second.results.map(\.status) == [.removed])
        #expect(!(try ours.read("list.md")).contains("SAELens"))
        try ours.expectClean()
        try ours.expectHealthy()

        let third = try sync(ours, with: theirs.root.path, .checkedOutBranch).pull()
        #expect(!third.changesList && third.commit == nil)
    }

    @Test func aFirstPullBetweenClonesTakesTheirCommonHistoryAsTheBase() throws {
        let theirs = try GitRepository.make(files: ["list.md": samplePost])
        let folder = try temporaryDirectory()
        let ours = GitRepository(root: folder.appendingPathComponent("ours"))
        try theirs.git("clone", "-q", theirs.root.path, ours.root.path)
        try ours.git("config", "user.name", "Ours")
        try ours.git("config", "user.email", "ours@example.com")
        // They retitle an entry and remove another; nothing was ever synced.
        let original = try theirs.read("list.md")
        let entries = original.components(separatedBy: "\n").filter { $0.contains("](http") }
        let retitled = try #require(entries.first)
        let removed = try #require(entries.last)
        try theirs.write(
            "list.md",
            original.replacingOccurrences(of: retitled, with: retitled.replacingOccurrences(of: "[", with: "[Renamed "))
                .replacingOccurrences(of: removed + "\n", with: ""))
        try theirs.git("commit", "-qam", "retitle and remove")
        let pulled = try Sync(
            other: theirs.root.path, selection: ours.selection("list.md"), path: "list.md",
            commit: CommitSettings(destination: .checkedOutBranch)
        ).pull()
        #expect(!pulled.firstSync, "the clone's common history is the base")
        #expect(Set(pulled.results.map(\.status)) == [.updated, .removed])
        let merged = try ours.read("list.md")
        #expect(merged.contains("[Renamed "))
        #expect(!merged.contains(removed))
        try ours.expectHealthy()
    }

    @Test func aPullCanCommitOnAnotherBranch() throws {
        let (ours, theirs) = try repositories()
        let head = try ours.head()
        let outcome = try sync(ours, with: theirs.root.path, .branch("curate/from-theirs")).pull()
        #expect(outcome.commit?.branch == "curate/from-theirs")
        #expect(try ours.head() == head)
        #expect(try ours.read("list.md") == samplePost)
        #expect(try ours.git("show", "curate/from-theirs:list.md").contains("[SAELens]"))
        try ours.expectClean()
    }

    @Test func aPullWithoutACommitWritesTheFile() throws {
        let (ours, theirs) = try repositories()
        let outcome = try sync(ours, with: theirs.root.path, .workingFile).pull()
        #expect(outcome.wroteFile && outcome.commit == nil)
        #expect(try ours.read("list.md").contains("[SAELens]"))
    }

    @Test func pullErrorsNameTheSourceAndWhatToDo() throws {
        let (ours, theirs) = try repositories()
        let missing = ours.root.appendingPathComponent("nowhere").path
        #expect(throws: WorkflowError.noRepository(path: missing, urlAllowed: true)) {
            try sync(ours, with: missing, .workingFile).pull()
        }
        var noRef = sync(ours, with: theirs.root.path, .workingFile)
        noRef.ref = "no-such-branch"
        #expect(throws: WorkflowError.sourceLacksRef(source: theirs.root.path, ref: "no-such-branch")) { try noRef.pull() }
        var noFile = sync(ours, with: theirs.root.path, .workingFile)
        noFile.path = "docs/list.md"
        let error = #expect(throws: WorkflowError.self) { try noFile.pull() }
        #expect(error?.hint == "name the list's path in the source with --path")
    }

    @Test func aPushCommitsOnABranchOfTheTargetAndNeverOnItsCheckout() throws {
        let (ours, theirs) = try repositories()
        try ours.write("list.md", samplePost + "3. [SAE Bench](https://github.com/adamkarvonen/SAEBench)\n")
        try ours.git("commit", "-qam", "add SAE Bench")
        let push = Sync(other: theirs.root.path, selection: ours.selection("list.md"), path: "README.md")
        let outcome = try push.push()
        let branch = try #require(outcome.commit?.branch)
        #expect(branch.hasPrefix("curate/sync/"))
        let pushed = try theirs.git("show", "\(branch):README.md")
        #expect(pushed.contains("- [SAE Bench](https://github.com/adamkarvonen/SAEBench)"))
        #expect(try theirs.read("README.md") == awesome)
        try theirs.expectClean()
        try theirs.expectHealthy()

        var onCheckout = push
        onCheckout.commit = CommitSettings(destination: .branch("main"))
        #expect(throws: WorkflowError.branchCheckedOut(branch: "main", repository: theirs.root.path)) {
            try onCheckout.push()
        }
    }
}

/// What a pull brings besides additions: an entry's place in its list, and removals that
/// never drop an edit made here.
@Suite struct SyncPlaceAndRemovalTests {
    let awesome = """
        # Awesome Interpretability

        ## Libraries

        - [Transformer Lens](https://transformerlensorg.github.io/TransformerLens) — Mechanistic interpretability
        - [nnsight](https://nnsight.net/)
        - [SAELens](https://github.com/jbloomAus/SAELens) — Train sparse autoencoders

        """

    /// Ours and theirs after a first pull (their SAELens added here, the base recorded).
    func synced() throws -> (ours: GitRepository, theirs: GitRepository, sync: Sync) {
        let ours = try GitRepository.make(files: ["list.md": samplePost])
        let theirs = try GitRepository.make(files: ["README.md": awesome])
        let sync = Sync(
            other: theirs.root.path, selection: ours.selection("list.md"), path: "README.md",
            commit: CommitSettings(destination: .checkedOutBranch))
        #expect(try sync.pull().results.map(\.status) == [.new])
        return (ours, theirs, sync)
    }

    func libraries(_ text: String) throws -> [String] {
        let post = try PostReader.parse(Array(text.utf8), path: "list.md")
        return post.entries.filter { $0.section.map { post.sections[$0].title } == "Libraries" }.map(\.title)
    }

    @Test func anEntryTheyMovedWithinItsListMovesHere() throws {
        let (ours, theirs, sync) = try synced()
        #expect(try libraries(ours.read("list.md")) == ["Transfomer Lens", "nnsight", "SAELens"])
        // They move SAELens to the top, and add an entry: our order follows, our text stays.
        let lines = awesome.components(separatedBy: "\n")
        try theirs.write(
            "README.md",
            (lines[0..<4] + [lines[6], "- [Pyvene](https://github.com/stanfordnlp/pyvene)", lines[4], lines[5]] + lines[7...])
                .joined(separator: "\n"))
        try theirs.git("commit", "-qam", "SAELens first")
        let outcome = try sync.pull()
        #expect(outcome.conflicts == 0)
        let post = try ours.read("list.md")
        #expect(try libraries(post) == ["SAELens", "Transfomer Lens", "nnsight", "Pyvene"])
        #expect(post.contains("1. [SAELens](https://github.com/jbloomAus/SAELens) - Train sparse autoencoders\n"))
        let moved = try #require(outcome.results.first { $0.proposal.title == "SAELens" })
        #expect(moved.status == .updated)
        #expect(moved.reason == "moved in \(theirs.root.path) (now before \"Transfomer Lens\")")
        try ours.expectClean()
        // In sync: nothing to do the next time.
        #expect(try !sync.pull().changesList)
    }

    @Test func anEntryWeMovedStaysWhereWePutIt() throws {
        let (ours, theirs, sync) = try synced()
        let post = try ours.read("list.md")
        // We move nnsight first; they move SAELens first.
        try ours.write(
            "list.md",
            post.replacingOccurrences(
                of:
                    "1. [Transfomer Lens](https://transformerlensorg.github.io/TransformerLens/)\n2. [nnsight](https://nnsight.net/)\n",
                with:
                    "1. [nnsight](https://nnsight.net/)\n2. [Transfomer Lens](https://transformerlensorg.github.io/TransformerLens/)\n"
            ))
        try ours.git("commit", "-qam", "nnsight first")
        let lines = awesome.components(separatedBy: "\n")
        try theirs.write("README.md", (lines[0..<4] + [lines[6], lines[4], lines[5]] + lines[7...]).joined(separator: "\n"))
        try theirs.git("commit", "-qam", "SAELens first")
        #expect(try sync.pull().conflicts == 0)
        #expect(try libraries(ours.read("list.md")) == ["SAELens", "nnsight", "Transfomer Lens"])
    }

    @Test func aRemovalThereOfAnEntryWeEditedIsAConflictAndTheEditStays() throws {
        let (ours, theirs, sync) = try synced()
        // We edit nnsight's URL as written (the same resource); they remove it.
        let edited = try ours.read("list.md").replacingOccurrences(
            of: "[nnsight](https://nnsight.net/)", with: "[nnsight](https://www.nnsight.net/)")
        try ours.write("list.md", edited)
        try ours.git("commit", "-qam", "nnsight with www")
        try theirs.write("README.md", awesome.replacingOccurrences(of: "- [nnsight](https://nnsight.net/)\n", with: ""))
        try theirs.git("commit", "-qam", "drop nnsight")
        let head = try ours.head()
        let outcome = try sync.pull()
        #expect(outcome.conflicts == 1)
        #expect(outcome.results.map(\.reason) == ["removed in \(theirs.root.path) but edited here; kept"])
        #expect(try ours.head() == head && ours.read("list.md") == edited)
        // An entry we left alone goes when they remove it, though we write it differently.
        try theirs.write(
            "README.md",
            awesome.replacingOccurrences(of: "- [nnsight](https://nnsight.net/)\n", with: "").replacingOccurrences(
                of: "- [Transformer Lens](https://transformerlensorg.github.io/TransformerLens) — Mechanistic interpretability\n",
                with: ""))
        try theirs.git("commit", "-qam", "drop Transformer Lens")
        var keep = sync
        keep.preference = .ours
        let removed = try keep.pull()
        #expect(removed.conflicts == 0)
        #expect(removed.results.map(\.status).sorted { $0.rawValue < $1.rawValue } == [.conflict, .removed])
        let post = try ours.read("list.md")
        #expect(!post.contains("Transfomer Lens") && post.contains("[nnsight](https://www.nnsight.net/)"))
    }

    @Test func aPushDoesNotRemoveAnEntryTheTargetEditedSinceOurLastPush() throws {
        let ours = try GitRepository.make(files: ["list.md": samplePost])
        let theirs = try GitRepository.make(files: ["README.md": awesome])
        let push = Sync(other: theirs.root.path, selection: ours.selection("list.md"), path: "README.md")
        let branch = try #require(try push.push().commit?.branch)
        // They merge our push, delete its branch and edit nnsight's URL as written.
        try theirs.git("merge", "-q", "--ff-only", branch)
        try theirs.git("branch", "-q", "-D", branch)
        try theirs.write(
            "README.md",
            try theirs.read("README.md").replacingOccurrences(
                of: "[nnsight](https://nnsight.net/)", with: "[nnsight](https://www.nnsight.net/)"))
        try theirs.git("commit", "-qam", "nnsight with www")
        // We remove nnsight and Transfomer Lens: only the one they left alone goes there.
        try ours.write(
            "list.md",
            samplePost.replacingOccurrences(of: "2. [nnsight](https://nnsight.net/)\n", with: "").replacingOccurrences(
                of: "1. [Transfomer Lens](https://transformerlensorg.github.io/TransformerLens/)\n", with: ""))
        try ours.git("commit", "-qam", "drop two")
        let conflicted = try push.push()
        #expect(conflicted.conflicts == 1 && conflicted.commit == nil)
        #expect(conflicted.results.contains { $0.reason == "removed in this repository but edited here; kept" })
        var preferring = push
        preferring.preference = .ours
        let pushed = try preferring.push()
        let list = try theirs.git("show", "\(try #require(pushed.commit?.branch)):README.md")
        #expect(list.contains("[nnsight](https://www.nnsight.net/)") && !list.contains("Transformer Lens"), "\(list)")
    }
}

/// Sync never writes a list `check` would fail.
@Suite struct SyncCheckTests {
    @Test func aMergeThatWouldAddAnErrorIsRefusedWithItsLines() throws {
        let configuration = Configuration(root: "/")
        let before = try PostReader.parse(Array(samplePost.utf8), path: "list.md")
        let broken = samplePost.replacingOccurrences(
            of: "2. [nnsight](https://nnsight.net/)\n",
            with: "2. [nnsight](https://nnsight.net/)\n3. [Again](https://www.nnsight.net/)\n")
        let error = #expect(throws: WorkflowError.self) {
            try Sync.checked((Array(broken.utf8), nil), before: before, configuration)
        }
        #expect(error?.what.contains("line 13: duplicate-link") == true, "\(String(describing: error))")
        // An error the list already had may stay (it is not the sync's): only a new one is
        // refused, in our post as in another's we push to.
        let old = try PostReader.parse(Array(broken.utf8), path: "list.md")
        #expect(try Sync.checked((Array((broken + "\nMore.\n").utf8), nil), before: old, configuration).count > 0)
        let parsed = try PostReader.parse(Array(broken.utf8), path: "elsewhere.md")
        #expect(throws: WorkflowError.self, "a post read before is checked as the bytes are") {
            try Sync.checked((Array(broken.utf8), parsed), before: before, configuration)
        }
    }

    /// An error the list had stays the same error when the sync renumbers its entry, fmt
    /// takes tracking parameters out of its link, or an entry goes in before it; a second
    /// copy of it is new.
    @Test func anErrorTheListHadIsKnownAfterRenumberingAndFormatting() throws {
        let configuration = Configuration(root: "/")
        let head = "---\ntitle: T\n---\n\n### Papers\n\n"
        let before = try PostReader.parse(
            Array((head + "1. [A](https://a.example/x)\n2. [A again](https://a.example/x/?utm_source=news)\n").utf8),
            path: "list.md")
        let merged =
            head + "1. [Z](https://z.example/)\n2. [A](https://a.example/x)\n3. [A again](https://a.example/x/)\n"
        #expect(try Sync.checked((Array(merged.utf8), nil), before: before, configuration) == Array(merged.utf8))
        let twice = merged + "4. [A again](https://a.example/x/)\n"
        let error = #expect(throws: WorkflowError.self) {
            try Sync.checked((Array(twice.utf8), nil), before: before, configuration)
        }
        #expect(error?.what.contains("line 10: duplicate-link") == true, "\(String(describing: error))")
        // Retitled, or reported on the other copy: the same error.
        let retitled = merged.replacingOccurrences(of: "[A again]", with: "[A, second]")
        #expect(try Sync.checked((Array(retitled.utf8), nil), before: before, configuration) == Array(retitled.utf8))
        #expect(FindingNames.withoutListMarker("  12) [A](https://a.example/)") == "[A](https://a.example/)")
        #expect(FindingNames.withoutListMarker("- [A](https://a.example/)") == "[A](https://a.example/)")
        #expect(FindingNames.withoutListMarker("2024 was a year") == "2024 was a year")
    }
}
