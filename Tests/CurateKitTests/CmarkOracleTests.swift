import Foundation
import Testing

@testable import CurateKit

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The links curate reads in list items are exactly those `cmark-gfm` (the CLI) renders
/// as links inside list items.
@Suite struct CmarkOracleTests {
    final class LinkCollector: NSObject, XMLParserDelegate {
        var itemDepth = 0
        var destinations: [String] = []

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            if name == "item" || name == "tasklist" { itemDepth += 1 }
            if name == "link" && itemDepth > 0 { destinations.append(attributes["destination"] ?? "") }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "item" || name == "tasklist" { itemDepth -= 1 }
        }
    }

    static func cmarkLinks(_ body: [UInt8], extensions: [String] = []) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["cmark-gfm", "-t", "xml"] + extensions.flatMap { ["-e", $0] }
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(body))
        try input.fileHandleForWriting.close()
        let xml = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "cmark-gfm must be installed (scripts/install-deps)")
        let parser = XMLParser(data: xml)
        let collector = LinkCollector()
        parser.delegate = collector
        #expect(parser.parse())
        return collector.destinations
    }

    @Test(arguments: Fixtures.names)
    func linksInListItemsMatchCmarkGFM(name: String) throws {
        let post = try Fixtures.post(name)
        let body = Array(
            post.bytes[(post.bodyStartLine <= post.lines.count ? post.lines.starts[post.bodyStartLine - 1] : post.bytes.count)...]
        )
        let expected = try Self.cmarkLinks(body).sorted()
        let ours = post.links.filter { $0.form != .bare }.map(\.url).sorted()
        #expect(ours == expected, "\(name)")
    }

    /// Bare URLs are what GitHub's autolink extension links: single-label hosts, `&amp;`,
    /// `<https://… with spaces>`, not image alt text, not underscores in the last labels.
    @Test(arguments: [
        "- [A](https://a.example/) see http://localhost and www.x.com, then http://a.b_c.d and http://a_b.c.d\n",
        "- ![http://img.example/x](https://i.example/y) x&amp;y http://a.example/?a=1&amp;utm_source=2\n",
        "- <https://a b> and (https://p.example/(x)) and https://q.example/a.\n",
        "- [B](https://b)\n<http://f>\n",
        "- [A](https://a.example/x)\n   <https://github.com/org/repo> https://c.example/\n",
        "- a@b.example and mailto:c@d.example\n",
        "1. [x] www.task.example\n   | a |\n",
    ])
    func bareURLsAreGitHubsAutolinks(text: String) throws {
        let post = try PostReader.parse(Array(text.utf8), path: "p.md")
        let expected = try Self.cmarkLinks(Array(text.utf8), extensions: ["autolink", "tasklist", "table"])
            .filter { !$0.hasPrefix("mailto:") }.sorted()
        #expect(post.links.map(\.url).sorted() == expected, "\(text.debugDescription)")
        for link in post.links where link.form == .bare {
            #expect(link.url.hasPrefix("http://") || link.url.hasPrefix("https://"), "never a relative link: \(link.url)")
            let at = post.offset(line: link.line, column: link.column)
            #expect(post.bytes[at...].starts(with: Array(link.text.utf8)), "\(link.text) is where it is said to be")
        }
    }
}
