import Testing

@testable import CurateKit

@Suite struct PostKindTests {
    @Test(arguments: [
        ("README.md", false, PostKind.list),
        ("docs/awesome.md", false, .list),
        ("README.md", true, .jekyll),
        ("_posts/2024-01-02-x.md", false, .jekyll),
        ("site/_drafts/x.markdown", false, .jekyll),
        ("_posts-archive.md", false, .list),
        ("_posts/../README.md", false, .list),
        ("./_posts/./x.md", false, .jekyll),
        ("/srv/site/_posts/x.md", false, .jekyll),
        ("/srv/site/_posts/../../README.md", false, .list),
    ])
    func isToldApartByTheFile(path: String, frontMatter: Bool, kind: PostKind) {
        #expect(PostKind.detect(hasFrontMatter: frontMatter, path: path) == kind)
    }

    /// The folders of the file, however its path is written (a tester found
    /// `_posts/../README.md` read as a Jekyll post, and a post named from inside `_posts`
    /// read as a list).
    @Test func theFoldersAreTheFilesFromTheCurrentFolder() {
        #expect(PostKind.folders(of: "x.md", from: ["site", "_posts"]) == ["site", "_posts"])
        #expect(PostKind.folders(of: "../README.md", from: ["site", "_posts"]) == ["site"])
        #expect(PostKind.folders(of: "_posts/../a/b.md", from: ["site"]) == ["site", "a"])
        #expect(PostKind.folders(of: "/x/./y//z.md", from: ["ignored"]) == ["x", "y"])
        #expect(PostKind.folders(of: "../../../a.md", from: ["b"]) == [])
        #expect(PostKind.folders(of: "/site/_posts/file", from: []) == ["site", "_posts"])
    }

    @Test func theConfigurationOverridesTheFile() throws {
        var configuration = Configuration(root: "/")
        let post = try parse("---\ntitle: A list with front matter\n---\n\n- [A](https://a.example)\n", path: "/repo/list.md")
        #expect(PostLocation.detached(post, configuration: configuration).kind == .jekyll)
        configuration.postKinds["/repo/list.md"] = .list
        #expect(PostLocation.detached(post, configuration: configuration).kind == .list)
        // A list keeps only the structural front-matter checks.
        #expect(Checker(configuration: configuration).check(post, rules: [FrontMatterRule.self]).isEmpty)
    }

    /// kramdown reads `[T](URL with a space)` as one link; GitHub's autolink extension (in
    /// the parser curate uses) links only the URL's first part. The post's link is the
    /// whole: its space is named, and two such URLs that differ after the space are no
    /// duplicates of each other's first part.
    @Test func aJekyllLinkWithASpaceInItsURLIsOneLink() throws {
        let post = try parse(
            "---\ntitle: T\n---\n\n- [Insecure](http://spa ces.example/) - a\n- [](https://spa ces.example/b) - b\n",
            path: "_posts/2025-02-03-x.md")
        #expect(post.links.map(\.url) == ["http://spa ces.example/", "https://spa ces.example/b"])
        #expect(post.entries.map(\.title) == ["Insecure", ""])
        let findings = Checker(configuration: Configuration(root: "/")).check(post).map { "\($0.line) \($0.rule)" }
        #expect(findings == ["5 insecure-url", "5 invalid-url", "6 empty-link", "6 invalid-url"], "\(findings)")
        // An escaped bracket in the text, a title after the URL.
        let other = try parse(
            "---\ntitle: T\n---\n\n- [Escaped \\] bracket](https://a.example/e f) - a\n- [Titled](https://a.example/t u \"A title\") - b\n",
            path: "_posts/2025-02-03-y.md")
        #expect(other.links.map(\.url) == ["https://a.example/e f", "https://a.example/t u"])
        #expect(other.entries.map(\.title) == ["Escaped \\] bracket", "Titled"])
    }

    @Test func aMarkdownListGetsNoFrontMatterFinding() throws {
        let post = try parse("# Awesome Go\n\n- [Audio](#audio)\n\n## Audio\n\n- [A](https://a.example) - a\n", path: "README.md")
        #expect(Checker(configuration: Configuration(root: "/")).check(post).filter { $0.severity == .error }.isEmpty)
    }

