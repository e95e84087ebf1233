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
    /// The rules' functions alone: calling one does not copy (and retain) a whole rule.
    private let canonicalizers: [@Sendable (NormalizedURL) -> NormalizedURL?]

    public init(_ rules: [DomainRule] = DomainRules.builtIn) {
        self.rules = rules
        self.canonicalizers = rules.map(\.canonicalize)
    }

    /// The index of the first rule among `candidates` (the rules for the URL's host and its
    /// parent domains, in order) that recognizes `url`, with the canonical form it gives.
    func apply(to url: NormalizedURL, candidates: [Int]) -> (rule: Int, canonical: NormalizedURL)? {
        for index in candidates {
            if let canonical = canonicalizers[index](url) { return (index, canonical) }
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

extension StringProtocol {
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
