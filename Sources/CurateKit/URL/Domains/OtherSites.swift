extension DomainRule {
    /// Substack newsletters: the referral and sign-up parameters of shared links.
    public static let substack = DomainRule(
        id: "substack",
        summary: """
            Substack posts: the referral and sign-up parameters of shared links (r, triedRedirect, \
            showWelcome, publication_id, post_id, isFreemail, token) are ignored.
            """,
        hosts: ["substack.com"],
        same: [
            [
                "https://example.substack.com/p/a-post?r=2abc&triedRedirect=true",
                "https://example.substack.com/p/a-post?utm_medium=email&showWelcome=true",
                "https://example.substack.com/p/a-post",
            ]
        ],
        different: [("https://example.substack.com/p/a-post", "https://example.substack.com/p/b-post")],
        trackingParameters: [
            "substack.com": ["r", "triedredirect", "showwelcome", "publication_id", "post_id", "isfreemail", "token"]
        ])

    /// LinkedIn: its own click tracking; m. is the same site.
    public static let linkedIn = DomainRule(
        id: "linkedin",
        summary:
            "LinkedIn pages: trk, trackingId, lipi and refId are ignored, m. is dropped; profile and company names (in/…, company/…) are case-insensitive.",
        hosts: ["linkedin.com"],
        same: [
            [
                "https://www.linkedin.com/in/someone?trk=public_profile&lipi=urn",
                "https://m.linkedin.com/in/someone", "https://linkedin.com/in/someone/", "https://www.linkedin.com/in/SomeOne",
            ],
            ["https://www.linkedin.com/company/Anthropic", "https://www.linkedin.com/company/anthropic/"],
        ],
        different: [
            ("https://www.linkedin.com/in/someone", "https://www.linkedin.com/in/someone-else"),
            ("https://www.linkedin.com/pulse/A-Post", "https://www.linkedin.com/pulse/a-post-2"),
        ],
        trackingParameters: ["linkedin.com": ["trk", "trackingid", "lipi", "refid"]],
        mobileHosts: ["linkedin.com"],
        canonicalize: { url in
            guard url.host == "linkedin.com" else { return nil }
            let segments = url.segments
            guard segments.count == 2, ["in", "company", "school"].contains(segments[0]) else { return nil }
            return NormalizedURL(
                host: "linkedin.com", path: Array(("/\(segments[0])/" + segments[1].lowercasedKeepingEscapes()).utf8),
                query: url.query, fragment: url.fragment)
        })

    /// Reddit: share links carry who shared them; m. is the same site.
    public static let reddit = DomainRule(
        id: "reddit",
        summary: """
            Reddit: share_id, rdt and ref_source of share links are ignored, m. and old. are \
            dropped; a thread is its id (r/SUB/comments/ID, whatever the slug and the \
            subreddit's case); subreddits and users are case-insensitive.
            """,
        hosts: ["reddit.com"],
        same: [
            [
                "https://www.reddit.com/r/MachineLearning/comments/abc123/x/?share_id=XyZ&rdt=1",
                "https://m.reddit.com/r/MachineLearning/comments/abc123/x",
                "https://old.reddit.com/r/machinelearning/comments/abc123/another_slug/",
                "https://www.reddit.com/comments/abc123",
            ],
            ["https://www.reddit.com/r/MachineLearning/", "https://reddit.com/r/machinelearning"],
        ],
        different: [
            (
                "https://www.reddit.com/r/MachineLearning/comments/abc123/x",
                "https://www.reddit.com/r/MachineLearning/comments/abc124/x"
            ),
            (
                "https://www.reddit.com/r/MachineLearning/comments/abc123/x",
                "https://www.reddit.com/r/MachineLearning/comments/abc123/x/def456"
            ),
            ("https://www.reddit.com/r/MachineLearning", "https://www.reddit.com/r/MachineLearning/wiki"),
        ],
        trackingParameters: ["reddit.com": ["share_id", "rdt", "ref_source"]],
        mobileHosts: ["reddit.com"],
        canonicalize: { url in
            guard url.host == "reddit.com" || url.host == "old.reddit.com" else { return nil }
            let segments = url.segments
            // A thread (and a comment in it: comments/ID/SLUG/COMMENT).
            if let comments = segments.firstIndex(of: "comments"), comments + 1 < segments.count,
                comments == 0 || (comments == 2 && segments[0] == "r")
            {
                let id = segments[comments + 1].lowercasedKeepingEscapes()
                // (A comment keeps a placeholder slug: its key reads back as the same.)
                let comment = segments.count > comments + 3 ? "/_/" + segments[comments + 3].lowercasedKeepingEscapes() : ""
                return NormalizedURL(host: "reddit.com", path: "/comments/" + id + comment)
            }
            if segments.count == 2, segments[0] == "r" || segments[0] == "u" || segments[0] == "user" {
                let kind = segments[0] == "r" ? "r" : "user"
                return NormalizedURL(
                    host: "reddit.com", path: Array(("/\(kind)/" + segments[1].lowercasedKeepingEscapes()).utf8),
                    query: url.query,
                    fragment: url.fragment)
            }
            if url.host == "old.reddit.com" {
                var same = url
                same.host = "reddit.com"
                return same
            }
            return nil
        })

    /// Spotify: share links carry who shared them and from where.
    public static let spotify = DomainRule(
        id: "spotify",
        summary: "Spotify shows and episodes: si and context of share links are ignored.",
        hosts: ["spotify.com"],
        same: [
            [
                "https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk?si=abc&context=spotify%3Ashow",
                "https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk",
            ]
        ],
        different: [
            ("https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk", "https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMj")
        ],
        trackingParameters: ["spotify.com": ["si", "context"]])

    /// Amazon: the referral and placement parameters of product links.
    public static let amazon = DomainRule(
        id: "amazon",
        summary:
            "Amazon products are amazon.com/dp/ASIN (from /dp/, /gp/product/, a title slug before /dp/ and a /ref=… after it); the referral and placement parameters (ref_, pd_rd_*, pf_rd_*, psc, th) are ignored.",
        hosts: ["amazon.com"],
        same: [
            [
                "https://www.amazon.com/dp/0262035618?ref_=ast_sto_dp&psc=1&pd_rd_w=x",
                "https://www.amazon.com/dp/0262035618",
                "https://www.amazon.com/Deep-Learning-Goodfellow/dp/0262035618/ref=sr_1_1",
                "https://www.amazon.com/gp/product/0262035618",
            ]
        ],
        different: [("https://www.amazon.com/dp/0262035618", "https://www.amazon.com/dp/0262035619")],
        trackingParameters: [
            "amazon.com": ["ref_", "pd_rd_w", "pd_rd_r", "pd_rd_wg", "pf_rd_p", "pf_rd_r", "psc", "th"]
        ],
        canonicalize: { url in
            // A product is its ASIN: /dp/ID, /gp/product/ID, a title slug before /dp/, and
            // the referral written in the path (/ref=sr_1_1) name the same page.
            guard url.host == "amazon.com" else { return nil }
            let segments = url.segments
            var id: Substring?
            if let dp = segments.firstIndex(of: "dp"), dp + 1 < segments.count {
                id = segments[dp + 1]
            } else if segments.count >= 3, segments[0] == "gp", segments[1] == "product" {
                id = segments[2]
            }
            guard let id, id.utf8.count == 10, id.utf8.allSatisfy({ isAlpha($0) || isDigit($0) }) else { return nil }
            return NormalizedURL(
                host: "amazon.com", path: Array(("/dp/" + id.uppercased()).utf8), query: url.query, fragment: url.fragment)
        })

    /// PyPI projects: names are normalized as pip reads them (PEP 503).
    public static let pyPI = DomainRule(
        id: "pypi",
        summary: """
            PyPI projects: pypi.org/project/NAME, the name lowercased with runs of -, _ and . \
            as one - (PEP 503); a release (project/NAME/VERSION) stays its own page.
            """,
        hosts: ["pypi.org"],
        same: [
            [
                "https://pypi.org/project/Foo_Bar/", "https://pypi.org/project/foo-bar",
                "https://pypi.org/project/foo.bar", "https://www.pypi.org/project/FOO--bar/",
            ]
        ],
        different: [
            ("https://pypi.org/project/foo-bar", "https://pypi.org/project/foobar"),
            ("https://pypi.org/project/foo-bar", "https://pypi.org/project/foo-bar/1.0/"),
        ],
        canonicalize: { url in
            guard url.host == "pypi.org" else { return nil }
            let segments = url.segments
            guard segments.count >= 2, segments[0] == "project" else { return nil }
            var name = ""
            var inRun = false
            for character in segments[1].lowercasedKeepingEscapes() {
                if character == "-" || character == "_" || character == "." {
                    if !inRun { name.append("-") }
                    inRun = true
                } else {
                    name.append(character)
                    inRun = false
                }
            }
            // The rest of the path as it is (after `/project/NAME`).
            let prefix = "/project/".utf8.count + segments[1].utf8.count
            guard url.path.starts(with: "/project/".utf8), url.path.count >= prefix,
                url.path[9..<prefix].elementsEqual(segments[1].utf8)
            else { return nil }
            let rest = Array(url.path[prefix...])
            return NormalizedURL(
                host: "pypi.org", path: Array(("/project/" + name).utf8) + rest, query: url.query, fragment: url.fragment)
        })

    /// Facebook: m. is the same site.
    public static let facebook = DomainRule(
        id: "facebook",
        summary: "Facebook pages: m. and mobile. are dropped.",
        hosts: ["facebook.com"],
        same: [["https://m.facebook.com/someone", "https://www.facebook.com/someone"]],
        different: [("https://www.facebook.com/someone", "https://www.facebook.com/someone-else")],
        mobileHosts: ["facebook.com"])

    /// IMDb: m. is the same site.
    public static let imdb = DomainRule(
        id: "imdb",
        summary: "IMDb titles: m. is dropped.",
        hosts: ["imdb.com"],
        same: [["https://m.imdb.com/title/tt0111161/", "https://www.imdb.com/title/tt0111161"]],
        different: [("https://www.imdb.com/title/tt0111161", "https://www.imdb.com/title/tt0068646")],
        mobileHosts: ["imdb.com"])
}
