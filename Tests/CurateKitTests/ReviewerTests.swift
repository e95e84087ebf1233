import Foundation
import Testing

@testable import CurateKit

@Suite struct ReviewerTests {
    let configuration = Configuration(root: "/")

    func review(_ proposals: [Proposal], post name: String = "seed.md", createSections: Bool = false) throws -> Review {
        Reviewer(configuration: configuration, createSections: createSections).review(proposals, against: try Fixtures.post(name))
    }

    func status(_ title: String, _ url: String, _ section: String, description: String? = nil) throws -> ReviewResult {
        try review([Proposal(title: title, url: url, section: section, description: description)]).results[0]
    }

    /// A table of contents' `[Legendary](#legendary)` is no resource a proposal's title
    /// could repeat.
    @Test func aContentsLinkIsNoNearDuplicate() throws {
        let post = try parse("# List\n\n- [Legendary](#legendary)\n\n## Legendary\n\n- [A](https://a.example/) - a\n")
        let review = Reviewer(configuration: configuration).review(
            [Proposal(title: "Legendery", url: "https://b.example/", section: "Legendary")], against: post)
        #expect(review.results.map(\.status) == [.new])
    }

    @Test func anotherSectionOfTheSamePageIsNoDuplicate() throws {
        let post = try parse(
            "# Docs\n\n- [Install](https://docs.example/guide.html#installation) - how\n- [Repo](https://github.com/a/b)\n")
        let review = Reviewer(configuration: configuration).review(
            [
                Proposal(title: "Configure", url: "https://docs.example/guide.html#configuration", section: "Docs"),
                Proposal(title: "Install again", url: "https://docs.example/guide.html#installation", section: "Docs"),
                Proposal(title: "Repo readme", url: "https://github.com/A/B#readme", section: "Docs"),
            ], against: post)
        #expect(review.results.map(\.status) == [.new, .duplicate, .duplicate])
        // In one batch too; a text directive (`:~:text=`) names no other part.
        let batch = Reviewer(configuration: configuration).review(
            [
                Proposal(title: "One", url: "https://b.example/p#one", section: "Docs"),
                Proposal(title: "Two", url: "https://b.example/p#two", section: "Docs"),
                Proposal(title: "Two again", url: "https://b.example/p#two:~:text=x", section: "Docs"),
            ], against: post)
        #expect(batch.results.map(\.status) == [.new, .new, .duplicate])
    }

    @Test func newDuplicateAndNearDuplicate() throws {
        #expect(try status("SAELens", "https://github.com/jbloomAus/SAELens", "Libraries").status == .new)
        let duplicate = try status("Review", "https://arxiv.org/abs/2404.14082v3", "Relevant Papers")
        #expect(duplicate.status == .duplicate)
        #expect(duplicate.existing?.url == "https://arxiv.org/pdf/2404.14082")
        #expect(duplicate.existing?.section == "Relevant Papers")
        let typo = try status("TransformerLens", "https://example.org/transformer-lens", "Libraries")
        #expect(typo.status == .nearDuplicate)
        #expect(typo.existing?.title == "Transfomer Lens")
        #expect(typo.reason?.contains("one typo") == true)
        let repository = try status("TL", "https://github.com/TransformerLensOrg/TransformerLens", "Libraries")
        #expect(repository.status == .nearDuplicate)
        #expect(repository.reason?.contains("GitHub Pages site of the repository") == true)
        let casing = try status("Neel", "https://www.neelnanda.io/Mechanistic-Interpretability", "People")
        #expect(casing.status == .nearDuplicate)
        #expect(casing.reason?.contains("letter case") == true)
    }

