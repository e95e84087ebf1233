import Testing

@testable import CurateKit

/// `check`'s text output written as bytes on all cores reads as the findings rendered one
/// by one.
struct FindingRendererTests {
    @Test(arguments: [0, 1, 1023, 5_000])
    func textBytesAreTheLinesOfText(count: Int) {
        var generator = SystemRandomNumberGenerator()
        let paths = ["_posts/list.md", "docs/résumé.md", "a b/c.markdown"]
        let messages = ["duplicate of line 3", "empty item; curate fmt removes it", "“quoted” 🙂 text", ""]
        let findings = (0..<count).map { index in
            Finding(
                rule: ["duplicate-link", "empty-item", "x"][index % 3],
                severity: index % 5 == 0 ? .error : .warning,
                path: paths.randomElement(using: &generator)!,
                line: [1, 9, 10, 99_999, 1_234_567, Int.random(in: 1...Int(Int32.max), using: &generator)][index % 6],
                column: [1, 10, 100, 7][index % 4],
                message: messages.randomElement(using: &generator)!)
        }
        let plain = FindingRenderer.text(findings).map { $0 + "\n" }.joined()
        #expect(String(decoding: FindingRenderer.textBytes(findings, colored: false), as: UTF8.self) == plain)
        let painted = FindingRenderer.text(findings) { text, severity in
            "\u{1B}[\(severity == .error ? 31 : 33)m\(text)\u{1B}[0m"
        }.map { $0 + "\n" }.joined()
        #expect(String(decoding: FindingRenderer.textBytes(findings, colored: true), as: UTF8.self) == painted)
    }
}

/// The findings of all rules merged in order of place: line, column, rule name, then as
/// each rule found them (as a stable sort of them all would give).
struct FindingMergeTests {
    @Test func findingsAreMergedByPlaceThenRuleThenAsFound() {
        func finding(_ rule: String, _ line: Int, _ column: Int, _ message: String) -> (Finding, Int) {
            (Finding(rule: rule, severity: .warning, path: "p.md", line: line, column: column, message: message), column + 10)
        }
        let perRule = [
            [finding("zeta", 2, 1, "z1"), finding("zeta", 1, 5, "z2"), finding("zeta", 1, 5, "z3")],
            [finding("alpha", 1, 5, "a1"), finding("alpha", 1, 5, "a2"), finding("alpha", 3, 1, "a3")],
            [],
            [finding("mid", 1, 5, "m1"), finding("alpha", 1, 5, "m-as-alpha")],
        ]
        let merged = Checker.merged(perRule, ruleIDs: ["zeta", "alpha", "empty", "mid"])
        #expect(merged.findings.map(\.message) == ["a1", "a2", "m-as-alpha", "m1", "z2", "z3", "z1", "a3"])
        #expect(merged.byteColumns == merged.findings.map { $0.column + 10 })
        // The same as sorting them all, stably, as before.
        let all = perRule.flatMap { $0 }
        let sorted = all.indices.sorted {
            (all[$0].0.line, all[$0].0.column, all[$0].0.rule, $0) < (all[$1].0.line, all[$1].0.column, all[$1].0.rule, $1)
        }
        #expect(merged.findings.map(\.message) == sorted.map { all[$0].0.message })
    }
}

/// A long value quoted in an error keeps its head and tail and says its length.
struct QuotedForMessageTests {
    @Test func aLongValueIsQuotedWithItsMiddleLeftOut() {
        #expect("example.com".quotedForMessage() == "\"example.com\"")
        let host = String(repeating: "a", count: 640_000) + ".example"
        let quoted = host.quotedForMessage()
        #expect(quoted.count < 200)
        #expect(quoted.hasPrefix("\"aaaa") && quoted.contains("…") && quoted.contains(".example\""))
        #expect(quoted.hasSuffix("(640008 characters)"))
        #expect(URLProblem.badHost(host, reason: .longLabel).description.count < 300)
    }
}
