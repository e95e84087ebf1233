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
        var first: [Int: Int32] = [:]
        first.reserveCapacity(post.links.count)
        // Keys whose hash is shared by a different key (practically never), in full.
        var collided: [String: Int] = [:]
        var findings: [Finding] = []
        for (index, link) in post.links.enumerated() {
            guard let hash = context.keyHashes[index] else { continue }
            var earlier = first[hash].map(Int.init)
            if let candidate = earlier {
                let key = try? context.identity.key(for: link.url)
                if key != (try? context.identity.key(for: post.links[candidate].url)), let key {
                    earlier = collided[key]
                    if earlier == nil { collided[key] = index }
                }
            } else {
                first[hash] = Int32(index)
            }
            guard let earlier else { continue }
            let original = post.links[earlier]
            guard original.item != link.item else { continue }
            let same = original.url == link.url ? "" : " (\(original.url))"
            findings.append(
                finding(
                    post, line: link.line, column: link.column, "\(link.url) is already listed at line \(original.line)\(same)",
                    relatedLines: [original.line]))
        }
        return findings
    }
}
