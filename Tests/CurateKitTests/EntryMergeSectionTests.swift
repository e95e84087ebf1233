import Foundation
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

/// Headings whose titles hold ` / `: one heading each, never a parent and a child.
@Suite struct SlashHeadingTests {
    let source = """
        # Free Programming Books

        ## Russian / Русский

        - [Введение в Go](https://github.com/golang-ru/intro-to-go) - Калеб Докси

        ## CI / CD

        - [GitLab CI](https://docs.gitlab.com/ee/ci/) - Docs.

        ## Tools

        ### Build / Test

        - [Bazel](https://bazel.build/) - Builds.

        """

    @Test func syncCreatesAHeadingWithASlashAsOneHeading() throws {
        let configuration = Configuration(root: "/")
        let ours = try parse(
            "# Mine\n\n## Tools\n\n- [Make](https://www.gnu.org/software/make/) - Make.\n\n## Go\n\n- [Go by Example](https://gobyexample.com/) - Examples.\n"
        )
        let plan = EntryMerge(configuration: configuration, sourceName: "theirs").merge(
            base: nil, ours: ours, theirs: try parse(source))
        let text = String(decoding: try PostEditor(configuration: configuration).apply(plan.edits, to: ours), as: UTF8.self)
        #expect(text.contains("\n## Russian / Русский\n\n- [Введение в Go]"), "\(text)")
        #expect(text.contains("\n## CI / CD\n\n- [GitLab CI]"), "\(text)")
        #expect(text.contains("\n### Build / Test\n\n- [Bazel]"), "\(text)")
        let edited = try parse(text)
        #expect(!edited.sections.contains { ["Russian", "Русский", "CI", "CD", "Build", "Test"].contains($0.title) })
        #expect(edited.sections.map(\.path).contains("Mine / Tools / Build / Test"))
    }

