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
        summary: "LinkedIn pages: trk, trackingId, lipi and refId are ignored, m. is dropped.",
        hosts: ["linkedin.com"],
        same: [
            [
                "https://www.linkedin.com/in/someone?trk=public_profile&lipi=urn",
                "https://m.linkedin.com/in/someone", "https://linkedin.com/in/someone/",
            ]
        ],
        different: [("https://www.linkedin.com/in/someone", "https://www.linkedin.com/in/someone-else")],
        trackingParameters: ["linkedin.com": ["trk", "trackingid", "lipi", "refid"]],
        mobileHosts: ["linkedin.com"])

    /// Reddit: share links carry who shared them; m. is the same site.
    public static let reddit = DomainRule(
        id: "reddit",
        summary: "Reddit threads: share_id, rdt and ref_source of share links are ignored, m. is dropped.",
        hosts: ["reddit.com"],
        same: [
            [
                "https://www.reddit.com/r/MachineLearning/comments/abc123/x/?share_id=XyZ&rdt=1",
                "https://m.reddit.com/r/MachineLearning/comments/abc123/x",
            ]
        ],
        different: [
            (
                "https://www.reddit.com/r/MachineLearning/comments/abc123/x",
                "https://www.reddit.com/r/MachineLearning/comments/abc124/x"
            )
        ],
        trackingParameters: ["reddit.com": ["share_id", "rdt", "ref_source"]],
        mobileHosts: ["reddit.com"])

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
        summary: "Amazon products: the referral and placement parameters (ref_, pd_rd_*, pf_rd_*, psc, th) are ignored.",
        hosts: ["amazon.com"],
        same: [
            [
                "https://www.amazon.com/dp/0262035618?ref_=ast_sto_dp&psc=1&pd_rd_w=x",
                "https://www.amazon.com/dp/0262035618",
            ]
        ],
        different: [("https://www.amazon.com/dp/0262035618", "https://www.amazon.com/dp/0262035619")],
        trackingParameters: [
            "amazon.com": ["ref_", "pd_rd_w", "pd_rd_r", "pd_rd_wg", "pf_rd_p", "pf_rd_r", "psc", "th"]
        ])

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
