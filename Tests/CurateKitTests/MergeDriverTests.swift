import Testing

@testable import CurateKit

/// `MergeDriver`: two branches of the same list merged by entries (git's line merge
/// stood in for by `coarseLineMerge`, which puts whole files between markers).
@Suite struct MergeDriverTests {
    let driver = MergeDriver(configuration: Configuration(root: "/"), lineMerge: coarseLineMerge)

    let base = """
        ---
        layout: post
        title: Reading list
        date: 2025-05-26
        ---

        ### Libraries

        1. [Transformer Lens](https://transformerlensorg.github.io/TransformerLens/) - Mechanistic interpretability
        2. [nnsight](https://nnsight.net/) - Interventions on models

        ### Papers

        1. [Toy Models](https://transformer-circuits.pub/2022/toy_model/)
        2. [Attention](https://arxiv.org/pdf/1706.03762)

        """

    func merge(ours: String, theirs: String) throws -> (outcome: MergeDriver.Outcome, text: String) {
        let outcome = try driver.merge(
            base: Array(base.utf8), ours: Array(ours.utf8), theirs: Array(theirs.utf8), path: "list.md")
        return (outcome, String(decoding: outcome.bytes, as: UTF8.self))
    }

    func adding(_ lines: String, after line: String, to text: String) -> String {
        text.replacingOccurrences(of: line + "\n", with: line + "\n" + lines)
    }

    let nnsight = "2. [nnsight](https://nnsight.net/) - Interventions on models"

    // MARK: Removed on one side, edited on the other

    @Test(
        arguments: [
            // The URL as written.
            ("2. [Attention](https://arxiv.org/pdf/1706.03762)\n", "2. [Attention](https://arxiv.org/abs/1706.03762)\n"),
            ("2. [Attention](https://arxiv.org/pdf/1706.03762)\n", "2. [Attention](http://arxiv.org/pdf/1706.03762)\n"),
            // The title.
            ("2. [Attention](https://arxiv.org/pdf/1706.03762)\n", "2. [Attention!](https://arxiv.org/pdf/1706.03762)\n"),
        ])
    func aRemovalOfAnEntryTheOtherSideEditedLeavesMarkers(line: String, edited: String) throws {
        let ours = base.replacingOccurrences(of: line, with: edited)
        let theirs = base.replacingOccurrences(of: line, with: "")
        let merged = try merge(ours: ours, theirs: theirs)
        #expect(merged.outcome.byLines == nil)
        #expect(merged.outcome.conflicts == 1)
        #expect(merged.text.contains("<<<<<<< ours\n\(edited)=======\n>>>>>>> theirs\n"), "\(merged.text)")
        #expect(merged.outcome.results.first?.reason == "removed in theirs but edited here; kept")
    }

    @Test func aRemovalOfAnEntryTheOtherSideMovedToAnotherSectionLeavesMarkers() throws {
        let line = "2. [Attention](https://arxiv.org/pdf/1706.03762)\n"
        let ours = adding(
            "3. [Attention](https://arxiv.org/pdf/1706.03762)\n", after: nnsight,
            to: base.replacingOccurrences(of: line, with: ""))
        let theirs = base.replacingOccurrences(of: line, with: "")
        let merged = try merge(ours: ours, theirs: theirs)
        #expect(merged.outcome.conflicts == 1)
        #expect(merged.text.contains("<<<<<<< ours\n3. [Attention](https://arxiv.org/pdf/1706.03762)\n=======\n"))
    }

    @Test func aRemovalOfAnEntryTheOtherSideLeftAloneIsMade() throws {
        let ours = adding("3. [Ours](https://ours.example/)\n", after: nnsight, to: base)
        let theirs = base.replacingOccurrences(of: "2. [Attention](https://arxiv.org/pdf/1706.03762)\n", with: "")
        let merged = try merge(ours: ours, theirs: theirs)
        #expect(merged.outcome.conflicts == 0 && merged.outcome.byLines == nil)
        #expect(!merged.text.contains("Attention") && merged.text.contains("[Ours]"))
    }
}
