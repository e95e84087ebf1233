import CurateMarkdown

/// Decides when two URLs name the same resource: two URLs are duplicates exactly when
/// their keys are equal.
///
/// A key is a canonical URL without its scheme (`arxiv.org/abs/1706.03762`,
/// `example.com/a?b=1`): the key of a key is itself. The generic ladder follows RFC 3986
/// section 6 plus policy: scheme and host case, `www.`, default ports, user info,
/// percent-encoding, dot segments, tracking parameters, parameter order, trailing `/` and
/// `index.html`, fragments that are not routes. Then the configuration's ``HostPolicy``s
/// and the ``DomainRules`` of known sites (arXiv, GitHub, YouTube ...) give the forms a
/// site treats as one resource one canonical form.
public struct URLIdentity: Sendable {
    public var tracking: TrackingParameters {
        didSet {
            hostIndex = Self.index(tracking, domainRules, mobileHosts)
            changed()
        }
    }
    /// Hosts whose mobile subdomain (`m.`, `mobile.`) serves the same pages.
    public var mobileHosts: Set<String> {
        didSet {
            hostIndex = Self.index(tracking, domainRules, mobileHosts)
            changed()
        }
    }
    /// Per-host rules from the configuration, by host (applies to its subdomains too).
    public var hostPolicies: [String: HostPolicy] {
        didSet { changed() }
    }
    public var domainRules: DomainRules {
        didSet {
            hostIndex = Self.index(tracking, domainRules, mobileHosts)
            changed()
        }
    }
    /// What is known per host, from all three: one lookup per parent domain of a URL's
    /// host instead of one per table.
    private var hostIndex: HostTable<HostFacts>

    struct HostFacts: Sendable {
        /// The group of the host's own tracking names (0: none).
        var tracking = 0
        /// The rules that canonicalize URLs of this host.
        var rules = RuleSet()
        /// The rules whose related-URL family covers keys of this host.
        var related = RuleSet()
        /// One of ``mobileHosts``.
        var isMobile = false
    }

    private static func index(
        _ tracking: TrackingParameters, _ rules: DomainRules, _ mobileHosts: Set<String>
    ) -> HostTable<HostFacts> {
        var index: [String: HostFacts] = [:]
        for (host, group) in tracking.hostGroups { index[host, default: HostFacts()].tracking = group }
        for (position, rule) in rules.rules.enumerated() {
            if rule.canonicalizes {
                for host in rule.hosts { index[host, default: HostFacts()].rules.insert(position) }
            }
            for host in rule.related?.hosts ?? [] { index[host, default: HostFacts()].related.insert(position) }
        }
        for host in mobileHosts { index[host, default: HostFacts()].isMobile = true }
        return HostTable(index.map { ($0.key, $0.value) })
    }

    /// The rules whose related-URL family covers `host` (or a parent domain), in order.
    func relatedRules(for host: Substring) -> RuleSet {
        var rules = RuleSet()
        hostIndex.forEachSuffix(of: String(host)) { rules.formUnion($0.related) }
        return rules
    }

    /// Whether `host` or a parent domain of it is one of ``mobileHosts``.
    func isMobileHost(_ host: String) -> Bool {
        var found = false
        hostIndex.forEachSuffix(of: host) { found = found || $0.isMobile }
        return found
    }

    /// The host's tracking names (from it and its parent domains) and the domain rules to
    /// try, in order.
    func facts(for host: String) -> (tracking: TrackingSets, rules: RuleSet) {
        var tracking = TrackingSets()
        var rules = RuleSet()
        hostIndex.forEachSuffix(of: host) { facts in
            if facts.tracking != 0 { tracking.append(facts.tracking) }
            rules.formUnion(facts.rules)
        }
        return (tracking, rules)
    }

    /// The mobile hosts of the built-in sites (``DomainRule/mobileHosts``).
    public static let defaultMobileHosts = Set(DomainRules.builtIn.flatMap(\.mobileHosts))

    public init(
        tracking: TrackingParameters = .default, mobileHosts: Set<String> = URLIdentity.defaultMobileHosts,
        hostPolicies: [String: HostPolicy] = [:], domainRules: DomainRules = DomainRules()
    ) {
        self.tracking = tracking
        self.mobileHosts = mobileHosts
        self.hostPolicies = hostPolicies
        self.domainRules = domainRules
        self.hostIndex = Self.index(tracking, domainRules, mobileHosts)
    }

    /// Keys computed before, for commands that key the same URLs several times (nil: none
    /// kept). A change of the identity's settings drops it: its keys are of the settings
    /// it was set with.
    public var memo: URLKeyMemo?

    /// The keys of this identity's settings, shared by its copies (a change of a setting
    /// starts another): a memo (``memo``) that work on other threads can fill ahead, as a
    /// post read ahead has its links keyed (``PostPrefetch``).
    public private(set) var sharedKeys = URLKeyMemo()

    /// A setting changed: keys kept before are of other settings.
    private mutating func changed() {
        memo = nil
        sharedKeys = URLKeyMemo()
    }

