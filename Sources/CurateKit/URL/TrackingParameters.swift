/// Query parameters that say where a click came from, not which page it goes to.
///
/// Matched by exact name or by a prefix ending in `*`, case-insensitively, and never
/// by substring: `ref`, `source`, `id`, `v`, `p`, `page`, `q`, `list` and `lang` are
/// meaningful and stay, except on the hosts that use them for tracking.
public struct TrackingParameters: Sendable, Equatable {
    /// Removed on every host.
    public private(set) var names: Set<String> {
        didSet { reindex() }
    }
    public private(set) var prefixes: [String] {
        didSet { (prefixBytes, prefixStarts) = Self.index(prefixes) }
    }
    /// `prefixes` as bytes, compared with every parameter name that starts as one does.
    private var prefixBytes: [[UInt8]]
    /// The first bytes of the prefixes (`utm_` gives `u`): nearly every name starts with
    /// none of them, and is then compared with no prefix.
    private var prefixStarts = ByteSet()
    /// Removed on these hosts and their subdomains only (by default the built-in sites'
    /// ``DomainRule/trackingParameters``).
    public private(set) var perHost: [String: Set<String>] {
        didSet { reindex() }
    }
    /// The group of ``table`` that holds each host's names (``names`` are group 0).
    private(set) var hostGroups: [String: Int] = [:]
    /// `hostGroups` for lookups of a host and its parent domains in one pass over its bytes.
    private var hostTable = HostTable<Int>([])
    /// ``names`` and ``perHost`` on bytes, for ASCII parameter names.
    private var table = NameTable(groups: [])
    /// Every group as a set of Strings, for the rare name that is not ASCII (compared as
    /// text, as before the table).
    private var groupSets: [Set<String>] = []
    /// Every host's group, for ``mightTrack(_:)``.
    private var everyHost = TrackingSets()

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.names == rhs.names && lhs.prefixes == rhs.prefixes && lhs.perHost == rhs.perHost
    }

    private mutating func reindex() {
        let hosts = perHost.keys.sorted()
        hostGroups = Dictionary(uniqueKeysWithValues: hosts.enumerated().map { ($1, $0 + 1) })
        hostTable = HostTable(hostGroups.map { ($0.key, $0.value) })
        groupSets = [names] + hosts.map { perHost[$0]! }
        everyHost = TrackingSets()
        for group in hostGroups.values { everyHost.append(group) }
        table = NameTable(groups: groupSets.map { set in set.filter { $0.utf8.allSatisfy { $0 < 0x80 } }.map { $0 } })
    }

    /// The prefixes' bytes and their first bytes (an empty prefix, which every name has,
    /// gives every byte).
    private static func index(_ prefixes: [String]) -> ([[UInt8]], ByteSet) {
        let bytes = prefixes.map { Array($0.utf8) }
        var starts = ByteSet()
        for prefix in bytes {
            if let first = prefix.first {
                starts.insert(first)
            } else {
                for byte in UInt8(0)..<128 { starts.insert(byte) }
            }
        }
        return (bytes, starts)
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
        (self.prefixBytes, self.prefixStarts) = Self.index(self.prefixes)
        self.perHost = perHost.mapValues { Set($0.map { $0.lowercased() }) }
        reindex()
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

    /// Whether the parameter `name` (as written) tracks on some host: when no parameter
    /// of a URL does, its host need not be read.
    func mightTrack(_ name: ArraySlice<UInt8>) -> Bool {
        isTracking(name, hostNames: everyHost)
    }

    /// The groups of names that track on `host` only (from it and its parent domains),
    /// looked up once per URL.
    func perHostNames(for host: String) -> TrackingSets {
        var sets = TrackingSets()
        hostTable.forEachSuffix(of: host) { sets.append($0) }
        return sets
    }

    func isTracking(_ name: ArraySlice<UInt8>, hostNames: TrackingSets) -> Bool {
        guard !name.isEmpty else { return false }
        if name.contains(UInt8(ascii: "%")) {
            return isTracking(lowered: PercentEncoding.normalize(name).map(lowercasedASCII), hostNames: hostNames)
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: name.count) { buffer in
            var bits: UInt8 = 0
            for (offset, byte) in name.enumerated() {
                buffer[offset] = lowercasedASCII(byte)
                bits |= byte
            }
            let lowered = UnsafeBufferPointer(buffer)
            guard bits < 0x80 else { return isTracking(lowered: Array(lowered), hostNames: hostNames) }
            let hash = NameTable.hash(of: lowered)
            if table.contains(lowered, hash: hash, group: 0) { return true }
            if prefixStarts.contains(lowered[0]) {
                for prefix in prefixBytes where lowered.starts(with: prefix) { return true }
            }
            return hostNames.contains { table.contains(lowered, hash: hash, group: $0) }
        }
    }

    /// The lookup of a name (lowercased bytes) that was escaped or is not ASCII: as text.
    private func isTracking(lowered bytes: [UInt8], hostNames: TrackingSets) -> Bool {
        let lowered = String(decoding: bytes, as: UTF8.self)
        if names.contains(lowered) { return true }
        if prefixBytes.contains(where: { lowered.utf8.starts(with: $0) }) { return true }
        return hostNames.contains { groupSets[$0].contains(lowered) }
    }
}

/// A set of ASCII bytes, one bit each; every byte from 128 on is in it.
struct ByteSet: Sendable {
    private var low: UInt64 = 0
    private var high: UInt64 = 0

    mutating func insert(_ byte: UInt8) {
        if byte < 64 { low |= 1 << UInt64(byte) } else if byte < 128 { high |= 1 << UInt64(byte - 64) }
    }

    @inline(__always) func contains(_ byte: UInt8) -> Bool {
        byte < 64 ? low & (1 << UInt64(byte)) != 0 : byte < 128 ? high & (1 << UInt64(byte - 64)) != 0 : true
    }
}

/// The groups of per-host tracking names that apply to one URL: nearly always none or
/// one, kept without an array for those.
struct TrackingSets {
    private var first = 0
    private var more: [Int] = []

    mutating func append(_ group: Int) {
        if first == 0 { first = group } else { more.append(group) }
    }

    @inline(__always)
    func contains(where matches: (Int) -> Bool) -> Bool {
        if first != 0 && matches(first) { return true }
        return !more.isEmpty && more.contains(where: matches)
    }
}

@inline(__always) func lowercasedASCII(_ byte: UInt8) -> UInt8 {
    byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
}
