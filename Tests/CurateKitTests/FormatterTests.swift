import Testing

@testable import CurateKit

@Suite struct FormatterTests {
    let formatter = Formatter(configuration: Configuration(root: "/"))

    @Test(arguments: Fixtures.names)
    func fmtIsIdempotentAndKeepsEveryLink(name: String) throws {
        let post = try Fixtures.post(name)
        let once = try formatter.format(post)
        let reread = try PostReader.parse(once, path: name)
        let twice = try formatter.format(reread)
        #expect(once == twice, "fmt of fmt's output changes \(name)")
        let identity = URLIdentity()
        let keys = { (post: Post) in post.links.map { (try? identity.key(for: $0.url)) ?? $0.url }.sorted() }
        #expect(keys(post) == keys(reread))
        if let frontMatter = post.frontMatter {
            #expect(reread.frontMatter == frontMatter)
            let end = post.lines.full(frontMatter.closingLine).upperBound
            #expect(Array(once.prefix(end)) == Array(post.bytes.prefix(end)), "front matter bytes untouched")
        }
        let fixable = Set(RuleRegistry.descriptions.filter(\.fixable).map(\.id))
        let left = Checker(configuration: Configuration(root: "/")).check(reread).filter { fixable.contains($0.rule) }
        #expect(left.isEmpty, "\(name): \(left.map { "\($0.line): \($0.rule) \($0.message)" })")
    }

