/// Keys that name different resources the URL rules deliberately keep apart, but that a
/// reviewer would call the same thing: each site's family (``DomainRule/related``: a page
/// inside a repository and the repository, a comment and its post), and on every host a
/// path that differs only in letter case.
extension URLIdentity {
    /// The keys related to `key`, each with the relation in words.
    public func relatedKeys(of key: String) -> [(key: String, relation: String)] {
        let parts = key.split(separator: "/", omittingEmptySubsequences: true)
        guard let host = parts.first else { return [] }
        var result: [(key: String, relation: String)] = []
        for rule in relatedRules(for: host.prefix { $0 != "?" }) {
            if let family = domainRules.rules[rule].related { result += family.keys(key, parts) }
        }
        let lowered = key.lowercased()
        if lowered != key { result.append((lowered, "the same address but for letter case")) }
        return result
    }
}