    @Test(
        arguments: [
            ("", "https://a.example/", "Libraries", nil, "the title is empty"),
            ("   ", "https://a.example/", "Libraries", nil, "the title is empty"),
            ("A", "javascript:alert(1)", "Libraries", nil, "not a web link"),
            ("A", "https://a.example/a b", "Libraries", nil, "space"),
            ("A", "ftp://a.example/", "Libraries", nil, "scheme"),
            ("Two\nlines", "https://a.example/", "Libraries", nil, "line break"),
            ("see [x](https://b.example/)", "https://a.example/", "Libraries", nil, "]("),
            ("# Heading", "https://a.example/", "Libraries", nil, "heading"),
            ("A <b>bold</b> title", "https://a.example/", "Libraries", nil, "HTML tag"),
            ("A", "https://a.example/", "No Such Section", nil, "--create-sections"),
            ("A", "https://a.example/", "", nil, "section is missing"),
            ("A", "", "Libraries", nil, "url is missing"),
        ] as [(String, String, String, String?, String)])
    func refusesWhatCannotBeAdded(title: String, url: String, section: String, description: String?, reason: String) throws {
        let result = try status(title, url, section, description: description)
        #expect(result.status == .invalid)
        #expect(result.reason?.contains(reason) == true, "\(result.reason ?? "no reason")")
    }

    @Test func sectionsMatchIgnoringCaseSpacingPunctuationAndParents() throws {
        let child = "Quick Guides to MI / How to get started with MI ?"
        for name in [
            "how to get started with mi", "How to get started with MI?", child, "quick guides to mi/how to get started with mi",
        ] {
            let result = try status("X", "https://x.example/\(name.count)", name)
            #expect(result.status == .new, "\(name)")
            #expect(result.section == child)
        }
    }

    @Test func laterProposalsWithAnEarlierKeyAreDuplicates() throws {
        let results = try review([
            Proposal(title: "One", url: "https://github.com/a/b", section: "Libraries", origin: "p.yml:1"),
            Proposal(title: "Two", url: "https://www.github.com/A/B.git", section: "Libraries", origin: "p.yml:4"),
        ]).results
        #expect(results.map(\.status) == [.new, .duplicate])
        #expect(results[1].reason?.contains("p.yml:1") == true)
        #expect(results[1].existing?.line == 1)
    }

    @Test func titlesWithMarkupAreEscapedAndReadBack() throws {
        let post = try Fixtures.post("seed.md")
        let proposals = [
            Proposal(title: "Arrays [a] and *stars* _under_ `tick`", url: "https://e.example/x", section: "Libraries"),
            Proposal(title: "Circuit", url: "https://en.wikipedia.org/wiki/Circuit_(neural_network)", section: "Libraries"),
            Proposal(title: "Unbalanced", url: "https://e.example/a)b", section: "Libraries", description: "a *plain* note"),
        ]
        let review = Reviewer(configuration: configuration).review(proposals, against: post)
        #expect(review.results.map(\.status) == [.new, .new, .new])
        let output = try PostEditor(configuration: configuration).apply(review, to: post)
        let edited = try PostReader.parse(output, path: "seed.md")
        for proposal in proposals {
            let entry = try #require(edited.entries.first { $0.url == proposal.url })
            #expect(entry.title == proposal.title)
            #expect(entry.description == proposal.description)
        }
    }

    @Test func createsSectionsAtTheLevelOfTheirSiblings() throws {
        let post = try Fixtures.post("seed.md")
        let review = Reviewer(configuration: configuration, createSections: true).review(
            [
                Proposal(title: "A", url: "https://a.example/", section: "Tools"),
                Proposal(title: "B", url: "https://b.example/", section: "Quick Guides to MI / Advanced"),
                Proposal(title: "C", url: "https://c.example/", section: "tools"),
            ], against: post)
        #expect(review.results.map(\.status) == [.new, .new, .new])
        let text = String(decoding: try PostEditor(configuration: configuration).apply(review, to: post), as: UTF8.self)
        #expect(text.contains("\n### Tools\n\n1. [A](https://a.example/)\n2. [C](https://c.example/)\n"))
        #expect(text.contains("\n#### Advanced\n\n1. [B](https://b.example/)\n"))
        let edited = try PostReader.parse(Array(text.utf8), path: "seed.md")
        let advanced = try #require(edited.sections.first { $0.title == "Advanced" })
        #expect(advanced.path == "Quick Guides to MI / Advanced")
        #expect(edited.sections.last?.title == "Tools")
    }

