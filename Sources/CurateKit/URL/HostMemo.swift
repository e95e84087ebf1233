import Foundation

/// What a URL's host gives its key, remembered by the host as written, for a batch of URLs
/// keyed by one ``URLIdentity`` (the lines of `curate url`'s input): a batch names the same
/// few hosts again and again, and reading a host (its checks and case, `www.` and mobile
/// prefixes, the configuration's and the sites' lookups) was an eighth of a key.
///
/// A small table, two places per hash of the host's bytes (so that two hosts a batch
/// names often and whose hashes meet both stay): a host that takes another's place is
/// read again when it comes back. Keys made with it are the keys made without it.
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

    /// Pairs of places: a hash picks a pair, and a new host replaces the one of the pair
    /// that came first.
    private static let pairs = 64
    /// Empty in a memo that remembers nothing (``none``).
    private var entries: [Entry?]
    /// Per pair, the place (0 or 1) its next new host takes.
    private var next: [UInt8]

    public init() {
        entries = Array(repeating: nil, count: 2 * Self.pairs)
        next = Array(repeating: 0, count: Self.pairs)
    }

    private init(remembering: Bool) {
        entries = []
        next = []
    }

    /// A memo that remembers nothing, for a URL keyed on its own.
    static var none: HostMemo { HostMemo(remembering: false) }

    /// The place of `raw`, and the parsed host held there if it is `raw`'s (else the place
    /// a new host of its pair takes).
    func lookUp(_ raw: UnsafeBufferPointer<UInt8>) -> (place: Int, host: String?) {
        guard !entries.isEmpty else { return (0, nil) }
        var hash: UInt32 = 2_166_136_261
        for byte in raw { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        let pair = Int(hash % UInt32(Self.pairs))
        if holds(raw, at: 2 * pair) { return (2 * pair, entries[2 * pair]?.host) }
        if holds(raw, at: 2 * pair + 1) { return (2 * pair + 1, entries[2 * pair + 1]?.host) }
        return (2 * pair + Int(next[pair]), nil)
    }

    /// Whether the host at `place` is written `raw` (compared where it is held).
    private func holds(_ raw: UnsafeBufferPointer<UInt8>, at place: Int) -> Bool {
        guard let count = entries[place]?.raw.count, count == raw.count else { return false }
        return count == 0
            || entries[place]!.raw.withUnsafeBufferPointer { memcmp($0.baseAddress!, raw.baseAddress!, count) } == 0
    }

    mutating func remember(_ raw: UnsafeBufferPointer<UInt8>, host: String, at place: Int) {
        guard !entries.isEmpty else { return }
        entries[place] = Entry(raw: Array(raw), host: host, normalized: nil)
        next[place / 2] = UInt8(1 - place % 2)
    }

    /// What the ladder made of the host at `place`, if the host there is `host` and it was made.
    func normalized(at place: Int, host: String) -> Normalized? {
        guard !entries.isEmpty, entries[place]?.host == host else { return nil }
        return entries[place]?.normalized
    }

    mutating func remember(_ normalized: Normalized, at place: Int, host: String) {
        guard !entries.isEmpty, entries[place]?.host == host else { return }
        entries[place]?.normalized = normalized
    }
}
