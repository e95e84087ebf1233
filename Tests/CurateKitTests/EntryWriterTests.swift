import CurateMarkdown
import Testing

@testable import CurateKit

/// `EntryWriter` through what uses it: a proposal reviewed and added to a post. What it
/// writes reads back as the proposal, renders as its text does, and gives `check`
/// nothing new to say.
@Suite struct EntryWriterTests {
    let configuration = Configuration(root: "/")

    let list = "# Awesome\n\n## Tools\n\n- [Alpha](https://alpha.example.com) - First.\n"

    /// Markup in a title is escaped, `_` only outside a word; a title without any is kept.
    @Test(arguments: [
        ("Plain title", "Plain title"), ("nu_scripts", "nu_scripts"), ("_private", "\\_private"),
        ("a [b] *c* `d` <e> & f~g|h \\ i", "a \\[b\\] \\*c\\* \\`d\\` \\<e\\> \\& f\\~g\\|h \\\\ i"),
        ("[\u{301}x]", "[\u{301}x\\]"), ("Café_", "Café\\_"),
    ])
    func escapesMarkupInTitles(title: String, escaped: String) {
        #expect(EntryWriter.escapeTitle(title) == escaped)
    }

    /// The post with `proposal` added, and the review.
    func propose(_ proposal: Proposal, to text: String? = nil) throws -> (review: Review, post: Post) {
        let post = try parse(text ?? list, path: "list.md")
        let review = Reviewer(configuration: configuration).review([proposal], against: post)
        let bytes = try PostEditor(configuration: configuration).apply(review, to: post)
        return (review, try PostReader.parse(bytes, path: "list.md"))
    }

    /// The HTML of a description, as the rest of a paragraph (where it is in an entry).
    func html(_ description: String) -> String {
        String(decoding: HTMLRenderer.render(Array(("Text " + description + "\n").utf8)[...]), as: UTF8.self)
    }

    func findings(_ post: Post) -> [String] {
        Checker(configuration: configuration).check(post).map { "\($0.line): \($0.rule) \($0.message)" }
    }

    /// HTML written inside a code span shows as written: such a description is added (it
    /// was refused as holding an HTML tag); a tag outside one still is refused.
    @Test(arguments: [
        ("Renders `<b>` tags and `` <!-- x --> `` notes.", true),
        ("A ``code `<tag>` inside`` span.", true),
        ("An unclosed `<b> is a tag.", false),
        ("A <b>bold</b> word.", false),
    ])
    func htmlInACodeSpanIsText(description: String, added: Bool) throws {
        let proposal = Proposal(title: "Tagger", url: "https://tagger.example/", section: "Tools", description: description)
        let (review, post) = try propose(proposal)
        #expect(review.results.map(\.status) == [added ? .new : .invalid], "\(review.results)")
        if added {
            let entry = try #require(post.entries.first { $0.title == "Tagger" })
            #expect(html(entry.description ?? "") == html(description))
            #expect(findings(post).isEmpty, "\(findings(post))")
        }
    }

    @Test(
        arguments: [
            // sindresorhus/awesome's Blazor entry, and others that start with a mark.
            ".NET UI framework for every platform.",
            ":star: a shortcode first",
            "—an em dash first",
            "...and more",
            "- a dash and a space first",
            ": a colon and a space first",
        ])
    func aDescriptionThatStartsWithAMarkIsWrittenAndReadsBack(description: String) throws {
        let proposal = Proposal(
            title: "Uno Platform", url: "https://github.com/unoplatform/uno", section: "Tools", description: description)
        let (review, post) = try propose(proposal)
        #expect(review.results.map(\.status) == [.new], "\(review.results)")
        let entry = try #require(post.entries.first { $0.title == "Uno Platform" })
        #expect(html(entry.description ?? "") == html(description))
        #expect(entry.separator == " - ")
        #expect(findings(post).isEmpty, "\(findings(post))")
    }

    @Test func anEntryWhoseDescriptionStartsWithADotReadsWithItsSeparator() throws {
        let post = try parse(
            "- [Blazor](https://github.com/AdrienTorris/awesome-blazor#readme) - .NET web framework using C#/Razor.\n"
                + "- [Zed](https://zed.dev/): .zed files\n")
        #expect(post.entries.map(\.separator) == [" - ", ": "])
        #expect(post.entries.map(\.description) == [".NET web framework using C#/Razor.", ".zed files"])
    }