    @Test func addsInTheListsOwnStyleAndIsIdempotent() throws {
        let post = try parse("- [One](https://one.example/) — first\n- [Two](https://two.example/) — second\n")
        let proposals = [Proposal(title: "Three", url: "https://three.example/", section: "", description: "third")]
        // A post without headings has no sections: the proposal is invalid there...
        #expect(Reviewer(configuration: configuration).review(proposals, against: post).results[0].status == .invalid)
        let sectioned = try parse("## Links\n\n- [One](https://one.example/) — first\n- [Two](https://two.example/) — second\n")
        let withSection = [Proposal(title: "Three", url: "https://three.example/", section: "links", description: "third")]
        let review = Reviewer(configuration: configuration).review(withSection, against: sectioned)
        let output = try PostEditor(configuration: configuration).apply(review, to: sectioned)
        #expect(
            String(decoding: output, as: UTF8.self).hasSuffix(
                "- [Two](https://two.example/) — second\n- [Three](https://three.example/) — third\n"))
        let again = Reviewer(configuration: configuration).review(
            withSection, against: try PostReader.parse(output, path: "p.md"))
        #expect(again.results[0].status == .duplicate)
        #expect(again.additions.isEmpty)
    }

    @Test func unifiedDiffMatchesDiffU() throws {
        var generator = SplitMix64(seed: 42)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("curate-diff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for round in 0..<20 {
            let old = (0..<60).map { "line \($0 % 17)" }
            var new = old
            for _ in 0..<Int(generator.next() % 6 + 1) {
                let at = Int(generator.next() % UInt64(new.count))
                switch generator.next() % 3 {
                case 0: new.remove(at: at)
                case 1: new.insert("added \(round)", at: at)
                default: new[at] = "changed \(at)"
                }
            }
            let a = Array((old.joined(separator: "\n") + "\n").utf8)
            let b = Array((new.joined(separator: "\n") + "\n").utf8)
            let ours = UnifiedDiff.make(old: a, new: b, oldName: "a", newName: "b")
            try Data(a).write(to: directory.appendingPathComponent("a"))
            try Data(b).write(to: directory.appendingPathComponent("b"))
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/diff")
            process.arguments = ["-u", "--label", "a", "--label", "b", "a", "b"]
            process.currentDirectoryURL = directory
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let theirs = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            // Both are minimal; hunks may differ in which equal line they pair, so compare
            // what each applies to: the added and removed line counts, and the headers' shape.
            func counts(_ diff: String) -> (Int, Int) {
                let lines = diff.split(separator: "\n").filter { !$0.hasPrefix("---") && !$0.hasPrefix("+++") }
                return (lines.filter { $0.hasPrefix("+") }.count, lines.filter { $0.hasPrefix("-") }.count)
            }
            #expect(counts(ours) == counts(theirs), "round \(round)\n\(ours)\n---\n\(theirs)")
            #expect(ours.isEmpty == theirs.isEmpty)
            #expect(Self.apply(ours, to: old) == new, "round \(round): the diff applied to the old text gives the new")
        }
    }

    /// A long text changed in thousands of places (fmt normalizing a large list in a
    /// dry run): the diff is right and made in bounded memory, its changed lines exactly
    /// those that changed; where no line is unique either, the changed block is replaced.
    @Test func aLongTextChangedInThousandsOfPlacesIsDiffedInBoundedMemory() throws {
        let old = (0..<20_000).map { "line \($0)" }
        var new = old
        for index in stride(from: 3, to: new.count, by: 5) { new[index] = "changed \(index)" }
        new.insert("added", at: 10_000)
        let a = Array((old.joined(separator: "\n") + "\n").utf8)
        let b = Array((new.joined(separator: "\n") + "\n").utf8)
        let diff = UnifiedDiff.make(old: a, new: b, oldName: "a", newName: "b")
        #expect(Self.apply(diff, to: old) == new)
        var expected = Set(stride(from: 3, to: 10_000, by: 5).map { $0 + 1 })
        expected.insert(10_001)
        expected.formUnion(stride(from: 10_003, to: 20_000, by: 5).map { $0 + 2 })
        #expect(UnifiedDiff.changedLines(old: a, new: b) == expected)
        // No line unique to pair on: every line of one text replaced by those of the other.
        let same = Array(repeating: "x", count: 3000) + Array(repeating: "y", count: 3000)
        let other = Array(repeating: "y", count: 3000) + Array(repeating: "z", count: 3000)
        let c = Array((same.joined(separator: "\n") + "\n").utf8)
        let d = Array((other.joined(separator: "\n") + "\n").utf8)
        #expect(Self.apply(UnifiedDiff.make(old: c, new: d, oldName: "c", newName: "d"), to: same) == other)
    }

    /// Applies a unified diff (as `patch` would) to check it is correct.
    static func apply(_ diff: String, to old: [String]) -> [String] {
        var result: [String] = []
        var position = 0
        for line in diff.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("@@") {
                let start = Int(line.split(separator: " ")[1].dropFirst().split(separator: ",")[0])!
                let target = max(0, start - 1)
                while position < target { result.append(old[position]); position += 1 }
            } else if line.hasPrefix("---") || line.hasPrefix("+++") || line.isEmpty {
                continue
            } else if line.hasPrefix(" ") {
                result.append(old[position]); position += 1
            } else if line.hasPrefix("-") {
                position += 1
            } else if line.hasPrefix("+") {
                result.append(String(line.dropFirst()))
            }
        }
        while position < old.count { result.append(old[position]); position += 1 }
        return result
    }

    @Test func headingsWithCodeOrHTMLAreFoundByName() throws {
        let post = try parse(
            """
            ## `swift-format` plugins

            - [A](https://a.example)

            ## <a name="tools"></a>Tools <img src="logo.svg" width="16">

            - [B](https://b.example)
            """)
        let reviewer = Reviewer(configuration: configuration)
        for (section, index) in [("`swift-format` plugins", 0), ("swift-format plugins", 0), ("Tools", 1)] {
            let result = reviewer.review(
                [Proposal(title: "New", url: "https://new.example/\(index)", section: section)], against: post)
            #expect(result.results[0].status == .new, "\(section): \(result.results[0].reason ?? "")")
            #expect(result.additions.first?.section == .existing(index))
        }
    }
}

