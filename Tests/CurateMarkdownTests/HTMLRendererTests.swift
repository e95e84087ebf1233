import CurateTestSupport
import Dispatch
import Foundation
import Testing

@testable import CurateMarkdown

@Suite struct HTMLRendererTests {
    func html(_ text: String, _ adjustments: HTMLRenderer.Adjustments = .init(), lineOffset: Int = 0) -> String {
        String(
            decoding: HTMLRenderer.render(Array(text.utf8)[...], lineOffset: lineOffset, adjustments: adjustments), as: UTF8.self)
    }

    @Test func rendersWithGitHubsExtensionsAndKeepsRawHTML() {
        #expect(html("~~gone~~ www.x.example\n") == "<p><del>gone</del> <a href=\"http://www.x.example\">www.x.example</a></p>\n")
        #expect(html("- [x] done\n").contains("checked=\"\""))
        #expect(html("| a |\n| - |\n| b |\n").contains("<table>"))
        #expect(html("<div title=\"t\">x</div>\n") == "<div title=\"t\">x</div>\n")
        #expect(html("<xmp>\n").contains("&lt;xmp>"), "the tag filter")
    }

    @Test func removesTheEmptyItemsItIsToldOfAndAnEmptiedList() {
        let text = "- a\n-\n- b\n\n*\n"
        #expect(html(text, .init(removedEmptyItems: [2, 5])) == html("- a\n- b\n"))
        // Lines are the file's: the text starts at line 11.
        #expect(html(text, .init(removedEmptyItems: [12]), lineOffset: 10) == html("- a\n- b\n\n*\n"))
        // An item that is not empty stays.
        #expect(html(text, .init(removedEmptyItems: [1])) == html(text))
    }

    @Test func changesDestinationsAndTheTextOfAutolinks() {
        let text = "[a](https://x.example/?utm_source=1) <https://x.example/?utm_source=1> www.y.example/?utm_source=1\n"
        let adjusted = html(
            text,
            .init(destinations: [
                "https://x.example/?utm_source=1": "https://x.example/",
                "http://www.y.example/?utm_source=1": "http://www.y.example/",
            ]))
        #expect(adjusted == html("[a](https://x.example/) <https://x.example/> www.y.example/\n"))
    }

    @Test func reordersTheItemsOfAList() {
        let text = "- b\n- a\n- c\n"
        #expect(html(text, .init(reorderedLists: [1: [2, 1, 3]])) == html("- a\n- b\n- c\n"))
    }

    @Test func parsesOverlapWithDebiansLibrary() {
        // The shared library's calls are interposed, so the parallel parse below runs
        // without the lock: it tests the frozen table, not the lock.
        #expect(GFMExtensions.parsesMayOverlap)
    }

    @Test func parsesInParallelAlike() {
        // cmark-gfm's extensions share one table of special characters across parses.
        let text = Array("~~s~~ https://a.example/ *e* | x |\n\n| a |\n| - |\n| ~~b~~ |\n".utf8)
        let expected = HTMLRenderer.render(text[...])
        let results = UnsafeMutableBufferPointer<Bool>.allocate(capacity: 64)
        defer { results.deallocate() }
        nonisolated(unsafe) let output = results
        DispatchQueue.concurrentPerform(iterations: 64) { index in
            output[index] = HTMLRenderer.render(text[...]) == expected
        }
        #expect(results.allSatisfy { $0 })
    }

    /// Parses live in an arena per thread (CCmarkShim's arena.c): buffers that grow past a
    /// block, tables, nested lists and a large document render as the cmark-gfm CLI
    /// renders them, and parses side by side on several threads as they do alone.
    @Test func largeDocumentsRenderAsTheCLIDoes() throws {
        var text = "# Title\n\n"
        text += "```\n" + String(repeating: "let x = [1, 2, 3] // code line\n", count: 8000) + "```\n\n"
        text +=
            String(repeating: "A *long* paragraph with [a link](https://x.example/?utm_source=1) and `code`. ", count: 3000)
            + "\n\n"
        text += "| a | b |\n| - | - |\n" + String(repeating: "| ~~x~~ | www.y.example |\n", count: 2000) + "\n"
        for depth in 0..<40 { text += String(repeating: "  ", count: depth) + "- item \(depth)\n" }
        text += "\n" + (1...3000).map { "\($0). [Entry \($0)](https://e.example/\($0)) - notes <b>\($0)</b>\n" }.joined()
        let bytes = Array(text.utf8)
        let (expected, status) = try CmarkGFMCLI.html(Data(bytes))
        #expect(status == 0, "cmark-gfm must be installed (scripts/install-deps)")
        let rendered = HTMLRenderer.render(bytes[...])
        #expect(rendered == Array(expected))
        // Side by side: each thread's arena is its own.
        let pieces = (0..<8).map { Array(bytes[($0 * bytes.count / 8)...]) }
        let alone = pieces.map { HTMLRenderer.render($0[...]) }
        let results = UnsafeMutableBufferPointer<[UInt8]>.allocate(capacity: pieces.count)
        _ = results.initialize(from: Array(repeating: [], count: pieces.count))
        defer { results.deinitialize().deallocate() }
        nonisolated(unsafe) let together = results
        DispatchQueue.concurrentPerform(iterations: pieces.count) { together[$0] = HTMLRenderer.render(pieces[$0][...]) }
        #expect(Array(results) == alone)
    }

    /// A parse reuses the blocks an earlier parse on its thread gave back, whatever that
    /// one left in them: small documents after large ones (and after each other) render
    /// as the cmark-gfm CLI renders them alone.
    @Test func parsesAfterOthersRenderAsTheCLIDoes() throws {
        let large = Array(
            (1...4000).map { "\($0). [Entry \($0)](https://e.example/\($0)) - *notes* `x` ~~y~~ www.z.example\n" }.joined().utf8)
        let small = [
            "- [A](https://a.example) - one\n", "| a | b |\n| - | - |\n| x | y |\n", "> quote\n>\n> 1. item\n",
            "Text with **bold** and <span>html</span>\n\n    code\n", "[ref]\n\n[ref]: https://r.example \"T\"\n",
        ].map { Array($0.utf8) }
        var expected: [[UInt8]] = []
        for document in small {
            let (html, status) = try CmarkGFMCLI.html(Data(document))
            #expect(status == 0, "cmark-gfm must be installed (scripts/install-deps)")
            expected.append(Array(html))
        }
        for _ in 0..<3 {
            _ = HTMLRenderer.render(large[...])
            for (document, html) in zip(small, expected) { #expect(HTMLRenderer.render(document[...]) == html) }
        }
    }
}
