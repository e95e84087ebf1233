import Testing

@testable import CurateKit

@Suite struct ConfigurationTests {
    @Test func readsPostsSeveritiesAndExtraTrackingParameters() throws {
        let configuration = try Configuration.parse(
            """
            posts:
              - _posts/list.md
            rules:
              sort-order: warning
              insecure-url: off
            front-matter:
              required: [title]
            urls:
              tracking-parameters: [campaign, xtm_*]
              hosts:
                example.com:
                  tracking-parameters: [ref]
            """, file: "curate.yml", root: "/repo")
        #expect(configuration.postPaths == ["/repo/_posts/list.md"])
        #expect(configuration.severity(of: SortOrderRule.description) == .warning)
        #expect(configuration.severity(of: InsecureURLRule.description) == .off)
        #expect(configuration.requiredFrontMatter == ["title"])
        #expect(configuration.writtenRequiredFrontMatter == ["title"])
        #expect(Configuration(root: "/").writtenRequiredFrontMatter == nil)
        #expect(Configuration(root: "/").requiredFrontMatter == ["layout", "title", "date"])
        let identity = configuration.identity
        #expect(try identity.key(for: "https://a.example/x?campaign=1&xtm_a=2&k=v") == "a.example/x?k=v")
        #expect(try identity.key(for: "https://example.com/x?ref=1") == "example.com/x")
        #expect(try identity.key(for: "https://other.example/x?ref=1") == "other.example/x?ref=1")
    }

    @Test(arguments: [
        ("posts: [a.md]\nrulez: {}\n", 2, "unknown key \"rulez\""),
        ("posts: [a.md]\nrules:\n  duplicate-links: error\n", 3, "unknown rule \"duplicate-links\""),
        ("posts: [a.md]\nrules:\n  empty-item: fatal\n", 3, "bad severity \"fatal\""),
        ("posts: [a.md]\nfront-matter:\n  requires: [a]\n", 3, "unknown key \"requires\""),
        ("posts: [a.md\n", 2, "not valid YAML"),
        ("posts:\n  - path: README.md\n    kind: awesome\n", 3, "kind must be one of jekyll, list"),
        ("posts:\n  - path: README.md\n    kinds: list\n", 3, "unknown key \"kinds\" in a post"),
        ("posts:\n  - kind: list\n", 2, "a post needs its path"),
        ("posts:\n  - [README.md]\n", 2, "each item of posts must be a path"),
        ("posts: [a.md]\nlinks:\n  accept: x\n", 3, "links.accept must list HTTP statuses"),
        ("posts: [a.md]\nlinks:\n  accept: '999..=100'\n", 3, "links.accept must list HTTP statuses"),
    ])
    func reportsBadConfigurationWithItsLine(text: String, line: Int, message: String) {
        do {
            _ = try Configuration.parse(text, file: "curate.yml", root: "/")
            Issue.record("expected an error for \(text)")
        } catch let CurateError.configuration(path, errorLine, _, errorMessage, _) {
            #expect(path == "curate.yml")
            #expect(errorLine == line, "\(errorMessage)")
            #expect(errorMessage.contains(message), "\(errorMessage)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    /// The hint names the closest rule id when there is one, and ends there when not.
    @Test(arguments: [
        ("duplicate-links", "curate rules lists the rule ids; did you mean duplicate-link?"),
        ("zzzzzzzzzzzz", "curate rules lists the rule ids"),
    ])
    func anUnknownRulesHint(id: String, hint expected: String) {
        do {
            _ = try Configuration.parse("posts: [a.md]\nrules:\n  \(id): error\n", file: "curate.yml", root: "/")
            Issue.record("expected an error")
        } catch let CurateError.configuration(_, _, _, _, hint) {
            #expect(hint == expected)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func linksAcceptIsAStringOrAList() throws {
        let written = try Configuration.parse("posts: [a.md]\nlinks:\n  accept: '200..=299, 403'\n", file: "c.yml", root: "/")
        #expect(written.links.accept == "200..=299, 403")
        let listed = try Configuration.parse("posts: [a.md]\nlinks:\n  accept: [200..=299, 404]\n", file: "c.yml", root: "/")
        #expect(listed.links.accept.flatMap(AcceptedStatuses.init(parsing:))?.contains(404) == true)
    }

    @Test func postsMaySetTheirKind() throws {
        let configuration = try Configuration.parse(
            """
            posts:
              - _posts/2025-01-01-list.md
              - path: README.md
                kind: list
              - path: docs/links.md
                kind: jekyll
            """, file: "curate.yml", root: "/repo")
        #expect(configuration.posts == ["_posts/2025-01-01-list.md", "README.md", "docs/links.md"])
        #expect(configuration.configuredKind(of: "/repo/README.md") == .list)
        #expect(configuration.configuredKind(of: "/repo/./docs/links.md") == .jekyll)
        #expect(configuration.configuredKind(of: "/repo/_posts/2025-01-01-list.md") == nil)
    }

    @Test func suggestsTheNearestRule() {
        #expect(RuleRegistry.closest(to: "duplicate-links") == "duplicate-link")
        #expect(RuleRegistry.closest(to: "zzzzzzzzzzzzzzzzzz") == nil)
    }
}

@Suite struct PathTests {
    @Test(arguments: [
        ("A", ".", "A"), ("a/b/c.md", "a/b", "c.md"), ("/c.md", "/", "c.md"), ("/", "/", "/"), ("a/", ".", "a"),
        ("", ".", ""), (".merge_file_x", ".", ".merge_file_x"),
    ])
    func splitsPathsWithoutCrashing(path: String, directory: String, last: String) {
        #expect(Path.directory(of: path) == directory)
        #expect(Path.lastComponent(of: path) == last)
    }

    @Test func standardizesLexically() {
        #expect(Path.standardized("/a/./b/../c//d/") == "/a/c/d")
        #expect(Path.standardized("../a/./b/..") == "../a")
        #expect(Path.standardized("/..") == "/")
        #expect(Path.standardized("a/..") == ".")
        #expect(Path.join("/x", "y") == "/x/y")
        #expect(Path.join("/x/", "/abs") == "/abs")
    }
}
