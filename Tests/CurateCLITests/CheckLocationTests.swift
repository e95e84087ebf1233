import CurateTestSupport
import Foundation
import Testing

/// `curate check` on files in their repository and Jekyll site: what is around the file
/// decides what its links may point at.
@Suite struct CheckLocationTests {
    @Test func aReadmesRelativeLinksAreCheckedInItsWorkTree() throws {
        let readme = """
            # Awesome

            - [Contents](#awesome)
            - [Contributing](CONTRIBUTING.md)
            - [Guide](./docs/guide.md#install)
            - [Setup](docs/guide.md#setup)
            - [Line](docs/guide.md#L10)
            - [Docs](docs/)
            - [Root](/docs/guide.md)
            - [Issues](../../issues)
            - [Missing](docs/missing.md)
            - [Site](www.example.com)
            - [Artwork](logo.ai)
            """
        let repo = try GitRepository.make(files: [
            "README.md": readme, "CONTRIBUTING.md": "x\n", "docs/guide.md": "# Guide\n\n## Install\n", "logo.ai": "%PDF\n",
        ])
        let result = try CLI.run(["check", "README.md"], in: repo.root)
        let errors = result.stdout.split(separator: "\n").filter { $0.contains(" error ") }
        #expect(
            errors == [
                "README.md:6:24: error broken-anchor #setup matches no heading or id in docs/guide.md",
                "README.md:11:13: error broken-local-link docs/missing.md is not a file of the repository",
                "README.md:12:10: error invalid-url www.example.com is not a web link: it names a host without https:// (write https://www.example.com)",
            ], "\(result.stdout)\(result.stderr)")
        // Outside a repository, the same links are not checked.
        let loose = try CLI.temporaryDirectory()
        try readme.write(to: loose.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        let outside = try CLI.run(["check", "README.md"], in: loose)
        #expect(!outside.stdout.contains("broken-local-link"), "\(outside.stdout)")
    }

