import Testing

@testable import CurateKit

@Suite struct JekyllSiteTests {
    static let config = """
        baseurl: /blog/
        plugins: [jekyll-feed, jekyll-paginate]
        permalink: /:categories/:year/:month/:day/:title/
        collections:
          docs:
            output: true
            permalink: /:collection/:path/
        defaults:
          - scope: {path: "", type: posts}
            values: {layout: post}
          - scope: {path: "_docs"}
            values: {layout: docs}
          - scope: {path: "notes/*/drafts"}
            values: {layout: note}
        """

    static let files = [
        "_config.yml": config,
        "_posts/2024-01-02-hello-world.md": "---\ntitle: Hello\ncategories: [news]\n---\n",
        "releases/_posts/2024-03-04-v1.md": "---\ntitle: v1\n---\n",
        "_docs/history.md": "---\ntitle: History\n---\n",
        "_docs/installation/index.md": "---\ntitle: Install\n---\n",
        "about.md": "---\ntitle: About\n---\n",
        "team/index.html": "---\n---\n",
        "moved.md": "---\npermalink: /new-place/\nredirect_from: [/old-place/]\n---\n",
        "assets/logo.png": "",
        "_drafts/soon.md": "---\ntitle: Soon\n---\n",
    ]

    func site() throws -> JekyllSite {
        try JekyllSite.make(root: "/site", config: Self.config, files: Self.files)
    }

    @Test func readsTheConfiguration() throws {
        let site = try site()
        #expect(site.baseurl == "/blog")
        #expect(site.collections["docs"] == JekyllSite.Collection(output: true, permalink: "/:collection/:path/"))
        #expect(site.defaults.count == 3)
    }

