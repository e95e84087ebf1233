import Foundation
import Testing

@testable import CurateKit

/// The style a post is written in, inferred once, and the entry dialects of other lists.
@Suite struct PostStyleTests {
    func post(_ text: String) throws -> Post {
        try PostReader.parse(Array(text.utf8), path: "p.md")
    }

    @Test(
        arguments: [
            ("- [A](https://a.example/) - one\n- [B](https://b.example/) - two\n", " - ", false, "-"),
            ("1. [A](https://a.example/): one\n2. [B](https://b.example/): two\n", ": ", true, "."),
            ("* [A](https://a.example/) — one\n* [B](https://b.example/) — two\n", " — ", false, "*"),
            ("+ [A](https://a.example/). One.\n+ [B](https://b.example/). Two.\n", ". ", false, "+"),
            ("1) [A](https://a.example/)\n", " - ", true, ")"),
        ])
    func infersSeparatorAndMarker(text: String, separator: String, ordered: Bool, marker: Character) throws {
        let style = PostStyle(of: try post("## Things\n\n" + text))
        #expect(style.separator == separator)
        #expect(style.list.ordered == ordered)
        #expect(Character(UnicodeScalar(style.list.marker)) == marker)
        #expect(style.headingLevel == 2)
    }

    @Test(
        arguments: [
            ("[T](https://t.example/)] - A tool", "] - ", "A tool"),
            ("[T](https://t.example/). A tool", ". ", "A tool"),
            ("[T](https://t.example/) -based tool", " ", "-based tool"),
            ("[T](https://t.example/): glued", ": ", "glued"),
            // A kramdown span attribute list belongs to the link (Jekyll posts).
            ("[T](https://t.example/){:target=\"_blank\"} — A tool", " — ", "A tool"),
            ("[T](https://t.example/){:target=\"_blank\" rel=\"noopener\"} — A tool", " — ", "A tool"),
            ("**[T](https://t.example/){: .external}** - A tool", " - ", "A tool"),
            // Tags between the link and the separator are not the description.
            ("[T](https://t.example/) [![Badge](https://b.example/b.svg)](https://c.example/) - A tool", " - ", "A tool"),
        ])
    func readsOtherListsSeparators(item: String, separator: String, description: String) throws {
        let entry = try #require(try post("- " + item + "\n").entries.first)
        #expect(entry.title == "T")
        #expect(entry.separator == separator)
        #expect(entry.description == description)
    }

    @Test(
        arguments: [
            // awesome-selfhosted: a tag before the separator, licences and languages after.
            (
                "[T](https://t.example/) `⚠` - Fair-code. ([Source Code](https://s.example/)) `SUL-1.0` `Nodejs`", nil,
                "`⚠`", " - ", "Fair-code. ([Source Code](https://s.example/)) `SUL-1.0` `Nodejs`"
            ),
            ("[T](https://t.example/) - Build agents. `MIT` `Ruby`", nil, nil, " - ", "Build agents. `MIT` `Ruby`"),
            ("[T](https://t.example/) ⭐ :fire: — Hot.", nil, "⭐ :fire:", " — ", "Hot."),
            (
                "[T](https://t.example/) [![Stars](https://b.example/s.svg)](https://s.example/) ![CI](https://b.example/c.svg): A tool",
                nil, "[![Stars](https://b.example/s.svg)](https://s.example/) ![CI](https://b.example/c.svg)", ": ", "A tool"
            ),
            // Without a separator after them, tags are the description.
            ("[T](https://t.example/) `MIT`", nil, nil, " ", "`MIT`"),
            ("[T](https://t.example/) `npm i t` installs it", nil, nil, " ", "`npm i t` installs it"),
            // Text before the link.
            ("`MIT` - [T](https://t.example/)", "`MIT` - ", nil, nil, nil),
            ("`MIT` - **[T](https://t.example/)** - A licence", "`MIT` - ", nil, " - ", "A licence"),
            ("See [T](https://t.example/) for more", "See ", nil, " ", "for more"),
        ] as [(String, String?, String?, String?, String?)])
    func readsTextAroundTheLink(item: String, lead: String?, tags: String?, separator: String?, description: String?) throws {
        let entry = try #require(try post("- " + item + "\n").entries.first)
        #expect(entry.title == "T")
        #expect(entry.lead == lead)
        #expect(entry.tags == tags)
        #expect(entry.separator == separator)
        #expect(entry.description == description)
    }

