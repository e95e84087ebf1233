import Foundation
import Testing

@testable import CurateKit

/// Markdown proposals files are read as sync reads another list.
@Suite struct ProposalReaderTests {
    let list = "# Awesome Things\n\n## Tools\n\n- [Alpha](https://alpha.example.com) - First.\n"

    func proposals(_ text: String) throws -> [Proposal] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("curate-proposals-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("proposals.md")
        try Data(text.utf8).write(to: file)
        return try ProposalReader.read(path: file.path)
    }

    func review(_ proposals: [Proposal]) throws -> Review {
        Reviewer(configuration: Configuration(root: "/")).review(proposals, against: try parse(list))
    }

    @Test func theFilesTitleIsNotASection() throws {
        let read = try proposals(
            "# New links for Awesome Things\n\n## Tools\n\n- [Beta](https://beta.example.com) - Second.\n")
        #expect(read.map(\.section) == ["Tools"])
        let review = try review(read)
        #expect(review.results.map(\.status) == [.new], "\(review.results.map(\.reason))")
        #expect(review.results.map(\.section) == ["Awesome Things / Tools"])
    }

    @Test func itsTableOfContentsAndRelativeLinksAreNotProposals() throws {
        let read = try proposals(
            """
            # Awesome Things

            ## Contents

            - [Tools](#tools)
            - [Contributing](CONTRIBUTING.md)

            ## Tools

            - [Beta](https://beta.example.com) - Second.
            - [Gamma](ftp://gamma.example.com) - Third.

            """)
        #expect(read.map(\.title) == ["Beta", "Gamma"])
        #expect(try review(read).results.map(\.status) == [.new, .invalid], "a link with a scheme is still reviewed")
    }

    @Test func aFileWithoutATitleKeepsItsSections() throws {
        let read = try proposals("## Tools\n\n- [Beta](https://beta.example.com)\n\n## Other\n\n- [C](https://c.example/)\n")
        #expect(read.map(\.section) == ["Tools", "Other"])
        #expect(read.map(\.headings) == [["Tools"], ["Other"]])
    }
}
