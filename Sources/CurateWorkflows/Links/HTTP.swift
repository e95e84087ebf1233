import CurateKit

/// One request of a link check: never follows redirects itself (the checker does, hop by
/// hop, so each hop is scheduled politely and a permanent move can be reported).
struct HTTPRequest: Sendable {
    enum Method: String, Sendable {
        case head = "HEAD", get = "GET", post = "POST"
    }

    var method: Method
    var url: String
    var timeout: Double
    var userAgent: String
    var headers: [String] = []
    /// `host:port:address` entries: names resolved once by the checker (or a test).
    var resolve: [String] = []
    var caFile: String?
    /// How much of a GET's body is kept (enough for a title or a soft-404 comparison).
    var bodyLimit = 64 << 10
    /// Let libcurl follow redirects (at most 10); the link checker follows them itself.
    var followRedirects = false
    /// A POST's body.
    var body: [UInt8] = []
}

/// An HTTP answer: its status, headers (names lowercased) and the start of its body.
struct HTTPResponse: Sendable {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.0 == name }?.1
    }
}

/// Why no answer came: what a link check needs to know about it.
struct HTTPFailure: Error, Sendable, Equatable {
    enum Kind: String, Sendable {
        case timeout, reset, tls, refused, resolve, other
    }

    var kind: Kind
    var message: String

    init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    /// libcurl's CURLcode, sorted into the kinds a verdict distinguishes.
    init(curlCode code: Int32, message: String) {
        self.message = message
        switch code {
        case 28: kind = .timeout
        // 8 (a reply libcurl would not read: a header line without a colon, a NUL byte) is
        // the server's quirk, not a connection lost: `other`, which starts no streak.
        case 52, 55, 56, 16, 18, 92: kind = .reset
        case 35, 51, 53, 54, 58, 59, 60, 64, 66, 77, 80, 82, 83, 90, 91, 98: kind = .tls
        case 7: kind = .refused
        case 6: kind = .resolve
        default: kind = .other
        }
    }
}

/// Why `curate links` could not run at all.
public enum LinkCheckError: Error, Equatable {
    case noLibcurl(tried: [String])
    case badExclude(pattern: String)
    case cacheUnreadable(path: String, message: String)
    case cacheUnwritable(path: String, message: String)
}

extension LinkCheckError: ReportableError {
    public var what: String {
        switch self {
        case .noLibcurl: return "libcurl could not be loaded, so links cannot be checked"
        case let .badExclude(pattern): return "\(pattern.debugDescription) is not a regular expression"
        case let .cacheUnreadable(_, message): return "the link cache is not readable: \(message)"
        case let .cacheUnwritable(_, message): return "the link cache cannot be written there: \(message)"
        }
    }

    public var location: String {
        switch self {
        case let .noLibcurl(tried): return tried.joined(separator: ", ")
        case .badExclude: return "--exclude"
        case let .cacheUnreadable(path, _), let .cacheUnwritable(path, _): return path
        }
    }

    public var hint: String? {
        switch self {
        case .noLibcurl: return "install it (Debian: apt-get install libcurl4), or run with --offline for cached verdicts"
        case .badExclude: return "--exclude takes a regular expression matched against each URL"
        case .cacheUnreadable: return "remove the file (curate writes a new one) or name another with --cache"
        case .cacheUnwritable: return "name a writable file with --cache, or run with --no-cache"
        }
    }
}
