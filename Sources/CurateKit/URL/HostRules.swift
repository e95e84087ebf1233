/// Domain rules: what known sites mean by their URLs. First match wins; each produces a
/// typed key (`arxiv:2404.14082`) or adjusts the generic form.
public struct HostRules: Sendable {
    /// Hosts whose mobile subdomain (`m.`, `mobile.`) serves the same pages.
    public var mobileHosts: Set<String>

    public static let `default` = HostRules(
        mobileHosts: ["youtube.com", "wikipedia.org", "twitter.com", "x.com", "facebook.com", "reddit.com", "medium.com"])

    public init(mobileHosts: Set<String>) {
        self.mobileHosts = mobileHosts
    }

    /// Keys for identifiers that are not http(s) URLs at all (`doi:10.…`, `arXiv:…`).
    func identifierKey(for url: String, trace: inout [String]?) -> String? {
        nil
    }

    /// A typed key for a known site, or nil to use the generic form (which may be adjusted).
    func key(for url: inout NormalizedURL, trace: inout [String]?) -> String? {
        if let dot = url.host.firstIndex(of: ".") {
            let label = url.host[..<dot]
            let rest = String(url.host[url.host.index(after: dot)...])
            if label == "m" || label == "mobile", mobileHosts.contains(where: { rest == $0 || rest.hasSuffix("." + $0) }) {
                url.host = rest
                trace?.append("host: mobile \(label). dropped on \(rest)")
            } else if let second = rest.firstIndex(of: "."), rest[..<second] == "m",
                mobileHosts.contains(String(rest[rest.index(after: second)...]))
            {
                // en.m.wikipedia.org → en.wikipedia.org
                url.host = String(label) + "." + String(rest[rest.index(after: second)...])
                trace?.append("host: mobile m. dropped")
            }
        }
        return nil
    }
}
