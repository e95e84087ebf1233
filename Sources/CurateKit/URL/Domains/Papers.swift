extension DomainRule {
    /// OpenReview: a submission's forum page and its PDF are one paper.
    public static let openReview = DomainRule(
        id: "openreview",
        summary: """
            OpenReview papers are openreview.net/forum?id=ID, from forum and pdf pages; a \
            comment (noteId other than the paper's id) stays distinct.
            """,
        hosts: ["openreview.net"],
        same: [
            [
                "https://openreview.net/forum?id=7hvbaJ1AbaM", "https://openreview.net/pdf?id=7hvbaJ1AbaM",
                "https://openreview.net/forum?id=7hvbaJ1AbaM&noteId=7hvbaJ1AbaM",
            ]
        ],
        different: [
            ("https://openreview.net/forum?id=7hvbaJ1AbaM", "https://openreview.net/forum?id=7hvbaJ1Abam"),
            ("https://openreview.net/forum?id=7hvbaJ1AbaM", "https://openreview.net/forum?id=7hvbaJ1AbaM&noteId=xYz12"),
        ],
        related: Related(
            hosts: ["openreview.net"],
            examples: [
                ("https://openreview.net/forum?id=7hvbaJ1AbaM&noteId=xYz12", "https://openreview.net/pdf?id=7hvbaJ1AbaM")
            ],
            keys: { key, _ in
                guard let query = key.firstIndex(of: "?"), key[..<query] == "openreview.net/forum",
                    let id = key[query...].split(separator: "&").first
                else { return [] }
                return [("openreview.net/forum" + id, "a comment on the paper")]
            }),
        canonicalize: { url in
            guard url.host == "openreview.net", url.path.elementsEqual("/forum".utf8) || url.path.elementsEqual("/pdf".utf8),
                let id = url.parameter("id"), !id.isEmpty
            else { return nil }
            var query = ["id=" + id]
            if let note = url.parameter("noteId"), note != id, !note.isEmpty { query.append("noteId=" + note) }
            return NormalizedURL(host: "openreview.net", path: "/forum", parameters: query)
        })

    /// The ACL Anthology, on its own domain and on its old aclweb.org home.
    public static let aclAnthology = DomainRule(
        id: "acl-anthology",
        summary: """
            ACL Anthology papers are aclanthology.org/ID, from aclanthology.org and \
            aclweb.org/anthology, with or without .pdf, a version suffix or a trailing /.
            """,
        hosts: ["aclanthology.org", "aclweb.org"],
        same: [
            [
                "https://www.aclweb.org/anthology/2020.iwclul-1.4.pdf", "https://aclanthology.org/2020.iwclul-1.4/",
                "https://aclanthology.org/2020.iwclul-1.4v2.pdf",
            ],
            [
                "https://www.aclweb.org/anthology/P19-1001", "https://aclanthology.org/P19-1001.pdf",
                "https://www.aclweb.org/anthology/P/P19/P19-1001.pdf",
            ],
        ],
        different: [
            ("https://aclanthology.org/2020.iwclul-1.4/", "https://aclanthology.org/2020.iwclul-1.5/"),
            ("https://aclanthology.org/2020.acl-main.1", "https://aclanthology.org/2020.acl-main.1.bib"),
        ],
        canonicalize: { url in
            var segments = url.segments[...]
            if url.host == "aclweb.org" {
                guard segments.first == "anthology", segments.count == 2 || segments.count == 4 else { return nil }
                segments = segments.dropFirst()
            } else {
                guard url.host == "aclanthology.org", segments.count == 1 else { return nil }
            }
            guard var name = segments.last else { return nil }
            if name.hasSuffixIgnoringCase(".pdf") { name = name.dropLast(4) }
            guard let id = ACLAnthologyID.parse(name) else { return nil }
            return NormalizedURL(host: "aclanthology.org", path: "/" + id)
        })

    /// Semantic Scholar's paper pages: the 40-hex-digit paper id, whatever the slug.
    public static let semanticScholar = DomainRule(
        id: "semantic-scholar",
        summary: """
            Semantic Scholar papers are semanticscholar.org/paper/HASH (the 40-hex-digit id, \
            lowercased); the title slug and the reader view are ignored.
            """,
        hosts: ["semanticscholar.org"],
        same: [
            [
                "https://www.semanticscholar.org/paper/The-Scribble-Protocol-Language-Yoshida-Hu/a06ba59cfd193d2538e24fd0e0ccf290df0d20ef",
                "https://www.semanticscholar.org/paper/a06ba59cfd193d2538e24fd0e0ccf290df0d20ef",
                "https://www.semanticscholar.org/reader/A06BA59CFD193D2538E24FD0E0CCF290DF0D20EF",
            ]
        ],
        different: [
            (
                "https://www.semanticscholar.org/paper/a06ba59cfd193d2538e24fd0e0ccf290df0d20ef",
                "https://www.semanticscholar.org/paper/a06ba59cfd193d2538e24fd0e0ccf290df0d20ee"
            )
        ],
        canonicalize: { url in
            let segments = url.segments
            guard url.host == "semanticscholar.org", segments.count == 2 || segments.count == 3,
                segments[0] == "paper" || (segments[0] == "reader" && segments.count == 2),
                let hash = segments.last, hash.utf8.count == 40, hash.utf8.allSatisfy(isHexDigit)
            else { return nil }
            return NormalizedURL(host: "semanticscholar.org", path: "/paper/" + hash.lowercased())
        })
}

/// ACL Anthology ids: `2020.acl-main.1` (since 2020) and `P19-1001` (before).
enum ACLAnthologyID {
    /// The id in its canonical case, without a version suffix; nil when `name` is not one.
    static func parse(_ name: Substring) -> String? {
        if let id = match(name) { return id }
        // A versioned PDF: ID + vN.
        if let v = name.lastIndex(where: { $0 == "v" || $0 == "V" }), v > name.startIndex {
            let digits = name[name.index(after: v)...]
            if !digits.isEmpty, digits.utf8.allSatisfy(isDigit) { return match(name[..<v]) }
        }
        return nil
    }

    private static func match(_ name: Substring) -> String? {
        let bytes = Array(name.utf8)
        // Old style: a letter, two digits, a dash, four digits.
        if bytes.count == 8, isAlpha(bytes[0]), isDigit(bytes[1]), isDigit(bytes[2]), bytes[3] == 0x2D,
            bytes[4...].allSatisfy(isDigit)
        {
            return name.prefix(1).uppercased() + name.dropFirst()
        }
        // New style: YYYY.venue-volume.N
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].utf8.count == 4, parts[0].utf8.allSatisfy(isDigit), !parts[1].isEmpty,
            parts[1].utf8.allSatisfy({ isAlpha($0) || isDigit($0) || $0 == 0x2D }), !parts[2].isEmpty,
            parts[2].utf8.allSatisfy(isDigit)
        else { return nil }
        return name.lowercased()
    }
}

@inline(__always) func isHexDigit(_ byte: UInt8) -> Bool {
    isDigit(byte) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x66)
}
