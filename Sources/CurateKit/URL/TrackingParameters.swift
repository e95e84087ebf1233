/// Query parameters that say where a click came from, not which page it goes to.
///
/// Matched by exact name or by a prefix ending in `*`, case-insensitively, and never
/// by substring: `ref`, `source`, `id`, `v`, `p`, `page`, `q`, `list` and `lang` are
/// meaningful and stay, except on the hosts that use them for tracking.
public struct TrackingParameters: Sendable, Equatable {
    /// Removed on every host.
    public private(set) var names: Set<String>
    public private(set) var prefixes: [String]
    /// Removed on these hosts and their subdomains only.
    public private(set) var perHost: [String: Set<String>]

    public static let `default` = TrackingParameters(
        names: [
            "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "mc_cid", "mc_eid", "_hsenc",
            "_hsmi", "mkt_tok", "igshid", "igsh", "yclid", "twclid", "ttclid", "li_fat_id", "_ga", "_gl", "oly_anon_id",
            "oly_enc_id", "vero_id", "vero_conv", "rb_clickid", "s_cid", "wickedid", "mibextid", "__s", "ncid",
            "cmpid", "ocid", "sr_share", "trk_contact", "trk_msg", "trk_module", "trk_sid",
        ],
        prefixes: ["utm_", "pk_", "mtm_", "hsa_", "matomo_", "itm_"],
        perHost: [
            "youtube.com": ["si", "feature", "pp", "ab_channel"],
            "youtu.be": ["si", "feature", "pp"],
            "twitter.com": ["ref_src", "ref_url", "s", "t"],
            "x.com": ["ref_src", "ref_url", "s", "t"],
            "medium.com": ["source", "sk"],
            "substack.com": ["r", "triedredirect", "showwelcome", "publication_id", "post_id", "isfreemail", "token"],
            "linkedin.com": ["trk", "trackingid", "lipi", "refid"],
            "reddit.com": ["share_id", "rdt", "ref_source"],
            "spotify.com": ["si", "context"],
            "arxiv.org": ["context"],
            "amazon.com": ["ref_", "pd_rd_w", "pd_rd_r", "pd_rd_wg", "pf_rd_p", "pf_rd_r", "psc", "th"],
        ])

    public init(names: Set<String>, prefixes: [String], perHost: [String: Set<String>]) {
        self.names = Set(names.map { $0.lowercased() })
        self.prefixes = prefixes.map { $0.lowercased() }
        self.perHost = perHost.mapValues { Set($0.map { $0.lowercased() }) }
    }

    /// Adds names (`name`, or `prefix*`), for all hosts or for one host.
    public mutating func add(_ entries: [String], host: String? = nil) {
        for entry in entries {
            let name = entry.lowercased()
            if let host {
                perHost[host.lowercased(), default: []].insert(name)
            } else if name.hasSuffix("*") {
                prefixes.append(String(name.dropLast()))
            } else {
                names.insert(name)
            }
        }
    }

    /// Whether the parameter `name` (as written, before decoding) tracks on `host`.
    public func isTracking(_ name: ArraySlice<UInt8>, host: String) -> Bool {
        guard !name.isEmpty else { return false }
        let lowered = String(decoding: PercentEncoding.normalize(name).map { $0 | (isAlpha($0) ? 0x20 : 0) }, as: UTF8.self)
        if names.contains(lowered) { return true }
        for prefix in prefixes where lowered.hasPrefix(prefix) { return true }
        if !perHost.isEmpty {
            var domain = Substring(host)
            while true {
                if let set = perHost[String(domain)], set.contains(lowered) { return true }
                guard let dot = domain.firstIndex(of: ".") else { break }
                domain = domain[domain.index(after: dot)...]
            }
        }
        return false
    }
}
