extension DomainRule {
    /// Digital Object Identifiers, resolved by doi.org; case-insensitive by definition.
    public static let doi = DomainRule(
        id: "doi",
        summary: """
            DOIs are doi.org/DOI, lowercased (DOIs are case-insensitive), whether linked through \
            doi.org, dx.doi.org or written doi:…; arXiv's DOIs (10.48550) are the arXiv paper \
            and ACL's (10.18653/v1) the ACL Anthology paper.
            """,
        hosts: ["doi.org"],
        same: [
            [
                "https://doi.org/10.1038/nature14539", "http://dx.doi.org/10.1038/NATURE14539",
                "doi:10.1038/nature14539", "https://www.doi.org/10.1038/nature14539/",
            ],
            [
                "https://doi.org/10.48550/arXiv.2202.01037", "https://dx.doi.org/10.48550/ARXIV.2202.01037",
                "https://arxiv.org/abs/2202.01037",
            ],
            ["https://doi.org/10.18653/v1/2020.acl-main.1", "https://aclanthology.org/2020.acl-main.1.pdf"],
        ],
        different: [
            ("https://doi.org/10.1038/nature14539", "https://doi.org/10.1038/nature14540"),
            ("https://doi.org/10.1038/nature14539", "https://example.org/10.1038/nature14539"),
        ],
        canonicalize: { url in
            guard url.host == "doi.org" || url.host == "dx.doi.org", url.path.count > 4 else { return nil }
            let doi = DOI.lowercased(url.path.dropFirst())
            guard doi.hasPrefix("10."), doi.contains("/") else { return nil }
            return DOI.canonical(doi)
        })
}

enum DOI {
    /// ASCII-lowercases a DOI, leaving the hex digits of percent escapes as they are.
    static func lowercased(_ bytes: ArraySlice<UInt8>) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var escape = 0
        for byte in bytes {
            if escape > 0 {
                result.append(byte)
                escape -= 1
            } else {
                if byte == UInt8(ascii: "%") { escape = 2 }
                result.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// The canonical form of a lowercased DOI: the paper it registers, for registrants
    /// curate knows, else doi.org/DOI.
    static func canonical(_ doi: String) -> NormalizedURL {
        if doi.hasPrefix("10.48550/arxiv.") {
            let id = doi.dropFirst("10.48550/arxiv.".count)
            if let parsed = ArXivID.parse(id.split(separator: "/")[...]) {
                return NormalizedURL(host: "arxiv.org", path: "/abs/" + parsed)
            }
        }
        if doi.hasPrefix("10.18653/v1/"), let id = ACLAnthologyID.parse(doi.dropFirst("10.18653/v1/".count)) {
            return NormalizedURL(host: "aclanthology.org", path: "/" + id)
        }
        return NormalizedURL(host: "doi.org", path: "/" + doi)
    }
}
