import Testing

@testable import CurateKit

@Suite struct PostReaderTests {
    @Test func readsTheSeedIntoSectionsAndEntries() throws {
        let post = try Fixtures.post("seed.md")
        #expect(post.entries.count == 22)
        #expect(post.sections.map(\.path).contains("Quick Guides to MI / How to get started with MI ?"))
        #expect(post.items.filter(\.isEmpty).map(\.line) == [17, 21, 26])
        #expect(post.frontMatter?.key("title")?.scalar == "Mechanistic Interpretibility Resources")
        let lens = try #require(post.entries.first { $0.title == "Transfomer Lens" })
        #expect(lens.line == 57 && lens.column == 4)
        #expect(post.sections[lens.section!].title == "Libraries")
    }

    @Test(arguments: Fixtures.names)
    func keepsTheBytesAndPointsEntriesAtTheirLinks(name: String) throws {
        let bytes = try Fixtures.bytes(name)
        let post = try PostReader.parse(bytes, path: name)
        #expect(post.bytes == bytes)
        for link in post.links {
            let first = post.bytes[post.offset(line: link.line, column: link.column)]
            switch link.form {
            case .inline, .reference: #expect(first == UInt8(ascii: "["), "\(name):\(link.line)")
            case .autolink: #expect(first == UInt8(ascii: "<"), "\(name):\(link.line)")
            case .bare: #expect(first == UInt8(ascii: "h") || first == UInt8(ascii: "w"))
            }
            if let range = link.urlRange, link.form != .bare {
                #expect(String(decoding: post.bytes[range], as: UTF8.self) == link.url, "\(name):\(link.line)")
            }
        }
    }

    @Test func readsDescriptionsAndSeparators() throws {
        let post = try Fixtures.post("bullets.md")
        let byTitle = Dictionary(post.entries.map { ($0.title, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byTitle["TransformerLens"]?.separator == " - ")
        #expect(byTitle["TransformerLens"]?.description == "A library for mechanistic interpretability.")
        #expect(byTitle["nnsight"]?.separator == " – ")
        #expect(byTitle["SAELens"]?.separator == ": ")
        #expect(byTitle["Toy Models of Superposition"]?.description == "Elhage et al.")
        #expect(byTitle["Circuit (neural network)"]?.url == "https://en.wikipedia.org/wiki/Circuit_(neural_network)")
        #expect(byTitle["A [bracketed] title"] != nil)
        #expect(byTitle["code in a title"] != nil)
        let paper = try #require(byTitle["Paper"])
        #expect(post.items[paper.item].links.count == 3)
    }

    /// A link on a continuation line indented further than its item's text is a link, at
    /// its own column: cmark-gfm counts the line's columns without that indentation, and
    /// the link read as a bare URL at the wrong column (a false `bare-url`, found by a
    /// tester).
    @Test func readsALinkOnAContinuationLineIndentedFurther() throws {
        let text = "- p\n    [l](https://v.example/x) and\n\t[m](https://v.example/y)\n- q\n  [n](https://v.example/z)\n"
        let post = try PostReader.parse(Array(text.utf8), path: "p.md")
        #expect(post.links.map(\.form) == [.inline, .inline, .inline])
        #expect(post.links.map(\.column) == [5, 2, 3])
        #expect(
            post.links.map { String(decoding: post.bytes[$0.urlRange!], as: UTF8.self) } == [
                "https://v.example/x", "https://v.example/y", "https://v.example/z",
            ])
        let findings = Checker(configuration: Configuration(root: "/")).check(post)
        #expect(!findings.contains { $0.rule == "bare-url" }, "\(findings)")
    }

    /// A URL written again after an image of it, or after a code span holding it, is found
    /// where it is, not in the image's destination or the code span (found by a tester:
    /// `check` placed the finding in the code span and called an `<autolink>` bare).
    @Test func findsAnAutolinkAfterAnImageOrCodeSpanOfTheSameURL() throws {
        let text = "- ![i](https://x.example/a) https://x.example/a\n- `https://y.example/b` <https://y.example/b>\n"
        let post = try PostReader.parse(Array(text.utf8), path: "p.md")
        #expect(post.links.map(\.form) == [.bare, .autolink])
        #expect(post.links.map(\.column) == [29, 25])
    }

    @Test func readsReferenceLinksAndNestedLists() throws {
        let references = try Fixtures.post("references.md")
        #expect(
            references.entries.map(\.url) == [
                "https://github.com/TransformerLensOrg/TransformerLens", "https://example.org/collapsed",
                "https://example.org/short cut", "https://example.org/inline",
            ])
        #expect(references.links.prefix(3).allSatisfy { $0.form == .reference })
        let nested = try Fixtures.post("nested.md")
        #expect(nested.entries.count == 8)
        #expect(nested.lists.filter { $0.parentItem != nil }.count == 3)
        let child = try #require(nested.entries.first { $0.title == "Child" })
        #expect(child.description == "a description")
    }

    @Test func readsCRLFAndMissingFinalNewline() throws {
        let crlf = try Fixtures.post("crlf.md")
        #expect(crlf.lineEnding == .crlf)
        #expect(crlf.entries.map(\.title) == ["One", "Two"])
        #expect(crlf.entries[1].description == "described")
        #expect(crlf.items.filter(\.isEmpty).map(\.line) == [11])
        let last = try Fixtures.post("no-final-newline.md")
        #expect(last.entries.map(\.url) == ["https://example.org/last"])
    }

