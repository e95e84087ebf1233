import Foundation
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

    // MARK: The other branch's new entries as they wrote them

    @Test(
        arguments: [
            "[Theirs](https://theirs.example/): a colon, not our dash\n",
            "**[Theirs](https://theirs.example/)** — bold, with an em dash\n",
            "[Theirs](https://theirs.example/) - a description\n   that goes on  \n   over three lines\n",
            "[Theirs](<https://theirs.example/a(b>) - an escaped \\*title\\* and <https://also.example/>\n",
        ])
    func theirNewEntryKeepsItsText(text: String) throws {
        let ours = adding("3. [Ours](https://ours.example/) - ours\n", after: nnsight, to: base)
        let theirs = adding("3. " + text, after: nnsight, to: base)
        let merged = try merge(ours: ours, theirs: theirs)
        #expect(merged.outcome.conflicts == 0 && merged.outcome.byLines == nil, "\(merged.text)")
        // Only the number is ours: it lands after our own addition. A longer marker moves
        // the lines after the first with it.
        #expect(merged.text.contains(nnsight + "\n3. [Ours](https://ours.example/) - ours\n4. " + text), "\(merged.text)")
    }

    @Test(
        arguments: [
            "**[nnsight](https://nnsight.net/)** — bold now, with an em dash\n",
            "[nnsight](https://nnsight.net/) - a description\n   that goes on  \n   over three lines\n",
            "[nnsight](https://nnsight.net/) `⚠` - tagged\n",
        ])
    func anEntryOnlyTheyEditedTakesTheirText(text: String) throws {
        let ours = adding("3. [Ours](https://ours.example/) - ours\n", after: nnsight, to: base)
        let theirs = base.replacingOccurrences(of: nnsight + "\n", with: "2. " + text)
        let merged = try merge(ours: ours, theirs: theirs)
        #expect(merged.outcome.conflicts == 0 && merged.outcome.byLines == nil, "\(merged.text)")
        #expect(merged.text.contains("\n2. " + text + "3. [Ours](https://ours.example/) - ours\n"), "\(merged.text)")
    }

    @Test func anEntryEditedDifferentlyOnBothSidesShowsTheirTextBetweenTheMarkers() throws {
        let ours = base.replacingOccurrences(of: "Interventions on models", with: "Interventions, ours")
        let theirs = base.replacingOccurrences(
            of: nnsight + "\n", with: "2. **[nnsight](https://nnsight.net/)** - Interventions,\n   theirs\n")
        let merged = try merge(ours: ours, theirs: theirs)
        #expect(merged.outcome.conflicts == 1)
        #expect(
            merged.text.contains(
                "=======\n2. **[nnsight](https://nnsight.net/)** - Interventions,\n   theirs\n>>>>>>> theirs\n"),
            "\(merged.text)")
    }

    @Test func theirNewEntryIsKeptThoughItLooksLikeOneOfOurs() throws {
        let ours = adding("3. [Ours](https://ours.example/)\n", after: nnsight, to: base)
        let theirs = adding("3. [nnsigth](https://nnsight.example/)\n", after: nnsight, to: base)
        let merged = try merge(ours: ours, theirs: theirs)
        #expect(merged.outcome.byLines == nil)
        #expect(merged.text.contains("3. [Ours](https://ours.example/)\n4. [nnsigth](https://nnsight.example/)\n"))
    }

    @Test func theirNewEntryThatCannotBeAddedByEntriesIsMergedByLines() throws {
        let ours = base.replacingOccurrences(of: "[Toy Models]", with: "[Toy Models, ours]")
        let theirs = adding("3. [](https://untitled.example/)\n", after: nnsight, to: base)
        let merged = try merge(ours: ours, theirs: theirs)
        #expect(merged.outcome.byLines == "an entry of theirs cannot be added by entries")
        #expect(merged.text.contains("[](https://untitled.example/)"))
    }

    @Test func aNewEntryInAListOfAnotherMarkerTakesThatMarker() throws {
        let bullets = base.replacingOccurrences(of: "1. [Toy", with: "- [Toy").replacingOccurrences(
            of: "2. [Attention", with: "- [Attention")
        func merge(ours: String, theirs: String) throws -> String {
            let outcome = try driver.merge(
                base: Array(bullets.utf8), ours: Array(ours.utf8), theirs: Array(theirs.utf8), path: "list.md")
            #expect(outcome.byLines == nil)
            return String(decoding: outcome.bytes, as: UTF8.self)
        }
        let attention = "- [Attention](https://arxiv.org/pdf/1706.03762)"
        let ours = adding("- [Ours](https://ours.example/)\n", after: attention, to: bullets)
        // Theirs wrote it, wrongly, with a number and a wide marker.
        let theirs = adding("9.   [Theirs](https://theirs.example/) - two\n     lines\n", after: attention, to: bullets)
        let merged = try merge(ours: ours, theirs: theirs)
        #expect(
            merged.hasSuffix("- [Ours](https://ours.example/)\n- [Theirs](https://theirs.example/) - two\n  lines\n"), "\(merged)"
        )
    }

    @Test func ourNewEntryKeepsItsTextWhenTheirTextIsTheOneMergedInto() throws {
        // Theirs changed a heading: the entries are merged into theirs, ours are the new ones.
        let ours = adding("3. **[Ours](https://ours.example/)** — bold, with an em dash\n", after: nnsight, to: base)
        let theirs = base.replacingOccurrences(of: "### Papers", with: "### Research papers")
        let merged = try merge(ours: ours, theirs: theirs)
        #expect(merged.outcome.conflicts == 0 && merged.outcome.byLines == nil)
        #expect(merged.text.contains(nnsight + "\n3. **[Ours](https://ours.example/)** — bold, with an em dash\n"))
        #expect(merged.text.contains("### Research papers"))
    }

    // MARK: Where their new entries go

    @Test func theirNewEntryGoesAfterTheEntryBeforeItThereAndTheNumbersFollow() throws {
        let lens = "1. [Transformer Lens](https://transformerlensorg.github.io/TransformerLens/) - Mechanistic interpretability"
        let ours = base + "3. [Ours](https://ours.example/)\n"
        let theirs = base.replacingOccurrences(
            of: lens + "\n" + nnsight, with: lens + "\n2. [Theirs](https://theirs.example/) - between\n3." + nnsight.dropFirst(2))
        let merged = try merge(ours: ours, theirs: theirs)
        #expect(merged.outcome.conflicts == 0 && merged.outcome.byLines == nil, "\(merged.text)")
        #expect(
            merged.text.contains(lens + "\n2. [Theirs](https://theirs.example/) - between\n3." + nnsight.dropFirst(2) + "\n"),
            "\(merged.text)")
        #expect(merged.text.hasSuffix("2. [Attention](https://arxiv.org/pdf/1706.03762)\n3. [Ours](https://ours.example/)\n"))
        #expect(Checker(configuration: Configuration(root: "/")).check(try parse(merged.text)).isEmpty)
    }

    @Test func bothSidesAdditionsAtOnePlaceAreOursFirst() throws {
        let ours = adding(
            "3. [Ours](https://ours.example/)\n", after: "2. [Attention](https://arxiv.org/pdf/1706.03762)", to: base)
        let theirs = adding(
            "3. [Theirs](https://theirs.example/)\n", after: "2. [Attention](https://arxiv.org/pdf/1706.03762)", to: base)
        let merged = try merge(ours: ours, theirs: theirs)
        #expect(merged.text.hasSuffix("3. [Ours](https://ours.example/)\n4. [Theirs](https://theirs.example/)\n"))
    }

    /// sindresorhus/awesome: sub-lists indented with a tab.
    let platforms = """
        # Awesome

        ## Platforms

        - [Linux](https://github.com/inputsh/awesome-linux) - Linux.
        \t- [Containers](https://github.com/Friz-zy/awesome-linux-containers) - Containers.
        - [macOS](https://github.com/iCHAIT/awesome-macOS) - macOS.

        """

    func mergePlatforms(ours: String, theirs: String) throws -> String {
        let outcome = try driver.merge(
            base: Array(platforms.utf8), ours: Array(ours.utf8), theirs: Array(theirs.utf8), path: "README.md")
        #expect(outcome.conflicts == 0 && outcome.byLines == nil)
        return String(decoding: outcome.bytes, as: UTF8.self)
    }

    @Test func theirNewNestedEntryGoesUnderItsParent() throws {
        let macOS = "- [macOS](https://github.com/iCHAIT/awesome-macOS) - macOS.\n"
        let windows = "- [Windows](https://github.com/0PandaDEV/awesome-windows) - Windows.\n"
        let ours = platforms.replacingOccurrences(of: macOS, with: macOS + windows)
        let theirs = platforms.replacingOccurrences(
            of: "Containers.\n", with: "Containers.\n\t- [eBPF](https://github.com/zoidyzoidzoid/awesome-ebpf) - Tracing.\n")
        let merged = try mergePlatforms(ours: ours, theirs: theirs)
        #expect(
            merged.contains(
                "Containers.\n\t- [eBPF](https://github.com/zoidyzoidzoid/awesome-ebpf) - Tracing.\n" + macOS + windows),
            "\(merged)")
    }

    @Test func theirNewEntryWithANewNestedOneGoesWithIt() throws {
        let macOS = "- [macOS](https://github.com/iCHAIT/awesome-macOS) - macOS.\n"
        let windows = "- [Windows](https://github.com/0PandaDEV/awesome-windows) - Windows.\n"
        let ours = platforms.replacingOccurrences(of: macOS, with: macOS + windows)
        let theirs =
            platforms.trimmingCharacters(in: .newlines)
            + "\n- [BSD](https://github.com/nicholasgasior/awesome-bsd) - BSD.\n\t- [FreeBSD](https://github.com/freebsd/freebsd-src) - FreeBSD.\n"
        let merged = try mergePlatforms(ours: ours, theirs: theirs)
        #expect(
            merged.hasSuffix(
                macOS + windows
                    + "- [BSD](https://github.com/nicholasgasior/awesome-bsd) - BSD.\n  - [FreeBSD](https://github.com/freebsd/freebsd-src) - FreeBSD.\n"
            ), "\(merged)")
        let post = try parse(merged)
        let freeBSD = try #require(post.entries.first { $0.title == "FreeBSD" })
        #expect(post.lists[post.items[freeBSD.item].list].parentItem == post.entries.first { $0.title == "BSD" }?.item)
    }

    @Test func theirNewNestedEntryUnderAnEntryWithoutSubListStartsOne() throws {
        let macOS = "- [macOS](https://github.com/iCHAIT/awesome-macOS) - macOS.\n"
        let ours = platforms + "\n## Other\n\n- [Plan 9](https://9p.io/) - Plan 9.\n"
        let theirs = platforms.replacingOccurrences(
            of: macOS, with: macOS + "    - [Hammerspoon](https://www.hammerspoon.org/) - Automation.\n")
        let merged = try mergePlatforms(ours: ours, theirs: theirs)
        #expect(merged.contains(macOS + "  - [Hammerspoon](https://www.hammerspoon.org/) - Automation.\n"), "\(merged)")
    }

    @Test func theirNewEntryInAQuotedListIsQuotedOnEachLine() throws {
        let quoted = base.replacingOccurrences(
            of:
                "1. [Toy Models](https://transformer-circuits.pub/2022/toy_model/)\n2. [Attention](https://arxiv.org/pdf/1706.03762)\n",
            with:
                "> - [Toy Models](https://transformer-circuits.pub/2022/toy_model/)\n> - [Attention](https://arxiv.org/pdf/1706.03762)\n"
        )
        let attention = "> - [Attention](https://arxiv.org/pdf/1706.03762)"
        let ours = adding("> - [Ours](https://ours.example/)\n", after: attention, to: quoted)
        let theirs = adding(
            "> - [Theirs](https://theirs.example/) - a description\n>   over two lines\n", after: attention, to: quoted)
        let outcome = try driver.merge(
            base: Array(quoted.utf8), ours: Array(ours.utf8), theirs: Array(theirs.utf8), path: "list.md")
        let merged = String(decoding: outcome.bytes, as: UTF8.self)
        #expect(outcome.conflicts == 0 && outcome.byLines == nil, "\(merged)")
        #expect(
            merged.hasSuffix(
                attention
                    + "\n> - [Ours](https://ours.example/)\n> - [Theirs](https://theirs.example/) - a description\n>   over two lines\n"
            ),
            "\(merged)")
    }

    @Test func theirEntriesPlacedInAQuotedListAreQuotedOnEachLine() throws {
        let quoted = "# List\n\n## Tools\n\n> - [A](https://a.example/) - a\n> - [B](https://b.example/) - b\n"
        let ours = quoted + "> - [O](https://o.example/) - o\n"
        let theirs = quoted.replacingOccurrences(
            of: "> - [B]",
            with: "> - [T](https://t.example/) - t\n>   over two lines\n> - [B]"
        ).replacingOccurrences(of: "b\n", with: "b\n>   - [N](https://n.example/) - n\n")
        let outcome = try driver.merge(
            base: Array(quoted.utf8), ours: Array(ours.utf8), theirs: Array(theirs.utf8), path: "list.md")
        let merged = String(decoding: outcome.bytes, as: UTF8.self)
        #expect(outcome.conflicts == 0 && outcome.byLines == nil, "\(merged)")
        #expect(
            merged.hasSuffix(
                "> - [A](https://a.example/) - a\n> - [T](https://t.example/) - t\n>   over two lines\n"
                    + "> - [B](https://b.example/) - b\n>   - [N](https://n.example/) - n\n> - [O](https://o.example/) - o\n"),
            "\(merged)")
    }

    @Test func theirNewSectionsKeepTheirHeadingsUnderTheirParent() throws {
        let ours = adding("3. [Ours](https://ours.example/)\n", after: nnsight, to: base)
        // A child of Libraries, and a heading holding " / ".
        let theirs = adding(
            "\n#### Plugins\n\n1. [Plugin](https://plugin.example/)\n", after: nnsight,
            to: base + "\n### CI / CD\n\n1. [Runner](https://runner.example/)\n")
        let merged = try merge(ours: ours, theirs: theirs)
        #expect(merged.outcome.conflicts == 0 && merged.outcome.byLines == nil, "\(merged.text)")
        #expect(
            merged.text.contains(
                nnsight
                    + "\n3. [Ours](https://ours.example/)\n\n#### Plugins\n\n1. [Plugin](https://plugin.example/)\n\n### Papers\n"
            ),
            "\(merged.text)")
        #expect(merged.text.hasSuffix("\n### CI / CD\n\n1. [Runner](https://runner.example/)\n"), "\(merged.text)")
    }

    // MARK: Moves within a list

    @Test func aMoveWithinAListOnOneSideIsMergedByLines() throws {
        let lens = "1. [Transformer Lens](https://transformerlensorg.github.io/TransformerLens/) - Mechanistic interpretability"
        let theirs = base.replacingOccurrences(
            of: lens + "\n" + nnsight + "\n",
            with: "1. [nnsight](https://nnsight.net/) - Interventions on models\n2." + lens.dropFirst(2) + "\n")
        let ours = base + "3. [Ours](https://ours.example/)\n"
        let merged = try merge(ours: ours, theirs: theirs)
        #expect(merged.outcome.byLines == "entries were moved within their list")
    }
}

