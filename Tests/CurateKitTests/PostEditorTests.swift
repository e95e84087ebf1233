import Testing

@testable import CurateKit

/// Where `propose` and `sync` write new entries and sections.
@Suite struct PostEditorTests {
    let configuration = Configuration(root: "/")

    func proposed(_ proposals: [Proposal], into text: String, createSections: Bool = false) throws -> String {
        let post = try parse(text)
        let review = Reviewer(configuration: configuration, createSections: createSections).review(proposals, against: post)
        #expect(!review.hasInvalid, "\(review.results.map(\.reason))")
        return String(decoding: try PostEditor(configuration: configuration).apply(review, to: post), as: UTF8.self)
    }

    @Test func aSectionWhoseEntriesAreATablesRowsIsRefusedWithTheReason() throws {
        for text in [
            "# Public APIs\n\n### Animals\n| API | Description |\n|---|---|\n| [Dogs](https://dog.ceo/dog-api/) | Dogs |\n",
            "# Public APIs\n\n### Animals\n\n| API | Description |\n|:---|---:|\n| [Dogs](https://dog.ceo/dog-api/) | Dogs |\n",
        ] {
            let review = Reviewer(configuration: configuration).review(
                [Proposal(title: "Cat API", url: "https://thecatapi.com/", section: "Animals")], against: try parse(text))
            #expect(review.results.map(\.status) == [.invalid])
            #expect(review.results.first?.reason?.contains("lists its entries in a table") == true)
            #expect(review.additions.isEmpty)
        }
    }