    @Test func aLineAfterAQuoteStaysInTheQuoteOfAJekyllPost() throws {
        // kramdown (Jekyll) reads `## Editors` as part of the callout; GitHub does not.
        let text =
            "---\ntitle: T\n---\n\n{: .note }\n> These tools are free.\n## Editors\n\n- [Vim](https://www.vim.org/) - Editor.\n"
        let jekyll = try parse(text, path: "_posts/2024-05-01-list.md")
        #expect(String(decoding: try formatter.format(jekyll), as: UTF8.self) == text)
        // In a Markdown list (GitHub's reading) the heading gets its blank line.
        let list = "> These tools are free.\n## Editors\n\n- [Vim](https://www.vim.org/) - Editor.\n"
        #expect(
            String(decoding: try formatter.format(try parse(list, path: "README.md")), as: UTF8.self)
                == "> These tools are free.\n\n## Editors\n\n- [Vim](https://www.vim.org/) - Editor.\n")
    }

    @Test func normalizesTheSeedAsTheIssueAsks() throws {
        let post = try Fixtures.post("seed.md")
        let text = String(decoding: try formatter.format(post), as: UTF8.self)
        #expect(!text.contains("3. \n") && !text.contains("2. \n"))
        #expect(text.contains("### People\n\n1. [Neel Nanda]"))
        #expect(!text.contains("\n\n\n"))
        #expect(text.hasSuffix("(https://nnsight.net/)\n"))
        #expect(!text.split(separator: "\n", omittingEmptySubsequences: false).contains { $0.hasSuffix(" ") })
    }

    @Test func keepsCRLFAndReindentsWhenMarkersWiden() throws {
        let crlf = String(decoding: try formatter.format(try Fixtures.post("crlf.md")), as: UTF8.self)
        #expect(crlf.hasSuffix("2. [Two](https://two.example/) - described\r\n"))
        #expect(!crlf.contains("3. "))
        var lines = ["### L", ""]
        for i in 1...9 { lines.append("\(i). [Item \(i)](https://e.example/\(i))") }
        lines.append("9. [Ten](https://e.example/10)")
        lines.append("   - [Nested under ten](https://e.example/nested)")
        let text = String(decoding: try formatter.format(try parse(lines.joined(separator: "\n") + "\n")), as: UTF8.self)
        #expect(text.contains("10. [Ten](https://e.example/10)\n    - [Nested under ten](https://e.example/nested)\n"))
    }

    @Test func leavesCodeHardBreaksAndProseAlone() throws {
        let post = try Fixtures.post("mixed.md")
        let text = String(decoding: try formatter.format(post), as: UTF8.self)
        #expect(text.contains("Prose first.  \nWith a hard break above."))
        #expect(text.contains("1. [Not an entry](https://example.org/in-code)   \n"))
        #expect(text.contains("9. [Nine](https://example.org/9?id=9)"))
        #expect(text.contains("11. [Eleven](https://example.org/11)"))
    }

    /// Parameters in a fragment (`#S3?utm_source=1`) are no query: fmt leaves them, and
    /// many of them do not stop it removing the tracking parameters of other links.
    @Test func fragmentsKeepTheirParametersAndStopNothing() throws {
        var text = ""
        for index in 1...80 {
            text +=
                index % 2 == 0
                ? "\(index). [F\(index)](https://a.example/\(index)#S3?utm_source=x)\n"
                : "\(index). [Q\(index)](https://b.example/\(index)?utm_source=x&id=\(index))\n"
        }
        let post = try parse(text)
        let formatted = String(decoding: try formatter.format(post), as: UTF8.self)
        #expect(formatted == text.replacingOccurrences(of: "?utm_source=x&id=", with: "?id="))
        #expect(
            Checker(configuration: Configuration(root: "/")).check(post).allSatisfy { !$0.message.contains("cannot fix") })
    }

    @Test func sortsOnlyWhenSortOrderIsOn() throws {
        let text = "- [Beta](https://b.example)\n- [alpha](https://a.example)\n"
        #expect(String(decoding: try formatter.format(try parse(text)), as: UTF8.self) == text)
        var configuration = Configuration(root: "/")
        configuration.severities["sort-order"] = .warning
        let sorted = String(decoding: try Formatter(configuration: configuration).format(try parse(text)), as: UTF8.self)
        #expect(sorted == "- [alpha](https://a.example)\n- [Beta](https://b.example)\n")
    }

    /// A rule turned off is not fixed either: `tracking-parameters: off` keeps a parameter
    /// the list needs (fmt, and propose and sync through it, used to take it out anyway).
    @Test(arguments: [
        (
            "tracking-parameters", "1. [A](https://a.example/x?utm_source=feed&id=2)\n3. [B](https://b.example)  \n",
            "1. [A](https://a.example/x?utm_source=feed&id=2)\n2. [B](https://b.example)\n"
        ),
        (
            "list-numbering", "1. [A](https://a.example/x?utm_source=feed&id=2)\n3. [B](https://b.example)  \n",
            "1. [A](https://a.example/x?id=2)\n3. [B](https://b.example)\n"
        ),
        (
            "trailing-whitespace", "1. [A](https://a.example)\n3. [B](https://b.example)  \n",
            "1. [A](https://a.example)\n2. [B](https://b.example)  \n"
        ),
        (
            "empty-item", "1. [A](https://a.example)\n2.\n3. [B](https://b.example)\n",
            "1. [A](https://a.example)\n2.\n3. [B](https://b.example)\n"
        ),
        ("blank-lines", "# T\n1. [A](https://a.example)\n\n\n\nText\n", "# T\n1. [A](https://a.example)\n\n\n\nText\n"),
    ])
    func aRuleTurnedOffIsNotFixed(rule: String, text: String, expected: String) throws {
        var configuration = Configuration(root: "/")
        configuration.severities[rule] = .off
        let post = try parse(text)
        let formatted = String(decoding: try Formatter(configuration: configuration).format(post), as: UTF8.self)
        #expect(formatted == expected)
        // The rule on: fixed.
        #expect(String(decoding: try formatter.format(post), as: UTF8.self) != expected)
        // Stable, and check has nothing left to say of what fmt is said to fix.
        #expect(try Formatter(configuration: configuration).format(try parse(formatted)) == Array(formatted.utf8))
        #expect(
            Checker(configuration: configuration).check(try parse(formatted)).allSatisfy {
                !$0.message.contains("curate fmt")
            })
    }

    /// `<!-- curate-ignore rule -->` silences a spot for fmt as for check; the rest is fixed.
    @Test func anIgnoredSpotIsLeftAsWritten() throws {
        let text = """
            - [A](https://a.example/?utm_source=x) <!-- curate-ignore tracking-parameters -->
            - [B](https://b.example/)
            - [C](https://c.example/?utm_source=x)
            - [D](https://d.example/?fbclid=1) <!-- curate-ignore -->
            - [E](https://e.example/?fbclid=1) <!-- curate-ignore list-numbering -->

            """
        let formatted = String(decoding: try formatter.format(try parse(text)), as: UTF8.self)
        #expect(
            formatted == """
                - [A](https://a.example/?utm_source=x) <!-- curate-ignore tracking-parameters -->
                - [B](https://b.example/)
                - [C](https://c.example/)
                - [D](https://d.example/?fbclid=1) <!-- curate-ignore -->
                - [E](https://e.example/) <!-- curate-ignore list-numbering -->

                """)
        let findings = Checker(configuration: Configuration(root: "/")).check(try parse(text))
        #expect(findings.filter { $0.rule == "tracking-parameters" }.map(\.line) == [3, 5])
    }

    /// fmt runs passes until its output is stable: an edit of the first that put another
    /// line after a directive (a blank line, a sorted list) let the next pass, or the next
    /// run, fix the spot it silences. Such an edit is left out, and check says so. A
    /// directive alone on its line needs no blank line before what it silences.
    @Test(
        arguments: [
            (
                "# T\n\n<!-- curate-ignore tracking-parameters -->\n- [S](https://s.example.com/?utm_medium=k)\n",
                nil, false, "?utm_medium=k"
            ),
            (
                "# T\n\nSome text\n<!-- curate-ignore trailing-whitespace -->\n- [A](https://a.example.com/)   \n",
                nil, false, "/)   \n"
            ),
            (
                "<!-- curate-ignore tracking-parameters -->\n- [C](https://c.example.com/?utm_source=x)\n- [B](https://b.example.com/)\n- [A](https://a.example.com/)\n",
                "sort-order", true, "?utm_source=x"
            ),
            (
                "- [Q](https://q.example/)\n- [P](https://p.example/)\n- [A](https://a.example/) <!-- curate-ignore sort-order -->\n",
                "sort-order", true, "- [Q](https://q.example/)\n- [P](https://p.example/)\n- [A]"
            ),
        ] as [(String, String?, Bool, String)])
    func aDirectiveStaysOnTheLineBeforeWhatItSilences(text: String, left: String?, sorting: Bool, kept: String) throws {
        var configuration = Configuration(root: "/")
        if sorting { configuration.severities["sort-order"] = .warning }
        let formatter = Formatter(configuration: configuration)
        let formatted = try formatter.format(try parse(text))
        let output = String(decoding: formatted, as: UTF8.self)
        #expect(try formatter.format(try parse(output)) == formatted)
        // What was silenced is silenced still, and as written.
        #expect(output.contains(kept))
        let findings = Checker(configuration: configuration).check(try parse(text))
        let after = Checker(configuration: configuration).check(try parse(output))
        #expect(findings.filter { $0.rule != left }.map(\.rule) == after.filter { $0.rule != left }.map(\.rule))
        // The edit left out is said to be one fmt cannot make there.
        guard let left else { return #expect(findings.isEmpty) }
        let leftOut = findings.filter { $0.rule == left }
        #expect(!leftOut.isEmpty && leftOut.allSatisfy { $0.message.hasSuffix("fmt cannot fix this here") })
    }

    /// A placeholder right under a directive for another rule: its line is made blank,
    /// not taken out (the line after it would become the one the directive silences).
    @Test func aPlaceholderUnderADirectiveIsBlanked() throws {
        let text = "# L\n\n- [A](https://a.example/)\n\n<!-- curate-ignore trailing-whitespace -->\n- \n\n## Text\n"
        let formatted = String(decoding: try formatter.format(try parse(text)), as: UTF8.self)
        #expect(formatted == "# L\n\n- [A](https://a.example/)\n\n<!-- curate-ignore trailing-whitespace -->\n\n## Text\n")
        #expect(Checker(configuration: Configuration(root: "/")).check(try parse(formatted)).isEmpty)
    }

    /// A second tester's cases: a placeholder taken out from under a directive put the
    /// next entry under it (its duplicate then silenced, though nobody fixed it), and a
    /// number `list-numbering` was told to leave was renumbered with its list.
    @Test(arguments: [
        (
            "1. [Z](https://z.example.com/)\n   <!-- curate-ignore duplicate-link -->\n2. \n3. [Z again](https://z.example.com/)\n",
            "empty-item", "   <!-- curate-ignore duplicate-link -->\n2."
        ),
        (
            "1. [A](https://a.example.com/)\n3. [B](https://b.example.com/)\n   <!-- curate-ignore list-numbering -->\n7. [C](https://c.example.com/)\n8. [D](https://d.example.com/)\n",
            "list-numbering", "7. [C]"
        ),
    ])
    func anEditUnderADirectiveIsLeftOut(text: String, left: String, kept: String) throws {
        let formatted = String(decoding: try formatter.format(try parse(text)), as: UTF8.self)
        #expect(formatted.contains(kept))
        let checker = Checker(configuration: Configuration(root: "/"))
        let before = checker.check(try parse(text))
        #expect(before.filter { $0.rule == left }.allSatisfy { $0.message.hasSuffix("fmt cannot fix this here") })
        // Left: what fmt does not say it fixes (the directive silences what it did).
        let fixable = Set(RuleRegistry.descriptions.filter(\.fixable).map(\.id))
        let left = before.filter { !fixable.contains($0.rule) || $0.message.hasSuffix("fmt cannot fix this here") }
        #expect(checker.check(try parse(formatted)).map(\.rule) == left.map(\.rule))
    }

    /// A directive at the end of a line covers that line only; alone on its line it
    /// covers the next, and directives one under the other all do.
    @Test func whatADirectiveCovers() throws {
        let post = try parse(
            """
            - [A](https://a.example/?utm_source=x) <!-- curate-ignore tracking-parameters -->
            - [B](https://b.example/?utm_source=x)
              <!-- curate-ignore list-numbering -->
              <!-- curate-ignore tracking-parameters -->
            - [C](https://c.example/?utm_source=x)

            """)
        #expect(post.ignores("tracking-parameters", at: 1))
        #expect(!post.ignores("tracking-parameters", at: 2))
        #expect(post.ignores("tracking-parameters", at: 5))
        #expect(post.ignores("list-numbering", at: 5))
        let findings = Checker(configuration: Configuration(root: "/")).check(post)
        #expect(findings.filter { $0.rule == "tracking-parameters" }.map(\.line) == [2])
        let formatted = String(decoding: try formatter.format(post), as: UTF8.self)
        #expect(formatted.contains("[A](https://a.example/?utm_source=x)"))
        #expect(formatted.contains("[B](https://b.example/)"))
        #expect(formatted.contains("[C](https://c.example/?utm_source=x)"))
    }

    /// With `sort-order` on, entries are sorted among the places entries hold: an item
    /// that is not an entry (an empty item `empty-item: off` keeps, a line of text) stays
    /// where it is, and check has nothing left to say of the order.
    @Test func sortingPassesOverItemsThatAreNotEntries() throws {
        var configuration = Configuration(root: "/")
        configuration.severities["sort-order"] = .warning
        configuration.severities["empty-item"] = .off
        let text =
            "- [Zeta](https://z.example.com/)\n- [Alpha](https://a.example.com/)\n-\n- [Mid](https://m.example.com/)\n- Plain text\n- [Beta](https://b.example.com/)\n"
        let findings = Checker(configuration: configuration).check(try parse(text)).filter { $0.rule == "sort-order" }
        #expect(findings.count == 1 && findings.allSatisfy { $0.message.contains("curate fmt") })
        let formatted = String(decoding: try Formatter(configuration: configuration).format(try parse(text)), as: UTF8.self)
        #expect(
            formatted
                == "- [Alpha](https://a.example.com/)\n- [Beta](https://b.example.com/)\n-\n- [Mid](https://m.example.com/)\n- Plain text\n- [Zeta](https://z.example.com/)\n"
        )
        #expect(Checker(configuration: configuration).check(try parse(formatted)).map(\.rule) == ["item-format"])
    }

    /// Sorting a loose list brings an item from below its blank lines to just after them:
    /// the spacing edit there spans them backwards. It crashed fmt and check (a tester's
    /// reduction of generated posts).
    @Test func sortingAcrossBlankLinesIsNoCrash() throws {
        var configuration = Configuration(root: "/")
        configuration.severities["sort-order"] = .warning
        let text =
            "- [G](https://a.com/)\n\n    1. [T](https://b.com/)\n    2. https://c.com/\n\n\n    3. [C](https://x.com/)\n"
        let post = try parse(text)
        let formatted = try Formatter(configuration: configuration).format(post)
        let again = try Formatter(configuration: configuration).format(try parse(String(decoding: formatted, as: UTF8.self)))
        #expect(again == formatted)
        #expect(String(decoding: formatted, as: UTF8.self).contains("https://c.com/"))
        _ = Checker(configuration: configuration).check(post)
    }
}

