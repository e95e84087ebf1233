import CurateTestSupport
import Foundation
import Testing

/// `curate title` wired to the binary: one title a line, an empty line and exit 1 for a
/// placeholder, the JSON shape.
@Suite struct TitleCommandTests {
    typealias Reply = ScriptedHTTPServer.Reply

    @Test func printsOneTitleALineAndRefusesPlaceholders() throws {
        let server = try ScriptedHTTPServer(
            host: "127.0.0.2",
            routes: [
                "/paper": [Reply(200, body: "<html><title>Scaling Monosemanticity | Transformer Circuits</title></html>")],
                "/wall": [Reply(200, body: "<title>Just a moment...</title>")],
            ])
        let good = try CLI.run(["title", server.url("/paper")])
        #expect(good.status == 0)
        #expect(good.stdout == "Scaling Monosemanticity\n")
        let mixed = try CLI.run(["title", server.url("/wall"), server.url("/paper")])
        #expect(mixed.status == 1)
        #expect(mixed.stdout == "\nScaling Monosemanticity\n", "one line per URL, in order")
        #expect(mixed.stderr.contains("placeholder"))
        let json = try CLI.run(["title", "--format", "json", server.url("/paper")])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        let titles = object["titles"] as! [[String: Any]]
        #expect(Set(titles[0].keys) == ["url", "title", "description", "source", "problem"])
        #expect(titles[0]["source"] as? String == "<title>")
    }
}
