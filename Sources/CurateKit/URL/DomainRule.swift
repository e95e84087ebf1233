/// What a well-known site means by its URLs: the many forms that name one resource on
/// it, turned into one canonical form (a scheme-less URL, such as
/// `arxiv.org/abs/1706.03762`), which becomes the dedupe key.
///
/// Rules are data a maintainer can read: the hosts a rule is tried on, a sentence on
/// what it does, and examples of URLs that must share a key and of URLs that must not.
/// A site's other knowledge sits on its rule too: the query parameters that track on it,
/// its mobile hosts, and its related-URL family (``URLIdentity/relatedKeys(of:)``). One generic test
/// runs every rule's examples and its tracking names and mobile hosts, so adding a rule
/// adds its tests. Rules
/// are tried in ``DomainRules/builtIn`` order on the hosts they name; the first that
/// recognizes a URL wins, and a rule that does not recognize it (a path it does not
/// know) leaves it to the next rule or to the generic form.
public struct DomainRule: Sendable {
    /// Stable identifier (`arxiv`), shown by `curate url --explain`.
    public let id: String
    /// One line: which forms are one resource.
    public let summary: String
    /// Hosts the rule is tried on, each with its subdomains (after `www.` and mobile
    /// prefixes are dropped).
    public let hosts: [String]
    /// Groups of URLs that name one resource: every URL of a group has the same key.
    public let same: [[String]]
    /// Pairs of URLs that name different resources.
    public let different: [(String, String)]
    /// Query parameters that say where a click came from on this site only, by host (each
    /// with its subdomains): `si` on YouTube, `ref_src` on X. Part of
    /// ``TrackingParameters/default``.
    public let trackingParameters: [String: [String]]
    /// Hosts of the site whose `m.` and `mobile.` subdomains serve the same pages. Part of
    /// ``URLIdentity/defaultMobileHosts``.
    public let mobileHosts: [String]
    /// The site's related-URL family: keys a reviewer would call the same thing although
    /// they are different resources (a page of a repository and the repository).
    public let related: Related?
    /// The canonical form of `url`, or nil when the rule does not know this URL; nil for a
    /// site curate knows only by its tracking names and mobile hosts.
    let canonicalize: (@Sendable (NormalizedURL) -> NormalizedURL?)?

    /// Keys related to a key of this site, each with the relation in words.
    public struct Related: Sendable {
        /// Hosts of the keys this family applies to, each with its subdomains (`github.io`
        /// for every GitHub Pages site).
        public let hosts: [String]
        /// Pairs of URLs whose keys differ and where the second's key is related to the first's.
        public let examples: [(url: String, related: String)]
        /// The related keys of `key`, given split on `/` (host first, the query in the last part).
        let keys: @Sendable (_ key: String, _ parts: [Substring]) -> [(key: String, relation: String)]

        public init(
            hosts: [String], examples: [(url: String, related: String)],
            keys: @escaping @Sendable (_ key: String, _ parts: [Substring]) -> [(key: String, relation: String)]
        ) {
            self.hosts = hosts
            self.examples = examples
            self.keys = keys
        }
    }

    public init(
        id: String, summary: String, hosts: [String], same: [[String]], different: [(String, String)],
        trackingParameters: [String: [String]] = [:], mobileHosts: [String] = [], related: Related? = nil,
        canonicalize: (@Sendable (NormalizedURL) -> NormalizedURL?)? = nil
    ) {
        self.id = id
        self.summary = summary
        self.hosts = hosts
        self.same = same
        self.different = different
        self.trackingParameters = trackingParameters
        self.mobileHosts = mobileHosts
        self.related = related
        self.canonicalize = canonicalize
    }

    /// Whether the rule gives URLs a canonical form (not only tracking names and mobile hosts).
    public var canonicalizes: Bool { canonicalize != nil }
}

/// The domain rules, indexed by host for a lookup per URL that does not depend on how
/// many rules there are.
public struct DomainRules: Sendable {
    /// Every rule curate knows, in the order they are tried.
    public static let builtIn: [DomainRule] = [
        .arXiv, .doi, .lessWrong, .gitHub, .youTube, .openReview, .aclAnthology, .semanticScholar, .medium,
        .wikipedia, .twitter, .googleDocs, .staticSites, .substack, .linkedIn, .reddit, .spotify, .amazon, .facebook,
        .imdb, .pyPI,
    ]

    public let rules: [DomainRule]
    /// The rules' functions alone: calling one does not copy (and retain) a whole rule.
    private let canonicalizers: [(@Sendable (NormalizedURL) -> NormalizedURL?)?]