/// Jekyll renders Liquid first: what `{% highlight %}`, `{% raw %}`, `{% capture %}`,
/// `{% comment %}` and kramdown's `{::comment}`, `{::nomarkdown}` hold is kept as written.
@Suite struct UnrenderedBlockTests {
    static let post = """
        ---
        layout: post
        title: Two functions
        ---

        {% highlight python %}
        import os


        def first():\u{20}\u{20}
            return 1
        {% endhighlight %}


        {%- capture links -%}
        Intro\u{20}\u{20}\u{20}


        1. [A](https://a.example)
        3. [B](https://b.example)
        {%- endcapture -%}

        {% raw %}
        {{ page.title }}\u{20}\u{20}\u{20}


        {% endraw %}

        {% comment %}
        Draft\u{20}\u{20}


        {% endcomment %}

        {::nomarkdown}
        <pre>a


        b</pre>
        {:/}

        Text after.\u{20}\u{20}\u{20}
        """

    @Test func fmtLeavesTheirInsideAsWritten() throws {
        let post = try parse(Self.post, path: "_posts/2024-04-01-python.md")
        let formatted = String(decoding: try Formatter(configuration: Configuration(root: "/")).format(post), as: UTF8.self)
        let expected =
            Self.post.replacingOccurrences(of: "{% endhighlight %}\n\n\n", with: "{% endhighlight %}\n\n")
            .replacingOccurrences(of: "Text after.\u{20}\u{20}\u{20}", with: "Text after.\n")
        #expect(formatted == expected)
    }

