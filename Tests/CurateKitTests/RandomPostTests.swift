import Testing

@testable import CurateKit

/// Random posts built from the pieces real lists are made of: reading, checking and
/// formatting never crash, formatting is idempotent, and what it writes reads back.
@Suite struct RandomPostTests {
    static let pieces = [
        "### Section", "#### Sub section", "## Other", "# Title", "1. [Title](https://example.org/a)", "2. ",
        "3. [A](https://arxiv.org/abs/2404.14082v3) - described", "- [B](http://www.github.com/A/B.git)",
        "* [C](<https://e.example/a b>)", "1) [D](https://youtu.be/BaW_jenozKc?si=x)", "   - [Nested](https://e.example/n)",
        "  1. [Nested number](https://e.example/m)", "- [](https://e.example/empty)", "- [Empty url]()",
        "- [Unclosed](https://e.example/x", "- Unclosed [bracket", "- stray ] bracket", "- <https://e.example/auto>",
        "- https://e.example/bare", "- [Ref][r]", "[r]: https://e.example/ref", "```", "~~~", "<div>", "</div>",
        "<!-- curate-ignore duplicate-link -->", "> - [Quoted](https://e.example/q)", "Some prose with **bold**.",
        "", "", "   ", "\t- [Tab](https://e.example/t)", "- [Émoji 🎉](https://bücher.example/ü)",
        "10. [Ten](https://e.example/10)", "- [Esc \\] aped](https://e.example/e)", "- [C](https://e.example/(a))",
        "---", "layout: post", "title: \"Quoted: title\"", "date: 2025-05-26", "| a | b |", "- [x] task",
        "2. [Dup](https://example.org/a/?utm_source=x)", "- [Code `span`](https://e.example/c) `code`  ",
    ]

    @Test func randomPostsNeverCrashAndFormatIdempotently() throws {
        var generator = SplitMix64(seed: 20_261_125)
        var configuration = Configuration(root: "/")
        configuration.requiredFrontMatter = []
        let checker = Checker(configuration: configuration)
        let formatter = Formatter(configuration: configuration)
        var formattedCount = 0
        for round in 0..<2000 {
            var lines: [String] = []
            for _ in 0..<Int(generator.next() % 30 + 1) {
                lines.append(Self.pieces[Int(generator.next() % UInt64(Self.pieces.count))])
            }
            let ending = generator.next() % 5 == 0 ? "\r\n" : "\n"
            var text = lines.joined(separator: ending)
            if generator.next() % 3 != 0 { text += ending }
            guard let post = try? PostReader.parse(Array(text.utf8), path: "random.md") else { continue }
            _ = checker.check(post)
            let once: [UInt8]
            do {
                once = try formatter.format(post)
            } catch {
                // The formatter refused a result that would have changed links: allowed, and
                // then nothing is written.
                continue
            }
            formattedCount += 1
            let reread = try PostReader.parse(once, path: "random.md")
            let twice = try formatter.format(reread)
            #expect(
                twice == once,
                "round \(round): fmt is not idempotent on:\n\(text.debugDescription)\nonce:\n\(String(decoding: once, as: UTF8.self).debugDescription)\ntwice:\n\(String(decoding: twice, as: UTF8.self).debugDescription)"
            )
            if twice != once { return }
        }
        #expect(formattedCount > 1500)
    }
}