    @Test func aJekyllListWhoseLinksCarryKramdownAttributesKeepsItsSeparator() throws {
        let post = """
            ---
            layout: post
            title: "Tools"
            ---

            ## Editors

            1. [Neovim](https://neovim.io/){:target="_blank"} — Vim-based editor.
            2. [Helix](https://helix-editor.com/){:target="_blank" rel="noopener"} — Modal editor.
            3. [Zed](https://zed.dev/){: .external} — Fast editor.

            """
        let before = findings(try parse(post))
        #expect(before.isEmpty, "\(before)")
        let (review, edited) = try propose(
            Proposal(title: "Kakoune", url: "https://kakoune.org/", section: "Editors", description: "Selections first."),
            to: post)
        #expect(review.results.map(\.status) == [.new])
        #expect(
            String(decoding: edited.bytes, as: UTF8.self).contains("4. [Kakoune](https://kakoune.org/) — Selections first.\n"))
        #expect(findings(edited).isEmpty, "\(findings(edited))")
    }

    @Test(
        arguments: [
            ("Supports arrays (a] and ranges [1, 5)", "Supports arrays (a\\] and ranges \\[1, 5)"),
            ("Half-open [0, 1) intervals", "Half-open \\[0, 1) intervals"),
            ("An unclosed [x](y", "An unclosed \\[x\\](y"),
            ("Mirror at https://mirror.example.com", "Mirror at <https://mirror.example.com>"),
            ("Mirror at https://mirror.example.com/a?b=1.", "Mirror at <https://mirror.example.com/a?b=1>."),
            // Already right: written as they are.
            ("See [the docs](https://docs.example/) and <https://x.example/>", nil),
            ("Uses `a[0]` and `f(x]`", nil),
            ("Arrays \\[a\\] in brackets", nil),
        ])
    func aDescriptionIsWrittenSoThatCheckFindsNothingInIt(description: String, written: String?) throws {
        let proposal = Proposal(title: "Beta", url: "https://beta.example.com", section: "Tools", description: description)
        let (review, post) = try propose(proposal)
        #expect(review.results.map(\.status) == [.new], "\(review.results)")
        let entry = try #require(post.entries.first { $0.title == "Beta" })
        #expect(entry.description == (written ?? description))
        // GitHub renders it as the proposal's text (where GitHub links a bare URL).
        #expect(html(entry.description ?? "") == html(description))
        #expect(findings(post).isEmpty, "\(findings(post))")
    }

    @Test func aBareWebAddressWithoutASchemeIsRefusedWithWhatToWrite() throws {
        let proposal = Proposal(
            title: "Beta", url: "https://beta.example.com", section: "Tools", description: "Docs at www.example.com, mostly")
        let (review, post) = try propose(proposal)
        #expect(review.results.map(\.status) == [.invalid])
        #expect(review.results.first?.reason?.contains("write it as <https://www.example.com>") == true)
        #expect(!post.entries.contains { $0.title == "Beta" })
    }

    @Test(
        arguments: [
            // Tags stay between the link and the separator.
            (nil, "`⚠`", "Fair-code.", "- [n8n](https://n8n.example/) `⚠` - Fair-code.\n"),
            // Tags before the link go after it in a list whose entries start with their link.
            ("`MIT` - ", nil, nil, "- [n8n](https://n8n.example/) `MIT`\n"),
            ("`MIT` - ", "`⚠`", "A licence.", "- [n8n](https://n8n.example/) `MIT` `⚠` - A licence.\n"),
            // Other text before the link stays there.
            ("See ", nil, "for more", "- See [n8n](https://n8n.example/) - for more\n"),
        ] as [(String?, String?, String?, String)])
    func textAroundTheLinkIsKept(lead: String?, tags: String?, description: String?, line: String) throws {
        let proposal = Proposal(
            title: "n8n", url: "https://n8n.example/", section: "Tools", description: description, lead: lead, tags: tags)
        let (review, post) = try propose(proposal)
        #expect(review.results.map(\.status) == [.new], "\(review.results)")
        #expect(String(decoding: post.bytes, as: UTF8.self).hasSuffix(line))
    }

    @Test func textBeforeTheLinkStaysThereInAListThatWritesEntriesSo() throws {
        let list = "## Licenses\n\n- `GPL` - [GNU GPL](https://gpl.example/)\n- `BSD` - [BSD](https://bsd.example/)\n"
        let proposal = Proposal(title: "MIT License", url: "https://mit.example/", section: "Licenses", lead: "`MIT` - ")
        let (review, post) = try propose(proposal, to: list)
        #expect(review.results.map(\.status) == [.new])
        #expect(String(decoding: post.bytes, as: UTF8.self).hasSuffix("- `MIT` - [MIT License](https://mit.example/)\n"))
    }
}