    /// YAML's null (`~`, `null`, `!!null`) is no title, as Jekyll reads it; a quoted "~" is one.
    @Test(arguments: [("~", true), ("null", true), ("NULL", true), ("!!null x", true), ("\"~\"", false), ("'null'", false)])
    func aNullTitleIsEmpty(value: String, empty: Bool) throws {
        let post = try parse(
            "---\nlayout: post\ntitle: \(value)\ndate: 2024-01-02\n---\n\n### A\n\n- [A](https://a.example)\n",
            path: "_posts/2024-01-02-x.md")
        // A dated post's title is asked for only when curate.yml says so.
        var configuration = Configuration(root: "/")
        configuration.requiredFrontMatter = ["title"]
        let findings = Checker(configuration: configuration).check(post, rules: [FrontMatterRule.self])
        #expect(findings.map(\.message) == (empty ? ["title is empty"] : []))
        #expect(post.frontMatter?.title == (empty ? nil : String(value.dropFirst().dropLast())))
    }

    @Test func aPostWithoutFrontMatterInPostsIsAFinding() throws {
        let post = try parse("### A\n\n- [A](https://a.example)\n", path: "_posts/2024-01-02-x.md")
        let findings = Checker(configuration: Configuration(root: "/")).check(post, rules: [FrontMatterRule.self])
        #expect(
            findings.map(\.message) == [
                "no front matter, so Jekyll copies the file instead of publishing it: start it with a --- block (or set kind: list for it in curate.yml)"
            ])
        // Even with no key required: without front matter the post is not published.
        var configuration = Configuration(root: "/")
        configuration.requiredFrontMatter = []
        #expect(Checker(configuration: configuration).check(post, rules: [FrontMatterRule.self]).count == 1)
    }
}

@Suite struct JekyllDateTests {
    @Test(arguments: [
        "2024-01-02", "2024-1-2", "2024/01/02", "2024-01-02 10:00", "2024-01-02 10:00:00 +0530", "2024-01-02T10:00:00Z",
        "2024-01-02 10:00:00.123 -07:00", "2023-01-29 18:30:22 2023 -0800", "2024-02-29", "2024-01-02 10:00:00 UTC",
        "January 5, 2024", "5 Jan 2024", "Jan 5 2024 10:00", "Sept 30, 2023",
    ])
    func acceptsWhatJekyllAccepts(text: String) {
        #expect(JekyllDate.parse(text) != nil)
    }

    @Test(arguments: [
        "2025-13-01", "2025-02-30", "2023-02-29", "yesterday", "2024-01-02 25:00", "2024-01", "24-01-02", "",
        "February 30, 2024", "January 2024", "May the fourth",
    ])
    func refusesWhatIsNoDate(text: String) {
        #expect(JekyllDate.parse(text) == nil)
    }

    @Test func aDateWithAZoneMayFallOnTheDaysAround() {
        let day = JekyllDate(year: 2020, month: 2, day: 3)
        #expect(JekyllDate.publishedDays("2020-02-03") == [day])
        #expect(JekyllDate.publishedDays("2020-02-03 10:00") == [day])
        #expect(
            JekyllDate.publishedDays("2020-02-03 10:00:00 +0000") == [
                day, JekyllDate(year: 2020, month: 2, day: 2), JekyllDate(year: 2020, month: 2, day: 4),
            ])
        #expect(JekyllDate.publishedDays("2020-02-03T10:00:00Z").count == 3)
        #expect(JekyllDate.publishedDays("February 3, 2020") == [day])
        #expect(JekyllDate.publishedDays("soon").isEmpty)
        #expect(JekyllDate(year: 2024, month: 12, day: 31).adding(days: 1) == JekyllDate(year: 2025, month: 1, day: 1))
        #expect(JekyllDate(year: 2024, month: 3, day: 1).adding(days: -1) == JekyllDate(year: 2024, month: 2, day: 29))
        #expect(JekyllDate(year: 2024, month: 1, day: 1).adding(days: -1) == JekyllDate(year: 2023, month: 12, day: 31))
    }

    @Test func readsThePostsFileName() {
        #expect(JekyllDate.fromFileName("2024-1-2-hello-world.md")?.slug == "hello-world")
        #expect(JekyllDate.fromFileName("2024-01-02-hello.world.markdown")?.date == JekyllDate(year: 2024, month: 1, day: 2))
        #expect(JekyllDate.fromFileName("hello.md") == nil)
    }
}
