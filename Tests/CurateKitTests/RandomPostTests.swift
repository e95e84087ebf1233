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
            // fmt never refuses a post: what it cannot fix safely, it leaves.
            let once = try formatter.format(post)
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

/// Random proposals against random posts: review and apply never crash, every `new`
/// proposal is in the result exactly as proposed, and applying again adds nothing.
@Suite struct RandomProposalTests {
    static let titles = [
        "SAELens", "Transfomer Lens", "A [bracketed] title", "Stars *and* _underscores_", "Back\\slash", "Pipe | title",
        "Émoji 🎉", "`code`", "Ampersand &amp; entity", "Tilde ~x~", "  spaced  ", "#hash", "<b>tag</b>", "",
    ]
    static let urls = [
        "https://github.com/jbloomAus/SAELens", "https://arxiv.org/abs/2404.14082", "https://e.example/a)b",
        "https://en.wikipedia.org/wiki/Circuit_(neural_network)", "http://www.example.org/x?utm_source=y",
        "https://youtu.be/BaW_jenozKc", "javascript:alert(1)", "https://e.example/a b", "https://bücher.example/ü",
    ]
    static let sections = ["Section", "Sub section", "section", "Other", "New one", "Section / Child", "", "Title"]

    @Test func randomProposalsApplyCleanly() throws {
        var generator = SplitMix64(seed: 99)
        var configuration = Configuration(root: "/")
        configuration.requiredFrontMatter = []
        func pick<T>(_ values: [T]) -> T { values[Int(generator.next() % UInt64(values.count))] }
        var applied = 0
        for round in 0..<600 {
            var lines: [String] = []
            for _ in 0..<Int(generator.next() % 20 + 1) { lines.append(pick(RandomPostTests.pieces)) }
            guard let post = try? PostReader.parse(Array((lines.joined(separator: "\n") + "\n").utf8), path: "p.md") else {
                continue
            }
            var proposals: [Proposal] = []
            for index in 0..<Int(generator.next() % 6 + 1) {
                let description: String? = generator.next() % 2 == 0 ? nil : "note \(index) with *stars*"
                proposals.append(
                    Proposal(
                        title: pick(Self.titles), url: pick(Self.urls) + (generator.next() % 2 == 0 ? "" : "/\(round)-\(index)"),
                        section: pick(Self.sections), description: description))
            }
            let reviewer = Reviewer(configuration: configuration, createSections: true)
            let review = reviewer.review(proposals, against: post)
            #expect(review.results.count == proposals.count)
            let output: [UInt8]
            do {
                output = try PostEditor(configuration: configuration).apply(review, to: post)
            } catch {
                continue  // the formatter refused (a bug guard): nothing would be written
            }
            applied += 1
            let result = try PostReader.parse(output, path: "p.md")
            for addition in review.additions {
                let proposal = review.results[addition.result].proposal
                // fmt strips tracking parameters: the URL written is the proposal's without them.
                let written = configuration.identity.removingTrackingParameters(from: proposal.url) ?? proposal.url
                let found = result.entries.contains { $0.url == written && $0.title == proposal.title }
                #expect(found, "round \(round): \(proposal) missing from\n\(String(decoding: output, as: UTF8.self))")
            }
            // What was added is a duplicate the second time (proposals refused the first
            // time, say for an ambiguous section, may fit the edited post).
            let again = reviewer.review(proposals, against: result)
            for addition in review.additions {
                #expect(
                    again.results[addition.result].status == .duplicate,
                    "round \(round): \(proposals[addition.result]) added twice")
            }
        }
        #expect(applied > 200)
    }
}
