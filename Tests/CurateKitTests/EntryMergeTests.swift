import Testing

@testable import CurateKit

/// Where sync puts another list's entries: their sections found among ours by name.
@Suite struct EntryMergeSectionTests {
    let languages = """
        # Awesome Machine Learning

        ## C

        - [Darknet](https://github.com/pjreddie/darknet) - Neural network framework in C.

        ## C++

        - [mlpack](https://www.mlpack.org/) - Scalable C++ machine learning library.

        ## C#

        - [ML.NET](https://github.com/dotnet/machinelearning) - Machine learning for .NET.

        """

    func merged(_ ours: String, _ theirs: String, configuration: Configuration = Configuration(root: "/")) throws -> String {
        let ours = try parse(ours)
        let plan = EntryMerge(configuration: configuration, sourceName: "theirs").merge(
            base: nil, ours: ours, theirs: try parse(theirs))
        #expect(!plan.results.contains { $0.status == .invalid }, "\(plan.results)")
        return String(decoding: try PostEditor(configuration: configuration).apply(plan.edits, to: ours), as: UTF8.self)
    }

    @Test func cPlusPlusAndCSharpAreNotC() throws {
        let ours = "# Mine\n\n## Python\n\n- [scikit-learn](https://scikit-learn.org/) - ML.\n"
        #expect(
            try merged(ours, languages) == ours + """

                ## C

                - [Darknet](https://github.com/pjreddie/darknet) - Neural network framework in C.

                ## C++

                - [mlpack](https://www.mlpack.org/) - Scalable C++ machine learning library.

                ## C#

                - [ML.NET](https://github.com/dotnet/machinelearning) - Machine learning for .NET.

                """)
        // Ours with a C section: only C's entry goes there.
        let withC = "# Mine\n\n## C\n\n- [Lib](https://lib.example/) - A C library.\n"
        let text = try merged(withC, languages)
        #expect(text.contains("A C library.\n- [Darknet](https://github.com/pjreddie/darknet)"), "\(text)")
        #expect(text.contains("## C++\n\n- [mlpack](https://www.mlpack.org/)"), "\(text)")
        #expect(text.contains("## C#\n\n- [ML.NET](https://github.com/dotnet/machinelearning)"), "\(text)")
    }

    @Test func syncSectionsMapsTheHeadingItNamesAndNoOther() throws {
        var configuration = Configuration(root: "/")
        configuration.syncSectionPairs = [(theirs: "C++", ours: "Cpp")]
        let ours = "# Mine\n\n## C\n\n- [Lib](https://lib.example/)\n\n## Cpp\n\n- [Boost](https://boost.org/)\n"
        let text = try merged(ours, languages, configuration: configuration)
        #expect(text.contains("## C\n\n- [Lib](https://lib.example/)\n- [Darknet]"), "\(text)")
        #expect(text.contains("## Cpp\n\n- [Boost](https://boost.org/)\n- [mlpack]"), "\(text)")
        #expect(text.contains("## C#\n\n- [ML.NET]"), "\(text)")
    }
}
