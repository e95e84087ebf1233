extension DomainRule {
    /// Medium posts end in a hexadecimal post id, whatever the author, publication or slug.
    public static let medium = DomainRule(
        id: "medium",
        summary: """
            Medium posts are medium.com/p/HASH: the hexadecimal id at the end of the slug, on \
            medium.com, a publication or an author's subdomain; ?source=… is ignored.
            """,
        hosts: ["medium.com"],
        same: [
            [
                "https://medium.com/@himankvjain/why-decoder-only-transformers-fc60ee77959b?source=rss",
                "https://medium.com/p/fc60ee77959b", "https://himankvjain.medium.com/why-decoder-only-transformers-fc60ee77959b",
                "https://medium.com/some-publication/why-decoder-only-transformers-fc60ee77959b",
            ]
        ],
        different: [
            ("https://medium.com/p/fc60ee77959b", "https://medium.com/p/fc60ee77959c"),
            ("https://medium.com/@himankvjain", "https://medium.com/@otherauthor"),
        ],
        trackingParameters: ["medium.com": ["source", "sk"]],
        mobileHosts: ["medium.com"],
        canonicalize: { url in
            let segments = url.segments
            guard let last = segments.last else { return nil }
            var hash: Substring
            if segments.count == 2, segments[0] == "p" {
                hash = last
            } else if let dash = last.lastIndex(of: "-") {
                hash = last[last.index(after: dash)...]
            } else {
                return nil
            }
            guard hash.utf8.count >= 10, hash.utf8.count <= 12,
                hash.utf8.allSatisfy({ isDigit($0) || ($0 >= 0x61 && $0 <= 0x66) }),
                hash.utf8.contains(where: isDigit)
            else { return nil }
            return NormalizedURL(host: "medium.com", path: "/p/" + hash)
        })

    /// Wikipedia articles: MediaWiki's title normalization.
    public static let wikipedia = DomainRule(
        id: "wikipedia",
        summary: """
            Wikipedia articles are LANG.wikipedia.org/wiki/Title with MediaWiki's title rules: \
            spaces are underscores, the first letter is capitalized, punctuation escapes such \
            as %28 %29 are the characters, /w/index.php?title= is the article, m. is dropped.
            """,
        hosts: ["wikipedia.org"],
        same: [
            [
                "https://en.wikipedia.org/wiki/Circuit_(neural_network)",
                "https://en.wikipedia.org/wiki/Circuit_%28neural_network%29",
                "https://en.m.wikipedia.org/wiki/circuit_(neural_network)",
                "https://en.wikipedia.org/w/index.php?title=Circuit_(neural_network)",
                "https://en.wikipedia.org/wiki/Circuit%20(neural%20network)",
            ]
        ],
        different: [
            ("https://en.wikipedia.org/wiki/Transformer", "https://de.wikipedia.org/wiki/Transformer"),
            ("https://en.wikipedia.org/wiki/CPU_cache", "https://en.wikipedia.org/wiki/CPU_Cache"),
            ("https://en.wikipedia.org/wiki/Transformer", "https://en.wikipedia.org/w/index.php?title=Transformer&oldid=1"),
        ],
        mobileHosts: ["wikipedia.org", "wikimedia.org", "wiktionary.org"],
        canonicalize: { url in
            guard url.host.hasSuffix(".wikipedia.org"), url.host.utf8.count > ".wikipedia.org".utf8.count else { return nil }
            var query = url.query
            var title: ArraySlice<UInt8>
            let path = url.path
            if path.starts(with: "/wiki/".utf8), path.count > 6 {
                title = path[6...]
            } else if path.elementsEqual("/w/index.php".utf8),
                let index = query.firstIndex(where: { $0.starts(with: "title=".utf8) })
            {
                title = query[index][6...]
                query.remove(at: index)
            } else {
                return nil
            }
            guard let normalized = Wikipedia.title(title) else { return nil }
            return NormalizedURL(host: url.host, path: Array(("/wiki/" + normalized).utf8), query: query)
        })

    /// Twitter and X: one site under two names; a tweet is its numeric id.
    public static let twitter = DomainRule(
        id: "twitter",
        summary: """
            Twitter is x.com; tweets are x.com/i/status/ID whoever's name is in the path \
            (a trailing /photo/N too); profiles are case-insensitive.
            """,
        hosts: ["twitter.com", "x.com"],
        same: [
            [
                "https://twitter.com/NeelNanda5/status/1580000000000000000?s=20",
                "https://x.com/neelnanda5/status/1580000000000000000", "https://mobile.twitter.com/x/status/1580000000000000000",
                "https://x.com/i/web/status/1580000000000000000",
            ],
            ["https://twitter.com/NeelNanda5", "https://x.com/neelnanda5"],
            ["https://x.com/search?q=rust&src=typed_query", "https://twitter.com/search?q=rust"],
        ],
        different: [
            ("https://x.com/a/status/1580000000000000000", "https://x.com/a/status/1580000000000000001"),
            ("https://x.com/a", "https://x.com/b"),
            ("https://x.com/search?q=rust", "https://x.com/search?q=python"),
            ("https://x.com/search?q=rust&src=typed_query", "https://x.com/search?q=go&src=typed_query"),
            ("https://x.com/explore?q=rust", "https://x.com/explore?q=python"),
        ],
        trackingParameters: [
            "twitter.com": ["ref_src", "ref_url", "s", "t", "src"], "x.com": ["ref_src", "ref_url", "s", "t", "src"],
        ],
        mobileHosts: ["twitter.com", "x.com"],
        canonicalize: { url in
            guard url.host == "twitter.com" || url.host == "x.com" else { return nil }
            let segments = url.segments
            if let status = segments.firstIndex(where: { $0 == "status" || $0 == "statuses" }), status >= 1,
                status + 1 < segments.count, segments[status + 1].utf8.allSatisfy(isDigit)
            {
                return NormalizedURL(host: "x.com", path: "/i/status/" + segments[status + 1])
            }
            // A profile, unless the name is one of the site's own pages (`/search?q=…`,
            // whose query is the page).
            if segments.count == 1, segments[0].utf8.allSatisfy({ isAlpha($0) || isDigit($0) || $0 == 0x5F }),
                !Self.twitterPages.contains(segments[0].lowercased())
            {
                return NormalizedURL(host: "x.com", path: "/" + segments[0].lowercased())
            }
            var same = url
            same.host = "x.com"
            return same
        })

    /// First path segments that are x.com's own pages, not a profile.
    static let twitterPages: Set<String> = [
        "search", "explore", "home", "notifications", "messages", "settings", "compose", "login", "logout", "signup",
        "hashtag", "i", "intent", "share", "tos", "privacy", "about", "download", "jobs", "verified", "premium",
    ]

    /// Google Docs, Sheets, Slides, Forms and Drive files: the document id.
    public static let googleDocs = DomainRule(
        id: "google-docs",
        summary: """
            Google Docs, Sheets, Slides and Forms are docs.google.com/TYPE/d/ID and Drive files \
            drive.google.com/file/d/ID: /edit, /view, /preview, /u/N and ?usp=… are ignored.
            """,
        hosts: ["docs.google.com", "drive.google.com"],
        same: [
            [
                "https://docs.google.com/document/d/1aBcD-efGh_IJ/edit?usp=sharing",
                "https://docs.google.com/document/d/1aBcD-efGh_IJ/view", "https://docs.google.com/document/u/0/d/1aBcD-efGh_IJ/",
            ],
            [
                "https://drive.google.com/file/d/1XyZ_abc/view?usp=drive_link",
                "https://drive.google.com/open?id=1XyZ_abc",
            ],
        ],
        different: [
            ("https://docs.google.com/document/d/1aBcD-efGh_IJ/edit", "https://docs.google.com/document/d/1abcd-efgh_ij/edit"),
            ("https://docs.google.com/document/d/1aBcD/edit", "https://docs.google.com/spreadsheets/d/1aBcD/edit"),
        ],
        canonicalize: { url in
            var segments = url.segments[...]
            if url.host == "drive.google.com" {
                if segments.count == 1, segments[0] == "open", let id = url.parameter("id"), !id.isEmpty {
                    return NormalizedURL(host: "drive.google.com", path: "/file/d/" + id)
                }
                guard segments.count >= 3, segments[0] == "file", segments[1] == "d" else { return nil }
                return NormalizedURL(host: "drive.google.com", path: "/file/d/" + segments[2])
            }
            guard url.host == "docs.google.com", let kind = segments.first,
                ["document", "spreadsheets", "presentation", "forms"].contains(kind)
            else { return nil }
            segments = segments.dropFirst()
            if segments.count >= 2, segments.first == "u" { segments = segments.dropFirst(2) }
            guard segments.first == "d", segments.count >= 2 else { return nil }
            segments = segments.dropFirst()
            var id = "/" + segments.first!
            if segments.first == "e", segments.count >= 2 { id = "/e/" + segments[segments.startIndex + 1] }
            return NormalizedURL(host: "docs.google.com", path: "/" + kind + "/d" + id)
        })

    /// Static research sites: pages are files; a query cannot change them.
    public static let staticSites = DomainRule(
        id: "static-site",
        summary: """
            Static research sites (transformer-circuits.pub, distill.pub) serve files: the \
            query and fragment are ignored, index.html is the folder.
            """,
        hosts: ["transformer-circuits.pub", "distill.pub"],
        same: [
            [
                "https://transformer-circuits.pub/2023/monosemantic-features",
                "https://transformer-circuits.pub/2023/monosemantic-features/index.html",
                "https://transformer-circuits.pub/2023/monosemantic-features/?ref=newsletter",
            ],
            [
                "https://transformer-circuits.pub/2021/framework/index.html#summarizing-ovqk-matrices",
                "https://transformer-circuits.pub/2021/framework/",
            ],
            ["https://distill.pub/2020/circuits/zoom-in/", "https://distill.pub/2020/circuits/zoom-in"],
        ],
        different: [
            ("https://transformer-circuits.pub/2021/framework", "https://transformer-circuits.pub/2022/toy_model"),
            ("https://distill.pub/2020/circuits/zoom-in", "https://distill.pub/2020/circuits/Zoom-In"),
        ],
        canonicalize: { url in
            var page = url
            page.query = []
            page.fragment = nil
            return page
        })
}

