import Testing

@testable import CurateKit

@Suite struct SectionIndexTests {
    /// An "awesome" list's languages: three sections whose titles fold alike.
    let languages = """
        # Awesome Machine Learning

        ## C

        - [Darknet](https://github.com/pjreddie/darknet) - Neural network framework in C.

        ## C++

        - [mlpack](https://www.mlpack.org/) - Scalable C++ machine learning library.

        ## C#

        - [ML.NET](https://github.com/dotnet/machinelearning) - Machine learning for .NET.

        ## F#

        ### Tools

        - [Ionide](https://ionide.io/) - F# tooling.

        """

    func resolved(_ name: String, in text: String) throws -> String? {
        let post = try parse(text)
        guard case let .found(section) = SectionIndex(post).resolve(name) else { return nil }
        return post.sections[section].path
    }

    @Test(
        arguments: [
            ("C", "Awesome Machine Learning / C"),
            ("C++", "Awesome Machine Learning / C++"),
            ("C#", "Awesome Machine Learning / C#"),
            ("c++", "Awesome Machine Learning / C++"),
            ("c#", "Awesome Machine Learning / C#"),
            ("Awesome Machine Learning / C++", "Awesome Machine Learning / C++"),
            ("awesome machine learning/c++", "Awesome Machine Learning / C++"),
            ("F# / Tools", "Awesome Machine Learning / F# / Tools"),
            ("Tools", "Awesome Machine Learning / F# / Tools"),
        ])
    func punctuationThatNamesALanguageKeepsSectionsApart(name: String, path: String) throws {
        #expect(try resolved(name, in: languages) == path)
    }

    @Test func aLanguageTheListLacksIsNotAnotherLanguage() throws {
        let onlyC = "# List\n\n## C\n\n- [A](https://a.example/)\n"
        #expect(try resolved("C++", in: onlyC) == nil)
        #expect(try resolved("C#", in: onlyC) == nil)
        #expect(try resolved("c", in: onlyC) == "List / C")
    }

    @Test func theExactHeadingWinsOverOnesThatMatchLoosely() throws {
        let post = """
            ## Tools

            - [A](https://a.example/)

            ## tools!

            - [B](https://b.example/)

            """
        #expect(try resolved("Tools", in: post) == "Tools")
        #expect(try resolved("tools!", in: post) == "tools!")
        // Only the folded key matches both: a real ambiguity.
        let review = Reviewer(configuration: Configuration(root: "/")).review(
            [Proposal(title: "X", url: "https://x.example/", section: "Tools.")], against: try parse(post))
        #expect(review.results[0].status == .invalid)
        #expect(review.results[0].reason?.contains("ambiguous") == true)
    }

    /// A name that thousands of sections share is refused in a line of its own size: the
    /// first matches, then how many more.
    @Test func anAmbiguousNameSharedByManySectionsNamesTheFirstFew() throws {
        let post = (1...3000).map { "### S\n\n- [E\($0)](https://e.example/\($0))\n\n" }.joined()
        let review = Reviewer(configuration: Configuration(root: "/")).review(
            [Proposal(title: "X", url: "https://x.example/", section: "S")], against: try parse(post))
        let reason = try #require(review.results[0].reason)
        #expect(review.results[0].status == .invalid)
        #expect(reason.hasPrefix("the section \"S\" is ambiguous: \"S\" (line 1), \"S\" (line 5), "), "\(reason)")
        #expect(reason.hasSuffix(" and 2995 more; name it as Parent / Child"), "\(reason)")
        #expect(reason.utf8.count < 200)
        // Six are all named: "and 1 more" would save nothing.
        let six = (1...6).map { "### S\n\n- [E\($0)](https://e.example/\($0))\n\n" }.joined()
        let named = Reviewer(configuration: Configuration(root: "/")).review(
            [Proposal(title: "X", url: "https://x.example/", section: "S")], against: try parse(six))
        let sixReason = try #require(named.results[0].reason)
        #expect(sixReason.hasSuffix("\"S\" (line 21); name it as Parent / Child"), "\(sixReason)")
        #expect(!sixReason.contains("more"), "\(sixReason)")
    }

