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
        didSet { hostIndex = Self.index(tracking, domainRules) }
    }
    /// Hosts whose mobile subdomain (`m.`, `mobile.`) serves the same pages.
    public var mobileHosts: Set<String>
    /// Per-host rules from the configuration, by host (applies to its subdomains too).
    public var hostPolicies: [String: HostPolicy]
    public var domainRules: DomainRules {
        didSet { hostIndex = Self.index(tracking, domainRules) }
    }
    /// What is known per host, from both tables: one lookup per parent domain of a URL's
    /// host instead of one per table.
    private var hostIndex: [Substring: HostFacts] = [:]

    struct HostFacts: Sendable {
        var tracking: Set<String>?
        var rules: [Int] = []
    }

    private static func index(_ tracking: TrackingParameters, _ rules: DomainRules) -> [Substring: HostFacts] {
        var index: [Substring: HostFacts] = [:]
        for (host, names) in tracking.perHost { index[Substring(host), default: HostFacts()].tracking = names }
        for (position, rule) in rules.rules.enumerated() {
            for host in rule.hosts { index[Substring(host), default: HostFacts()].rules.append(position) }
        }
        return index
    }

    /// The host's tracking names (from it and its parent domains) and the domain rules to
    /// try, in order.
    private func facts(for host: String) -> (tracking: TrackingSets, rules: [Int]) {
        var tracking = TrackingSets()
        var rules: [Int] = []
        var several = false
        forEachSuffix(of: host) { domain in
            if let facts = hostIndex[domain] {
                if let names = facts.tracking { tracking.append(names) }
                if !facts.rules.isEmpty {
                    several = several || !rules.isEmpty
                    rules += facts.rules
                }
            }
            return false
        }
        if several { rules.sort() }
        return (tracking, rules)
    }

    public static let defaultMobileHosts: Set<String> = [
        "youtube.com", "wikipedia.org", "twitter.com", "x.com", "facebook.com", "reddit.com", "medium.com",
        "wikimedia.org", "wiktionary.org", "imdb.com", "linkedin.com",
    ]

    public init(
        tracking: TrackingParameters = .default, mobileHosts: Set<String> = URLIdentity.defaultMobileHosts,
        hostPolicies: [String: HostPolicy] = [:], domainRules: DomainRules = DomainRules()
    ) {
        self.tracking = tracking
        self.mobileHosts = mobileHosts
        self.hostPolicies = hostPolicies
        self.domainRules = domainRules
        self.hostIndex = Self.index(tracking, domainRules)
    }

    /// The dedupe key of `url`.
    public func key(for url: String) throws(URLProblem) -> String {
        var trace: [String]?
        return try key(for: url, trace: &trace)
    }

    /// The dedupe key of a URL given as UTF-8 bytes (a line of input, without copying it
    /// into a String first).
    public func key(utf8 bytes: ArraySlice<UInt8>) throws(URLProblem) -> String {
        var trace: [String]?
        var tracking: [String] = []
        do {
            var parsed = try ParsedURL.parse(utf8: Array(bytes))
            return key(of: &parsed, trace: &trace, tracking: &tracking)
        } catch {
            guard case .notHTTP = error else { throw error }
            return try key(for: String(decoding: bytes, as: UTF8.self))
        }
    }

    /// The key and the rules that produced it, in order.
    public func explain(_ url: String) throws(URLProblem) -> (key: String, steps: [String]) {
        var trace: [String]? = []
        let key = try key(for: url, trace: &trace)
        return (key, trace ?? [])
    }

    /// Identifiers written without a web address, and the address that resolves them.
    static let identifierSchemes: [(prefix: String, resolver: String)] = [
        ("doi:", "https://doi.org/"), ("arxiv:", "https://arxiv.org/abs/"),
    ]

    private func key(for url: String, trace: inout [String]?) throws(URLProblem) -> String {
        var tracking: [String] = []
        do {
            var parsed = try ParsedURL.parse(url)
            return key(of: &parsed, trace: &trace, tracking: &tracking)
        } catch {
            guard case .notHTTP = error, let resolved = Self.resolveIdentifier(url) else { throw error }
            trace?.append("identifier: \(url.prefix { $0 != ":" }): resolved as \(resolved)")
            var parsed = try ParsedURL.parse(resolved)
            return key(of: &parsed, trace: &trace, tracking: &tracking)
        }
    }

    private func key(of parsed: inout ParsedURL, trace: inout [String]?, tracking: inout [String]) -> String {
        var rules: [Int] = []
        var normalized = normalize(&parsed, trace: &trace, tracking: &tracking, rules: &rules)
        if !rules.isEmpty, let (rule, canonical) = domainRules.apply(to: normalized, candidates: rules) {
            trace?.append("domain: \(domainRules.rules[rule].id): \(domainRules.rules[rule].summary)")
            normalized = canonical
        }
        return normalized.serialized
    }

    /// The key, the problem and the tracking parameters of `url`, in one pass: what the
    /// rules of `curate check` need of every link.
    public func analyze(_ url: String) -> URLAnalysis {
        var trace: [String]?
        var tracking: [String] = []
        do {
            var parsed = try ParsedURL.parse(url)
            let key = key(of: &parsed, trace: &trace, tracking: &tracking)
            return URLAnalysis(keyHash: key.hashValue, problem: nil, trackingParameters: tracking)
        } catch {
            return URLAnalysis(keyHash: (try? self.key(for: url))?.hashValue, problem: error, trackingParameters: [])
        }
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

    /// `example.com` for `www.example.com` (and `www.www.example.com`); a host that is
    /// `www.` and one label (`www.watch`) keeps it.
    public static func droppingWWW(_ host: String) -> String {
        var result = Substring(host)
        while result.utf8.starts(with: "www.".utf8), result.utf8.dropFirst(4).contains(UInt8(ascii: ".")) {
            result = result[result.utf8.index(result.startIndex, offsetBy: 4)...]
        }
        return String(result)
    }

    /// Drops `m.`/`mobile.` from known hosts (`en.m.wikipedia.org` too).
    private func droppingMobilePrefix(_ host: String, trace: inout [String]?) -> String {
        let bytes = host.utf8
        guard let dot = bytes.firstIndex(of: UInt8(ascii: ".")) else { return host }
        let label = host[..<dot]
        let afterDot = bytes.index(after: dot)
        let labelBytes = bytes[..<dot]
        if labelBytes.elementsEqual("m".utf8) || labelBytes.elementsEqual("mobile".utf8) {
            let rest = String(host[afterDot...])
            if isMobileHost(rest) {
                trace?.append("host: mobile \(label). dropped on \(rest)")
                return rest
            }
        }
        if host.utf8[afterDot...].starts(with: "m.".utf8) {
            let parent = String(host[bytes.index(afterDot, offsetBy: 2)...])
            if mobileHosts.contains(parent) {
                trace?.append("host: mobile m. dropped on \(parent)")
                return String(label) + "." + parent
            }
        }
        return host
    }

    /// Whether `host` or a parent domain of it is one of ``mobileHosts``.
    private func isMobileHost(_ host: String) -> Bool {
        var found = false
        forEachSuffix(of: host) { domain in
            found = mobileHosts.contains(String(domain))
            return found
        }
        return found
    }

    /// Applies the generic ladder.
    func normalize(
        _ url: inout ParsedURL, trace: inout [String]?, tracking found: inout [String], rules: inout [Int]
    ) -> NormalizedURL {
        trace?.append("scheme: http and https are one resource")
        var host = Self.droppingWWW(url.host)
        if host != url.host { trace?.append("host: www. dropped") }
        if !mobileHosts.isEmpty { host = droppingMobilePrefix(host, trace: &trace) }
        let policy = policy(for: host)
        if let alias = policy?.sameAs, alias != host {
            trace?.append("host: \(host) is \(alias) (curate.yml)")
            host = alias
        }
        let facts = facts(for: host)
        rules = facts.rules
        var port = url.port
        if port == 80 || port == 443 {
            port = nil
            trace?.append("port: default port dropped")
        }
        var path = PercentEncoding.normalize(url.path)
        if trace != nil, !path.elementsEqual(url.path) { trace?.append("path: percent-encoding normalized") }
        if policy?.ignorePathCase == true {
            path = path.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
            trace?.append("path: case ignored on this host (curate.yml)")
        }
        let resolved = Self.removeDotSegments(path)
        if resolved != path {
            path = resolved
            trace?.append("path: dot segments resolved")
        }
        var query: [[UInt8]] = []
        if let raw = url.query {
            let ignoreQuery = policy?.ignoreQuery == true
            if ignoreQuery { trace?.append("query: ignored on this host (curate.yml)") }
            let hostParameters = facts.tracking
            var start = raw.startIndex
            while start < raw.endIndex {
                var end = start
                while end < raw.endIndex && raw[end] != UInt8(ascii: "&") { end += 1 }
                let parameter = raw[start..<end]
                start = end + 1
                if parameter.isEmpty { continue }
                let name = parameter.prefix { $0 != UInt8(ascii: "=") }
                if tracking.isTracking(name, hostNames: hostParameters) {
                    found.append(String(decoding: name, as: UTF8.self))
                    trace?.append("query: tracking parameter \(String(decoding: name, as: UTF8.self)) dropped")
                    continue
                }
                if !ignoreQuery { query.append(PercentEncoding.normalize(parameter)) }
            }
            if query.count > 1 {
                let sorted = query.sorted { $0.lexicographicallyPrecedes($1) }
                if sorted != query { trace?.append("query: parameters sorted") }
                query = sorted
            }
        }
        var fragment: [UInt8]?
        if let raw = url.fragment, policy?.keepFragment == true, !raw.isEmpty {
            fragment = PercentEncoding.normalize(raw)
            trace?.append("fragment: kept on this host (curate.yml)")
        } else if let raw = url.fragment, let first = raw.first, first == UInt8(ascii: "/") || first == UInt8(ascii: "!") {
            fragment = PercentEncoding.normalize(raw)
            trace?.append("fragment: kept, it is a route (#/ or #!)")
        } else if url.fragment != nil {
            trace?.append("fragment: dropped")
        }
        // A final index.html or index.htm names the folder, and a trailing / is the
        // same page; repeated until neither applies (`/a/index.html//`).
        var changed = true
        while changed {
            changed = false
            if path.last == UInt8(ascii: "/") {
                while path.last == UInt8(ascii: "/") { path.removeLast() }
                trace?.append("path: trailing / dropped")
                changed = true
            }
            for index in Self.indexFiles where path.count >= index.utf8.count {
                let suffix = path[(path.count - index.utf8.count)...]
                if suffix.elementsEqual(index.utf8, by: { $0 | (isAlpha($0) ? 0x20 : 0) == $1 }) {
                    path.removeLast(index.utf8.count - 1)
                    trace?.append("path: \(index.dropFirst()) dropped")
                    changed = true
                    break
                }
            }
        }
        return NormalizedURL(host: host, port: port, path: path, query: query, fragment: fragment)
    }

    /// Final path segments that name their folder.
    static let indexFiles = ["/index.html", "/index.htm"]

    /// RFC 3986 section 5.2.4.
    static func removeDotSegments(_ path: [UInt8]) -> [UInt8] {
        guard hasDotSegment(path) else { return path }
        let segments = path.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        var output: [ArraySlice<UInt8>] = []
        for (index, segment) in segments.enumerated() {
            let isLast = index == segments.count - 1
            if segment.elementsEqual(".".utf8) {
                if isLast { output.append([]) }
                continue
            }
            if segment.elementsEqual("..".utf8) {
                if output.count > 1 { output.removeLast() }
                if isLast { output.append([]) }
                continue
            }
            output.append(segment)
        }
        var result: [UInt8] = []
        for (index, segment) in output.enumerated() {
            if index > 0 { result.append(UInt8(ascii: "/")) }
            result.append(contentsOf: segment)
        }
        if path.first == UInt8(ascii: "/") && result.first != UInt8(ascii: "/") { result.insert(UInt8(ascii: "/"), at: 0) }
        return result
    }

    /// Whether a segment of `path` is `.` or `..`.
    private static func hasDotSegment(_ path: [UInt8]) -> Bool {
        var index = 0
        let count = path.count
        while index < count {
            if path[index] == UInt8(ascii: "."), index == 0 || path[index - 1] == UInt8(ascii: "/") {
                var end = index + 1
                if end < count, path[end] == UInt8(ascii: ".") { end += 1 }
                if end == count || path[end] == UInt8(ascii: "/") { return true }
            }
            index += 1
        }
        return false
    }

    // MARK: - Editing URLs as written

    /// `url` exactly as written but without its tracking parameters; nil when it has none.
    public func removingTrackingParameters(from url: String) -> String? {
        guard let (host, query) = hostAndQuery(url) else { return nil }
        let bytes = Array(url.utf8)
        let parameters = bytes[query].split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: false)
        let kept = parameters.filter { parameter in
            !tracking.isTracking(parameter.prefix { $0 != UInt8(ascii: "=") }, host: host)
        }
        guard kept.count < parameters.count else { return nil }
        var result = Array(bytes[..<(query.lowerBound - 1)])
        let joined = kept.filter { !$0.isEmpty }
        if !joined.isEmpty {
            result.append(UInt8(ascii: "?"))
            for (index, parameter) in joined.enumerated() {
                if index > 0 { result.append(UInt8(ascii: "&")) }
                result.append(contentsOf: parameter)
            }
        }
        result.append(contentsOf: bytes[query.upperBound...])
        return String(decoding: result, as: UTF8.self)
    }

    /// The host (normalized, without `www.`) and the byte range of the query of `url`.
    private func hostAndQuery(_ url: String) -> (String, Range<Int>)? {
        guard url.utf8.contains(UInt8(ascii: "?")), let parsed = try? ParsedURL.parse(url) else { return nil }
        let bytes = Array(url.utf8)
        guard let mark = bytes.firstIndex(of: UInt8(ascii: "?")) else { return nil }
        var end = mark + 1
        while end < bytes.count && bytes[end] != UInt8(ascii: "#") { end += 1 }
        let host = Self.droppingWWW(parsed.host)
        return (host, (mark + 1)..<end)
    }
}

