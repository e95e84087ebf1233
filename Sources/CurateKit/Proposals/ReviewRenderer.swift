/// The outputs of `curate diff`, `propose` and `sync`: renderers of the same results.
public enum ReviewRenderer {
    /// The JSON document of the command-line contract.
    public static func json(post: String, results: [ReviewResult], commit: String?) -> JSON {
        .object([
            ("post", .string(post)),
            (
                "results",
                .array(
                    results.map { result in
                        .object([
                            ("status", .string(result.status.rawValue)),
                            ("title", .string(result.proposal.title)),
                            ("url", .string(result.proposal.url)),
                            ("section", .string(result.section)),
                            ("key", result.key.map(JSON.string) ?? .null),
                            (
                                "existing",
                                result.existing.map { existing in
                                    .object([
                                        ("title", .string(existing.title)), ("url", .string(existing.url)),
                                        ("section", .string(existing.section)), ("line", .number(existing.line)),
                                    ])
                                } ?? .null
                            ),
                            ("reason", result.reason.map(JSON.string) ?? .null),
                        ])
                    })
            ),
            ("commit", commit.map(JSON.string) ?? .null),
        ])
    }

    /// One line per result, status first, then totals.
    public static func text(_ results: [ReviewResult], paint: (String, ReviewStatus) -> String = { text, _ in text }) -> [String]
    {
        let width = ReviewStatus.allCases.map(\.rawValue.count).max() ?? 0
        var lines = results.map { result -> String in
            let status = paint(result.status.rawValue.padding(toLength: width, withPad: " ", startingAt: 0), result.status)
            var line = "\(status)  \(result.proposal.title)  <\(result.proposal.url)>"
            if !result.section.isEmpty { line += "  in \(result.section)" }
            if let existing = result.existing {
                line += "  ~ \(existing.title.debugDescription) line \(existing.line)"
            }
            if let reason = result.reason { line += "  (\(reason))" }
            return line
        }
        var counts: [ReviewStatus: Int] = [:]
        for result in results { counts[result.status, default: 0] += 1 }
        let summary = ReviewStatus.allCases.compactMap { status in counts[status].map { "\($0) \(status.rawValue)" } }
        lines.append(results.isEmpty ? "no proposals" : summary.joined(separator: ", "))
        return lines
    }
}
