/// Entries of a list in alphabetical order (opt-in).
public struct SortOrderRule: Rule {
    public static let description = RuleDescription(
        id: "sort-order",
        summary: "Entries of a list are not in alphabetical order of title (opt-in: off by default).",
        rationale: "Some lists are easier to search sorted; turn this on in curate.yml (rules: sort-order: warning).",
        defaultSeverity: .off,
        fixable: true,
        triggeringExamples: ["- [Beta](https://b.example)\n- ↓[alpha](https://a.example)\n"],
        nonTriggeringExamples: ["- [Alpha](https://a.example)\n- [beta](https://b.example)\n- [Gamma](https://c.example)\n"],
        corrections: [
            .init(
                "1. [Beta](https://b.example)\n2. [Alpha](https://a.example)\n",
                "1. [Alpha](https://a.example)\n2. [Beta](https://b.example)\n")
        ])

    public init() {}

    public func check(_ post: Post, context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for list in post.lists {
            var previous: (key: String, title: String)?
            for item in post.items[list.items] {
                guard let entry = post.entry(of: item) else { continue }
                let key = Self.sortKey(entry.title)
                if let previous, key < previous.key {
                    findings.append(
                        finding(
                            post, line: entry.line, column: entry.column,
                            "\"\(entry.title)\" should come before \"\(previous.title)\"; curate fmt sorts the list"))
                    break
                }
                previous = (key, entry.title)
            }
        }
        return findings
    }

    /// Titles compare by their letters and digits, ignoring case and accents.
    static func sortKey(_ title: String) -> String {
        TitleFolding.fold(title)
    }
}
