import Testing

@testable import CurateKit

@Suite struct AnchorsTests {
    @Test(arguments: [
        ("Audio and Music", "audio-and-music"),
        ("Fuzzing and delta-debugging/reducing/shrinking", "fuzzing-and-delta-debuggingreducingshrinking"),
        ("C++ & Rust", "c--rust"),
        ("What's new?", "whats-new"),
        ("snake_case names", "snake_case-names"),
        ("Ünïcode Straße", "ünïcode-straße"),
        ("🚀 Rocket science", "-rocket-science"),
        ("1. Getting started", "1-getting-started"),
        // Emoji: symbols and joiners go; variation selectors and the keycap's enclosing
        // mark are marks, which GitHub keeps.
        ("🛠\u{FE0F} Tools", "\u{FE0F}-tools"),
        ("👩\u{200D}💻 Developers", "-developers"),
        ("👍🏽 Thanks", "-thanks"),
        ("1\u{FE0F}\u{20E3} First", "1\u{FE0F}\u{20E3}-first"),
        ("#\u{FE0F}\u{20E3} Tags", "\u{FE0F}\u{20E3}-tags"),
        ("🏳\u{FE0F}\u{200D}🌈 Pride", "\u{FE0F}-pride"),
    ])
    func githubSlugs(title: String, slug: String) {
        #expect(Anchors.githubSlug(title) == slug)
    }

    @Test(arguments: [
        ("Installing a gem-based theme", "installing-a-gem-based-theme"),
        ("1. Getting started", "getting-started"),
        ("Über uns", "ber-uns"),
        ("???", "section"),
    ])
    func kramdownSlugs(title: String, slug: String) {
        #expect(Anchors.kramdownSlug(title) == slug)
    }

    func ids(_ text: String, kind: PostKind = .list) throws -> Set<String> {
        Anchors(try parse(text), kind: kind).ids
    }

    @Test func headingsInQuotesAndItemsHaveIDs() throws {
        // GitHub and kramdown give every heading an id, whatever holds it (found by a
        // tester: links to these were called broken), numbered in document order.
        let found = try ids("# Top\n\n> ## Quoted\n\n- ## In list\n\n## Quoted\n")
        #expect(found.isSuperset(of: ["top", "quoted", "in-list", "quoted-1"]))
        let jekyll = try ids("---\ntitle: T\n---\n\n> ## Quoted Heading\n", kind: .jekyll)
        #expect(jekyll.contains("quoted-heading"))
    }

    @Test func emojiSelectorsMayBeLeftOut() throws {
        let ids = try ids("## ❤\u{FE0F} Sponsors\n")
        #expect(ids.isSuperset(of: ["\u{FE0F}-sponsors", "-sponsors"]))
    }

    @Test func fragmentsThatStartWithAMarkAreFragments() throws {
        // `#` and U+FE0F (or U+20E3) make one Character: the fragment is read by scalars.
        let text = """
            # Awesome

            - [Tools](#\u{FE0F}-tools)
            - [Tags](#\u{FE0F}\u{20E3}-tags)
            - [First](#1\u{FE0F}\u{20E3}-first)
            - [Settings](#\u{FE0F}-settings)
            - [Nowhere](#\u{FE0F}-nowhere)

            ## 🛠\u{FE0F} Tools

            ## #\u{FE0F}\u{20E3} Tags

            ## 1\u{FE0F}\u{20E3} First

            ## ⚙\u{FE0F} Settings
            """
        let findings = Checker(configuration: Configuration(root: "/")).check(
            try parse(text, path: "README.md"), rules: [BrokenAnchorRule.self, BrokenLocalLinkRule.self])
        #expect(findings.map { "\($0.line) \($0.rule)" } == ["7 broken-anchor"], "\(findings)")
        let anchors = Anchors(try parse(text, path: "README.md"), kind: .list)
        #expect(anchors.contains(fragment: "user-content-\u{FE0F}-tools", kind: .list))
    }

    static let jekyllPost = """
        ---
        title: P
        ---

        ## Setup

        ## FAQ

        ## FAQ

        ## Café Crème

        ## Über alles

        ## 2024 Edition

        ## Привет world

        ## Installing {#install}

        <a name="legacy"></a>
        """

    func jekyllIDs(_ options: KramdownOptions) throws -> Anchors {
        Anchors(try parse(Self.jekyllPost, path: "_posts/2024-01-01-p.md"), kind: .jekyll, kramdown: options)
    }

    @Test func aSitesAutoIDPrefixComesBeforeEveryHeadingsID() throws {
        let anchors = try jekyllIDs(KramdownOptions(autoIDPrefix: "h-"))
        for fragment in ["h-setup", "h-faq", "h-faq-1", "h-edition", "install", "legacy"] {
            #expect(anchors.contains(fragment: fragment, kind: .jekyll), "\(fragment)")
        }
        // The site has no id without the prefix.
        #expect(!anchors.contains(fragment: "setup", kind: .jekyll))
        #expect(BrokenAnchorRule.nearest("h-setpu", in: anchors.ids) == "h-setup")
    }

