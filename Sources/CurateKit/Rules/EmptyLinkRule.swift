/// Links without text or without a destination.
public struct EmptyLinkRule: Rule {
    public static let description = RuleDescription(
        id: "empty-link",
        summary: "A link has no text (`[](url)`) or no URL (`[text]()`).",
        rationale: "A link without text cannot be seen; one without a URL goes nowhere.",
        defaultSeverity: .error,
        triggeringExamples: [
            "1. ↓[](https://a.example)\n",
            "1. ↓[Title]()\n",
            "- ↓[ ](https://a.example) - spaces are not a title\n",
        ],
        nonTriggeringExamples: ["1. [Title](https://a.example)\n", "- [![logo](https://a.example/l.png)](https://a.example)\n"])

    public init() {}

    public func check(_ post: Post, context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for index in post.links.indices where !context.linkTraits[index].isDisjoint(with: [.emptyURL, .blankText]) {
            let link = post.links[index]
            guard link.form == .inline || link.form == .reference else { continue }
            if link.url.isEmpty {
                findings.append(finding(post, line: link.line, column: link.column, "link \"\(link.text)\" has no URL"))
            } else if link.text.trimmingSpaces().isEmpty {
                findings.append(finding(post, line: link.line, column: link.column, "link to \(link.url) has no text"))
            }
        }
        return findings
    }
}
