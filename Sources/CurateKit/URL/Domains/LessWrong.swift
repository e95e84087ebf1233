extension DomainRule {
    /// LessWrong, the Alignment Forum and their GreaterWrong mirror share one database of
    /// posts; the EA Forum runs the same software with its own.
    public static let lessWrong = DomainRule(
        id: "lesswrong",
        summary: """
            LessWrong, Alignment Forum and GreaterWrong posts are lesswrong.com/posts/ID (the \
            17-character post id; the slug and the sequence path are ignored, a comment stays \
            distinct); EA Forum and ea.greaterwrong.com posts are forum.effectivealtruism.org/posts/ID.
            """,
        hosts: ["lesswrong.com", "alignmentforum.org", "greaterwrong.com", "lesserwrong.com", "forum.effectivealtruism.org"],
        same: [
            [
                "https://www.lesswrong.com/posts/vQNJrJqebXEWjJfnz/a-note-about-differential-technological-development",
                "https://www.alignmentforum.org/posts/vQNJrJqebXEWjJfnz/a-note-about-differential-technological-development",
                "https://www.lesswrong.com/posts/vQNJrJqebXEWjJfnz",
            ],
            [
                "https://www.alignmentforum.org/s/AtTZjoDm8q3DbDT8Z/p/4uXCAJNuPKtKBsi28",
                "https://www.lesswrong.com/posts/4uXCAJNuPKtKBsi28",
            ],
            [
                "https://www.greaterwrong.com/posts/e8qFDMzs2u9xf5ie6/",
                "https://www.lesswrong.com/posts/e8qFDMzs2u9xf5ie6/belief-functions-and-decision-theory",
            ],
            [
                "https://www.lesswrong.com/posts/r6p5cqT6aWYGCYHJx/review?utm_source=chatgpt.com",
                "https://www.lesswrong.com/posts/r6p5cqT6aWYGCYHJx/review",
            ],
            [
                "https://www.lesswrong.com/posts/r6p5cqT6aWYGCYHJx/review?commentId=abcdefghijklmnopq",
                "https://www.greaterwrong.com/posts/r6p5cqT6aWYGCYHJx/review/comment/abcdefghijklmnopq",
            ],
            [
                "https://forum.effectivealtruism.org/posts/SWfwmqnCPid8PuTBo/monitoring-and-evaluation",
                "https://ea.greaterwrong.com/posts/SWfwmqnCPid8PuTBo",
            ],
        ],
        different: [
            ("https://www.lesswrong.com/posts/r6p5cqT6aWYGCYHJx/x", "https://www.lesswrong.com/posts/r6p5cqT6aWYGCYHJy/x"),
            ("https://www.lesswrong.com/posts/r6p5cqT6aWYGCYHJx/x", "https://www.lesswrong.com/posts/r6p5cqt6awygcyhjx/x"),
            (
                "https://www.lesswrong.com/posts/r6p5cqT6aWYGCYHJx/review",
                "https://www.lesswrong.com/posts/r6p5cqT6aWYGCYHJx/review?commentId=abcdefghijklmnopq"
            ),
            ("https://www.lesswrong.com/posts/SWfwmqnCPid8PuTBo", "https://forum.effectivealtruism.org/posts/SWfwmqnCPid8PuTBo"),
            ("https://www.lesswrong.com/s/AtTZjoDm8q3DbDT8Z", "https://www.lesswrong.com/posts/4uXCAJNuPKtKBsi28"),
        ],
        related: Related(
            hosts: ["lesswrong.com", "forum.effectivealtruism.org"],
            examples: [
                (
                    "https://www.lesswrong.com/posts/r6p5cqT6aWYGCYHJx/review?commentId=abcdefghijklmnopq",
                    "https://www.lesswrong.com/posts/r6p5cqT6aWYGCYHJx"
                ),
                (
                    "https://ea.greaterwrong.com/posts/SWfwmqnCPid8PuTBo/x/comment/abcdefghijklmnopq",
                    "https://forum.effectivealtruism.org/posts/SWfwmqnCPid8PuTBo"
                ),
            ],
            keys: { key, _ in
                // `?` found on the bytes (it is ASCII), not character by character.
                guard let query = key.utf8.firstIndex(of: UInt8(ascii: "?")) else { return [] }
                let base = key[..<query]
                guard base.hasPrefix("lesswrong.com/posts/") || base.hasPrefix("forum.effectivealtruism.org/posts/")
                else { return [] }
                return [(String(base), "a comment on the post")]
            }),
        canonicalize: { url in
            let site: String
            switch url.host {
            case "lesswrong.com", "alignmentforum.org", "greaterwrong.com", "lesserwrong.com": site = "lesswrong.com"
            case "forum.effectivealtruism.org", "ea.greaterwrong.com": site = "forum.effectivealtruism.org"
            default: return nil
            }
            let segments = url.segments
            var post: Substring?
            var rest: ArraySlice<Substring> = []
            if segments.count >= 2, segments[0] == "posts" {
                post = segments[1]
                rest = segments.dropFirst(2)
            } else if segments.count >= 4, segments[0] == "s", segments[2] == "p" {
                post = segments[3]
                rest = segments.dropFirst(4)
            } else if segments.count == 2, segments[0] == "s", ForumID.isValid(segments[1]) {
                return NormalizedURL(host: site, path: "/s/" + segments[1])
            }
            guard let post, ForumID.isValid(post) else { return nil }
            // A comment: ?commentId=ID (LessWrong), /slug/comment/ID (GreaterWrong).
            var comment = url.parameter("commentId")
            if let index = rest.firstIndex(of: "comment"), index + 1 < rest.endIndex { comment = String(rest[index + 1]) }
            var query: [String] = []
            if let comment, ForumID.isValid(Substring(comment)) { query = ["commentId=" + comment] }
            return NormalizedURL(host: site, path: "/posts/" + post, parameters: query)
        })
}

/// The 17-character ids of ForumMagnum (LessWrong, Alignment Forum, EA Forum).
enum ForumID {
    static func isValid(_ id: Substring) -> Bool {
        id.utf8.count == 17 && id.allUTF8Satisfy { isAlpha($0) || isDigit($0) }
    }
}
