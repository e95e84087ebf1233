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
        // By index: a link handed to a closure is a copy (its strings retained and released).
        post.links.indices.filter { post.links[$0].form == .bare && !Self.isInsideLinkSyntax(post, post.links[$0]) }.map {
            let link = post.links[$0]
            return finding(post, line: link.line, column: link.column, "bare URL \(link.url); write it as [Title](\(link.url))")
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