    @Test func syncWritesAnotherDialectsEntriesInOurStyle() throws {
        let ours = try post("### Tools\n\n1. [A](https://a.example/) - one\n")
        let theirs = try post(
            "# Awesome\n\n## Tools\n\n- [T](https://t.example/)] - A tool\n- [U](https://u.example/). Another tool\n")
        let plan = EntryMerge(configuration: Configuration(root: "/"), sourceName: "theirs").merge(
            base: nil, ours: ours, theirs: theirs)
        let merged = String(
            decoding: try PostEditor(configuration: Configuration(root: "/")).apply(plan.edits, to: ours), as: UTF8.self)
        #expect(merged.contains("2. [T](https://t.example/) - A tool\n"))
        #expect(merged.contains("3. [U](https://u.example/) - Another tool\n"))
    }
}

/// What sync and propose write into a post from another list.
@Suite struct ForeignListTests {
    let configuration = Configuration(root: "/")

    func post(_ text: String) throws -> Post {
        try PostReader.parse(Array(text.utf8), path: "p.md")
    }

    @Test func nestedNewSectionsCreateTheirParentOnce() throws {
        let ours = try post("## Tools\n\n- [A](https://a.example/)\n")
        let review = Reviewer(configuration: configuration, createSections: true).review(
            [
                Proposal(title: "B", url: "https://b.example/", section: "New / First"),
                Proposal(title: "C", url: "https://c.example/", section: "New / Second"),
            ], against: ours)
        let text = String(decoding: try PostEditor(configuration: configuration).apply(review, to: ours), as: UTF8.self)
        #expect(text.components(separatedBy: "## New\n").count == 2, "\(text)")
        #expect(text.contains("### First") && text.contains("### Second"))
        let edited = try post(text)
        #expect(edited.sections.map(\.path).contains("New / Second"))
    }

    @Test func anAwesomeListsTitleAndContentsAreNotCopied() throws {
        let ours = try post("### Libraries\n\n1. [A](https://a.example/)\n")
        let theirs = try post(
            """
            # Awesome Things

            ## Contents

            - [Tools](#tools)
            - [Papers](#papers)

            ## Tools

            - [T](https://t.example/) - A tool

            ## Papers

            - [P](https://p.example/)

            """)
        let plan = EntryMerge(configuration: configuration, sourceName: "theirs").merge(base: nil, ours: ours, theirs: theirs)
        let merged = String(
            decoding: try PostEditor(configuration: configuration).apply(plan.edits, to: ours), as: UTF8.self)
        #expect(!merged.contains("Awesome Things"), "\(merged)")
        #expect(!merged.contains("Contents") && !merged.contains("(#tools)"))
        #expect(merged.contains("### Tools\n\n1. [T](https://t.example/) - A tool"))
        #expect(merged.contains("### Papers\n\n1. [P](https://p.example/)"))
    }
}

/// Where a new entry lands in a section, and sections named with emoji.
@Suite struct SectionPlacementTests {
    @Test func aSectionIsFoundWithoutItsEmojiAndNewEntriesGoToItsMainList() throws {
        let post = try PostReader.parse(
            Array(
                """
                # Awesome

                ## Databases 🗄️

                - [A](https://a.example/) - a
                - [B](https://b.example/) - b

                <details><summary>Deprecated</summary>

                - [Old](https://old.example/) - old

                </details>

                """.utf8), path: "README.md")
        let configuration = Configuration(root: "/")
        let review = Reviewer(configuration: configuration).review(
            [Proposal(title: "C", url: "https://c.example/", section: "Databases", description: "c")], against: post)
        #expect(review.results.first?.status == .new)
        let text = String(decoding: try PostEditor(configuration: configuration).apply(review, to: post), as: UTF8.self)
        #expect(text.contains("- [B](https://b.example/) - b\n- [C](https://c.example/) - c\n"), "\(text)")
    }
}