/// What `curate check` needs to know about one URL, computed once per link.
public struct URLAnalysis: Sendable, Equatable {
    /// The hash of the dedupe key (this process's `hashValue`: equal keys, equal hashes;
    /// equal hashes are confirmed with the keys); nil when the URL cannot be keyed.
    /// A hash, not the key, so that 100k links do not hold 100k key strings.
    public var keyHash: Int?
    /// Why the URL is not an http(s) web link, when it is not (`doi:…` has a key and a problem).
    public var problem: URLProblem?
    /// The tracking parameters in the URL, by name as written.
    public var trackingParameters: [String]
}

/// A URL after the generic ladder: what domain rules read and return.
public struct NormalizedURL: Sendable, Equatable {
    public var host: String
    public var port: Int?
    /// Percent-normalized; starts with `/` or is empty.
    public var path: [UInt8]
    /// Parameters (`name=value`), normalized and sorted.
    public var query: [[UInt8]]
    public var fragment: [UInt8]?
    /// Path segments, without empty ones.
    public var segments: [Substring] {
        guard path.count > 1 else { return [] }
        // The path is ASCII after percent-normalization: no validation needed to read it.
        let text = String(unsafeUninitializedCapacity: path.count) { buffer in
            _ = buffer.initialize(from: path)
            return path.count
        }
        var result: [Substring] = []
        var start = text.utf8.startIndex
        var index = start
        let end = text.utf8.endIndex
        while index < end {
            if text.utf8[index] == UInt8(ascii: "/") {
                if index > start { result.append(text[start..<index]) }
                start = text.utf8.index(after: index)
            }
            index = text.utf8.index(after: index)
        }
        if start < end { result.append(text[start..<end]) }
        return result
    }