    /// An ordered list numbered up to 999999999 has no next number: the refusal says so,
    /// not that the section ends inside an unclosed block.
    @Test func anEntryNumberedPastNineDigitsIsRefusedWithTheReason() throws {
        let text = "### Papers\n\n999999998. [A](https://a.example)\n999999999. [B](https://b.example)\n"
        let post = try parse(text)
        let review = Reviewer(configuration: configuration).review(
            [Proposal(title: "C", url: "https://c.example/", section: "Papers")], against: post)
        #expect(throws: CurateError.entryNumberTooLarge(path: post.path, title: "C")) {
            try PostEditor(configuration: configuration).apply(review, to: post)
        }
        #expect(PostEditor.markersPastNineDigits(in: Array("1000000000. x\n> 12345678901) y\n123456789. z\n".utf8)) == 2)
    }

    /// A section with an intro line and no list yet (awesome-python's "*Admin panels.*"
    /// once its entries are gone): the new list goes under the intro, before subsections.
    @Test func aSectionWithoutAListGetsOneAfterItsOwnText() throws {
        let text = try proposed(
            [
                Proposal(title: "Jet", url: "https://jet.example/", section: "Admin", description: "Admin."),
                Proposal(title: "Flask", url: "https://flask.example/", section: "Web", description: "Micro."),
            ],
            into:
                "# Awesome\n\n## Admin\n\n*Admin panels.*\n\n## Web\n\n*Frameworks.*\n\n### Micro\n\n- [Bottle](https://bottle.example/)\n"
        )
        #expect(
            text
                == "# Awesome\n\n## Admin\n\n*Admin panels.*\n\n- [Jet](https://jet.example/) - Admin.\n\n## Web\n\n*Frameworks.*\n\n"
                + "- [Flask](https://flask.example/) - Micro.\n\n### Micro\n\n- [Bottle](https://bottle.example/)\n")
    }

    /// A legend of plain items ("- ⚠ unmaintained") is the section's text, not its entries.
    @Test func aListWithoutLinksIsNotWhereEntriesGo() throws {
        let text = try proposed(
            [Proposal(title: "Foo", url: "https://foo.example/", section: "Tools", description: "Foo.")],
            into: "# List\n\n## Tools\n\nLegend:\n\n- ⚠ unmaintained\n- 💲 paid\n\n## Other\n\n- [B](https://b.example/)\n")
        #expect(
            text
                == "# List\n\n## Tools\n\nLegend:\n\n- ⚠ unmaintained\n- 💲 paid\n\n- [Foo](https://foo.example/) - Foo.\n\n"
                + "## Other\n\n- [B](https://b.example/)\n")
    }

    /// A post without any list takes a new list's marker from the list the entries come
    /// from (sync), not the default `1.`.
    @Test func aPostWithoutListsTakesTheMarkerOfTheEntriesList() throws {
        let post = try parse("# Awesome\n\n## Admin\n\n*Admin panels.*\n")
        let review = Reviewer(configuration: configuration).review(
            [Proposal(title: "Jet", url: "https://jet.example/", section: "Admin", description: "Admin.")], against: post)
        let theirs = try parse("# Awesome\n\n## Admin\n\n* [Jet](https://jet.example/) - Admin.\n")
        let written = try PostEditor(configuration: configuration, markerSource: theirs).apply(review, to: post)
        #expect(
            String(decoding: written, as: UTF8.self)
                == "# Awesome\n\n## Admin\n\n*Admin panels.*\n\n* [Jet](https://jet.example/) - Admin.\n")
        // Without one, the default.
        let alone = try PostEditor(configuration: configuration).apply(review, to: post)
        #expect(String(decoding: alone, as: UTF8.self).contains("1. [Jet]"))
    }

    @Test func aListNumberedOneThroughoutGetsThatNumber() throws {
        let list =
            "## Education\n\n1. [Anki](https://apps.ankiweb.net/) - Cards.\n1. [Calibre](https://calibre-ebook.com/) - Books.\n"
        let text = try proposed(
            [Proposal(title: "Deluge", url: "https://deluge-torrent.org/", section: "Education", description: "Torrents.")],
            into: list)
        #expect(text == list + "1. [Deluge](https://deluge-torrent.org/) - Torrents.\n")
        // A list numbered in sequence goes on in sequence.
        let sequence = list.replacingOccurrences(of: "1. [Calibre", with: "2. [Calibre")
        #expect(
            try proposed(
                [Proposal(title: "Deluge", url: "https://deluge-torrent.org/", section: "Education", description: "Torrents.")],
                into: sequence) == sequence + "3. [Deluge](https://deluge-torrent.org/) - Torrents.\n")
    }

    @Test func aNewChildSectionGoesAtTheEndOfItsOwnParent() throws {
        let text = try proposed(
            [
                Proposal(title: "Alpha", url: "https://alpha.example.com", section: "Tools / Parsers", description: "Parse."),
                Proposal(title: "Delta", url: "https://delta.example.com", section: "Editors / Plugins", description: "Plugin."),
            ],
            into: "# Awesome Things\n\n## Editors\n\n- [Omicron](https://omicron.example.com) - Omicron.\n",
            createSections: true)
        #expect(
            text == """
                # Awesome Things

                ## Editors

                - [Omicron](https://omicron.example.com) - Omicron.

                ### Plugins

                - [Delta](https://delta.example.com) - Plugin.

                ## Tools

                ### Parsers

                - [Alpha](https://alpha.example.com) - Parse.

                """)
        let edited = try parse(text)
        #expect(edited.sections.map(\.path).contains("Awesome Things / Editors / Plugins"))
    }

    @Test func newSectionsUnderOneNewParentStayTogether() throws {
        let text = try proposed(
            [
                Proposal(title: "A", url: "https://a.example/", section: "Tools / Parsers"),
                Proposal(title: "B", url: "https://b.example/", section: "Other"),
                Proposal(title: "C", url: "https://c.example/", section: "Tools / Lexers"),
                Proposal(title: "D", url: "https://d.example/", section: "Tools"),
            ],
            into: "# List\n\n## Editors\n\n- [E](https://e.example/)\n", createSections: true)
        let paths = try parse(text).sections.map(\.path)
        #expect(
            paths == [
                "List", "List / Editors", "List / Tools", "List / Tools / Parsers", "List / Tools / Lexers", "List / Other",
            ],
            "\(text)")
        #expect(text.contains("## Tools\n\n- [D](https://d.example/)\n\n### Parsers\n"), "\(text)")
    }

    /// Thousands of new sections (each found among those made before by its folded
    /// heading, not by folding every heading again: that took minutes at 20k), in the
    /// order first named, headings that fold alike one section.
    @Test func thousandsOfNewSectionsAreMadeInOrder() throws {
        let count = 3000
        let proposals = (0..<count).flatMap { index in
            [
                Proposal(title: "A\(index)", url: "https://a.example/\(index)", section: "Topic \(index)"),
                Proposal(title: "B\(index)", url: "https://b.example/\(index)", section: "TOPIC \(index) / Sub"),
            ]
        }
        let text = try proposed(proposals, into: "# List\n\n## Editors\n\n- [E](https://e.example/)\n", createSections: true)
        let paths = try parse(text).sections.map(\.path)
        #expect(paths.count == 2 + 2 * count)
        #expect(
            Array(paths.prefix(6)) == [
                "List", "List / Editors", "List / Topic 0", "List / Topic 0 / Sub", "List / Topic 1", "List / Topic 1 / Sub",
            ])
        #expect(paths.last == "List / Topic \(count - 1) / Sub")
    }
}

