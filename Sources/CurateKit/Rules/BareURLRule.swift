/// URLs written as plain text in an item.
public struct BareURLRule: Rule {
    public static let description = RuleDescription(
        id: "bare-url",
        summary: "A URL is written as plain text, not as a link.",
        rationale: "CommonMark (and Jekyll's kramdown) do not link bare URLs; give the link a title: [Title](URL).",
        defaultSeverity: .warning,
        triggeringExamples: ["- [A](https://a.example) - mirror at ↓https://b.example/a\n", "- ↓https://a.example/x.\n"],
        nonTriggeringExamples: [
            "- [A](https://a.example) - see <https://b.example>\n", "- [A](https://a.example) - `https://in.code`\n",
        ])

    public init() {}

    public func check(_ post: Post, context: RuleContext) -> [Finding] {
        post.links.filter { $0.form == .bare }.map {
            finding(post, line: $0.line, column: $0.column, "bare URL \($0.url); write it as [Title](\($0.url))")
        }
    }
}