    @Test func checkDoesNotAskToChangeTheirInside() throws {
        let post = try parse(Self.post, path: "_posts/2024-04-01-python.md")
        var configuration = Configuration(root: "/")
        configuration.requiredFrontMatter = []
        let findings = Checker(configuration: configuration).check(post)
        #expect(
            findings.map { "\($0.line) \($0.rule)" } == [
                "14 blank-lines", "20 list-numbering", "42 trailing-whitespace", "42 blank-lines",
            ], "\(findings)")
        // The capture's list is Markdown the site shows, but fmt keeps the block as written.
        #expect(findings[1].message.hasSuffix("fmt cannot fix this here"), "\(findings[1])")
    }

    @Test func aBlockThatNeverClosesIsNone() throws {
        let blocks = UnrenderedBlocks.find(Array("{% raw %}\n\n\n{% highlight %}\n".utf8), from: 0)
        #expect(blocks.isEmpty)
    }

    @Test(arguments: [
        ("{%highlight ruby linenos%}x{%endhighlight%}", "highlight", "x"),
        ("{%- comment -%}a{% comment %}b{% endcomment %}c{%- endcomment -%}", "comment", "a{% comment %}b{% endcomment %}c"),
        (
            "{% highlight liquid %}{% raw %}{% endhighlight %}{% endraw %}{% endhighlight %}", "highlight",
            "{% raw %}{% endhighlight %}{% endraw %}"
        ),
        ("{% raw %}{% raw %}{% endraw %}", "raw", "{% raw %}"),
        ("{::comment}x{:/comment}", "::comment", "x"),
        ("{::nomarkdown type=\"html\"}<b>x</b>{:/}", "::nomarkdown", "<b>x</b>"),
    ])
    func findsBlocksAsLiquidAndKramdownRead(text: String, name: String, inside: String) throws {
        let bytes = Array(text.utf8)
        let blocks = UnrenderedBlocks.find(bytes, from: 0)
        #expect(blocks.map(\.name) == [name])
        #expect(blocks.map { String(decoding: bytes[$0.content], as: UTF8.self) } == [inside])
    }

    @Test func aListsBlocksAreOnlyAJekyllPosts() throws {
        let text = "# List\n\n{% raw %}\n\n\nx\n{% endraw %}\n"
        let findings = Checker(configuration: Configuration(root: "/")).check(try parse(text, path: "README.md"))
        #expect(findings.map { "\($0.line) \($0.rule)" } == ["5 blank-lines"])
    }
}