    /// Keys that keep a URL's fragment where it names a part of the page, except where a
    /// site's rule knows better (a GitHub repository's README sections, an arXiv paper's
    /// `#S3` are the repository and the paper): what tells two entries apart that point at
    /// different sections of one page (`guide.html#install`, `guide.html#configure`),
    /// which the dedupe key calls one resource.
    public var keepingFragments: URLIdentity {
        var identity = self
        identity.keepsFragments = true  // (drops the memo: it holds keys without fragments)
        return identity
    }

    /// See ``keepingFragments``.
    var keepsFragments = false {
        didSet { changed() }
    }

    /// The dedupe key of `url`.
    public func key(for url: String) throws(URLProblem) -> String {
        var none = HostMemo.none
        return try key(for: url, hosts: &none)
    }

    /// ``key(for:)``, what the URL's host gives its key read from `hosts` when a URL keyed
    /// before had that host (the memo of URLs keyed with this identity, and with no other).
    public func key(for url: String, hosts: inout HostMemo) throws(URLProblem) -> String {
        var trace: [String]?
        guard let memo else { return try key(for: url, trace: &trace, hosts: &hosts) }
        return try memo.value(for: url) {
            do throws(URLProblem) { return .success(try key(for: url, trace: &trace, hosts: &hosts)) } catch {
                return .failure(error)
            }
        }.get()
    }

    /// The dedupe key of a URL given as UTF-8 bytes (a line of input, without copying it
    /// into a String first).
    public func key(utf8 bytes: ArraySlice<UInt8>) throws(URLProblem) -> String {
        var key: [UInt8] = []
        try appendKey(utf8: bytes, to: &key)
        return String(decoding: key, as: UTF8.self)
    }

    /// Appends the dedupe key of a URL given as UTF-8 bytes to `output`: `curate url` keys
    /// lines of input into one output buffer, with no String per key. Appends nothing
    /// when it throws.
    public func appendKey(utf8 bytes: ArraySlice<UInt8>, to output: inout [UInt8]) throws(URLProblem) {
        var none = HostMemo.none
        try appendKey(utf8: bytes, to: &output, memo: &none)
    }

    /// ``appendKey(utf8:to:)``, what the URL's host gives its key read from `memo` when
    /// a URL of the batch had that host before (the memo of a batch keyed with this
    /// identity, and with no other).
    public func appendKey(utf8 bytes: ArraySlice<UInt8>, to output: inout [UInt8], memo: inout HostMemo) throws(URLProblem) {
        var trace: [String]?
        var tracking: [String]?  // not collected: only the key is written
        do {
            var (parsed, place) = try ParsedURL.parse(utf8: bytes, memo: &memo)
            var rules = RuleSet()
            let normalized = normalize(
                &parsed, trace: &trace, tracking: &tracking, rules: &rules, memo: &memo, place: place)
            canonical(normalized, rules: rules, trace: &trace).serialize(into: &output)
        } catch {
            guard case .notHTTP = error else { throw error }
            output.append(contentsOf: try key(for: String(decoding: bytes, as: UTF8.self)).utf8)
        }
    }

    /// The key and the rules that produced it, in order.
    public func explain(_ url: String) throws(URLProblem) -> (key: String, steps: [String]) {
        var trace: [String]? = []
        var none = HostMemo.none
        let key = try key(for: url, trace: &trace, hosts: &none)
        return (key, trace ?? [])
    }

    /// Identifiers written without a web address, and the address that resolves them.
    static let identifierSchemes: [(prefix: String, resolver: String)] = [
        ("doi:", "https://doi.org/"), ("arxiv:", "https://arxiv.org/abs/"),
    ]

    private func key(for url: String, trace: inout [String]?, hosts: inout HostMemo) throws(URLProblem) -> String {
        var tracking: [String]?  // not collected: only the key is returned
        do {
            var (parsed, place) = try ParsedURL.parse(utf8: Array(url.utf8)[...], memo: &hosts)
            var rules = RuleSet()
            let normalized = normalize(
                &parsed, trace: &trace, tracking: &tracking, rules: &rules, memo: &hosts, place: place)
            return canonical(normalized, rules: rules, trace: &trace).serialized
        } catch {
            guard case .notHTTP = error, let resolved = Self.resolveIdentifier(url) else { throw error }
            trace?.append("identifier: \(url.prefix { $0 != ":" }): resolved as \(resolved)")
            var parsed = try ParsedURL.parse(resolved)
            return key(of: &parsed, trace: &trace, tracking: &tracking)
        }
    }

    private func key(of parsed: inout ParsedURL, trace: inout [String]?, tracking: inout [String]?) -> String {
        normalizedKey(of: &parsed, trace: &trace, tracking: &tracking).serialized
    }

    /// The key before it is serialized: the generic ladder, then the first domain rule that
    /// recognizes the URL. The names of the tracking parameters dropped are added to
    /// `tracking` unless it is nil.
    private func normalizedKey(
        of parsed: inout ParsedURL, trace: inout [String]?, tracking: inout [String]?
    ) -> NormalizedURL {
        var rules = RuleSet()
        let normalized = normalize(&parsed, trace: &trace, tracking: &tracking, rules: &rules)
        return canonical(normalized, rules: rules, trace: &trace)
    }