    /// At most ``RuleSet/capacity`` rules.
    public init(_ rules: [DomainRule] = DomainRules.builtIn) {
        precondition(rules.count <= RuleSet.capacity, "at most \(RuleSet.capacity) domain rules")
        self.rules = rules
        self.canonicalizers = rules.map(\.canonicalize)
    }

    /// The per-host tracking names of the built-in sites.
    static let builtInTrackingParameters: [String: Set<String>] = builtIn.reduce(into: [:]) { result, rule in
        for (host, names) in rule.trackingParameters { result[host, default: []].formUnion(names) }
    }

    /// The index of the first rule among `candidates` (the rules for the URL's host and its
    /// parent domains, in order) that recognizes `url`, with the canonical form it gives.
    func apply(to url: NormalizedURL, candidates: RuleSet) -> (rule: Int, canonical: NormalizedURL)? {
        for index in candidates {
            if let canonical = canonicalizers[index]?(url) { return (index, canonical) }
        }
        return nil
    }
}

/// Domain rules by their position in ``DomainRules/rules``, one bit each: a host's rules
/// are looked up and merged with its parent domains' without an array, and read in the
/// order they are tried.
struct RuleSet: Sendable, Sequence {
    static let capacity = 64
    private var bits: UInt64 = 0

    var isEmpty: Bool { bits == 0 }

    mutating func insert(_ rule: Int) { bits |= 1 << UInt64(rule) }

    mutating func formUnion(_ other: RuleSet) { bits |= other.bits }

    /// The rules in ascending order.
    func makeIterator() -> Iterator { Iterator(bits: bits) }

    struct Iterator: IteratorProtocol {
        var bits: UInt64

        mutating func next() -> Int? {
            guard bits != 0 else { return nil }
            let rule = bits.trailingZeroBitCount
            bits &= bits - 1
            return rule
        }
    }
}

/// Calls `body` with `host` and each parent domain (`a.b.c`, `b.c`, `c`) until it returns true.
@inline(__always)
func forEachSuffix(of host: String, _ body: (Substring) -> Bool) {
    var domain = Substring(host)
    while true {
        if body(domain) { return }
        guard let dot = domain.utf8.firstIndex(of: UInt8(ascii: ".")) else { return }
        domain = domain[domain.utf8.index(after: dot)...]
    }
}

extension Substring {
    /// The text with its ASCII letters in lower case, but the hex digits of its percent
    /// escapes (`%3D`), which normalization writes in upper case.
    func lowercasedKeepingEscapes() -> String {
        let bytes = Array(utf8)
        var result = bytes
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%") {
                index += 3
                continue
            }
            result[index] = lowercasedASCII(bytes[index])
            index += 1
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// The text with its ASCII letters in lower case: `lowercased()` for the ASCII text of a
    /// normalized path, without its Unicode tables.
    func asciiLowercased() -> String {
        withUTF8Bytes { bytes in
            String(unsafeUninitializedCapacity: bytes.count) { buffer in
                for offset in 0..<bytes.count { buffer[offset] = lowercasedASCII(bytes[offset]) }
                return bytes.count
            }
        }
    }
}

extension StringProtocol {
    /// Whether every byte satisfies `predicate`, read on the text's memory.
    @inline(__always)
    func allUTF8Satisfy(_ predicate: (UInt8) -> Bool) -> Bool {
        withUTF8Bytes { bytes in
            for byte in bytes where !predicate(byte) { return false }
            return true
        }
    }

    /// Calls `body` with the text's UTF-8 bytes: its own memory when the text is native
    /// (every host and path segment is: no copy, no index checks per byte), a copy otherwise.
    @inline(__always)
    func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(utf8).withUnsafeBufferPointer(body)
    }

    /// Whether the text ends with `suffix` (ASCII), ignoring case, without a lowercased copy.
    @inline(__always)
    func hasSuffixIgnoringCase(_ suffix: StaticString) -> Bool {
        let tail = UnsafeBufferPointer(start: suffix.utf8Start, count: suffix.utf8CodeUnitCount)
        guard utf8.count >= tail.count else { return false }
        return utf8.suffix(tail.count).elementsEqual(tail) { lowercasedASCII($0) == $1 }
    }

    /// Whether the text starts with `prefix` (ASCII), ignoring case.
    @inline(__always)
    func hasPrefixIgnoringCase(_ prefix: StaticString) -> Bool {
        let head = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
        guard utf8.count >= head.count else { return false }
        return utf8.prefix(head.count).elementsEqual(head) { lowercasedASCII($0) == $1 }
    }
}
