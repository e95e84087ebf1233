import Testing

@testable import CurateMarkdown

/// Parsing in chunks must give the same blocks as parsing the whole text.
@Suite struct MarkdownReaderTests {
    func blocks(_ text: String, chunkSize: Int) -> [String] {
        let bytes = Array(text.utf8)
        let lines = LineTable(bytes)
        var result: [String] = []
        MarkdownReader.read(bytes, lines: lines, firstLine: 1, chunkSize: chunkSize) { tree in
            for (index, node) in tree.nodes.enumerated() where node.kind != .document {
                result.append(
                    "\(node.kind) \(node.start.line):\(node.start.column)-\(node.end.line) \(tree.text(of: index))")
            }
        }
        return result
    }

    func document(references: Bool = true) -> String {
        var text = references ? "Intro [link][ref].\n\n" : "Intro.\n\n"
        for section in 0..<40 {
            text += "### Section \(section)\n\n"
            if section == 7 {
                // A fence that hides headings: a cut inside it must be undone.
                text += "```\n# not a heading\n\n### not a heading either\n```\n\n"
            }
            if section == 12 {
                text += "<pre>\n\n# inside html\n</pre>\n\n"
            }
            if section == 20 {
                text += "```\nunclosed fence runs on\n\n### swallowed\n\n"
            }
            for item in 0..<30 {
                text += "\(item + 1). [Entry \(section)-\(item)](https://example.org/\(section)/\(item)) - text\n"
            }
            text += "\n"
        }
        if references { text += "[ref]: https://example.org/ref\n" }
        return text
    }

    /// Without reference definitions the reader really cuts, parses chunks ahead on the
    /// other cores while it hands trees over in order, and regrows chunks whose cut fell
    /// inside a fence or HTML block (reading ahead again after them).
    @Test func chunksParsedAheadMatchTheWholeParse() {
        let text = document(references: false)
        let whole = blocks(text, chunkSize: Int.max)
        for chunkSize in [1, 64, 1024, 4096] {
            #expect(blocks(text, chunkSize: chunkSize) == whole, "chunk size \(chunkSize)")
        }
    }

    /// A table ends at the heading after it (no regrowth), and a fence left open runs to
    /// the end of the text, whatever the chunk size (the regrowth doubles).
    @Test func tablesAndOpenFencesAtCutsMatchTheWholeParse() {
        var tables = ""
        for section in 0..<300 {
            tables += "## T\(section)\n\n| a | b |\n|---|---|\n| [x](https://t.example/\(section)) | y |\n"
            if section % 7 == 0 { tables += "a row without pipes\n" }
        }
        var fence = "# Top\n\n"
        for section in 0..<300 {
            if section == 40 { fence += "```\n" }
            fence += "## S\(section)\n\n- [e](https://e.example/\(section))\n\n"
        }
        for text in [tables, fence] {
            let whole = blocks(text, chunkSize: Int.max)
            for chunkSize in [1, 64, 1024] {
                #expect(blocks(text, chunkSize: chunkSize) == whole, "chunk size \(chunkSize)")
            }
        }
    }

    @Test func chunkedParseMatchesWholeParse() {
        let text = document()
        let whole = blocks(text, chunkSize: Int.max)
        for chunkSize in [64, 1024, 4096] {
            #expect(blocks(text, chunkSize: chunkSize) == whole, "chunk size \(chunkSize)")
        }
    }

    @Test func largeDocumentsWithReferenceDefinitionsResolveThemInEveryChunk() {
        var text = ""
        for section in 0..<2000 {
            text += "### S\(section)\n\n- [R\(section)][shared]\n"
            text += String(repeating: "- [Padding entry to make the post large](https://padding.example/entry)\n", count: 40)
            text += "\n"
        }
        text += "[shared]: https://example.org/shared\n"
        #expect(text.utf8.count > 4 << 20)
        let bytes = Array(text.utf8)
        var destinations = 0
        MarkdownReader.read(bytes, lines: LineTable(bytes), firstLine: 1) { tree in
            destinations +=
                tree.nodes.indices.filter {
                    tree.nodes[$0].kind == .link && tree.text(of: $0) == "https://example.org/shared"
                }.count
        }
        #expect(destinations == 2000)
    }

    @Test func lineTableKnowsAllThreeLineEndings() {
        let table = LineTable(Array("a\nb\r\nc\rd".utf8))
        #expect(table.count == 4)
        #expect(table.content(2) == 2..<3)
        #expect(table.content(4) == 7..<8)
        #expect(LineTable(Array("x\n".utf8)).count == 1)
    }
}

/// A parse that would take more memory than its limit is abandoned, with the line it
/// started at; the arena it left is freed whole, and the next parse on the thread is
/// whole.
@Suite struct BoundedParseTests {
    @Test func aParseOverItsMemoryLimitIsLeftAndTheNextIsWhole() {
        let dense = Array(String(repeating: "- a\n", count: 50_000).utf8)
        let abandoned = dense.withUnsafeBufferPointer { CmarkParser.parse($0, lineOffset: 9, memoryLimit: 1 << 20) }
        #expect(abandoned.unreadFrom == 10)
        #expect(abandoned.nodes.isEmpty)
        let small = Array("# T\n\n- [a](https://a.example/)\n".utf8)
        for limit in [1 << 20, MarkdownReader.memoryLimit] {
            let tree = small.withUnsafeBufferPointer { CmarkParser.parse($0, lineOffset: 0, memoryLimit: limit) }
            #expect(tree.unreadFrom == nil)
            #expect(tree.nodes.indices.contains { tree.nodes[$0].kind == .link && tree.text(of: $0) == "https://a.example/" })
        }
        let whole = dense.withUnsafeBufferPointer { CmarkParser.parse($0, lineOffset: 0) }
        #expect(whole.unreadFrom == nil)
        #expect(whole.nodes.filter { $0.kind == .item }.count == 50_000)
    }
}

/// A chunk too dense to read, with sections after it or before it: reported at the first
/// line of the section that is too dense, never a crash on its empty tree.
@Suite struct UnreadChunkTests {
    @Test func theSectionTooDenseIsNamedWhereverItIs() {
        // Small sections, a dense one past the chunk size, then a heading after it.
        var text = "# T\n\n"
        for index in 0..<200 { text += "## S\(index)\n\n- [a](https://a.example/\(index))\n\n" }
        let denseLine = text.split(separator: "\n", omittingEmptySubsequences: false).count
        text += "## Dense\n\n" + String(repeating: "- a\n", count: 60_000) + "\n## After\n\n- [b](https://b.example/)\n"
        let bytes = Array(text.utf8)
        let lines = LineTable(bytes)
        var unread: [Int] = []
        var read = 0
        MarkdownReader.read(bytes, lines: lines, firstLine: 1, memoryLimit: 1 << 20) { tree in
            if let line = tree.unreadFrom { unread.append(line) } else { read += 1 }
        }
        #expect(unread == [denseLine])
        #expect(read >= 1)
    }
}