    @Test func readsKramdownsOptionsForHeadingIDs() throws {
        let config = "kramdown:\n  input: GFM\n  auto_id_prefix: \"h-\"\n  transliterated_header_ids: true\n  auto_ids: false\n"
        let site = try JekyllSite.make(root: "/site", config: config, files: [:])
        #expect(
            site.headingIDs == KramdownOptions(autoIDs: false, autoIDPrefix: "h-", transliteratedHeaderIDs: true))
        #expect(try JekyllSite.make(root: "/site", config: "title: x\n", files: [:]).headingIDs == KramdownOptions())
        // Another renderer makes its own ids.
        let commonmark = try JekyllSite.make(root: "/site", config: "markdown: CommonMarkGhPages\n" + config, files: [:])
        #expect(commonmark.headingIDs == KramdownOptions())
    }

    @Test func defaultsApplyByScopePathAndType() throws {
        let site = try site()
        #expect(site.defaults(for: "_posts/2024-01-02-hello-world.md").flatMap(\.keys) == ["layout"])
        #expect(site.type(of: "_posts/2024-01-02-hello-world.md") == "posts")
        #expect(site.type(of: "_docs/history.md") == "docs")
        #expect(site.type(of: "about.md") == "pages")
        #expect(site.defaults(for: "about.md").isEmpty)
        #expect(site.defaults(for: "_docs/history.md").first?.keys == ["layout"])
        #expect(site.defaults(for: "notes/2024/drafts/a.md").count == 1)
        #expect(site.defaults(for: "notes/2024/final/a.md").isEmpty)
    }

    @Test(arguments: [
        ("post", "_posts/2024-01-02-a.md", "about.md"), ("page", "about.md", "_posts/2024-01-02-a.md"),
        ("draft", "_drafts/soon.md", "about.md"),
    ])
    func defaultsAcceptTheSingularTypesJekyllStillReads(type: String, path: String, other: String) throws {
        let config = "defaults:\n  - scope:\n      path: \"\"\n      type: \"\(type)\"\n    values:\n      layout: \"post\"\n"
        let site = try JekyllSite.make(root: "/site", config: config, files: [:])
        #expect(site.defaults(for: path).map(\.keys) == [["layout"]])
        #expect(site.defaults(for: other).isEmpty)
    }

    @Test func resolvesPostURLAndLink() throws {
        let site = try site()
        #expect(site.hasPost("2024-01-02-hello-world"))
        #expect(site.hasPost("releases/2024-03-04-v1"))
        #expect(site.hasPost("2024-03-04-v1"))
        #expect(!site.hasPost("2024-01-03-hello-world"))
        #expect(!site.hasPost("soon"))
        #expect(site.hasFile("_docs/history.md"))
        #expect(site.hasFile("/about.md"))
        #expect(!site.hasFile("_docs/missing.md"))
    }

    @Test(arguments: [
        "/news/2024/01/02/hello-world/", "/blog/news/2024/01/02/hello-world/", "/releases/2024/03/04/v1/", "/docs/history/",
        "/docs/installation/", "/about.html", "/about/", "/about", "/team/", "/new-place/", "/old-place/", "/assets/logo.png",
        "/",
        "/docs/history", "/feed.xml", "/page2/",
    ])
    func publishesItsPagesPostsAndFiles(path: String) throws {
        let site = try site()
        #expect(site.publishes(path), "\(site.urls.sorted())")
    }

    @Test(arguments: ["/2024/01/02/hello-world/", "/docs/missing/", "/moved.html", "/assets/gone.png", "/_drafts/soon/"])
    func doesNotPublish(path: String) throws {
        let site = try site()
        #expect(!site.publishes(path))
    }

    @Test func aThemeGemPublishesAssetsTheSiteDoesNotHold() throws {
        let themed = try JekyllSite.make(root: "/site", config: "theme: minima\n", files: ["index.md": "---\n---\n"])
        #expect(themed.publishes("/assets/main.css"))
        #expect(themed.publishes("/assets/minima-social-icons.svg"))
        #expect(!themed.publishes("/missing/"))
        let plain = try JekyllSite.make(root: "/site", config: "title: x\n", files: ["index.md": "---\n---\n"])
        #expect(!plain.publishes("/assets/main.css"))
    }

    @Test func postsTakeThePermalinkOfThePostsCollection() throws {
        let site = try JekyllSite.make(
            root: "/site", config: "collections:\n  posts:\n    permalink: /news/:year/:month/:day/:title/\n    output: true\n",
            files: ["_posts/2024-01-02-release.markdown": "---\ntitle: R\n---\n"])
        #expect(site.publishes("/news/2024/01/02/release/"), "\(site.urls)")
    }

    @Test func aPostsFrontMatterDatePlacesIt() throws {
        let site = try JekyllSite.make(
            root: "/site", config: "permalink: pretty\n",
            files: [
                "_posts/2020-01-03-c.md": "---\ntitle: C\ndate: 2020-02-03 10:00:00 +0000\n---\n",
                "_posts/2020-01-04-d.md": "---\ntitle: D\ndate: 2020-03-05\n---\n",
                "_posts/2020-01-05-e.md": "---\ntitle: E\ndate: someday\n---\n",
            ])
        #expect(site.publishes("/2020/02/03/c/"), "\(site.urls.sorted())")
        #expect(!site.publishes("/2020/01/03/c/"))
        // The zone: built elsewhere, the day may be the one before or after.
        #expect(site.publishes("/2020/02/04/c/"))
        #expect(site.publishes("/2020/03/05/d/"))
        #expect(!site.publishes("/2020/01/04/d/") && !site.publishes("/2020/03/04/d/"))
        // Not a date Jekyll reads (it stops the build): the file name's.
        #expect(site.publishes("/2020/01/05/e/"))
    }

    @Test func postsUnderCollectionsDirAreNamedWithoutIt() throws {
        let site = try JekyllSite.make(
            root: "/site",
            config: "collections_dir: my_collections\ndefaults:\n  - scope: {path: _posts}\n    values: {layout: post}\n",
            files: [
                "my_collections/_posts/2020-01-01-old.md": "---\ntitle: Old\n---\n",
                "my_collections/news/_posts/2020-01-02-n.md": "---\ntitle: N\n---\n",
            ])
        #expect(site.publishes("/2020/01/01/old.html"), "\(site.urls.sorted())")
        #expect(!site.publishes("/my_collections/2020/01/01/old.html"))
        #expect(site.publishes("/news/2020/01/02/n.html"))
        #expect(site.defaults(for: "my_collections/_posts/2020-01-01-old.md").map(\.keys) == [["layout"]])
    }

    @Test func layoutFromTheSiteDefaultsCounts() throws {
        let post = try parse(
            "---\ntitle: Hello\n---\n\n- [A](https://a.example)\n", path: "/site/_posts/2024-01-02-hello-world.md")
        var location = PostLocation(kind: .jekyll, file: "/site/_posts/2024-01-02-hello-world.md", site: try site())
        let checker = Checker(configuration: Configuration(root: "/"))
        // layout from defaults, date from the file name.
        #expect(checker.check(post, rules: [FrontMatterRule.self], location: location).isEmpty)
        location.file = "/site/about-me.md"
        let page = try parse("---\ntitle: About\n---\n", path: "/site/about-me.md")
        // A page has no date, but it needs a layout the site does not give.
        #expect(
            checker.check(page, rules: [FrontMatterRule.self], location: location).map(\.message) == [
                "the front matter has no layout (and no defaults in _config.yml give one)"
            ])
    }

    @Test func anInvalidConfigIsAnErrorWithItsPlace() {
        #expect {
            _ = try JekyllSite.make(root: "/site", config: "baseurl: [\n", files: [:])
        } throws: { error in
            guard case let CurateError.configuration(path, line, _, message, _) = error else { return false }
            return path == "/site/_config.yml" && line == 2 && message.contains("not valid YAML")
        }
    }

    @Test func linksOfAJekyllPostAreCheckedAgainstTheSite() throws {
        let text = """
            ---
            title: Links
            ---

            - [Hello]({% post_url 2024-01-02-hello-world %})
            - [Gone]({% post_url 2024-01-09-gone %})
            - [History]({% link _docs/history.md %}#v1)
            - [Missing]({% link _docs/missing.md %})
            - [Docs]({{ site.baseurl }}/docs/history/)
            - [Moved]({{ site.baseurl }}/docs/moved/)
            - [Page]({{ page.url }})
            """
        let post = try parse(text, path: "/site/links.md")
        let location = PostLocation(kind: .jekyll, file: "/site/links.md", site: try site())
        let findings = Checker(configuration: Configuration(root: "/")).check(
            post, rules: [BrokenLocalLinkRule.self, UnknownSitePathRule.self], location: location)
        #expect(
            findings.map { "\($0.line):\($0.column) \($0.rule)" } == [
                "6:22 broken-local-link", "8:21 broken-local-link", "10:29 unknown-site-path",
            ], "\(findings)")
    }
}
