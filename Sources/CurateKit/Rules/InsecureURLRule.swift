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
        for link in post.links where link.url.utf8.count > 7 {
            guard link.url.utf8.prefix(7).map({ $0 | 0x20 }).elementsEqual("http://".utf8) else { continue }
            let (line, column) = urlPosition(post, link)
            findings.append(finding(post, line: line, column: column, "\(link.url) uses http; use https if the site serves it"))
        }
        return findings
    }
}