/// New and renumbered items keep their list's container: blockquote markers, indentation.
@Suite struct ContainerPrefixTests {
    let configuration = Configuration(root: "/")

    @Test(
        arguments: [
            ("> - [Gamma](https://gamma.example.com) - G.\n> - [Delta](https://delta.example.com) - D.\n", "> - "),
            (">  * [Gamma](https://gamma.example.com) - G.\n>  * [Delta](https://delta.example.com) - D.\n", ">  * "),
            ("> > 1. [Gamma](https://gamma.example.com) - G.\n> > 2. [Delta](https://delta.example.com) - D.\n", "> > 3. "),
            ("  - [Gamma](https://gamma.example.com) - G.\n  - [Delta](https://delta.example.com) - D.\n", "  - "),
        ])
    func aNewItemGoesInsideItsListsQuote(list: String, prefix: String) throws {
        let post = try parse("# Awesome\n\n## Quoted\n\n" + list + "\n## Footer\n\nText.\n")
        let review = Reviewer(configuration: configuration).review(
            [Proposal(title: "Zeta", url: "https://zeta.example.com", section: "Quoted", description: "Z.")], against: post)
        let text = String(decoding: try PostEditor(configuration: configuration).apply(review, to: post), as: UTF8.self)
        #expect(text.contains("D.\n" + prefix + "[Zeta](https://zeta.example.com) - Z.\n\n## Footer\n"), "\(text)")
        let edited = try parse(text)
        let zeta = try #require(edited.entries.last)
        #expect(zeta.title == "Zeta")
        #expect(edited.items[zeta.item].list == edited.items[edited.entries[0].item].list, "the same list as Gamma")
    }

    /// An entry over several lines (the merge driver copies the other branch's as written)
    /// is quoted on each line, its lines after the first at its content column.
    @Test func aNewEntryOverSeveralLinesIsQuotedOnEachLine() throws {
        let post = try parse(
            "## Quoted\n\n> - [Gamma](https://gamma.example.com) - G.\n> - [Delta](https://delta.example.com) - D.\n\nText.\n")
        let addition = Addition(
            result: 0, section: .existing(0), text: "[Zeta](https://zeta.example.com) - a description",
            continuation: ["that goes on"], title: "Zeta", url: "https://zeta.example.com")
        let editor = PostEditor(configuration: configuration)
        let spliced = String(
            decoding: try editor.apply(EntryEdits(additions: [addition]), to: post, format: false), as: UTF8.self)
        #expect(
            spliced.contains("D.\n> - [Zeta](https://zeta.example.com) - a description\n>   that goes on\n\nText.\n"),
            "\(spliced)")
        let text = String(decoding: try editor.apply(EntryEdits(additions: [addition]), to: post), as: UTF8.self)
        let edited = try parse(text)
        let zeta = try #require(edited.entries.last)
        #expect(zeta.title == "Zeta" && zeta.description?.hasSuffix("that goes on") == true, "\(text)")
        #expect(edited.items[zeta.item].list == edited.items[edited.entries[0].item].list, "the same list as Gamma")
    }

    /// An ordered list in a quote that loses its first item starts at the same number.
    @Test func aQuotedOrderedListKeepsItsStart() throws {
        let text = "## Q\n\n> 3. [A](https://a.example/)\n> 4. [B](https://b.example/)\n"
        let post = try parse(text)
        let edits = EntryEdits(removals: [post.entries[0].item])
        let output = String(
            decoding: try PostEditor(configuration: configuration).apply(edits, to: post, format: false), as: UTF8.self)
        #expect(output == "## Q\n\n> 3. [B](https://b.example/)\n")
    }
}