    @Test func aFragmentStartingWithAnEmojiSelectorIsAFragmentNotAFile() throws {
        // GitHub's id of `## 🛠️ Tools` starts with U+FE0F, which joins the `#` before it
        // into one Character.
        let readme =
            "# Awesome\n\n- [Tools](#\u{FE0F}-tools)\n- [Gone](#\u{FE0F}-gone)\n\n## 🛠\u{FE0F} Tools\n\n- [rg](https://a.example) - Search.\n"
        let repo = try GitRepository.make(files: ["README.md": readme])
        let result = try CLI.run(["check", "README.md"], in: repo.root)
        #expect(
            result.stdout.split(separator: "\n") == [
                "README.md:4:10: error broken-anchor #\u{FE0F}-gone matches no heading or id in this file"
            ], "\(result.stdout)\(result.stderr)")
    }

    static let config = """
        title: Site
        baseurl: /blog
        collections:
          docs:
            output: true
            permalink: /:collection/:path/
        defaults:
          - scope:
              path: ""
              type: posts
            values:
              layout: post
        """

    @Test func aJekyllPostIsCheckedInItsSite() throws {
        let post = """
            ---
            title: Resources
            ---

            ### Links

            1. [History]({% link _docs/history.md %}#v1)
            2. [Hello]({% post_url 2024-01-01-hello %})
            3. [Gone]({% post_url 2023-01-01-gone %})
            4. [Docs]({{ site.baseurl }}/docs/history/)
            5. [Moved](/docs/moved/)
            6. [Anchor](#links)

            """
        let repo = try GitRepository.make(files: [
            "site/_config.yml": Self.config, "site/Gemfile": "gem \"jekyll\"\n", "site/_posts/2024-01-02-resources.md": post,
            "site/_posts/2024-01-01-hello.md": "---\ntitle: Hello\n---\n", "site/_docs/history.md": "---\ntitle: History\n---\n",
        ])
        let result = try CLI.run(["check", "site/_posts/2024-01-02-resources.md"], in: repo.root)
        #expect(
            result.stdout.split(separator: "\n") == [
                "site/_posts/2024-01-02-resources.md:9:23: error broken-local-link {% post_url 2023-01-01-gone %} finds no post 2023-01-01-gone.* in the site's _posts (Jekyll stops the build)",
                "site/_posts/2024-01-02-resources.md:11:12: warning unknown-site-path no page, post or file of the site is published at /docs/moved/",
            ], "\(result.stdout)\(result.stderr)")
        #expect(result.status == 1)
    }

    @Test func aSitesKramdownOptionsDecideItsHeadingIDs() throws {
        let post =
            "---\ntitle: P\n---\n\nTo [setup](#h-setup), [faq](#h-faq-1), [café](#h-cafe-creme), [old](#setup).\n\n## Setup\n\n## FAQ\n\n## FAQ\n\n## Café Crème\n"
        let config =
            "title: S\nmarkdown: kramdown\nkramdown:\n  input: kramdown\n  auto_id_prefix: \"h-\"\n  transliterated_header_ids: true\ndefaults:\n  - scope: {path: \"\"}\n    values: {layout: post}\n"
        let repo = try GitRepository.make(files: ["_config.yml": config, "_posts/2024-01-01-p.md": post])
        let result = try CLI.run(["check", "_posts/2024-01-01-p.md"], in: repo.root)
        #expect(
            result.stdout.split(separator: "\n") == [
                "_posts/2024-01-01-p.md:5:69: error broken-anchor #setup matches no heading or id in this file; did you mean #h-setup?"
            ], "\(result.stdout)\(result.stderr)")
    }

    @Test func aGitHubPagesSiteGivesLayoutsAndTitles() throws {
        let post = "---\ndate: 2024-01-02\n---\n\n# Resources\n\n- [A](https://a.example)\n"
        let repo = try GitRepository.make(files: ["_config.yml": "theme: minima\n", "_posts/2024-01-02-resources.md": post])
        let pages = try CLI.run(["check", "_posts/2024-01-02-resources.md"], in: repo.root)
        #expect(pages.status == 0, "no Gemfile: GitHub Pages' plugins give layout and title: \(pages.stdout)")
        try repo.write("Gemfile", "source \"https://rubygems.org\"\ngem \"jekyll\", \"~> 4.3\"\n")
        let own = try CLI.run(["check", "_posts/2024-01-02-resources.md"], in: repo.root)
        #expect(own.stdout.contains("error front-matter the front matter has no layout"), "\(own.stdout)")
        // Jekyll titles the post from its file name.
        #expect(!own.stdout.contains("title"), "\(own.stdout)")
    }

    @Test func aPostsTitleComesFromItsFileNameUnlessCurateYmlAsksForIt() throws {
        let post = "---\ncategories: [notes]\n---\n\n- [ripgrep](https://github.com/BurntSushi/ripgrep) - Search.\n"
        let repo = try GitRepository.make(files: [
            "_config.yml": "title: S\ndefaults:\n  - scope: {path: \"\"}\n    values: {layout: post}\n",
            "Gemfile": "gem \"jekyll\"\n", "_posts/2024-02-11-weekly-links.md": post, "_drafts/ideas.md": post,
        ])
        let result = try CLI.run(["check", "_posts/2024-02-11-weekly-links.md", "_drafts/ideas.md"], in: repo.root)
        #expect(result.status == 0 && result.stdout.isEmpty, "\(result.stdout)\(result.stderr)")
        try repo.write("curate.yml", "posts: [_posts/2024-02-11-weekly-links.md]\nfront-matter:\n  required: [title]\n")
        let asked = try CLI.run(["check"], in: repo.root)
        #expect(
            asked.stdout.split(separator: "\n") == [
                "_posts/2024-02-11-weekly-links.md:1:1: error front-matter the front matter has no title (and no defaults in _config.yml give one)"
            ], "\(asked.stdout)\(asked.stderr)")
    }

    @Test func defaultsScopedToTheSingularTypePostGiveTheLayout() throws {
        let config =
            "title: Site\ndefaults:\n  - scope:\n      path: \"\"\n      type: \"post\"\n    values:\n      layout: \"post\"\n"
        let repo = try GitRepository.make(files: [
            "_config.yml": config, "Gemfile": "gem \"jekyll\", \"~> 4.3\"\n",
            "_posts/2024-01-01-a.md": "---\ntitle: A\n---\n\nx\n",
        ])
        let result = try CLI.run(["check", "_posts/2024-01-01-a.md"], in: repo.root)
        #expect(result.status == 0 && result.stdout.isEmpty, "\(result.stdout)\(result.stderr)")
    }

    @Test func postURLsTakeTheFrontMatterDateAndLeaveOutCollectionsDir() throws {
        let list = "---\nlayout: post\ntitle: List\n---\n\n- [C](/2020/02/03/c/)\n- [C by its file name](/2020/01/03/c/)\n"
        let repo = try GitRepository.make(files: [
            "_config.yml": "title: S\npermalink: pretty\n", "_posts/2024-01-01-list.md": list,
            "_posts/2020-01-03-c.md": "---\ntitle: C\ndate: 2020-02-03 10:00:00 +0000\n---\nc\n",
            "site/_config.yml": "title: S\ncollections_dir: my_collections\n",
            "site/my_collections/_posts/2020-01-01-old.md": "---\ntitle: Old\n---\nold\n",
            "site/my_collections/_posts/2024-01-01-list.md":
                "---\nlayout: post\ntitle: List\n---\n\n- [Old](/2020/01/01/old.html)\n- [Old, wrong](/my_collections/2020/01/01/old.html)\n",
        ])
        let result = try CLI.run(
            ["check", "_posts/2024-01-01-list.md", "site/my_collections/_posts/2024-01-01-list.md"], in: repo.root)
        #expect(
            result.stdout.split(separator: "\n") == [
                "_posts/2024-01-01-list.md:7:24: warning unknown-site-path no page, post or file of the site is published at /2020/01/03/c/",
                "site/my_collections/_posts/2024-01-01-list.md:7:16: warning unknown-site-path no page, post or file of the site is published at /my_collections/2020/01/01/old.html",
            ], "\(result.stdout)\(result.stderr)")
    }

    @Test func aBrokenSiteConfigurationStopsCheckWithItsPlace() throws {
        let repo = try GitRepository.make(files: [
            "_config.yml": "title: Site\ndefaults: [\n", "_posts/2024-01-02-x.md": "---\ntitle: X\n---\n",
        ])
        let result = try CLI.run(["check", "_posts/2024-01-02-x.md"], in: repo.root)
        #expect(result.status == 2)
        #expect(result.stderr.contains("_config.yml:3:1)"), "\(result.stderr)")
    }

    @Test func curateYmlSetsAPostsKind() throws {
        let list = "---\ntitle: A list kept as a README\n---\n\n- [A](https://a.example)\n"
        let repo = try GitRepository.make(files: [
            "2025-01-01-list.md": list,
            "curate.yml": "posts:\n  - path: 2025-01-01-list.md\n    kind: list\nfront-matter:\n  required: [layout]\n",
        ])
        #expect(try CLI.run(["check"], in: repo.root).status == 0)
        try repo.write("curate.yml", "posts:\n  - 2025-01-01-list.md\nfront-matter:\n  required: [layout]\n")
        let jekyll = try CLI.run(["check"], in: repo.root)
        #expect(jekyll.status == 0, "outside a site the layout comes from defaults curate cannot see: \(jekyll.stdout)")
        try repo.write("curate.yml", "posts:\n  - 2025-01-01-list.md\nfront-matter:\n  required: [author]\n")
        #expect(try CLI.run(["check"], in: repo.root).stdout.contains("error front-matter the front matter has no author"))
    }
}