/// Inputs the random-post test found: fmt of fmt's output must change nothing.
@Suite struct FormatterRegressionTests {
    @Test(arguments: [
        // The blank line cmark counts into an indented code block separates it from the heading.
        "\t- [Tab](https://e.example/t)\n### Section\n- [A](https://a.example/)\n",
        // Removing the placeholder `2. ` changes which list the next items belong to.
        "- [C](https://e.example/(a))\n- stray ] bracket\n2. \n  1. [Nested number](https://e.example/m)\n10. [Ten](https://e.example/10)\n- [B](https://e.example/e)\n",
        // Taking the spaces off the line after a placeholder makes the placeholder removable
        // (scripts/spec-fmt, when fmt stopped after one pass of whitespace edits).
        "> - [A](https://a.example/)\n> -\n>   \n> \n> aaa\n>   \n> \n> # aaa\n> \n>   \n",
        // Tracking parameters and blank lines at the end only: one pass is enough.
        "- [A](https://a.example/?utm_source=x&id=1)\n- <https://b.example/?fbclid=1>\n\n\n",
    ])
    func formattingTwiceChangesNothing(text: String) throws {
        var configuration = Configuration(root: "/")
        configuration.requiredFrontMatter = []
        let formatter = Formatter(configuration: configuration)
        let once = try formatter.format(try parse(text))
        #expect(try formatter.format(try PostReader.parse(once, path: "p.md")) == once)
    }
}

