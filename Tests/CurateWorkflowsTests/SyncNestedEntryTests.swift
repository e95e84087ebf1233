import CurateKit
import CurateTestSupport
import Foundation
import Testing

@testable import CurateWorkflows

/// `Sync` of entries with sub-entries: what is nested in an entry they move or remove is
/// never lost with it.
@Suite struct SyncNestedEntryTests {
    let post = """
        ---
        layout: post
        title: Test List
        date: 2025-05-26
        ---

        ### Papers

        1. [Attention Is All You Need](https://arxiv.org/abs/1706.03762) - transformers
           - [Annotated Transformer](https://nlp.seas.harvard.edu/annotated-transformer/) - code
           - [Illustrated Transformer](https://jalammar.github.io/illustrated-transformer/)
        2. [Scaling Laws](https://arxiv.org/abs/2001.08361) - scaling

        ### Tools

        1. [SAELens](https://github.com/jbloomAus/SAELens)

        """
    let parent = """
        1. [Attention Is All You Need](https://arxiv.org/abs/1706.03762) - transformers
           - [Annotated Transformer](https://nlp.seas.harvard.edu/annotated-transformer/) - code
           - [Illustrated Transformer](https://jalammar.github.io/illustrated-transformer/)
        2. [Scaling Laws](https://arxiv.org/abs/2001.08361) - scaling

        """
    let child = "   - [Illustrated Transformer](https://jalammar.github.io/illustrated-transformer/)\n"
    let added = "   - [Harvard NLP](https://nlp.seas.harvard.edu/) - added here\n"

    /// Ours and theirs, the same list, after a pull that recorded the base.
    func synced() throws -> (ours: GitRepository, theirs: GitRepository, sync: Sync) {
        let ours = try GitRepository.make(files: ["list.md": post])
        let theirs = try GitRepository.make(files: ["list.md": post + "\n### Seed\n\n1. [Seed](https://seed.example/)\n"])
        let sync = Sync(
            other: theirs.root.path, selection: ours.selection("list.md"), path: "list.md",
            commit: CommitSettings(destination: .checkedOutBranch))
        #expect(try sync.pull().results.map(\.status) == [.new])
        return (ours, theirs, sync)
    }

    func edit(_ repository: GitRepository, _ pairs: [(String, String)], _ message: String) throws {
        var text = try repository.read("list.md")
        for (old, new) in pairs {
            #expect(text.contains(old))
            text = text.replacingOccurrences(of: old, with: new)
        }
        try repository.write("list.md", text)
        try repository.git("commit", "-qam", message)
    }

    @Test func aSubEntryAddedHereFollowsItsParentTheyMovedWithItsNesting() throws {
        let (ours, theirs, sync) = try synced()
        try edit(
            theirs,
            [
                (parent, "1. [Scaling Laws](https://arxiv.org/abs/2001.08361) - scaling\n\n"),
                (
                    "1. [SAELens](https://github.com/jbloomAus/SAELens)\n",
                    "1. [SAELens](https://github.com/jbloomAus/SAELens)\n"
                        + parent.replacingOccurrences(of: "1. [Att", with: "2. [Att").components(separatedBy: "2. [Scaling")[0]
                ),
            ],
            "move Attention to Tools")
        try edit(ours, [(child, child + added)], "add a sub-entry")
        let outcome = try sync.pull()
        #expect(outcome.conflicts == 0)
        let text = try ours.read("list.md")
        #expect(
            text.contains(
                """
                2. [Attention Is All You Need](https://arxiv.org/abs/1706.03762) - transformers
                   - [Annotated Transformer](https://nlp.seas.harvard.edu/annotated-transformer/) - code
                   - [Illustrated Transformer](https://jalammar.github.io/illustrated-transformer/)
                   - [Harvard NLP](https://nlp.seas.harvard.edu/) - added here

                """), "\(text)")
        #expect(
            outcome.results.contains { $0.proposal.title == "Harvard NLP" && $0.reason == "moved with the entry it is nested in" }
        )
    }

    @Test func aSubEntryAddedHereUnderAnEntryTheyRemovedIsAConflict() throws {
        let (ours, theirs, sync) = try synced()
        try edit(theirs, [(parent, "1. [Scaling Laws](https://arxiv.org/abs/2001.08361) - scaling\n")], "remove Attention")
        try edit(ours, [(child, child + added)], "add a sub-entry")
        let head = try ours.head()
        let outcome = try sync.pull()
        #expect(outcome.conflicts == 1)
        #expect(try ours.head() == head)
        #expect(
            outcome.results.contains {
                $0.status == .conflict && $0.proposal.title == "Harvard NLP"
                    && $0.reason
                        == "added here under \"Attention Is All You Need\", which \(theirs.root.path) removed; kept in its section"
            })
        // Preferring ours keeps it, in its section.
        var keep = sync
        keep.preference = .ours
        #expect(try keep.pull().conflicts == 0)
        let text = try ours.read("list.md")
        #expect(
            !text.contains("Attention") && text.contains("[Harvard NLP](https://nlp.seas.harvard.edu/) - added here\n"), "\(text)"
        )
    }

    @Test func aSubEntryKeptByPreferOursSurvivesItsParentsRemoval() throws {
        let (ours, theirs, sync) = try synced()
        try edit(theirs, [(parent, "1. [Scaling Laws](https://arxiv.org/abs/2001.08361) - scaling\n")], "remove Attention")
        try edit(ours, [(child, child.dropLast() + " - edited here\n")], "edit a sub-entry")
        var keep = sync
        keep.preference = .ours
        let outcome = try keep.pull()
        #expect(outcome.conflicts == 0)
        let text = try ours.read("list.md")
        #expect(
            text.contains("[Illustrated Transformer](https://jalammar.github.io/illustrated-transformer/) - edited here\n"),
            "\(text)")
        #expect(!text.contains("Annotated"))
        try ours.expectClean()
    }
}
