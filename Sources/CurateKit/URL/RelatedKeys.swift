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
        if Self.hasUpperCaseOrNonASCII(key) {
            let lowered = key.lowercased()
            if lowered != key { result.append((lowered, "the same address but for letter case")) }
        }
        return result
    }

    /// Whether `key` has an ASCII capital or a byte that is not ASCII (read on its bytes:
    /// most keys have neither).
    private static func hasUpperCaseOrNonASCII(_ key: String) -> Bool {
        var key = key
        return key.withUTF8 { bytes in
            var found = false
            for byte in bytes { found = found || byte >= 0x80 || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) }
            return found
        }
    }

    /// `key` split on `/`, without empty parts. An ASCII key (every key but one with a
    /// Unicode host) is split on its bytes, not character by character.
    static func slashParts(_ key: String) -> [Substring] {
        var text = key
        // The parts' byte offsets, found on the bytes; an offset is an index of an ASCII
        // text in constant time.
        let offsets: [Range<Int>]? = text.withUTF8 { bytes in
            var ranges: [Range<Int>] = []
            var start = 0
            for (offset, byte) in bytes.enumerated() {
                if byte >= 0x80 { return nil }
                if byte == UInt8(ascii: "/") {
                    if start < offset { ranges.append(start..<offset) }
                    start = offset + 1
                }
            }
            if start < bytes.count { ranges.append(start..<bytes.count) }
            return ranges
        }
        guard let offsets else { return key.split(separator: "/", omittingEmptySubsequences: true) }
        let utf8 = text.utf8
        return offsets.map { range in
            text[
                utf8.index(utf8.startIndex, offsetBy: range.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: range.upperBound)]
        }
    }
}
