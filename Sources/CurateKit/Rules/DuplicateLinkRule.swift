/// The same resource listed twice, under any URL variant the URL identity knows.
public struct DuplicateLinkRule: Rule {
    public static let description = RuleDescription(
        id: "duplicate-link",
        summary: "The same resource is linked from two entries.",
        rationale: """
            A curated list names each resource once. Two links are the same resource when their \
            dedupe keys are equal (curate url), which sees through http/https, www., tracking \
            parameters, trailing slashes and the site-specific forms curate knows.
            """,
        defaultSeverity: .error,
        triggeringExamples: [
            """
            ### Papers

            1. [Attention](https://example.org/papers/attention)
            2. ↓[Attention, again](http://www.example.org/papers/attention/?utm_source=x)
            """,
            """
            - [One](https://a.example/x)
              - ↓[Nested copy](https://a.example/x)
            """,
        ],
        nonTriggeringExamples: [
            """
            1. [A](https://a.example/x)
            2. [B](https://a.example/y)
            """,
            "- [Paper](https://a.example/p) ([mirror](https://a.example/p#top))",
        ])

    public init() {}

    public func check(_ post: Post, context: RuleContext) -> [Finding] {
        var first: [String: Int] = [:]
        first.reserveCapacity(post.links.count)
        var findings: [Finding] = []
        for (index, link) in post.links.enumerated() {
            guard let key = context.links[index].key else { continue }
            if let earlier = first[key] {
                let original = post.links[earlier]
                guard original.item != link.item else { continue }
                let same = original.url == link.url ? "" : " (\(original.url))"
                findings.append(
                    finding(post, line: link.line, column: link.column, "\(link.url) is already listed at line \(original.line)\(same)"))
            } else {
                first[key] = index
            }
        }
        return findings
    }
}
