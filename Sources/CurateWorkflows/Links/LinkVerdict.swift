/// What `curate links` concluded about one resource.
public enum LinkStatus: String, Sendable, Codable, CaseIterable {
    /// It answered with an accepted status.
    case alive
    /// A definitive answer: 404, 410, a name that does not resolve, or a failure that
    /// persisted across runs for the configured span.
    case dead
    /// No trustworthy answer (rate-limited, bot wall, timeout, reset, server error, TLS ...).
    case unverified
}

/// Why a verdict is what it is: short, stable words (the JSON `reason`).
public enum LinkReason: String, Sendable, Codable, CaseIterable {
    case notFound = "not found"
    case gone
    case noSuchHost = "no such host"
    case persistentFailure = "persistent failure"
    case movedPermanently = "moved permanently"
    /// Alive, but read-only: an archived GitHub repository.
    case archived
    case rateLimited = "rate-limited"
    case botWall = "bot wall"
    case timeout
    case reset
    case serverError = "server error"
    case tls = "TLS"
    case refused = "connection refused"
    case dnsFailure = "DNS failure"
    case forbidden
    case clientError = "client error"
    /// A 3xx without a `Location` curate can follow (none, or not http or https).
    case brokenRedirect = "broken redirect"
    /// A status outside what HTTP defines for an answer (600, a 1xx as the last answer ...).
    case unexpectedStatus = "unexpected status"
    case softNotFound = "soft 404"
    case tooManyRedirects = "too many redirects"
    case offline
    case networkError = "network error"
    /// Not fetched: its origin had stopped answering earlier in the run. Says nothing of
    /// the link itself, so it starts no streak.
    case notAsked = "not asked"

    /// Failures that, repeated run after run over the configured span, make a link dead:
    /// the site is unreachable. A bot wall, a rate limit or a refusal to strangers says
    /// nothing about whether the page exists, so it never turns into dead; nor does a soft
    /// 404 (a wall shown to strangers, consent or region, lands like a missing page) or an
    /// answer libcurl would not read (HTTP/0.9, a head over its limit).
    var countsTowardStreak: Bool {
        switch self {
        case .timeout, .reset, .serverError, .tls, .refused, .dnsFailure: return true
        default: return false
        }
    }
}

/// The verdict on one resource: its status, the last HTTP status seen, the reason, and
/// where a permanent redirect leads.
public struct LinkVerdict: Sendable, Equatable, Codable {
    public var status: LinkStatus
    public var code: Int?
    public var reason: LinkReason?
    /// A human sentence with the particulars (the Retry-After asked, curl's message ...).
    public var detail: String?
    /// Where a permanent redirect leads, when that is another resource.
    public var finalURL: String?

    public init(
        _ status: LinkStatus, code: Int? = nil, reason: LinkReason? = nil, detail: String? = nil, finalURL: String? = nil
    ) {
        self.status = status
        self.code = code
        self.reason = reason
        self.detail = detail
        self.finalURL = finalURL
    }
}

/// A line that links a resource.
public struct LinkLine: Sendable, Equatable, Hashable {
    public var path: String
    public var line: Int

    public init(path: String, line: Int) {
        self.path = path
        self.line = line
    }
}

/// One resource (one dedupe key) and what was found.
public struct LinkReport: Sendable, Equatable {
    /// The URL fetched: the first one written for this key.
    public var url: String
    public var key: String
    public var verdict: LinkVerdict
    /// Every line that links the resource, in post order.
    public var lines: [LinkLine]
    /// The verdict came from the cache (a recent check, or `--offline`).
    public var cached: Bool

    public init(url: String, key: String, verdict: LinkVerdict, lines: [LinkLine], cached: Bool = false) {
        self.url = url
        self.key = key
        self.verdict = verdict
        self.lines = lines
        self.cached = cached
    }
}
