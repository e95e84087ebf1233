/// Spaces or tabs at the end of a line.
public struct TrailingWhitespaceRule: Rule {
    public static let description = RuleDescription(
        id: "trailing-whitespace",
        summary: "A line ends with spaces or tabs (hard line breaks in paragraphs excepted).",
        rationale: "Invisible trailing spaces make noisy diffs and merge conflicts.",
        defaultSeverity: .warning,
        fixable: true,
        triggeringExamples: ["### People↓ \n\n1. [A](https://a.example)\n", "1. [A](https://a.example)↓\t\n↓   \n"],
        nonTriggeringExamples: [
            "A paragraph with a hard  \nline break.\n",
            "```\ncode keeps its spaces   \n```\n",
        ],
        corrections: [.init("### People \n\n1. [A](https://a.example)  \n", "### People\n\n1. [A](https://a.example)\n")])

    public init() {}

    public func check(_ post: Post, context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        guard post.bodyStartLine <= post.lines.count else { return [] }
        for line in post.bodyStartLine...post.lines.count {
            let bytes = post.lineBytes(line)
            guard let last = bytes.last, last == 0x20 || last == 0x09 else { continue }
            if post.isVerbatim(line) || post.hardBreakLines.contains(line) { continue }
            var start = bytes.endIndex
            while start > bytes.startIndex && (bytes[start - 1] == 0x20 || bytes[start - 1] == 0x09) { start -= 1 }
            findings.append(finding(post, line: line, column: start - bytes.startIndex + 1, "trailing whitespace"))
        }
        return findings
    }
}
