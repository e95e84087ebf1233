/// Destinations that are not absolute http(s) URLs.
public struct InvalidURLRule: Rule {
    public static let description = RuleDescription(
        id: "invalid-url",
        summary: "A link's URL is not an absolute http(s) URL (spaces, another scheme, javascript:, relative).",
        rationale: "Readers follow these links from anywhere; a URL that does not parse or is not a web page breaks.",
        defaultSeverity: .error,
        triggeringExamples: [
            "1. [Run](↓javascript:alert(1))\n",
            "1. [Files](↓ftp://files.example/a)\n",
            "1. [Spaces](<↓https://a.example/a b>)\n",
            "1. [About](↓/about)\n",
            "1. [Port](↓https://a.example:99999/)\n",
        ],
        nonTriggeringExamples: [
            "1. [A](https://a.example/x?q=1#top)\n",
            "1. [Wiki](https://en.wikipedia.org/wiki/Circuit_(neural_network))\n",
            "1. [IDN](https://bücher.example/)\n",
        ])

    public init() {}

    public func check(_ post: Post, context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for index in context.problems.keys.sorted() {
            let link = post.links[index]
            guard !link.url.isEmpty, link.form != .bare, let problem = context.problems[index] else { continue }
            let (line, column) = urlPosition(post, link)
            findings.append(finding(post, line: line, column: column, "\(link.url) is not a web link: \(problem)"))
        }
        return findings
    }
}

/// Line and byte column of a link's URL (or of the link when the URL is not inline).
func urlPosition(_ post: Post, _ link: Link) -> (Int, Int) {
    guard let range = link.urlRange else { return (link.line, link.column) }
    return post.point(at: range.lowerBound)
}
