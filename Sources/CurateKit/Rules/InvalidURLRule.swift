/// Destinations that are not absolute http(s) URLs, nor anything else a list or a Jekyll
/// post links to on purpose.
public struct InvalidURLRule: Rule {
    public static let description = RuleDescription(
        id: "invalid-url",
        summary: "A link's URL is not a valid http(s) URL (spaces, another scheme, javascript:, a host without https://).",
        rationale: """
            Readers follow these links from anywhere; a URL that does not parse or is not a web page \
            breaks. Anchors (#x), paths in the repository or site (docs/x.md, /docs/), Liquid \
            ({% link %}, {{ site.baseurl }}) and mailto: are not web URLs and are left to the rules \
            that check where they lead.
            """,
        defaultSeverity: .error,
        triggeringExamples: [
            "1. [Run](↓javascript:alert(1))\n",
            "1. [Files](↓ftp://files.example/a)\n",
            "1. [Local](↓file:///home/a/list.md)\n",
            "---\ntitle: T\n---\n\n1. [kramdown](↓https://a.example/my doc.pdf)\n",
            "1. [Site](↓www.example.com/tools)\n",
            "1. [Port](↓https://a.example:99999/)\n",
        ],
        nonTriggeringExamples: [
            "1. [A](https://a.example/x?q=1#top)\n",
            "1. [Wiki](https://en.wikipedia.org/wiki/Circuit_(neural_network))\n",
            "1. [IDN](https://bücher.example/)\n",
            "1. [Spaces](<https://a.example/my doc.pdf>)\n",
            "---\ntitle: T\n---\n\n1. [Spaced](<https://a.example/my doc.pdf>)\n",
            "- [Audio](#audio)\n- [Contributing](CONTRIBUTING.md)\n- [Docs](./docs/x.md)\n- [About](/about)\n",
            "- [Mail](mailto:curator@example.org)\n",
            "- [Post]({% post_url 2024-01-02-x %})\n- [Docs]({{ site.baseurl }}/docs/)\n",
        ])

    public init() {}

    public func check(_ post: Post, context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        // A plain http(s) URL is a web link (LinkTarget.classify), wrong only with a problem.
        for index in post.links.indices
        where context.problems[index] != nil || context.linkTraits[index].contains(.notPlainWeb) {
            let link = post.links[index]
            guard !link.url.isEmpty, link.form != .bare else { continue }
            let message: String
            switch LinkTarget.classify(link.url) {
            case .web:
                guard let problem = context.problems[index], !link.url.lowercased().hasPrefix("mailto:") else { continue }
                message = "\(link.url) is not a web link: \(problem)"
            case let .path(path, _) where Self.looksLikeHost(path) && !Self.isFile(path, near: context.location):
                message = "\(link.url) is not a web link: it names a host without https:// (write https://\(link.url))"
            default:
                continue
            }
            let (line, column) = urlPosition(post, link)
            findings.append(finding(post, line: line, column: column, message))
        }
        return findings
    }

    /// Whether a relative path names a file beside the post on disk (`logo.ai`).
    static func isFile(_ path: String, near location: PostLocation) -> Bool {
        guard let file = location.file else { return false }
        let target = Path.join(Path.directory(of: file), path)
        return FileSystem.fileExists(target) || FileSystem.directoryExists(target)
    }

    /// A relative path that is surely a forgotten `https://`: `www.example.com/x`, or a first
    /// component ending in a common web domain (`example.com`, `tool.io`).
    static func looksLikeHost(_ path: String) -> Bool {
        guard !path.hasPrefix("/"), !path.hasPrefix("."), let first = path.split(separator: "/").first else { return false }
        let host = first.lowercased()
        if host.hasPrefix("www.") && host.count > 4 { return true }
        guard let dot = host.lastIndex(of: "."), host.startIndex < dot else { return false }
        let tld = host[host.index(after: dot)...]
        return ["com", "org", "net", "io", "dev", "ai", "app", "edu", "gov"].contains(tld)
    }
}

/// Line and byte column of a link's URL (or of the link when the URL is not inline).
func urlPosition(_ post: Post, _ link: Link) -> (Int, Int) {
    guard let range = link.urlRange else { return (link.line, link.column) }
    return post.point(at: range.lowerBound)
}

/// ``urlPosition(_:_:)`` of `post.links[index]`, read in place.
func urlPosition(_ post: Post, link index: Int) -> (Int, Int) {
    guard let range = post.links[index].urlRange else { return (post.links[index].line, post.links[index].column) }
    return post.point(at: range.lowerBound)
}