/// What a branch adds that is no ordinary entry (a second copy of a resource, a link that
/// is no web address) is kept, merged by entries or by lines; never dropped.
@Suite struct MergeDriverUnusualAdditionsTests {
    let driver = MergeDriver(configuration: Configuration(root: "/"), lineMerge: coarseLineMerge)
    let base =
        "## Tools\n\n- [alpha](https://github.com/o/alpha) - Alpha.\n- [beta](https://github.com/o/beta) - Beta.\n"
        + "\n## Flow\n\n- [pify](https://github.com/o/pify) - Pify.\n"

    /// `line` added on one branch; on the other an entry edited and a line of prose
    /// added (the prose is why entries merge into that side's text).
    func merged(adding line: String) throws -> [String] {
        let added = base.replacingOccurrences(of: "- Beta.\n", with: "- Beta.\n" + line + "\n")
        let edited = base.replacingOccurrences(of: "- Beta.", with: "- Beta, edited.")
            .replacingOccurrences(of: "## Tools\n", with: "## Tools\n\nTools we use.\n")
        return try [(added, edited), (edited, added)].map { ours, theirs in
            let outcome = try driver.merge(
                base: Array(base.utf8), ours: Array(ours.utf8), theirs: Array(theirs.utf8), path: "list.md")
            return String(decoding: outcome.bytes, as: UTF8.self)
        }
    }