    @Test func transliteratedIDsAreAcceptedBesideTheTextsOwn() throws {
        let anchors = try jekyllIDs(KramdownOptions(transliteratedHeaderIDs: true))
        // kramdown transliterates with the stringex gem when it is there, else not.
        for fragment in ["cafe-creme", "caf-crme", "uber-alles", "ber-alles", "privet-world", "world"] {
            #expect(anchors.contains(fragment: fragment, kind: .jekyll), "\(fragment)")
        }
        for fragment in ["cafe-crme", "uber", "privet-moon"] {
            #expect(!anchors.contains(fragment: fragment, kind: .jekyll), "\(fragment)")
        }
        // Without the option, no ASCII form.
        #expect(!(try jekyllIDs(KramdownOptions())).contains(fragment: "cafe-creme", kind: .jekyll))
    }

    @Test func withoutAutoIDsOnlyTheIDsWrittenOutExist() throws {
        let anchors = try jekyllIDs(KramdownOptions(autoIDs: false))
        #expect(anchors.contains(fragment: "install", kind: .jekyll))
        #expect(anchors.contains(fragment: "legacy", kind: .jekyll))
        #expect(!anchors.contains(fragment: "setup", kind: .jekyll))
        #expect(!anchors.contains(fragment: "faq", kind: .jekyll))
    }

    @Test(arguments: [
        ("Café Crème", "Cafe Creme", true), ("Straße", "Strasse", true), ("Łódź – Kraków", "Lodz - Krakow", true),
        ("Ærø\u{A0}™", "AEro tm", true), ("Привет world", " world", false), ("2×2", "22", false),
        ("🛠\u{FE0F} Tools", " Tools", true),
    ])
    func transliteratesAsKramdownDoes(text: String, ascii: String, certain: Bool) {
        let result = Transliteration.ascii(text)
        #expect(result.text == ascii)
        #expect(result.isCertain == certain)
    }

    @Test func repeatedHeadingsCountUp() throws {
        let ids = try ids("## Tools\n\n## Tools\n\n## Tools\n")
        #expect(ids.isSuperset(of: ["tools", "tools-1", "tools-2"]))
    }

    @Test func headingsWithCodeHTMLAndEmojiAreSluggedAsRendered() throws {
        let ids = try ids(
            """
            ## The `jekyll_plugins` group

            ## <a name="legacy"></a>Legacy tools

            ## Tools <img src="logo.svg" width="20">

            ## :rocket: Launch

            ## [Linked](https://a.example) heading

            # Awesome Go [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)
            """)
        #expect(
            ids.isSuperset(of: [
                "the-jekyll_plugins-group", "legacy", "legacy-tools", "tools-", "-launch", "linked-heading", "awesome-go",
                "awesome-go-",
            ]))
    }

    @Test func explicitIDsCount() throws {
        let ids = try ids(
            """
            ## Installing {#install}

            Text
            {: #the-jekyll_plugins-group}

            <div id="custom"></div>
            <h2 id='single'>x</h2>
            <a name=bare></a>

            A claim.[^note]

            [^note]: The note.
            """, kind: .jekyll)
        #expect(
            ids.isSuperset(of: [
                "install", "the-jekyll_plugins-group", "custom", "single", "bare", "installing", "fn-note", "fnref-note",
                "fn:note", "fnref:note",
            ]))
    }

    @Test func kramdownsTableOfContentsHasItsIDs() throws {
        let post = "* TOC\n{:toc}\n\n## Editors\n\n- [Vim](https://www.vim.org/) - Editor.\n"
        let ids = try ids(post, kind: .jekyll)
        #expect(ids.isSuperset(of: ["markdown-toc", "markdown-toc-editors", "editors"]))
        // Without `{:toc}` there is no such list.
        #expect(!(try self.ids("## Editors\n", kind: .jekyll)).contains("markdown-toc"))
        // GitHub does not make one.
        #expect(!(try self.ids(post, kind: .list)).contains("markdown-toc"))
    }

    @Test func jekyllHeadingsAnswerToKramdownAndGFMIds() throws {
        let ids = try ids("## 1. Install `jekyll` {%- include badge.html -%}\n", kind: .jekyll)
        #expect(ids.isSuperset(of: ["1-install-jekyll", "install-jekyll"]))
    }

    @Test func fragmentsAreComparedDecodedAndWithoutCase() throws {
        let anchors = Anchors(try parse("## Café\n"), kind: .list)
        #expect(anchors.contains(fragment: "caf%C3%A9", kind: .list))
        #expect(anchors.contains(fragment: "Café", kind: .list))
        #expect(anchors.contains(fragment: "user-content-café", kind: .list))
        #expect(anchors.contains(fragment: "readme", kind: .list))
        #expect(!anchors.contains(fragment: "readme", kind: .jekyll))
        #expect(!anchors.contains(fragment: "cafe", kind: .list))
    }

    @Test func tableOfContentsAndBackToTopLinksAreChecked() throws {
        let text = """
            # Awesome

            - [Audio](#audio)
            - [Video](#vidoe)

            ## Audio

            **[⬆ back to top](#awesome)** [broken](#nowhere)

            ## Video

            See [the list](README.md#audio) and [its video](./README.md#video-1).
            """
        let findings = Checker(configuration: Configuration(root: "/")).check(
            try parse(text, path: "README.md"), rules: [BrokenAnchorRule.self])
        #expect(
            findings.map { "\($0.line):\($0.column) \($0.message)" } == [
                "4:11 #vidoe matches no heading or id in this file; did you mean #video?",
                "8:40 #nowhere matches no heading or id in this file",
                "12:60 #video-1 matches no heading or id in this file; did you mean #video?",
            ])
    }
}

