extension DomainRule {
    /// arXiv: one paper, whatever the view, version, mirror or index that links it.
    public static let arXiv = DomainRule(
        id: "arxiv",
        summary: """
            arXiv papers are arxiv.org/abs/ID: abs, pdf, html, format, ps and src views, every \
            version (vN), the export, ar5iv and alphaXiv mirrors, Hugging Face paper pages and \
            Semantic Scholar's arXiv links; old-style ids drop their subject class.
            """,
        hosts: ["arxiv.org", "ar5iv.org", "alphaxiv.org", "huggingface.co", "semanticscholar.org"],
        same: [
            [
                "https://arxiv.org/abs/1706.03762", "https://arxiv.org/pdf/1706.03762v7.pdf",
                "https://arxiv.org/pdf/1706.03762", "http://export.arxiv.org/abs/1706.03762v1",
                "https://www.arxiv.org/abs/arXiv:1706.03762", "https://arxiv.org/format/1706.03762",
                "https://arxiv.org/abs/1706.03762?context=cs",
            ],
            ["https://arxiv.org/html/2402.17764v1#S3.T2", "https://huggingface.co/papers/2402.17764"],
            [
                "https://www.alphaxiv.org/overview/2005.14165v4", "https://ar5iv.labs.arxiv.org/html/2005.14165",
                "https://ar5iv.org/abs/2005.14165", "https://www.semanticscholar.org/arxiv/2005.14165",
            ],
            ["https://arxiv.org/abs/math.CA/0611800v2", "https://arxiv.org/abs/math/0611800"],
            ["https://arxiv.org/pdf/hep-th/9901001.pdf", "https://arxiv.org/abs/hep-th/9901001"],
        ],
        different: [
            ("https://arxiv.org/abs/2005.14165", "https://arxiv.org/abs/2005.14166"),
            ("https://arxiv.org/abs/hep-th/9901001", "https://arxiv.org/abs/hep-ph/9901001"),
            ("https://arxiv.org/list/cs.LG/recent", "https://arxiv.org/list/cs.AI/recent"),
            ("https://huggingface.co/papers/2402.17764", "https://huggingface.co/2402.17764"),
        ],
        trackingParameters: ["arxiv.org": ["context"]],
        canonicalize: { url in
            let segments = url.segments
            guard segments.count >= 2 else { return nil }
            guard let views = ArXivID.paperViews(on: url.host), views.contains(segments[0]),
                let id = ArXivID.parse(segments.dropFirst())
            else { return nil }
            return NormalizedURL(host: "arxiv.org", path: "/abs/" + id)
        })
}

/// arXiv identifiers (arXiv's "Understanding the arXiv identifier").
enum ArXivID {
    /// The first path segments under which `host` shows a paper by its arXiv id; nil for
    /// a host that does not (sets made once, not per URL).
    static func paperViews(on host: String) -> Set<Substring>? {
        switch host {
        case "huggingface.co": return huggingFaceViews
        case "semanticscholar.org": return semanticScholarViews
        case "alphaxiv.org": return alphaXivViews
        case "arxiv.org", "export.arxiv.org", "ar5iv.labs.arxiv.org", "ar5iv.org": return arXivViews
        default: return nil
        }
    }

    private static let huggingFaceViews: Set<Substring> = ["papers"]
    private static let semanticScholarViews: Set<Substring> = ["arxiv"]
    private static let alphaXivViews: Set<Substring> = ["abs", "overview", "pdf", "html"]
    private static let arXivViews: Set<Substring> = ["abs", "pdf", "html", "format", "ps", "src", "e-print"]

    /// The id, without version, `.pdf` or `arXiv:` prefix: `1706.03762` from
    /// `arXiv:1706.03762v7.pdf`, `math/0611800` from `math.CA/0611800v2`.
    static func parse(_ segments: ArraySlice<Substring>) -> String? {
        switch segments.count {
        case 1:
            var id = strip(segments.first!)
            if id.utf8.count > 6, id.hasPrefixIgnoringCase("arxiv:") { id = id.dropFirst(6) }
            return isNewStyle(id) ? String(id) : nil
        case 2:
            // archive(.SUBJECT-CLASS)/YYMMNNN
            var archive = segments.first!
            if archive.utf8.count > 6, archive.hasPrefixIgnoringCase("arxiv:") { archive = archive.dropFirst(6) }
            if let dot = archive.utf8.firstIndex(of: UInt8(ascii: ".")) { archive = archive[..<dot] }
            let number = strip(segments.last!)
            guard !archive.isEmpty, archive.allUTF8Satisfy({ isAlpha($0) || $0 == 0x2D }),
                number.utf8.count == 7, number.allUTF8Satisfy(isDigit)
            else { return nil }
            return archive.lowercased() + "/" + number
        default:
            return nil
        }
    }

    /// `YYMM.NNNN` or `YYMM.NNNNN`.
    static func isNewStyle(_ id: Substring) -> Bool {
        id.withUTF8Bytes { bytes in
            guard bytes.count == 9 || bytes.count == 10 else { return false }
            var month = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                if index == 4 {
                    guard byte == UInt8(ascii: ".") else { return false }
                    continue
                }
                guard isDigit(byte) else { return false }
                if index == 2 || index == 3 { month = month * 10 + Int(byte - 0x30) }
            }
            return month >= 1 && month <= 12
        }
    }

    /// Drops `.pdf` and a version suffix `vN`. (Paths are ASCII: bytes are characters.)
    private static func strip(_ segment: Substring) -> Substring {
        // The length to keep, found on the bytes; one slice made of it.
        let kept = segment.withUTF8Bytes { bytes -> Int in
            var end = bytes.count
            if end >= 4, bytes[end - 4] == UInt8(ascii: "."), lowercasedASCII(bytes[end - 3]) == UInt8(ascii: "p"),
                lowercasedASCII(bytes[end - 2]) == UInt8(ascii: "d"), lowercasedASCII(bytes[end - 1]) == UInt8(ascii: "f")
            {
                end -= 4
            }
            // A version: `v` or `V` then digits, not at the start.
            var v = end
            while v > 0 && isDigit(bytes[v - 1]) { v -= 1 }
            if v < end, v > 1, bytes[v - 1] | 0x20 == UInt8(ascii: "v") { end = v - 1 }
            return end
        }
        return kept == segment.utf8.count ? segment : segment[..<segment.utf8.index(segment.startIndex, offsetBy: kept)]
    }
}
