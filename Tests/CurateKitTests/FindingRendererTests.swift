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
