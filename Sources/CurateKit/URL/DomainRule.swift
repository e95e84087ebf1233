/// What a well-known site means by its URLs: the many forms that name one resource on
/// it, turned into one canonical form (a scheme-less URL, such as
/// `arxiv.org/abs/1706.03762`), which becomes the dedupe key.
///
/// Rules are data a maintainer can read: the hosts a rule is tried on, a sentence on
/// what it does, and examples of URLs that must share a key and of URLs that must not.
/// One generic test runs every rule's examples, so adding a rule adds its tests. Rules
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
    /// The canonical form of `url`, or nil when the rule does not know this URL.
    let canonicalize: @Sendable (NormalizedURL) -> NormalizedURL?

    public init(
        id: String, summary: String, hosts: [String], same: [[String]], different: [(String, String)],
        canonicalize: @escaping @Sendable (NormalizedURL) -> NormalizedURL?
    ) {
        self.id = id
        self.summary = summary
        self.hosts = hosts
        self.same = same
        self.different = different
        self.canonicalize = canonicalize
    }
}

/// The domain rules, indexed by host for a lookup per URL that does not depend on how
/// many rules there are.
public struct DomainRules: Sendable {
    /// Every rule curate knows, in the order they are tried.
    public static let builtIn: [DomainRule] = [
        .arXiv, .doi, .lessWrong, .gitHub, .youTube, .openReview, .aclAnthology, .semanticScholar, .medium,
        .wikipedia, .twitter, .googleDocs, .staticSites,
    ]

    public let rules: [DomainRule]
    private let byHost: [String: [Int]]

    public init(_ rules: [DomainRule] = DomainRules.builtIn) {
        self.rules = rules
        var byHost: [String: [Int]] = [:]
        for (index, rule) in rules.enumerated() {
            for host in rule.hosts { byHost[host, default: []].append(index) }
        }
        self.byHost = byHost
    }

    /// The first rule that recognizes `url`, with the canonical form it gives.
    func apply(to url: NormalizedURL) -> (rule: DomainRule, canonical: NormalizedURL)? {
        var candidates: [Int] = []
        forEachSuffix(of: url.host) { suffix in
            if let indices = byHost[String(suffix)] { candidates.append(contentsOf: indices) }
            return false
        }
        if candidates.count > 1 { candidates.sort() }
        for index in candidates {
            if let canonical = rules[index].canonicalize(url) { return (rules[index], canonical) }
        }
        return nil
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