/// The classes of issue 12: every edit is proven against GitHub's rendering; where one
/// cannot be made safely, fmt leaves that spot, formats the rest, and check says so.
@Suite struct FormatterSafetyTests {
    static let configuration: Configuration = {
        var configuration = Configuration(root: "/")
        configuration.requiredFrontMatter = []
        return configuration
    }()
    let formatter = Formatter(configuration: Self.configuration)
    let checker = Checker(configuration: Self.configuration)

    func format(_ text: String) throws -> String {
        String(decoding: try formatter.format(try parse(text)), as: UTF8.self)
    }

    func messages(_ text: String, rule: String) throws -> [String] {
        checker.check(try parse(text)).filter { $0.rule == rule }.map(\.message)
    }

    @Test(arguments: [
        // An autolink on a continuation line (cmark-gfm reports its position wrongly).
        "- [B](https://b)\n<http://f>\n", "- [A](https://a.example/x)\n   <https://github.com/org/repo>\n",
    ])
    func wrongPositionsFromTheParserAreNotTrusted(text: String) throws {
        let post = try parse(text)
        _ = checker.check(post)
        #expect(post.links.count == 2)
        #expect(try format(text) == text)
    }

    @Test(arguments: [
        // Removing the placeholder would join the next line to the entry above, or pull the
        // indented block after it into that entry.
        ("- Group\n  - [A](https://a.example/)\n  -\n  Note\n", "empty-item"),
        ("- a\n-\n\n  b\n", "empty-item"),
        // The placeholder is the post.
        ("*\n", "empty-item"),
        // The empty item is inside item 2, which is not empty.
        ("1. a\n2. -\n3. b\n", "empty-item"),
        // The next number has ten digits: not a list marker.
        ("999999998. a\n999999998. b\n1. c\n", "list-numbering"),
        // A definition that does not write the URL as it is (here in angle brackets).
        ("- [a][r]\n\n[r]: <https://x.com/?utm_source=3>\n", "tracking-parameters"),
        // A blank line after the list would go inside its unclosed code block.
        ("- a\n  ```\nb\n", "blank-lines"),
    ])
    func fmtLeavesWhatItCannotFixAndCheckSaysSo(text: String, rule: String) throws {
        #expect(try format(text) == text)
        let said = try messages(text, rule: rule)
        #expect(!said.isEmpty && said.allSatisfy { $0.hasSuffix("fmt cannot fix this here") }, "\(said)")
    }

