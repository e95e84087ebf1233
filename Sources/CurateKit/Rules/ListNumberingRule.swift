/// Ordered lists whose numbers skip, repeat or go backwards.
public struct ListNumberingRule: Rule {
    public static let description = RuleDescription(
        id: "list-numbering",
        summary: "An ordered list is not numbered in sequence (or all with the same number).",
        rationale: """
            Renderers renumber lists, so wrong numbers only mislead people reading the source, and \
            show where an item was lost. A list written with one number throughout (1. 1. 1.) is a \
            style and is fine.
            """,
        defaultSeverity: .warning,
        fixable: true,
        triggeringExamples: [
            "1. [A](https://a.example)\n2. [B](https://b.example)\n↓4. [C](https://c.example)\n",
            "1. [A](https://a.example)\n↓1. [B](https://b.example)\n3. [C](https://c.example)\n",
        ],
        nonTriggeringExamples: [
            "1. [A](https://a.example)\n2. [B](https://b.example)\n",
            "1. [A](https://a.example)\n1. [B](https://b.example)\n1. [C](https://c.example)\n",
            "3) [A](https://a.example)\n4) [B](https://b.example)\n",
        ],
        corrections: [
            .init(
                "1. [A](https://a.example)\n3. [B](https://b.example)\n", "1. [A](https://a.example)\n2. [B](https://b.example)\n"
            ),
            .init(
                "1. [A](https://a.example)\n5. [B](https://b.example)\n7. [C](https://c.example)\n",
                "1. [A](https://a.example)\n2. [B](https://b.example)\n3. [C](https://c.example)\n"),
        ])

    public init() {}

    public func check(_ post: Post, context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for list in post.lists where list.ordered {
            let items = post.items[list.items]
            let expected = Self.expectedNumbers(written: items.map { $0.number ?? 0 })
            for (item, number) in zip(items, expected) where item.number != number {
                findings.append(
                    finding(
                        post, line: item.line, column: item.markerColumn,
                        "item numbered \(item.number ?? 0), expected \(number); curate fmt renumbers the list"))
                break
            }
        }
        return findings
    }

    /// The numbers a list should have, in its own style: all the same when written so,
    /// else counting up from the first.
    static func expectedNumbers(written: [Int]) -> [Int] {
        guard let first = written.first else { return [] }
        if written.count > 1 && written.allSatisfy({ $0 == first }) {
            return written
        }
        return written.indices.map { first + $0 }
    }
}
