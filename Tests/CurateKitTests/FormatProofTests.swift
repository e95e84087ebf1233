import Testing

@testable import CurateKit

@Suite struct FormatProofTests {
    @Test(arguments: [
        ("https://x.example/?utm_source=1&id=2", "https://x.example/?id=2", true),
        ("https://x.example/a?utm_source=1", "https://x.example/a", true),
        ("https://x.example/?utm_source=1#f?utm_source=2", "https://x.example/#f?utm_source=2", true),
        // Anything else changed is not a removal of parameters.
        ("https://x.example/?utm_source=1", "https://y.example/", false),
        ("https://x.example/?a=1&b=2", "https://x.example/?b=2&a=1", false),
        ("https://x.example/#/r?utm_source=1", "https://x.example/#/r", false),
        ("https://x.example/?a=1", "https://x.example/?a=1", false),
    ])
    func theTrackingEffectIsOnlyParametersTakenOut(from: String, to: String, expected: Bool) {
        #expect(FormatProof.onlyRemovesParameters(from: from, to: to) == expected)
    }

    /// Proving window by window never accepts what proving the whole post refuses.
    @Test func windowsAreNeverLaxerThanTheWholePost() throws {
        var configuration = Configuration(root: "/")
        configuration.requiredFrontMatter = []
        let formatter = Formatter(configuration: configuration)
        let pieces =
            SpecFormatTests.examples.flatMap {
                $0.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            } + ["- [A](https://a.example/)", "-", "2. ", "10. [T](https://t.example/?utm_source=1)", "", "", "", "### H"]
        var generator = SplitMix64(seed: 12)
        var laxer: [String] = []
        var stricter = 0
        for _ in 0..<(SpecFormatTests.runAll ? 5000 : 400) {
            let text =
                (0..<Int(generator.next() % 16 + 4)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }
                .joined(separator: "\n") + "\n"
            guard let post = try? PostReader.parse(Array(text.utf8), path: "p.md") else { continue }
            let plan = formatter.render(post, disabled: [])
            let windowed = FormatProof(post: post).holds(for: plan)
            let whole = FormatProof(post: post, windowed: false).holds(for: plan)
            if windowed && !whole { laxer.append(text) }
            if whole && !windowed { stricter += 1 }
        }
        #expect(laxer.isEmpty, "\(laxer.prefix(3).map(\.debugDescription))")
        #expect(
            stricter * 10 < (SpecFormatTests.runAll ? 5000 : 400), "windows refuse \(stricter) results the whole post accepts")
    }
}
