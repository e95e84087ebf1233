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
            if name == "item" { itemDepth += 1 }
            if name == "link" && itemDepth > 0 { destinations.append(attributes["destination"] ?? "") }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "item" { itemDepth -= 1 }
        }
    }

    static func cmarkLinks(_ body: [UInt8]) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["cmark-gfm", "-t", "xml"]
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
}
