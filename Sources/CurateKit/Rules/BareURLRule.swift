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
            "- [Space in path](https://a.example/my page.html) - unbalanced-brackets says why it is no link\n",
        ])

    public init() {}

    public func check(_ post: Post, context: RuleContext) -> [Finding] {
        post.links.filter { $0.form == .bare && !Self.isInsideLinkSyntax(post, $0) }.map {
            finding(post, line: $0.line, column: $0.column, "bare URL \($0.url); write it as [Title](\($0.url))")
        }
    }

    /// Whether a bare URL starts a `[Title](…)` destination that did not make a link
    /// (`[T](https://a.example/my page.html)`): GitHub links only its first part, and
    /// `unbalanced-brackets` names what is wrong with the whole.
    static func isInsideLinkSyntax(_ post: Post, _ link: Link) -> Bool {
        var i = link.span.lowerBound - 1
        while i >= 0, post.bytes[i] == 0x20 || post.bytes[i] == 0x09 { i -= 1 }
        return i >= 1 && post.bytes[i] == UInt8(ascii: "(") && post.bytes[i - 1] == UInt8(ascii: "]")
    }
}