@Suite struct PostEditorGuardTests {
    /// A new section at the end of a post that ends inside an unclosed fence would be code,
    /// not an entry: refused with a clear error, never written.
    @Test func refusesAnAdditionAnUnclosedBlockWouldSwallow() throws {
        let configuration = Configuration(root: "/")
        let post = try parse("### A\n\n1. [X](https://x.example/)\n\n```\nnever closed\n")
        let review = Reviewer(configuration: configuration, createSections: true).review(
            [Proposal(title: "New", url: "https://new.example/", section: "B")], against: post)
        #expect(review.results.map(\.status) == [.new])
        do {
            _ = try PostEditor(configuration: configuration).apply(review, to: post)
            Issue.record("the addition would have been lost inside the code block")
        } catch let error as CurateError {
            #expect(error.what.contains("would not read as an entry"))
            #expect(error.hint?.contains("unclosed code block") == true)
        }
    }

    /// A proposal whose resource is listed is a duplicate even when its section is unknown.
    @Test func aListedResourceIsADuplicateWhateverItsSection() throws {
        let post = try parse("### A\n\n1. [X](https://x.example/)\n")
        let review = Reviewer(configuration: Configuration(root: "/")).review(
            [Proposal(title: "X", url: "http://www.x.example", section: "No such section")], against: post)
        #expect(review.results.map(\.status) == [.duplicate])
    }
}
