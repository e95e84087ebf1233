extension DomainRule {
    /// GitHub repositories: owner and name are case-insensitive; the README views are the
    /// repository; files, issues and other pages under it are their own resources.
    public static let gitHub = DomainRule(
        id: "github",
        summary: """
            GitHub repositories are github.com/owner/repo, lowercased: .git, a trailing /, \
            /tree/main or /tree/master at the root, ?tab=readme-ov-file and #readme are the \
            repository; deeper pages (/blob/…, /issues/N) stay distinct with their path case; \
            gists are gist.github.com/ID; *.github.io sites are not the repository.
            """,
        hosts: ["github.com"],
        same: [
            [
                "https://github.com/TransformerLensOrg/TransformerLens",
                "https://www.github.com/transformerlensorg/transformerlens.git",
                "https://github.com/TransformerLensOrg/TransformerLens/tree/main?tab=readme-ov-file#readme",
                "https://github.com/TransformerLensOrg/TransformerLens/",
                "http://github.com/TransformerLensOrg/TransformerLens/tree/master",
            ],
            [
                "https://github.com/jbloomAus/SAELens/blob/main/README.md",
                "https://github.com/jbloomaus/saelens/blob/main/README.md",
            ],
            ["https://gist.github.com/karpathy/d4dee566867f8291f086", "https://gist.github.com/d4dee566867f8291f086"],
            ["https://github.com/NeelNanda-io", "https://github.com/neelnanda-io/"],
        ],
        different: [
            ("https://transformerlensorg.github.io/TransformerLens/", "https://github.com/TransformerLensOrg/TransformerLens"),
            ("https://rthaut.github.io/deviantART-Filter/", "https://rthaut.github.io/DeviantArt-Filter/"),
            (
                "https://github.com/TransformerLensOrg/TransformerLens",
                "https://github.com/TransformerLensOrg/TransformerLens/issues"
            ),
            (
                "https://github.com/TransformerLensOrg/TransformerLens",
                "https://github.com/TransformerLensOrg/TransformerLens/tree/dev"
            ),
            ("https://github.com/a/b/blob/main/README.md", "https://github.com/a/b/blob/main/readme.md"),
            ("https://github.com/a/b/issues/1", "https://github.com/a/b/issues/2"),
            ("https://github.com/neelnanda-io", "https://github.com/neelnanda-io?tab=repositories"),
            ("https://github.com/a/b", "https://github.com/a/c"),
        ],
        related: Related(
            hosts: ["github.com", "github.io"],
            examples: [
                ("https://github.com/jbloomAus/SAELens/blob/main/README.md", "https://github.com/jbloomAus/SAELens"),
                ("https://github.com/a/b/issues/1", "https://github.com/a/b"),
                (
                    "https://transformerlensorg.github.io/TransformerLens/",
                    "https://github.com/TransformerLensOrg/TransformerLens"
                ),
                ("https://neelnanda-io.github.io/", "https://github.com/neelnanda-io"),
            ],
            keys: { key, parts in
                let host = parts[0]
                if host == "github.com", parts.count > 3 {
                    return [("github.com/\(parts[1])/\(parts[2])", "a page of the repository")]
                }
                guard host.hasSuffix(".github.io"), host.count > ".github.io".count else { return [] }
                let owner = host.dropLast(".github.io".count)
                if parts.count > 1, !parts[1].contains("?") {
                    return [("github.com/\(owner)/\(parts[1].lowercased())", "the GitHub Pages site of the repository")]
                }
                return [("github.com/\(owner)", "the GitHub Pages site of the account")]
            }),
        canonicalize: { url in
            if url.host == "gist.github.com" {
                let segments = url.segments
                guard let id = segments.last, segments.count <= 2, id.count >= 20,
                    id.allUTF8Satisfy(isHexDigit)
                else { return nil }
                return NormalizedURL(host: "gist.github.com", path: "/" + id.lowercased())
            }
            guard url.host == "github.com" else { return nil }
            let segments = url.segments
            guard let first = segments.first else { return nil }
            // Paths are ASCII after normalization: their lower case is ASCII's.
            let owner = first.asciiLowercased()
            guard !GitHub.reserved.contains(owner) else { return nil }
            if segments.count == 1 {
                return NormalizedURL(host: "github.com", path: Array(("/" + owner).utf8), query: url.query)
            }
            var repository = segments[1]
            if repository.hasSuffixIgnoringCase(".git") { repository = repository.dropLast(4) }
            guard !repository.isEmpty else { return nil }
            var rest = segments.dropFirst(2)
            var query = url.query
            if rest.count == 2, rest.first == "tree", rest.last == "main" || rest.last == "master" { rest = [] }
            if rest.isEmpty {
                // The README views of the repository's front page.
                query.removeAll { parameter in
                    parameter.starts(with: "tab=".utf8) && parameter.reversed().starts(with: "elif-vo-".utf8)
                }
            }
            var path: [UInt8] = []
            path.reserveCapacity(url.path.count + 1)
            path.append(UInt8(ascii: "/"))
            path.append(contentsOf: owner.utf8)
            path.append(UInt8(ascii: "/"))
            let repositoryStart = path.count
            path.append(contentsOf: repository.utf8)
            for index in repositoryStart..<path.count { path[index] = lowercasedASCII(path[index]) }
            for segment in rest {
                path.append(UInt8(ascii: "/"))
                path.append(contentsOf: segment.utf8)
            }
            return NormalizedURL(host: "github.com", path: path, query: query)
        })
}

enum GitHub {
    /// First path segments that are GitHub's own pages, not an owner.
    static let reserved: Set<String> = [
        "about", "apps", "codespaces", "collections", "contact", "copilot", "customer-stories", "dashboard",
        "enterprise", "events", "explore", "features", "issues", "login", "logout", "marketplace", "new",
        "notifications", "organizations", "orgs", "pricing", "pulls", "readme", "resources", "search", "security",
        "settings", "signup", "site", "solutions", "sponsors", "stars", "team", "topics", "trending", "users",
    ]
}
