/// utm_* and friends.
public struct TrackingParametersRule: Rule {
    public static let description = RuleDescription(
        id: "tracking-parameters",
        summary: "A URL carries tracking parameters (utm_*, fbclid, si on YouTube ...).",
        rationale: "Tracking parameters say where a click came from, not what it points to; they leak and hide duplicates.",
        defaultSeverity: .warning,
        fixable: true,
        triggeringExamples: [
            "1. [A](↓https://a.example/x?utm_source=newsletter&id=3)\n",
            "- [Talk](↓https://youtu.be/BaW_jenozKc?si=abc)\n",
        ],
        nonTriggeringExamples: [
            "1. [A](https://a.example/x?ref=main&source=paper&id=3)\n",
            "1. [Search](https://a.example/s?q=utm_source)\n",
        ],
        corrections: [
            .init("1. [A](https://a.example/x?utm_source=n&id=3#s)\n", "1. [A](https://a.example/x?id=3#s)\n"),
            .init("1. [A](https://a.example/x?fbclid=1)\n", "1. [A](https://a.example/x)\n"),
        ])

    public init() {}

    public func check(_ post: Post, context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for index in context.trackingParameters.keys.sorted() {
            // The link read in place (a copy would retain its strings).
            let url = post.links[index].url
            let names = context.trackingParameters[index]!
            let (line, column) = urlPosition(post, link: index)
            // Written into one buffer of the right size (an interpolation grew it four times).
            var message = "tracking parameters "
            message.reserveCapacity(64 + url.utf8.count + names.reduce(0) { $0 + $1.utf8.count + 2 })
            for (position, name) in names.enumerated() {
                if position > 0 { message += ", " }
                message += name
            }
            message += " in "
            message += url
            message += "; curate fmt removes them"
            findings.append(finding(post, line: line, column: column, message))
        }
        return findings
    }
}