    @Test func refusesWhatIsNotAPost() throws {
        #expect(throws: CurateError.emptyFile(path: "p.md")) { try PostReader.parse([], path: "p.md") }
        #expect(throws: CurateError.binaryFile(path: "p.md", line: 2)) {
            try PostReader.parse(Array("# a\nb\u{0}c\n".utf8), path: "p.md")
        }
        #expect(throws: CurateError.notUTF8(path: "p.md", line: 2, column: 3)) {
            try PostReader.parse(Array("ok\nab".utf8) + [0xFF, 0x0A], path: "p.md")
        }
        #expect(throws: CurateError.frontMatterNotClosed(path: "p.md", line: 1)) {
            try PostReader.parse(Array("---\ntitle: x\n### A\n".utf8), path: "p.md")
        }
        #expect(throws: CurateError.tooLarge(path: "p.md", bytes: PostReader.sizeLimit + 1, limit: PostReader.sizeLimit)) {
            try PostReader.parse([UInt8](repeating: 0x61, count: PostReader.sizeLimit + 1), path: "p.md")
        }
        do {
            _ = try PostReader.parse(Array("---\ntitle: [unclosed\n---\n".utf8), path: "p.md")
            Issue.record("invalid YAML must throw")
        } catch let CurateError.frontMatterYAML(path, line, _, _) {
            #expect(path == "p.md")
            #expect(line >= 2)
        }
    }

    @Test func findsTheIgnoreDirectives() throws {
        let post = try Fixtures.post("mixed.md")
        let findings = Checker(configuration: Configuration(root: "/")).check(post)
        #expect(!findings.contains { $0.rule == "duplicate-link" })
        #expect(post.isVerbatim(13))
        #expect(post.hardBreakLines.contains(7))
    }

    @Test func headingsAreTitledAsTheyRead() throws {
        let post = try parse(
            """
            ## The `jekyll_plugins` group

            ## <a name="old"></a>Tools <img src="logo.svg">

            ## ![logo](logo.png) Libraries

            ## Papers {#papers}

            ## Notes {: .wide}
            """)
        #expect(post.sections.map(\.title) == ["The jekyll_plugins group", "Tools", "Libraries", "Papers", "Notes"])
    }

    @Test func aKramdownAttributeLineIsNotTheLastItemsText() throws {
        let post = try parse(
            "---\ntitle: T\n---\n\n- [A](https://a.example) - first\n- [B](https://b.example) - second\n{: .links}\n")
        #expect(post.items.map(\.lastLine) == [5, 6])
        #expect(post.entries.map(\.description) == ["first", "second"])
        #expect(post.lists[0].lastLine == 7)
    }

    @Test func liquidInAJekyllPostsLinkIsALink() throws {
        let text = """
            ---
            title: T
            ---

            - [Post]({% post_url 2024-01-02-x %}) - one
            - [Docs]({{ site.baseurl }}/docs/) - two
            - [Plain]({{page.url}})

            See [the changelog]({% link _docs/history.md %}#v3-9-4).

            """
        let post = try parse(text)
        #expect(post.entries.map(\.url) == ["{% post_url 2024-01-02-x %}", "{{ site.baseurl }}/docs/", "{{page.url}}"])
        #expect(post.entries.map(\.description) == ["one", "two", nil])
        #expect(post.proseLinks.map(\.url) == ["{% link _docs/history.md %}#v3-9-4"])
        #expect(post.links.allSatisfy { link in link.urlRange.map { post.bytes[$0].elementsEqual(link.url.utf8) } == true })
        let findings = Checker(configuration: Configuration(root: "/")).check(post)
        #expect(findings.isEmpty, "\(findings)")
        // In a README, GitHub shows the same text as it is: no link.
        #expect(try parse("- [Post]({% post_url 2024-01-02-x %})\n", path: "README.md").links.isEmpty)
    }

    @Test func aLinkOnALazyContinuationLineIsFoundWhereItIs() throws {
        // Not indented under its item, the line's columns are counted by cmark-gfm from the
        // item's content: the link was read as a bare URL (found by a tester).
        let post = try parse(
            "- [a0](https://a.example/0)\nfoo [a1](https://a.example/1) bar\n\n> - [b](https://b.example/)\n> more [c](https://c.example/)\n"
        )
        let links = post.links.map { "\($0.line):\($0.column) \($0.form) \($0.text)" }
        #expect(links == ["1:3 inline a0", "2:5 inline a1", "4:5 inline b", "5:8 inline c"])
    }

    @Test func linksOutsideListsAreProseLinksNotEntries() throws {
        let post = try parse(
            "# T\n\nSee [A](https://a.example) and [Top](#t).\n\n> [Quoted](https://q.example)\n\n- [B](https://b.example)\n")
        #expect(post.proseLinks.map(\.url) == ["https://a.example", "#t", "https://q.example"])
        #expect(post.proseLinks.allSatisfy { $0.item == -1 })
        #expect(post.entries.map(\.url) == ["https://b.example"])
    }
}