    @Test func aSecondCopyOfAResourceIsKept() throws {
        for text in try merged(adding: "- [pify again](https://github.com/o/pify) - second copy.") {
            #expect(text.contains("- [pify again](https://github.com/o/pify) - second copy.\n"), "\(text)")
            #expect(text.contains("- [pify](https://github.com/o/pify) - Pify.\n"), "\(text)")
            #expect(text.contains("Beta, edited."), "\(text)")
        }
    }

    @Test func anEntryThatIsNoWebLinkIsKept() throws {
        for link in ["ftp://ftp.example.org/x", "mailto:a@example.org", "#tools", "docs/guide.md"] {
            for text in try merged(adding: "- [other](\(link)) - not a web page.") {
                #expect(text.contains("- [other](\(link)) - not a web page.\n"), "\(link): \(text)")
                #expect(text.contains("Beta, edited."), "\(text)")
            }
        }
    }
}

/// The same resource added on both branches, written differently.
@Suite struct MergeDriverAddAddTests {
    @Test func theSameEntryAddedDifferentlyOnBothSidesLeavesBothBetweenMarkers() throws {
        let driver = MergeDriver(configuration: Configuration(root: "/"), lineMerge: coarseLineMerge)
        let base = "### Tools\n\n1. [SAELens](https://github.com/jbloomAus/SAELens)\n"
        let ours = base + "2. [NNsight library](http://nnsight.net)\n"
        let theirs = base + "2. [Nnsight](https://nnsight.net/) - remote access to model internals\n"
        let outcome = try driver.merge(
            base: Array(base.utf8), ours: Array(ours.utf8), theirs: Array(theirs.utf8), path: "list.md")
        let text = String(decoding: outcome.bytes, as: UTF8.self)
        #expect(outcome.conflicts == 1)
        #expect(
            text.contains(
                "<<<<<<< ours\n2. [NNsight library](http://nnsight.net)\n=======\n"
                    + "2. [Nnsight](https://nnsight.net/) - remote access to model internals\n>>>>>>> theirs\n"), "\(text)")
    }
}