    /// The canonical form the first of `rules` that recognizes the URL gives it; the URL
    /// itself when none does.
    private func canonical(_ normalized: NormalizedURL, rules: RuleSet, trace: inout [String]?) -> NormalizedURL {
        if !rules.isEmpty, let (rule, canonical) = domainRules.apply(to: normalized, candidates: rules) {
            trace?.append("domain: \(domainRules.rules[rule].id): \(domainRules.rules[rule].summary)")
            return canonical
        }
        return normalized
    }

    /// Whether a fragment names a part of the page (for ``keepingFragments``): not
    /// `#top`, `#readme` and the like, nor a browser's text fragment (`#:~:text=`).
    static func namesPart(_ fragment: ArraySlice<UInt8>) -> Bool {
        let part = partOfPage(fragment)
        guard !part.isEmpty else { return false }
        let name = String(decoding: part, as: UTF8.self).lowercased()
        return !["readme", "top", "main", "content", "main-content", "start", "page"].contains(name)
    }

    /// The fragment without a browser's text directive (`#install:~:text=pip` is
    /// `install`, `#:~:text=pip` nothing): it highlights, it names no other part.
    static func partOfPage(_ fragment: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var index = fragment.startIndex
        while index + 2 < fragment.endIndex {
            if fragment[index] == UInt8(ascii: ":") && fragment[index + 1] == UInt8(ascii: "~")
                && fragment[index + 2] == UInt8(ascii: ":")
            {
                return fragment[..<index]
            }
            index += 1
        }
        return fragment
    }

    /// The key, the problem and the tracking parameters of `url`, in one pass: what the
    /// rules of `curate check` need of every link.
    public func analyze(_ url: String) -> URLAnalysis {
        var none = HostMemo.none
        return analyze(url, hosts: &none)
    }

    /// ``analyze(_:)``, what the URL's host gives its key read from `hosts` when a URL
    /// analyzed before had that host (the memo of URLs analyzed with this identity, and
    /// with no other).
    public func analyze(_ url: String, hosts: inout HostMemo) -> URLAnalysis {
        // A web URL without a query whose key this process found before (the memo of a
        // sync or a proposal): its key is all there is to know (tracking parameters are
        // in a query, and a web URL that has a key has no problem).
        if let memo, url.hasPrefix("https://") || url.hasPrefix("http://"), !url.containsUTF8(UInt8(ascii: "?")),
            case let .success(key)? = memo.cached(url)
        {
            return URLAnalysis(keyHash: Self.hash(ofKey: Array(key.utf8)), problem: nil, trackingParameters: [])
        }
        var trace: [String]?
        var tracking: [String]? = []
        do {
            var (parsed, place) = try ParsedURL.parse(utf8: Array(url.utf8)[...], memo: &hosts)
            // The key's bytes are hashed where they are written: no String is made of them.
            var key: [UInt8] = []
            key.reserveCapacity(parsed.bytes.count + 8)
            var rules = RuleSet()
            let normalized = normalize(
                &parsed, trace: &trace, tracking: &tracking, rules: &rules, memo: &hosts, place: place)
            canonical(normalized, rules: rules, trace: &trace).serialize(into: &key)
            return URLAnalysis(keyHash: Self.hash(ofKey: key), problem: nil, trackingParameters: tracking ?? [])
        } catch {
            let key = try? self.key(for: url)
            return URLAnalysis(keyHash: key.map { Self.hash(ofKey: Array($0.utf8)) }, problem: error, trackingParameters: [])
        }
    }

    /// What ``URLAnalysis/keyHash`` holds for a key, given as its bytes.
    static func hash(ofKey bytes: [UInt8]) -> Int {
        var hasher = Hasher()
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        return hasher.finalize()
    }

    /// `doi:10.1/x` as `https://doi.org/10.1/x`; nil for other schemes.
    static func resolveIdentifier(_ url: String) -> String? {
        let trimmed = url.trimmingSpaces()
        for (prefix, resolver) in identifierSchemes where trimmed.utf8.count > prefix.utf8.count {
            let head = trimmed.utf8.prefix(prefix.utf8.count)
            if head.elementsEqual(prefix.utf8, by: { $0 | 0x20 == $1 }) {
                return resolver + trimmed.dropFirst(prefix.count)
            }
        }
        return nil
    }
}

/// What `curate check` needs to know about one URL, computed once per link.
public struct URLAnalysis: Sendable, Equatable {
    /// The hash of the dedupe key's bytes (this process's: equal keys, equal hashes;
    /// equal hashes are confirmed with the keys); nil when the URL cannot be keyed.
    /// A hash, not the key, so that 100k links do not hold 100k key strings.
    public var keyHash: Int?
    /// Why the URL is not an http(s) web link, when it is not (`doi:…` has a key and a problem).
    public var problem: URLProblem?
    /// The tracking parameters in the URL, by name as written.
    public var trackingParameters: [String]
}
