/// What `curate.yml` says about one host (and its subdomains) beyond the built-in rules.
public struct HostPolicy: Sendable, Equatable {
    /// Another host that serves the same pages (a mirror, an old domain).
    public var sameAs: String?
    /// The host treats paths case-insensitively.
    public var ignorePathCase = false
    /// The query never changes the page.
    public var ignoreQuery = false
    /// The fragment names a page (single-page apps that route without `#/`).
    public var keepFragment = false

    public init(sameAs: String? = nil, ignorePathCase: Bool = false, ignoreQuery: Bool = false, keepFragment: Bool = false) {
        self.sameAs = sameAs
        self.ignorePathCase = ignorePathCase
        self.ignoreQuery = ignoreQuery
        self.keepFragment = keepFragment
    }
}

extension URLIdentity {
    /// The configured policy for `host` or its nearest parent domain.
    func policy(for host: String) -> HostPolicy? {
        guard !hostPolicies.isEmpty else { return nil }
        var found: HostPolicy?
        forEachSuffix(of: host) { domain in
            found = hostPolicies[String(domain)]
            return found != nil
        }
        return found
    }
}