/// Things a new user's real lists had that check took for errors.
@Suite struct RealListFalseErrorTests {
    func findings(_ text: String, path: String) throws -> [Finding] {
        Checker(configuration: Configuration(root: "/")).check(try PostReader.parse(Array(text.utf8), path: path))
    }

    @Test func htmlHeadingsAreAnchorTargets() throws {
        let text =
            "<h1 align=\"center\">Awesome HTML</h1>\n\n- [Contents](#contents)\n- [Top](#awesome-html)\n\n<h2>Contents</h2>\n\n- [A](https://a.example/)\n"
        #expect(try findings(text, path: "README.md").filter { $0.severity == .error }.isEmpty)
    }

    @Test func jekyllCommentAndHighlightBlocksAreNotChecked() throws {
        let text = """
            ---
            layout: post
            title: T
            date: 2024-01-02
            ---

            {% comment %}
            [old](htp://typo)
            {% endcomment %}

            {% highlight html %}
            [js](javascript:alert)
            {% endhighlight %}

            {::comment}
            [x](javascript:void(0))
            {:/comment}

            - [A](https://a.example/)

            """
        #expect(try findings(text, path: "_posts/2024-01-02-t.md").filter { $0.severity == .error }.isEmpty)
    }
}

/// A section keeps its own separator in a post whose other lists use another.
@Suite struct SectionSeparatorTests {
    @Test func newEntriesUseTheirSectionsSeparator() throws {
        let post = try PostReader.parse(
            Array(
                """
                ## Tools

                - [A](https://a.example/) - a
                - [B](https://b.example/) - b
                - [C](https://c.example/) - c

                ## Databases

                - [D](https://d.example/) — d
                - [E](https://e.example/) — e

                """.utf8), path: "README.md")
        let configuration = Configuration(root: "/")
        let review = Reviewer(configuration: configuration).review(
            [
                Proposal(title: "F", url: "https://f.example/", section: "Databases", description: "f"),
                Proposal(title: "G", url: "https://g.example/", section: "Tools", description: "g"),
            ], against: post)
        let text = String(decoding: try PostEditor(configuration: configuration).apply(review, to: post), as: UTF8.self)
        #expect(text.contains("- [F](https://f.example/) — f\n"), "\(text)")
        #expect(text.contains("- [G](https://g.example/) - g\n"))
    }
}

/// kramdown's block attribute lists stay against their block.
@Suite struct AttributeListTests {
    @Test func fmtKeepsAnAttributeLineUnderItsHeading() throws {
        let text =
            "---\nlayout: post\ntitle: T\ndate: 2024-01-02\n---\n\n## Tools {#tools}\n{: .section-title}\n\n- [A](https://a.example/)\n"
        let post = try PostReader.parse(Array(text.utf8), path: "_posts/2024-01-02-t.md")
        let configuration = Configuration(root: "/")
        #expect(try Formatter(configuration: configuration).format(post) == post.bytes)
        #expect(Checker(configuration: configuration).check(post, rules: [BlankLinesRule.self]).isEmpty)
    }
}

/// A section whose entries are bold gets bold new entries.
@Suite struct BoldEntryTests {
    @Test func newEntriesAreBoldWhereTheSectionsAre() throws {
        let post = try PostReader.parse(
            Array(
                "## Tools\n\n- **[A](https://a.example/)** - a\n- **[B](https://b.example/)** - b\n\n## Other\n\n- [C](https://c.example/) - c\n"
                    .utf8),
            path: "README.md")
        let configuration = Configuration(root: "/")
        let review = Reviewer(configuration: configuration).review(
            [
                Proposal(title: "D", url: "https://d.example/", section: "Tools", description: "d"),
                Proposal(title: "E", url: "https://e.example/", section: "Other", description: "e"),
            ], against: post)
        #expect(review.results.map(\.status) == [.new, .new])
        let text = String(decoding: try PostEditor(configuration: configuration).apply(review, to: post), as: UTF8.self)
        #expect(text.contains("- **[D](https://d.example/)** - d\n"), "\(text)")
        #expect(text.contains("- [E](https://e.example/) - e\n"))
    }
}