enum Wikipedia {
    /// MediaWiki's canonical title: `_` for spaces, one `_` at most in a row, none at the
    /// ends, the first letter capitalized, and the escapes of characters MediaWiki writes
    /// plainly decoded. Non-ASCII stays percent-encoded (as the path already has it).
    static func title(_ raw: ArraySlice<UInt8>) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.count)
        var i = raw.startIndex
        while i < raw.endIndex {
            var byte = raw[i]
            if byte == UInt8(ascii: "%"), i + 2 < raw.endIndex,
                let high = PercentEncoding.hexValue(raw[i + 1]), let low = PercentEncoding.hexValue(raw[i + 2])
            {
                let value = high << 4 | low
                if plain.contains(value) {
                    byte = value
                    i += 2
                } else {
                    bytes.append(contentsOf: raw[i...(i + 2)])
                    i += 3
                    continue
                }
            }
            if byte == 0x20 { byte = UInt8(ascii: "_") }
            if byte == UInt8(ascii: "_") && (bytes.isEmpty || bytes.last == UInt8(ascii: "_")) {
                i += 1
                continue
            }
            bytes.append(byte)
            i += 1
        }
        while bytes.last == UInt8(ascii: "_") { bytes.removeLast() }
        guard let first = bytes.first else { return nil }
        if first >= 0x61 && first <= 0x7A { bytes[0] = first - 0x20 }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Characters MediaWiki writes unescaped in article URLs, and the space.
    private static let plain: Set<UInt8> = Set("()!*',:;@$_-.~".utf8).union([0x20])
}
