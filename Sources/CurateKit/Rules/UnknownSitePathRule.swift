/// Site-relative links of a Jekyll post that match no page of the site.
public struct UnknownSitePathRule: Rule {
    public static let description = RuleDescription(
        id: "unknown-site-path",
        summary:
            "A Jekyll post's site-relative link (`/docs/x/`, `{{ site.baseurl }}/x`) matches no page, post or file of the site.",
        rationale: """
            A link to a page that was moved or renamed is a 404 on the published site. curate \
            computes the URLs of the site's pages, posts and collection documents from their \
            permalinks and _config.yml (baseurl, permalink, collections, defaults); pages that \
            plugins generate (pagination, archives, feeds) are invisible to it, hence a warning. \
            Checked only when the post is inside its site.
            """,
        defaultSeverity: .warning,
        triggeringExamples: [
            "---\ntitle: T\n---\n\n- [Moved](↓/docs/moved/)\n",
            "---\ntitle: T\n---\n\n- [Old]({{ site.baseurl }}↓/2023/01/01/old.html)\n",
        ],
        nonTriggeringExamples: [
            "---\ntitle: T\n---\n\n- [History](/docs/history/)\n- [Release]({{ site.baseurl }}/2024/01/02/release.html)\n",
            "---\ntitle: T\n---\n\n- [Logo](/assets/logo.png)\n- [Quickstart]({{ '/docs/' | relative_url }})\n",
            "# A list\n\n- [History](/docs/history/) - a README's links are not the site's\n",
        ],
        exampleSite: [
            "_config.yml": "collections:\n  docs:\n    output: true\n    permalink: /:collection/:path/\n",
            "_posts/2024-01-02-release.md": "---\ntitle: R\n---\n", "_docs/history.md": "---\ntitle: H\n---\n",
            "_docs/index.md": "---\ntitle: Docs\npermalink: /docs/\n---\n", "assets/logo.png": "",
        ])

    public init() {}

    public func check(_ post: Post, context: RuleContext) -> [Finding] {
        guard context.location.kind == .jekyll else { return [] }
        guard context.location.site != nil else { return [] }
        var findings: [Finding] = []
        for link in context.linksNotPlainlyWeb(in: post) {
            let target = LinkTarget.classify(link.url)
            guard case .path = target, case let .missing(message) = LocalLinks.verdict(target, at: context.location)
            else { continue }
            var (line, column) = urlPosition(post, link)
            if let range = link.urlRange, let slash = post.bytes[range].firstIndex(where: { $0 == UInt8(ascii: "/") }),
                !post.bytes[range].starts(with: Array("{{ '".utf8))
            {
                (line, column) = post.point(at: slash)
            }
            findings.append(finding(post, line: line, column: column, message))
        }
        return findings
    }
}