@Suite struct LinkTargetTests {
    @Test(arguments: [
        ("https://a.example/x", LinkTarget.web),
        ("mailto:a@b.example", .web),
        ("//cdn.example/x.js", .web),
        ("#audio", .fragment("audio")),
        ("CONTRIBUTING.md", .path("CONTRIBUTING.md", fragment: nil)),
        ("./docs/x.md#usage", .path("./docs/x.md", fragment: "usage")),
        ("/docs/history/?x=1", .path("/docs/history/", fragment: nil)),
        ("My%20File.md", .path("My File.md", fragment: nil)),
        ("{% post_url 2024-01-02-x %}", .postURL("2024-01-02-x", fragment: nil)),
        ("{%post_url news/2024-01-02-x%}#a", .postURL("news/2024-01-02-x", fragment: "a")),
        ("{% link _docs/history.md %}#v3-9-3", .liquidLink("_docs/history.md", fragment: "v3-9-3")),
        ("{% link '_docs/a b.md' %}", .liquidLink("_docs/a b.md", fragment: nil)),
        ("{{ site.baseurl }}/docs/", .path("/docs/", fragment: nil)),
        ("{{site.url}}{{site.baseurl}}/x#y", .path("/x", fragment: "y")),
        ("{{ '/docs/' | relative_url }}", .path("/docs/", fragment: nil)),
        ("{{ \"x.html\" | absolute_url }}", .path("/x.html", fragment: nil)),
        ("{{ page.url }}", .liquid),
        ("#\u{FE0F}-tools", .fragment("\u{FE0F}-tools")),
        ("#\u{20E3}", .fragment("\u{20E3}")),
        ("docs/x.md#\u{FE0F}-tools", .path("docs/x.md", fragment: "\u{FE0F}-tools")),
        ("docs/x.md?\u{301}a#b", .path("docs/x.md", fragment: "b")),
        ("{%\u{301} link x %}", .liquid),
        ("{% link _docs/x.md %}#\u{FE0F}-a", .liquidLink("_docs/x.md", fragment: "\u{FE0F}-a")),
        ("mailto:\u{301}a@b.example", .web),
        ("{{ site.baseurl }}{{ page.url }}", .liquid),
    ])
    func readsDestinations(url: String, target: LinkTarget) {
        #expect(LinkTarget.classify(url) == target)
    }
}

/// Random text through everything that reads links, headings, dates and Liquid: no crash.
@Suite struct SiteReadingRobustnessTests {
    static let pieces = [
        "{", "}", "{{", "}}", "{%", "%}", "{#", "{:", "#", "[", "]", "(", ")", "](", "]({", "post_url", "link", " ", "'", "\"",
        "/", "..", "a", "é", "🚀", "\u{FE0F}", "-", ":", "2024", "-1-", "\n", "<a name=", "id=", ">", "[^", "!", "`", "|",
        "relative_url", "site.baseurl", "## ", "# ",
    ]

    @Test func randomTextNeverCrashes() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let count = Int.random(in: 0...14, using: &generator)
            let text = (0..<count).map { _ in Self.pieces.randomElement(using: &generator)! }.joined()
            _ = LinkTarget.classify(text)
            _ = JekyllDate.parse(text)
            _ = JekyllDate.fromFileName(text)
            _ = Anchors.githubSlug(text)
            _ = Anchors.kramdownSlug(text)
            _ = Anchors.removingLiquid(text)
            _ = Anchors.removingMarkup(text)
            _ = Anchors.removingEmojiShortcodes(text)
            _ = Anchors.explicitID(text)
            _ = LiquidLinks.masked(Array(text.utf8), from: 0)
            if let post = try? parse("---\ntitle: T\n---\n\n" + text + "\n") {
                _ = Anchors(post, kind: .jekyll)
                _ = Checker(configuration: Configuration(root: "/")).check(post)
            }
            if let post = try? parse(text + "\n", path: "README.md") {
                _ = Checker(configuration: Configuration(root: "/")).check(post)
            }
        }
    }

    /// The HTML-heading expression runs only where a heading tag opens.
    @Test func headingTagsAreFoundWithoutTheExpression() {
        func has(_ text: String, from start: Int = 0) -> Bool { Anchors.hasHeadingTag(Array(text.utf8), from: start) }
        #expect(has("x <h2 id=\"a\">A</h2>"))
        #expect(has("<H6>A</H6>"))
        #expect(!has("- <https://h.example> <hr> <h7> <h"))
        #expect(!has("<h1>A</h1> then", from: 1))
    }
}