    @Test func syncPrefersOursWithTheSameTitleOverAParentAndChild() throws {
        let configuration = Configuration(root: "/")
        let ours = try parse(
            """
            # Mine

            ## CI

            ### CD

            - [Jenkins](https://www.jenkins.io/) - Jenkins.

            ## CI / CD

            - [Drone](https://www.drone.io/) - Drone.

            """)
        let plan = EntryMerge(configuration: configuration, sourceName: "theirs").merge(
            base: nil, ours: ours, theirs: try parse(source))
        let text = String(decoding: try PostEditor(configuration: configuration).apply(plan.edits, to: ours), as: UTF8.self)
        #expect(
            text.contains("- [Drone](https://www.drone.io/) - Drone.\n- [GitLab CI](https://docs.gitlab.com/ee/ci/)"), "\(text)")
        #expect(text.contains("### CD\n\n- [Jenkins](https://www.jenkins.io/) - Jenkins.\n\n## CI / CD"), "\(text)")
    }

    @Test func aTypedNameFindsTheHeadingWithThatTitleFirst() throws {
        let post = try parse(
            """
            ## CI

            ### CD

            - [Jenkins](https://www.jenkins.io/)

            ## CI / CD

            - [Drone](https://www.drone.io/)

            """)
        #expect(SectionIndex(post).resolve("CI / CD") == .found(2))
        #expect(SectionIndex(post).resolve("CI / CD", headings: ["CI", "CD"]) == .found(1))
        #expect(SectionIndex(post).resolve("CI / CD", headings: ["CI / CD"]) == .found(2))
        // Typed names still name a parent and a child when the post has no such title.
        let review = Reviewer(configuration: Configuration(root: "/"), createSections: true).review(
            [Proposal(title: "X", url: "https://x.example/", section: "Deploy / Cloud")], against: post)
        #expect(review.additions.first?.section == .new(parent: nil, headings: ["Deploy", "Cloud"]))
    }

    @Test func aMarkdownProposalsFileKeepsItsHeadingsWhole() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("curate-slash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("proposals.md")
        try Data("## CI / CD\n\n- [GitLab CI](https://docs.gitlab.com/ee/ci/) - Docs.\n".utf8).write(to: file)
        let proposals = try ProposalReader.read(path: file.path)
        #expect(proposals.map(\.headings) == [["CI / CD"]])
        let configuration = Configuration(root: "/")
        let post = try parse("## Go\n\n- [Go by Example](https://gobyexample.com/)\n")
        let review = Reviewer(configuration: configuration, createSections: true).review(proposals, against: post)
        let text = String(decoding: try PostEditor(configuration: configuration).apply(review, to: post), as: UTF8.self)
        #expect(text.hasSuffix("\n## CI / CD\n\n- [GitLab CI](https://docs.gitlab.com/ee/ci/) - Docs.\n"), "\(text)")
    }

    // MARK: A section renamed on one side

    static let tools = """
        # Awesome

        ## Tools

        - [Alpha](https://alpha.example/) - first
        - [Beta](https://beta.example/) - second
        - [Gamma](https://gamma.example/) - third

        ## Papers

        - [Delta](https://delta.example/) - fourth

        """

    /// A pull from `theirs` with a base, our post as the last sync left it being the base
    /// unless `lastSync` says otherwise.
    func pulled(base: String, ours: String, theirs: String, lastSync: String? = nil) throws -> (plan: SyncPlan, text: String) {
        let configuration = Configuration(root: "/")
        var merge = EntryMerge(configuration: configuration, sourceName: "theirs")
        merge.oursAtLastSync = try parse(lastSync ?? base)
        let ourPost = try parse(ours)
        let plan = merge.merge(base: try parse(base), ours: ourPost, theirs: try parse(theirs))
        let bytes = try PostEditor(configuration: configuration).apply(plan.edits, to: ourPost)
        return (plan, String(decoding: bytes, as: UTF8.self))
    }

    static func adding(_ line: String, after title: String, to text: String) -> String {
        var lines = text.components(separatedBy: "\n")
        let index = lines.firstIndex { $0.hasPrefix("- [\(title)]") }!
        lines.insert(line, at: index + 1)
        return lines.joined(separator: "\n")
    }

    static let epsilon = "- [Epsilon](https://epsilon.example/) - fifth"

    /// Ours renamed the heading, theirs added to the section: the entry lands under our
    /// heading, and the old heading does not come back.
    @Test func theirAdditionLandsInTheSectionWeRenamed() throws {
        let ours = Self.tools.replacingOccurrences(of: "## Tools", with: "## Software")
        let theirs = Self.adding(Self.epsilon, after: "Gamma", to: Self.tools)
        let (_, text) = try pulled(base: Self.tools, ours: ours, theirs: theirs)
        #expect(text == Self.adding(Self.epsilon, after: "Gamma", to: ours))
    }

    /// Theirs renamed the heading, ours added to the section: nothing moves, our heading
    /// stays; what they add to the renamed section lands in ours.
    @Test func theirRenameMovesNothingHere() throws {
        let theirs = Self.tools.replacingOccurrences(of: "## Tools", with: "## Software")
        let ours = Self.adding(Self.epsilon, after: "Gamma", to: Self.tools)
        let (plan, text) = try pulled(base: Self.tools, ours: ours, theirs: theirs)
        #expect(text == ours)
        #expect(plan.results.isEmpty, "\(plan.results)")
        let zeta = "- [Zeta](https://zeta.example/) - sixth"
        let (_, added) = try pulled(base: Self.tools, ours: ours, theirs: Self.adding(zeta, after: "Beta", to: theirs))
        #expect(added == Self.adding(zeta, after: "Beta", to: ours))
    }

    /// Both renamed the heading, each its way: their addition lands under our heading.
    @Test func bothRenamedTheSectionTheirWayAndOurs() throws {
        let ours = Self.tools.replacingOccurrences(of: "## Tools", with: "## Software")
        let theirs = Self.adding(
            Self.epsilon, after: "Alpha", to: Self.tools.replacingOccurrences(of: "## Tools", with: "## Utilities"))
        let (_, text) = try pulled(base: Self.tools, ours: ours, theirs: theirs)
        #expect(text == Self.adding(Self.epsilon, after: "Alpha", to: ours))
    }

    /// A section whose entries mostly stayed is not renamed: one entry they moved to a new
    /// section moves here too, and the new section is made.
    @Test func oneEntryMovedToANewSectionIsAMoveNotARename() throws {
        var theirs = Self.tools.replacingOccurrences(of: "- [Gamma](https://gamma.example/) - third\n", with: "")
        theirs += "\n## Software\n\n- [Gamma](https://gamma.example/) - third\n"
        let (_, text) = try pulled(base: Self.tools, ours: Self.tools, theirs: theirs)
        #expect(text == theirs)
    }

    /// A heading above the section renamed (its path changed): the same.
    @Test func aParentHeadingRenamedIsTheSameSection() throws {
        let nested = Self.tools.replacingOccurrences(of: "## Tools\n", with: "## Tools\n\n### CLI\n")
        let ours = nested.replacingOccurrences(of: "## Tools", with: "## Software")
        let theirs = Self.adding(Self.epsilon, after: "Beta", to: nested)
        let (_, text) = try pulled(base: nested, ours: ours, theirs: theirs)
        #expect(text == Self.adding(Self.epsilon, after: "Beta", to: ours))
    }

    /// Their rename holds on every later sync, not on the first only: what they add to
    /// their renamed section lands in ours (the base has their new heading by then).
    @Test func theirRenameHoldsOnTheNextSync() throws {
        let renamed = Self.tools.replacingOccurrences(of: "## Tools", with: "## Utilities")
        let (_, text) = try pulled(
            base: renamed, ours: Self.tools, theirs: Self.adding(Self.epsilon, after: "Gamma", to: renamed),
            lastSync: Self.tools)
        #expect(text == Self.adding(Self.epsilon, after: "Gamma", to: Self.tools))
    }

    /// Our rename is no edit of the section's entries: their removal of one is made, their
    /// new order too, without a conflict.
    @Test func ourRenameIsNoEditOfItsEntries() throws {
        let ours = Self.tools.replacingOccurrences(of: "## Tools", with: "## Software")
        let removed = Self.tools.replacingOccurrences(of: "- [Beta](https://beta.example/) - second\n", with: "")
        let (plan, text) = try pulled(base: Self.tools, ours: ours, theirs: removed)
        #expect(!plan.results.contains { $0.status == .conflict }, "\(plan.results)")
        #expect(text == ours.replacingOccurrences(of: "- [Beta](https://beta.example/) - second\n", with: ""))
        let reordered = Self.tools.replacingOccurrences(
            of: "- [Alpha](https://alpha.example/) - first\n- [Beta](https://beta.example/) - second\n",
            with: "- [Beta](https://beta.example/) - second\n- [Alpha](https://alpha.example/) - first\n")
        let (moves, moved) = try pulled(base: Self.tools, ours: ours, theirs: reordered)
        #expect(!moves.results.contains { $0.status == .conflict }, "\(moves.results)")
        #expect(moved == reordered.replacingOccurrences(of: "## Tools", with: "## Software"))
    }

    /// Two sections of one name under different parents: one renamed here, their addition
    /// to it lands in it, not in the other of that name.
    @Test func aRenamedSectionIsNotTheOtherOfItsOldName() throws {
        let list = """
            # L

            ## Go

            ### Libraries

            - [A](https://a.example/) - a
            - [B](https://b.example/) - b

            ## Rust

            ### Libraries

            - [R](https://r.example/) - r

            """
        let ours = list.replacingOccurrences(of: "## Go\n\n### Libraries", with: "## Go\n\n### Packages")
        let (_, text) = try pulled(
            base: list, ours: ours, theirs: Self.adding("- [G](https://g.example/) - g", after: "B", to: list))
        #expect(text == Self.adding("- [G](https://g.example/) - g", after: "B", to: ours))
    }

    /// Their table of contents follows their heading: its `#section` links are theirs (not
    /// synced when added), and their removal of one keeps ours, whose heading is still here.
    @Test func theirTableOfContentsIsTheirs() throws {
        let list = "# L\n\n## Contents\n\n- [Tools](#tools)\n- [Papers](#papers)\n\n" + Self.tools.dropFirst(4)
        let theirs = list.replacingOccurrences(of: "Tools", with: "Utilities").replacingOccurrences(
            of: "#tools", with: "#utilities")
        let (plan, text) = try pulled(base: list, ours: list, theirs: theirs)
        #expect(text == list, "\(plan.results)")
    }

    /// A section they split in two halves is no rename of it: their entries move to the
    /// new sections (neither holds more than half of the old one's). Split unevenly, the
    /// larger part is the section renamed, the other moved out of it.
    @Test func aSectionSplitInTwoHalvesIsNoRename() throws {
        let four = Self.adding(Self.epsilon, after: "Gamma", to: Self.tools)
        let theirs = four.replacingOccurrences(of: "## Tools\n", with: "## CLI\n").replacingOccurrences(
            of: "- [Beta](https://beta.example/) - second\n", with: "- [Beta](https://beta.example/) - second\n\n## GUI\n\n")
        let (_, text) = try pulled(base: four, ours: four, theirs: theirs)
        #expect(text.hasPrefix("# Awesome\n\n## Tools\n\n## Papers\n"), "\(text)")
        #expect(text.contains("## CLI\n\n- [Alpha](https://alpha.example/) - first\n- [Beta]"), "\(text)")
        #expect(text.contains("## GUI\n\n- [Gamma](https://gamma.example/) - third\n- [Epsilon]"), "\(text)")
    }

    /// A rename (ours or theirs) and a move out of the renamed section to a new one: the
    /// rename is matched, the move is made.
    @Test func aRenameAndAMoveOutOfItAreBothKept() throws {
        let moved = { (text: String, heading: String) in
            text.replacingOccurrences(of: "- [Gamma](https://gamma.example/) - third\n", with: "")
                + "\n## New\n\n- [Gamma](https://gamma.example/) - third\n"
                .replacingOccurrences(of: "## Tools", with: heading)
        }
        let renamed = Self.tools.replacingOccurrences(of: "## Tools", with: "## Software")
        // Theirs renamed and moved; then ours renamed, theirs moved.
        let (_, text) = try pulled(
            base: Self.tools, ours: Self.tools,
            theirs: moved(Self.tools, "## Tools").replacingOccurrences(of: "## Tools", with: "## Utilities"))
        #expect(text == moved(Self.tools, "## Tools"), "\(text)")
        let (_, ourRename) = try pulled(base: Self.tools, ours: renamed, theirs: moved(Self.tools, "## Tools"))
        #expect(ourRename == moved(renamed, "## Software"), "\(ourRename)")
    }

    /// `sync.sections` names a section we renamed since: found by its entries.
    @Test func aSectionMappedByNameAndRenamedHereIsFoundByItsEntries() throws {
        var configuration = Configuration(root: "/")
        configuration.syncSectionPairs = [(theirs: "Utilities", ours: "Tools")]
        let ours = Self.tools.replacingOccurrences(of: "## Tools", with: "## Software")
        let theirs = Self.adding(
            Self.epsilon, after: "Gamma", to: Self.tools.replacingOccurrences(of: "## Tools", with: "## Utilities"))
        var merge = EntryMerge(configuration: configuration, sourceName: "theirs")
        merge.oursAtLastSync = try parse(Self.tools)
        let ourPost = try parse(ours)
        let plan = merge.merge(base: try parse(Self.tools), ours: ourPost, theirs: try parse(theirs))
        let text = String(decoding: try PostEditor(configuration: configuration).apply(plan.edits, to: ourPost), as: UTF8.self)
        #expect(text == Self.adding(Self.epsilon, after: "Gamma", to: ours), "\(plan.results)")
    }

    /// We renamed the section, they moved most of its entries out: their section of the old
    /// name is the base's, which is our renamed one. Their moves are made, the entry they
    /// left stays under our heading, and no heading comes back.
    @Test func theirMovesOutOfASectionWeRenamedAreMovesOnly() throws {
        let ours = Self.tools.replacingOccurrences(of: "## Tools", with: "## Software")
        let theirs = Self.tools.replacingOccurrences(
            of: "- [Alpha](https://alpha.example/) - first\n- [Beta](https://beta.example/) - second\n", with: ""
        ).replacingOccurrences(
            of: "- [Delta](https://delta.example/) - fourth\n",
            with:
                "- [Delta](https://delta.example/) - fourth\n- [Alpha](https://alpha.example/) - first\n- [Beta](https://beta.example/) - second\n"
        )
        let (plan, text) = try pulled(base: Self.tools, ours: ours, theirs: theirs)
        #expect(!plan.results.contains { $0.status == .conflict }, "\(plan.results)")
        #expect(text == theirs.replacingOccurrences(of: "## Tools", with: "## Software"), "\(text)")
    }

    /// Their table of contents' line for their renamed section, in the base and never
    /// taken here: not offered again on every pull (it never lands: links into their own
    /// list are not synced).
    @Test func theirTableOfContentsLineIsNotOfferedAgain() throws {
        let list = "# L\n\n## Contents\n\n- [Tools](#tools)\n- [Papers](#papers)\n\n" + Self.tools.dropFirst(4)
        let theirs = list.replacingOccurrences(of: "Tools", with: "Utilities").replacingOccurrences(
            of: "#tools", with: "#utilities")
        let (plan, text) = try pulled(base: theirs, ours: list, theirs: theirs, lastSync: list)
        #expect(plan.results.isEmpty, "\(plan.results)")
        #expect(text == list)
    }

    /// A rename settled by an earlier sync, then moves on both sides that leave neither
    /// list holding most of the other's section: the base is matched through our post at
    /// that sync, so their move into the section lands under our heading and ours stays.
    @Test func aRenameSettledEarlierHoldsThroughLaterMoves() throws {
        func list(_ heading: String, _ tools: [String], _ other: [String]) -> String {
            let item = { (name: String) in "- [\(name)](https://\(name.lowercased()).example/) - \(name)\n" }
            return "# L\n\n## \(heading)\n\n" + tools.map(item).joined() + "\n## Other\n\n" + other.map(item).joined()
        }
        let (plan, text) = try pulled(
            base: list("Tools", ["A", "B"], ["X", "Y", "Z"]), ours: list("Utils", ["B"], ["X", "Y", "Z", "A"]),
            theirs: list("Tools", ["A", "B", "Z"], ["X", "Y"]), lastSync: list("Utils", ["A", "B"], ["X", "Y", "Z"]))
        #expect(!plan.results.contains { $0.status == .conflict }, "\(plan.results)")
        #expect(text == list("Utils", ["B", "Z"], ["X", "Y", "A"]), "\(text)")
    }
}
