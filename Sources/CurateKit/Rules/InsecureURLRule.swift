/// Links over plain http.
public struct InsecureURLRule: Rule {
    public static let description = RuleDescription(
        id: "insecure-url",
        summary: "A link uses http:// instead of https://.",
        rationale: "Most sites serve https; plain http can be altered on the way. Check that the https page works, then switch.",
        defaultSeverity: .warning,
        triggeringExamples: ["1. [A](↓http://a.example/x)\n", "- <↓HTTP://A.EXAMPLE/>\n"],
        nonTriggeringExamples: ["1. [A](https://a.example/x)\n"])

    public init() {}

    public func check(_ post: Post, context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for index in post.links.indices where context.linkTraits[index].contains(.insecure) {
            let link = post.links[index]
            let (line, column) = urlPosition(post, link)
            findings.append(finding(post, line: line, column: column, "\(link.url) uses http; use https if the site serves it"))
        }
        return findings
    }
}
