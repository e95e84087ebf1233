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
}