    @Test func aParentAndChildPathNeedNotNameTheDocumentTitle() throws {
        let post = """
            # Awesome Things

            ## Editors

            ### Tools

            - [A](https://a.example/)

            ## Tools

            ### Parsers

            - [B](https://b.example/)

            """
        #expect(try resolved("Tools / Parsers", in: post) == "Awesome Things / Tools / Parsers")
        #expect(try resolved("Awesome Things / Tools / Parsers", in: post) == "Awesome Things / Tools / Parsers")
        // `## Tools` under the title wins over `### Tools` under Editors.
        #expect(try resolved("Tools", in: post) == "Awesome Things / Tools")
        #expect(try resolved("Editors / Tools", in: post) == "Awesome Things / Editors / Tools")
    }

    @Test func aRealAmbiguityIsAmbiguousAndAFullPathSettlesIt() throws {
        let post = try parse(
            """
            # Part One

            ## Tools

            - [A](https://a.example/)

            # Part Two

            ## Tools

            - [B](https://b.example/)

            """)
        let index = SectionIndex(post)
        #expect(index.resolve("Tools") == .ambiguous([1, 3]))
        #expect(index.resolve("Part Two / Tools") == .found(3))
    }

    /// `curate diff --section "C++"` and `propose`: the proposal lands in C++.
    @Test func proposalsForCPlusPlusAndCSharpLandInTheirOwnSections() throws {
        let post = try parse(languages)
        let configuration = Configuration(root: "/")
        let review = Reviewer(configuration: configuration).review(
            [
                Proposal(title: "Dlib", url: "https://dlib.net/", section: "C++"),
                Proposal(title: "Accord", url: "https://accord-framework.net/", section: "C#"),
                Proposal(title: "Shogun", url: "https://shogun.ml/", section: "Awesome Machine Learning / C++"),
            ], against: post)
        #expect(review.results.map(\.status) == [.new, .new, .new], "\(review.results.map(\.reason))")
        #expect(
            review.results.map(\.section) == [
                "Awesome Machine Learning / C++", "Awesome Machine Learning / C#", "Awesome Machine Learning / C++",
            ])
        let text = String(decoding: try PostEditor(configuration: configuration).apply(review, to: post), as: UTF8.self)
        #expect(text.contains("library.\n- [Dlib](https://dlib.net/)\n- [Shogun](https://shogun.ml/)\n\n## C#\n"))
        #expect(text.contains(".NET.\n- [Accord](https://accord-framework.net/)\n\n## F#\n"))
    }

    /// New sections whose names fold alike are still three sections.
    @Test func newSectionsCPlusPlusAndCSharpAreCreatedApart() throws {
        let post = try parse("# Mine\n\n## Python\n\n- [scikit-learn](https://scikit-learn.org/) - ML.\n")
        let configuration = Configuration(root: "/")
        let review = Reviewer(configuration: configuration, createSections: true).review(
            [
                Proposal(title: "Darknet", url: "https://github.com/pjreddie/darknet", section: "C"),
                Proposal(title: "mlpack", url: "https://www.mlpack.org/", section: "C++"),
                Proposal(title: "ML.NET", url: "https://github.com/dotnet/machinelearning", section: "C#"),
            ], against: post)
        let text = String(decoding: try PostEditor(configuration: configuration).apply(review, to: post), as: UTF8.self)
        #expect(
            text.hasSuffix(
                """
                ## C

                - [Darknet](https://github.com/pjreddie/darknet)

                ## C++

                - [mlpack](https://www.mlpack.org/)

                ## C#

                - [ML.NET](https://github.com/dotnet/machinelearning)

                """), "\(text)")
    }
}
