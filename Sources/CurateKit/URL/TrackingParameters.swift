/// Query parameters that say where a click came from, not which page it goes to.
///
/// Matched by exact name or by a prefix ending in `*`, case-insensitively, and never
/// by substring: `ref`, `source`, `id`, `v`, `p`, `page`, `q`, `list` and `lang` are
/// meaningful and stay, except on the hosts that use them for tracking.
public struct TrackingParameters: Sendable, Equatable {
    /// Removed on every host.
    public private(set) var names: Set<String>
    public private(set) var prefixes: [String] {
        didSet { prefixBytes = prefixes.map { Array($0.utf8) } }
    }
    /// `prefixes` as bytes, compared with every parameter name.
    private var prefixBytes: [[UInt8]]
    /// Removed on these hosts and their subdomains only (by default the built-in sites'
    /// ``DomainRule/trackingParameters``).
    public private(set) var perHost: [String: Set<String>] {
        didSet { perHostBySuffix = Self.bySuffix(perHost) }
    }
    /// `perHost` keyed by Substring, for lookups of a host's parent domains without copies.
    private var perHostBySuffix: [Substring: Set<String>]

    private static func bySuffix(_ perHost: [String: Set<String>]) -> [Substring: Set<String>] {
        Dictionary(uniqueKeysWithValues: perHost.map { (Substring($0.key), $0.value) })
    }

    public static let `default` = TrackingParameters(
        names: [
            "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "mc_cid", "mc_eid", "_hsenc",
            "_hsmi", "mkt_tok", "igshid", "igsh", "yclid", "twclid", "ttclid", "li_fat_id", "_ga", "_gl", "oly_anon_id",
            "oly_enc_id", "vero_id", "vero_conv", "rb_clickid", "s_cid", "wickedid", "mibextid", "__s", "ncid",
            "cmpid", "ocid", "sr_share", "trk_contact", "trk_msg", "trk_module", "trk_sid",
        ],
        prefixes: ["utm_", "pk_", "mtm_", "hsa_", "matomo_", "itm_"],
        perHost: DomainRules.builtInTrackingParameters)

    public init(names: Set<String>, prefixes: [String], perHost: [String: Set<String>]) {
        self.names = Set(names.map { $0.lowercased() })
        self.prefixes = prefixes.map { $0.lowercased() }
        self.prefixBytes = self.prefixes.map { Array($0.utf8) }
        let lowered = perHost.mapValues { Set($0.map { $0.lowercased() }) }
        self.perHost = lowered
        self.perHostBySuffix = Self.bySuffix(lowered)
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
        isTracking(name, hostNames: perHostNames(for: host))
    }

    /// The names that track on `host` only (from it and its parent domains), looked up
    /// once per URL.
    func perHostNames(for host: String) -> TrackingSets {
        var sets = TrackingSets()
        guard !perHost.isEmpty else { return sets }
        forEachSuffix(of: host) { domain in
            if let set = perHostBySuffix[domain] { sets.append(set) }
            return false
        }
        return sets
    }

    func isTracking(_ name: ArraySlice<UInt8>, hostNames: TrackingSets) -> Bool {
        guard !name.isEmpty else { return false }
        let lowered: String
        if name.contains(UInt8(ascii: "%")) {
            lowered = String(decoding: PercentEncoding.normalize(name).map(lowercasedASCII), as: UTF8.self)
        } else {
            lowered = String(unsafeUninitializedCapacity: name.count) { buffer in
                for (offset, byte) in name.enumerated() { buffer[offset] = lowercasedASCII(byte) }
                return name.count
            }
        }
        if names.contains(lowered) { return true }
        var text = lowered
        if text.withUTF8({ bytes in prefixBytes.contains { bytes.starts(with: $0) } }) { return true }
        return hostNames.contains(lowered)
    }
}

/// The per-host tracking names that apply to one URL: nearly always none or one set, kept
/// without an array for those.
struct TrackingSets {
    private var first: Set<String>?
    private var more: [Set<String>] = []

    mutating func append(_ names: Set<String>) {
        if first == nil { first = names } else { more.append(names) }
    }

    func contains(_ name: String) -> Bool {
        if first?.contains(name) == true { return true }
        return more.contains { $0.contains(name) }
    }
}

@inline(__always) func lowercasedASCII(_ byte: UInt8) -> UInt8 {
    byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
}
