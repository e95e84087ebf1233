/// Links to files of the repository or the Jekyll site that are not there.
public struct BrokenLocalLinkRule: Rule {
    public static let description = RuleDescription(
        id: "broken-local-link",
        summary:
            "A link to a file of the repository or Jekyll site (`docs/x.md`, `{% link %}`, `{% post_url %}`) names one that is not there.",
        rationale: """
            Jekyll stops the build when {% link %} or {% post_url %} finds no file, and a relative \
            link in a README that names a missing file is a 404 on GitHub. Checked when the file is \
            on disk: a Markdown list's relative links against its git work tree (paths that leave \
            it, such as ../../issues, are GitHub's pages and not checked), a Jekyll post's Liquid \
            links against the site around it (the folder with _config.yml).
            """,
        defaultSeverity: .error,
        triggeringExamples: [
            "---\ntitle: T\n---\n\n- [Gone]({% post_url ↓2024-01-02-gone %})\n",
            "---\ntitle: T\n---\n\nSee [the docs]({% link ↓_docs/missing.md %}).\n",
        ],
        nonTriggeringExamples: [
            "---\ntitle: T\n---\n\n- [Release]({% post_url 2024-01-02-release %})\n",
            "---\ntitle: T\n---\n\nSee [the history]({% link _docs/history.md %}#v1).\n",
            "- [Contributing](CONTRIBUTING.md) - relative links are checked only on disk\n",
        ],
        exampleSite: [
            "_config.yml": "title: Example\n", "_posts/2024-01-02-release.md": "---\ntitle: R\n---\n",
            "_docs/history.md": "---\ntitle: H\n---\n",
        ])

    public init() {}

    public func check(_ post: Post, context: RuleContext) -> [Finding] {
        let location = context.location
        var findings: [Finding] = []
        for link in context.linksNotPlainlyWeb(in: post) {
            guard let message = problem(LinkTarget.classify(link.url), location) else { continue }
            var (line, column) = urlPosition(post, link)
            if let range = link.urlRange, let argument = argumentOffset(post, range) { (line, column) = post.point(at: argument) }
            findings.append(finding(post, line: line, column: column, message))
        }
        return findings
    }

    private func problem(_ target: LinkTarget, _ location: PostLocation) -> String? {
        switch target {
        case .postURL, .liquidLink: break
        case .path where location.kind == .list: break
        default: return nil  // a Jekyll post's site paths: unknown-site-path
        }
        guard case let .missing(message) = LocalLinks.verdict(target, at: location) else { return nil }
        return message
    }

    /// The start of a Liquid tag's argument (`{% link ↓path %}`) inside a link's destination.
    private func argumentOffset(_ post: Post, _ range: Range<Int>) -> Int? {
        let bytes = post.bytes[range]
        guard bytes.starts(with: Array("{%".utf8)) else { return nil }
        var i = range.lowerBound + 2
        while i < range.upperBound, bytes[i] == 0x20 || bytes[i] == UInt8(ascii: "-") { i += 1 }
        while i < range.upperBound, bytes[i] != 0x20 { i += 1 }
        while i < range.upperBound, bytes[i] == 0x20 { i += 1 }
        return i < range.upperBound ? i : nil
    }
}
