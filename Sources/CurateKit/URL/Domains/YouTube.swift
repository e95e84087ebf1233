extension DomainRule {
    /// YouTube videos: one 11-character id behind many URL forms.
    public static let youTube = DomainRule(
        id: "youtube",
        summary: """
            YouTube videos are youtube.com/watch?v=ID (the 11-character id, case-sensitive) \
            from watch, youtu.be, embed, shorts, live, m., music. and youtube-nocookie.com \
            forms; start times (t), si and feature are ignored; playlists are \
            youtube.com/playlist?list=ID; @handles are case-insensitive.
            """,
        hosts: ["youtube.com", "youtu.be", "youtube-nocookie.com"],
        same: [
            [
                "https://www.youtube.com/watch?v=BaW_jenozKc&t=1s&end=9", "https://youtu.be/BaW_jenozKc?si=XYZ",
                "https://m.youtube.com/shorts/BaW_jenozKc", "https://www.youtube-nocookie.com/embed/BaW_jenozKc",
                "https://youtube.com/live/BaW_jenozKc?feature=share", "https://music.youtube.com/watch?v=BaW_jenozKc",
                "https://www.youtube.com/watch?feature=youtu.be&v=BaW_jenozKc",
            ],
            [
                "https://www.youtube.com/playlist?list=PLBaW_jenozKc",
                "https://youtube.com/playlist?list=PLBaW_jenozKc&si=abc",
            ],
            ["https://www.youtube.com/@NeelNanda", "https://youtube.com/@neelnanda/"],
        ],
        different: [
            ("https://youtube.com/watch?v=BaW_jenozKc", "https://youtube.com/watch?v=baw_jenozkc"),
            ("https://www.youtube.com/watch?v=BaW_jenozKc", "https://www.youtube.com/playlist?list=PLBaW_jenozKc"),
            ("https://www.youtube.com/playlist?list=PLa", "https://www.youtube.com/playlist?list=PLb"),
            ("https://www.youtube.com/@NeelNanda", "https://www.youtube.com/@NeelNanda/videos"),
        ],
        trackingParameters: [
            "youtube.com": ["si", "feature", "pp", "ab_channel"], "youtu.be": ["si", "feature", "pp"],
        ],
        mobileHosts: ["youtube.com"],
        canonicalize: { url in
            let segments = url.segments
            var id: Substring?
            if url.host == "youtu.be" {
                guard segments.count == 1 else { return nil }
                id = segments[0]
            } else {
                switch url.host {
                case "youtube.com", "music.youtube.com", "youtube-nocookie.com": break
                default: return nil
                }
                guard let first = segments.first else { return nil }
                switch first {
                case "watch" where segments.count == 1:
                    id = url.parameter("v").map { Substring($0) }
                case "embed", "shorts", "live", "v", "e":
                    guard segments.count == 2 else { return nil }
                    id = segments[1]
                case "playlist" where segments.count == 1:
                    guard let list = url.parameter("list"), !list.isEmpty else { return nil }
                    return NormalizedURL(host: "youtube.com", path: "/playlist", parameters: ["list=" + list])
                default:
                    if first.hasPrefix("@"), segments.count == 1 {
                        return NormalizedURL(host: "youtube.com", path: "/" + first.lowercased())
                    }
                    return nil
                }
            }
            guard let id, id.utf8.count == 11,
                id.allUTF8Satisfy({ isAlpha($0) || isDigit($0) || $0 == 0x2D || $0 == 0x5F })
            else { return nil }
            return NormalizedURL(host: "youtube.com", path: "/watch", parameters: ["v=" + id])
        })
}
