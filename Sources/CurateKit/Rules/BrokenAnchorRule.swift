/// `#fragment` links that lead to no heading or id of the file.
public struct BrokenAnchorRule: Rule {
    public static let description = RuleDescription(
        id: "broken-anchor",
        summary: "A `#fragment` link (or `docs/x.md#fragment` in the repository) matches no heading or id of the file.",
        rationale: """
            Tables of contents and "back to top" links go nowhere once a heading is renamed. Headings \
            get ids by the host's rules: GitHub's for a Markdown list (lowercase, punctuation and \
            emoji dropped, spaces to -, repeats -1, -2), kramdown's for a Jekyll post; explicit ids \
            ({#id}, {: #id}, id="...", <a name="...">) count too. A list's links into other Markdown \
            files of its git work tree are checked against theirs.
            """,
        defaultSeverity: .error,
        triggeringExamples: [
            "# Awesome\n\n- [Audio](↓#audio)\n\n## Video\n",
            "- [Second](↓#tools-2)\n\n## Tools\n\n## Tools\n",
            "## C++ & Rust\n\n- [Languages](↓#c-rust)\n",
            "## Tools\n\nSee [tools](↓#tool).\n",
        ],
        nonTriggeringExamples: [
            "# Awesome\n\n- [Audio](#audio)\n- [C++ & Rust](#c--rust)\n- [Back](#awesome)\n\n## Audio\n\n## C++ & Rust\n",
            "- [Second](#tools-1)\n\n## Tools\n\n## Tools\n",
            "- [Code](#the-jekyll_plugins-group)\n\n## The `jekyll_plugins` group\n",
            "- [Logo](#tools-)\n\n## Tools <img src=\"logo.svg\">\n",
            "- [Named](#old-name)\n\n<a name=\"old-name\"></a>\n## New name\n",
            "- [Kramdown](#install)\n\n## Installing {#install}\n",
            "- [Emoji](#-rocket-science)\n\n## 🚀 Rocket science\n",
            "- [Top](#top)\n- [Other file](other.md#nowhere)\n\n## Tools\n",
        ])

    public init() {}

    public func check(_ post: Post, context: RuleContext) -> [Finding] {
        let kind = context.location.kind
        let file = context.location.file ?? post.path
        // The site's kramdown options: a prefix, transliterated ids, or no heading ids.
        let options = context.location.site?.headingIDs ?? KramdownOptions()
        var anchors: Anchors?
        // Other Markdown files of the repository a list links into, read once each.
        var others: [String: Anchors?] = [:]
        var findings: [Finding] = []
        // The nearest id of each fragment in each file, found once (a list repeats links).
        var nearest: [String: String?] = [:]
        for link in context.linksNotPlainlyWeb(in: post) {
            let fragment: String
            let target: Anchors
            var place = "this file"
            switch LinkTarget.classify(link.url) {
            case let .fragment(found):
                if anchors == nil { anchors = Anchors(post, kind: kind, kramdown: options) }
                (fragment, target) = (found, anchors!)
            case let .path(path, found?) where !path.isEmpty && Self.isSameFile(path, as: file):
                if anchors == nil { anchors = Anchors(post, kind: kind, kramdown: options) }
                (fragment, target) = (found, anchors!)
            case let .path(path, found?) where !found.isEmpty:
                guard let other = Self.markdownFile(path, from: context.location) else { continue }
                if others[other] == nil { others[other] = .some(Self.anchors(ofFile: other)) }
                guard let otherAnchors = others[other]!, !found.hasPrefix("L") || !found.dropFirst().allSatisfy(\.isNumber)
                else { continue }
                (fragment, target, place) = (found, otherAnchors, path)
            default:
                continue
            }
            guard !target.contains(fragment: fragment, kind: kind) else { continue }
            var (line, column) = urlPosition(post, link)
            if let range = link.urlRange, let hash = post.bytes[range].firstIndex(of: UInt8(ascii: "#")) {
                (line, column) = post.point(at: hash)
            }
            var message = "#\(fragment) matches no heading or id in \(place)"
            let key = place + "\u{0}" + fragment
            if nearest[key] == nil { nearest[key] = .some(Self.nearest(fragment, in: target.ids)) }
            if let near = nearest[key]! { message += "; did you mean #\(near)?" }
            findings.append(finding(post, line: line, column: column, message))
        }
        return findings.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    }

    /// The Markdown file of the repository a list's relative link names, when it is on disk.
    static func markdownFile(_ path: String, from location: PostLocation) -> String? {
        guard location.kind == .list, let file = location.file, let root = location.repositoryRoot else { return nil }
        let lower = path.lowercased()
        guard lower.hasSuffix(".md") || lower.hasSuffix(".markdown") else { return nil }
        let target = Path.standardized(
            path.hasPrefix("/") ? Path.join(root, String(path.dropFirst())) : Path.join(Path.directory(of: file), path))
        guard target.hasPrefix(root + "/"), FileSystem.fileExists(target) else { return nil }
        return target
    }

    /// The anchors of another Markdown file as GitHub shows it; nil when it cannot be read.
    static func anchors(ofFile path: String) -> Anchors? {
        guard let post = try? PostReader.read(path: path) else { return nil }
        return Anchors(post, kind: PostKind.detect(post) == .jekyll ? .jekyll : .list)
    }

    /// Whether a relative `path` from `file`'s folder names `file` itself.
    static func isSameFile(_ path: String, as file: String) -> Bool {
        guard !path.hasPrefix("/") else { return false }
        return Path.standardized(Path.join(Path.directory(of: file), path)) == Path.standardized(file)
    }

    /// The id nearest to a misspelt fragment, when one is close.
    static func nearest(_ fragment: String, in ids: Set<String>) -> String? {
        let wanted = Array(fragment.lowercased().utf8)
        // The closest id within the limit, ties to the first in order; an id is measured
        // only as far as it could still beat the best so far (a post has thousands of ids).
        var best: (id: String, distance: Int)?
        for id in ids where !id.isEmpty {
            let bound = best?.distance ?? max(2, wanted.count / 4)
            guard abs(id.utf8.count - wanted.count) <= bound,
                let distance = EditDistance.levenshtein(Array(id.utf8), wanted, limit: bound)
            else { continue }
            if best.map({ (distance, id) < ($0.distance, $0.id) }) ?? true { best = (id, distance) }
        }
        return best?.id
    }
}