    public init(host: String, port: Int? = nil, path: [UInt8], query: [[UInt8]] = [], fragment: [UInt8]? = nil) {
        self.host = host
        self.port = port
        self.path = path
        self.query = query
        self.fragment = fragment
    }

    /// A canonical form built by a domain rule; `parameters` (`name=value`) are sorted.
    public init<S: StringProtocol>(host: String, path: S, parameters: [String] = []) {
        let query: [[UInt8]]
        switch parameters.count {
        case 0: query = []
        case 1: query = [Array(parameters[0].utf8)]
        default: query = parameters.sorted().map { Array($0.utf8) }
        }
        self.init(host: host, path: Array(path.utf8), query: query)
    }

    public var serialized: String {
        var count = host.utf8.count + path.count + (fragment.map { $0.count + 1 } ?? 0)
        if let port { count += 6 + (port > 9999 ? 1 : 0) }
        for parameter in query { count += parameter.count + 1 }
        return String(unsafeUninitializedCapacity: count) { buffer in
            var index = 0
            func put<C: Collection>(_ bytes: C) where C.Element == UInt8 {
                for byte in bytes {
                    buffer[index] = byte
                    index += 1
                }
            }
            put(host.utf8)
            if let port {
                put(CollectionOfOne(UInt8(ascii: ":")))
                put(String(port).utf8)
            }
            put(path)
            for (position, parameter) in query.enumerated() {
                put(CollectionOfOne(position == 0 ? UInt8(ascii: "?") : UInt8(ascii: "&")))
                put(parameter)
            }
            if let fragment {
                put(CollectionOfOne(UInt8(ascii: "#")))
                put(fragment)
            }
            return index
        }
    }

    /// The value of the first query parameter `name` (normalized, not decoded).
    public func parameter(_ name: String) -> String? {
        for parameter in query {
            let key = parameter.prefix { $0 != UInt8(ascii: "=") }
            if key.elementsEqual(name.utf8) {
                return String(decoding: parameter.dropFirst(key.count + 1), as: UTF8.self)
            }
        }
        return nil
    }
}

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
