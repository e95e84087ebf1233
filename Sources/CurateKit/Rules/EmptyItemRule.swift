/// Placeholder items such as `3. ` with nothing after the marker.
public struct EmptyItemRule: Rule {
    public static let description = RuleDescription(
        id: "empty-item",
        summary: "A list item is empty (a placeholder such as `3. `).",
        rationale: "Empty items render as blank bullets or numbers and hide where the list really ends.",
        defaultSeverity: .error,
        fixable: true,
        triggeringExamples: [
            """
            1. [A](https://a.example)
            ↓2. 
            """,
            """
            - [A](https://a.example)
            ↓-
            - [B](https://b.example)
            """,
        ],
        nonTriggeringExamples: ["1. [A](https://a.example)\n2. [B](https://b.example)\n"],
        corrections: [
            .init("1. [A](https://a.example)\n2. \n", "1. [A](https://a.example)\n"),
            .init(
                "1. [A](https://a.example)\n2. \n3. [C](https://c.example)\n",
                "1. [A](https://a.example)\n2. [C](https://c.example)\n"),
        ])

    public init() {}

    public func check(_ post: Post, context: RuleContext) -> [Finding] {
        post.items.filter(\.isEmpty).map {
            finding(
                post, line: $0.line, column: $0.markerColumn, "empty list item; add a link or remove it (curate fmt removes it)")
        }
    }
}
