/// Keys that name different resources the URL rules deliberately keep apart, but that a
/// reviewer would call the same thing: each site's family (``DomainRule/related``: a page
/// inside a repository and the repository, a comment and its post), and on every host a
/// path that differs only in letter case.
extension URLIdentity {
    /// The keys related to `key`, each with the relation in words.
    public func relatedKeys(of key: String) -> [(key: String, relation: String)] {
        var result: [(key: String, relation: String)] = []
        // Most keys are of hosts without a family and already in lower case: decided from
        // the bytes, without splitting the key or folding its case.
        let utf8 = key.utf8
        let slash = UInt8(ascii: "/")
        let hostStart = utf8.firstIndex { $0 != slash } ?? utf8.endIndex
        let hostEnd = utf8[hostStart...].firstIndex { $0 == slash || $0 == UInt8(ascii: "?") } ?? utf8.endIndex
        let rules = hostStart < hostEnd ? relatedRules(for: key[hostStart..<hostEnd]) : RuleSet()
        if !rules.isEmpty {
            let parts = key.split(separator: "/", omittingEmptySubsequences: true)
            for rule in rules {
                if let family = domainRules.rules[rule].related { result += family.keys(key, parts) }
            }
        }
        var ascii = true
        var upper = false
        for byte in utf8 {
            if byte >= 0x80 { ascii = false } else if byte &- UInt8(ascii: "A") < 26 { upper = true }
        }
        if !ascii {
            let lowered = key.lowercased()
            if lowered != key { result.append((lowered, "the same address but for letter case")) }
        } else if upper {
            // ASCII: the letters folded byte by byte (what lowercased() gives, without its
            // Unicode tables).
            let lowered = String(unsafeUninitializedCapacity: utf8.count) { buffer in
                for (index, byte) in utf8.enumerated() { buffer[index] = byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte }
                return utf8.count
            }
            result.append((lowered, "the same address but for letter case"))
        }
        return result
    }
}