    @Test(arguments: [
        ("- https://x.com/?utm_source=1\n", "- https://x.com/\n"),
        ("- <https://x.com/?utm_source=1&a=2>\n", "- <https://x.com/?a=2>\n"),
        ("- www.x.com/?utm_source=1&b=2\n", "- www.x.com/?b=2\n"),
        ("- [a](https://x.com/?a=1&amp;utm_source=2)\n", "- [a](https://x.com/?a=1)\n"),
        ("- [a][r]\n\n[r]: https://x.com/?utm_source=3&k=1\n", "- [a][r]\n\n[r]: https://x.com/?k=1\n"),
        // Two definitions of one destination, among others: each found in one pass.
        (
            "- [a][r]\n- [b][s]\n- [c][t]\n\n[r]: https://x.com/?utm_source=3\n[s]: https://y.com/\n[t]: https://x.com/?utm_source=3\n",
            "- [a][r]\n- [b][s]\n- [c][t]\n\n[r]: https://x.com/\n[s]: https://y.com/\n[t]: https://x.com/\n"
        ),
        // The title holds the same URL: only the destination changes.
        (
            "- [a](https://x.com/?utm_source=1 \"https://x.com/?utm_source=1\")\n",
            "- [a](https://x.com/ \"https://x.com/?utm_source=1\")\n"
        ),
        // Widening a marker: a tab in the indentation is written as the spaces it stands for.
        ("8. a\n9. b\n9. c\n\n   \tfoo\n", "8. a\n9. b\n10. c\n\n     foo\n"),
    ])
    func fixesWhatCheckSaysFmtFixes(text: String, expected: String) throws {
        #expect(!checker.check(try parse(text)).contains { $0.message.contains("cannot fix") })
        #expect(try format(text) == expected)
        let fixable = Set(RuleRegistry.descriptions.filter(\.fixable).map(\.id))
        #expect(!checker.check(try parse(expected)).contains { fixable.contains($0.rule) })
    }

    @Test(arguments: ["---\ntitle: x\n---", "---\ntitle: x\n---\n", "---\ntitle: x\n---\n\n\n", "---\n---\n-\n"])
    func postsWithFrontMatterAndLittleElse(text: String) throws {
        let once = try formatter.format(try parse(text))
        #expect(try formatter.format(try PostReader.parse(once, path: "p.md")) == once)
        #expect(String(decoding: once, as: UTF8.self).hasPrefix(String(text.prefix(8))))
    }

    @Test func trailingWhitespaceIsKeptWhereItIsContent() throws {
        // A code span across lines, a link title, an HTML attribute: the spaces are content.
        let text = "Some `code \nspan` here.\n\n[a](u \"t \nx\")\n\n<a href=\"x\" \ntitle=\"y\">z</a>\n\nplain \n"
        #expect(try format(text) == text.replacingOccurrences(of: "plain \n", with: "plain\n"))
        let said = try messages(text, rule: "trailing-whitespace")
        #expect(said.filter { $0.hasSuffix("fmt cannot fix this here") }.count == 3)
    }
}

@Suite struct FormatterRenumberingTests {
    @Test func aNarrowerLastMarkerLeavesTheNoteAfterTheListOutside() throws {
        var configuration = Configuration(root: "/")
        configuration.requiredFrontMatter = []
        let items = (1...8).map { "\($0). [I\($0)](https://e.example/\($0))\n" }.joined()
        let text = items + "10. [J](https://e.example/j)\n\n   A note after the list.\n"
        let output = String(decoding: try Formatter(configuration: configuration).format(try parse(text)), as: UTF8.self)
        #expect(output == items + "9. [J](https://e.example/j)\n\n  A note after the list.\n")
    }
}

@Suite struct FormatterPlaceholderTests {
    @Test(arguments: [
        // Taking the line out would make the next line a lazy continuation of the entry.
        ("> - [A](https://a.example/)\n> -\n> \\*note*\n", "> - [A](https://a.example/)\n>\n> \\*note*\n"),
        // The placeholder's trailing space and the numbers it broke go with it.
        ("1. [A](https://a.example/)\n3. \n", "1. [A](https://a.example/)\n"),
    ])
    func aPlaceholderThatCannotGoBecomesABlankLine(text: String, expected: String) throws {
        var configuration = Configuration(root: "/")
        configuration.requiredFrontMatter = []
        let post = try parse(text)
        #expect(String(decoding: try Formatter(configuration: configuration).format(post), as: UTF8.self) == expected)
        let said = Checker(configuration: configuration).check(post).filter { $0.message.contains("cannot fix") }
        #expect(said.isEmpty, "\(said.map(\.message))")
    }
}
