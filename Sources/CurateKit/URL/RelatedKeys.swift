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
            let parts = Self.slashParts(key)
            for rule in rules {
                if let family = domainRules.rules[rule].related { result += family.keys(key, parts) }
            }
        }
        if utf8.contains(where: { $0 >= 0x80 || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }) {
            let lowered = key.lowercased()
            if lowered != key { result.append((lowered, "the same address but for letter case")) }
        }
        return result
    }

    /// `key` split on `/`, without empty parts. An ASCII key (every key but one with a
    /// Unicode host) is split on its bytes, not character by character.
    static func slashParts(_ key: String) -> [Substring] {
        let utf8 = key.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return key.split(separator: "/", omittingEmptySubsequences: true) }
        var parts: [Substring] = []
        var start = utf8.startIndex
        var index = start
        while index < utf8.endIndex {
            if utf8[index] == UInt8(ascii: "/") {
                if start < index { parts.append(key[start..<index]) }
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        if start < utf8.endIndex { parts.append(key[start...]) }
        return parts
    }
}
