import Foundation

/// What a URL's host gives its key, remembered by the host as written, for a batch of URLs
/// keyed by one ``URLIdentity`` (the lines of `curate url`'s input): a batch names the same
/// few hosts again and again, and reading a host (its checks and case, `www.` and mobile
/// prefixes, the configuration's and the sites' lookups) was an eighth of a key.
///
/// A small table with a place per hash of the host's bytes: a host that takes another's
/// place is read again when it comes back. Keys made with it are the keys made without it.
public struct HostMemo {
    struct Entry {
        /// The host as written in the URL.
        var raw: [UInt8]
        /// The host as ``ParsedURL/host`` reads it.
        var host: String
        /// What the generic ladder made of it, after the first key of the host.
        var normalized: Normalized?
    }

    /// The host the key starts with, the configuration's policy for it, and the tracking
    /// names and domain rules of the host and its parent domains.
    struct Normalized {
        var host: String
        var policy: HostPolicy?
        var tracking: TrackingSets
        var rules: RuleSet
    }

    private static let places = 64
    /// Empty in a memo that remembers nothing (``none``).
    private var entries: [Entry?]

    public init() {
        entries = Array(repeating: nil, count: Self.places)
    }

    private init(remembering: Bool) {
        entries = []
    }

    /// A memo that remembers nothing, for a URL keyed on its own.
    static var none: HostMemo { HostMemo(remembering: false) }

    /// The place of `raw`, and the parsed host held there if it is `raw`'s.
    func lookUp(_ raw: UnsafeBufferPointer<UInt8>) -> (place: Int, host: String?) {
        guard !entries.isEmpty else { return (0, nil) }
        var hash: UInt32 = 2_166_136_261
        for byte in raw { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        let place = Int(hash % UInt32(Self.places))
        guard let entry = entries[place], entry.raw.count == raw.count,
            raw.count == 0 || entry.raw.withUnsafeBufferPointer({ memcmp($0.baseAddress!, raw.baseAddress!, raw.count) }) == 0
        else { return (place, nil) }
        return (place, entry.host)
    }

    mutating func remember(_ raw: UnsafeBufferPointer<UInt8>, host: String, at place: Int) {
        guard !entries.isEmpty else { return }
        entries[place] = Entry(raw: Array(raw), host: host, normalized: nil)
    }

    /// What the ladder made of the host at `place`, if the host there is `host` and it was made.
    func normalized(at place: Int, host: String) -> Normalized? {
        guard !entries.isEmpty, let entry = entries[place], entry.host == host else { return nil }
        return entry.normalized
    }

    mutating func remember(_ normalized: Normalized, at place: Int, host: String) {
        guard !entries.isEmpty, entries[place]?.host == host else { return }
        entries[place]?.normalized = normalized
    }
}
