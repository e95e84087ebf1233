import CurateKit
import Foundation

/// Fetches resources politely and turns each answer into a verdict: HEAD first, GET when
/// HEAD is refused; redirects followed hop by hop (each hop scheduled on its own host);
/// `Retry-After` honoured up to a bound; a deep link that lands where a made-up path on
/// the same site lands is a soft 404.
final class LinkChecker: @unchecked Sendable {
    let options: LinkCheckOptions
    let accept: AcceptedStatuses
    private let curl: CurlLibrary
    private let scheduler: HostScheduler
    /// The dedupe key of a URL, to tell a move to another resource from a cosmetic one.
    private let key: @Sendable (String) -> String?
    private let lock = NSLock()
    private let resolutions = ConcurrentMemo<String, NameResolution>()
    /// Per origin: where a made-up path ends after redirects (nil: it does not redirect).
    private var missingPageTargets: [String: String?] = [:]
    private var probeLocks: [String: NSLock] = [:]

    /// Consecutive timeouts per origin (scheme, host and port: another port of a host is
    /// another server): after three the origin is not asked again this run (its links are
    /// unverified, `not asked`), so a dead server costs three timeouts, not three per link.
    private var timeouts = InARow(limit: LinkChecker.unresponsiveAfter)
    /// Answers in a row per origin that asked to wait (429, 503 with `Retry-After`):
    /// after three the origin is not asked again this run, so a limit of one request a
    /// minute costs minutes, not hours (its links are `unverified`, rate-limited, which
    /// never turns into dead).
    private var rateLimits = InARow(limit: LinkChecker.rateLimitedAfter)
    static let unresponsiveAfter = 3
    static let rateLimitedAfter = 3

    func isUnresponsive(_ origin: String) -> Bool {
        lock.withLock { timeouts.reached(origin) }
    }

    func noteAnswer(from origin: String, timedOut: Bool, url: String) {
        lock.withLock { timeouts.note(origin, timedOut, url: url) }
    }

    func isRateLimited(_ origin: String) -> Bool {
        lock.withLock { rateLimits.reached(origin) }
    }

    func noteRateLimit(from origin: String, limited: Bool, url: String) {
        lock.withLock { rateLimits.note(origin, limited, url: url) }
    }

    /// Answers of one kind in a row, per origin, from different URLs: one link's own
    /// retries count once (a single rate-limited or slow page is no dead server, and
    /// must not silence its site's other links). Any other answer starts the count again.
    struct InARow {
        var counts: [String: (count: Int, last: String)] = [:]
        let limit: Int

        func reached(_ origin: String) -> Bool {
            (counts[origin]?.count ?? 0) >= limit
        }

        mutating func note(_ origin: String, _ hit: Bool, url: String) {
            guard hit else {
                counts[origin] = (0, "")
                return
            }
            let current = counts[origin] ?? (0, "")
            if current.count > 0 && current.last == url { return }
            counts[origin] = (current.count + 1, url)
        }
    }

    func probeLock(_ origin: String) -> NSLock {
        lock.lock()
        defer { lock.unlock() }
        if let existing = probeLocks[origin] { return existing }
        let created = NSLock()
        probeLocks[origin] = created
        return created
    }

    init(options: LinkCheckOptions, curl: CurlLibrary, key: @escaping @Sendable (String) -> String?) {
        self.options = options
        accept = options.accept ?? .default
        self.curl = curl
        self.key = key
        scheduler = HostScheduler(hostConcurrency: options.hostConcurrency, interval: options.hostRequestInterval)
    }

    /// One verdict per URL, in order; `progress` is called after each (done, total).
    func check(_ urls: [String], progress: (@Sendable (Int, Int) -> Void)? = nil) -> [LinkVerdict] {
        guard !urls.isEmpty else { return [] }
        let results = ResultBox(count: urls.count)
        var answered: [Int: LinkVerdict] = [:]
        if let token = options.gitHubToken {
            answered = GitHubRepositories(
                endpoint: options.gitHubGraphQL, token: token, timeout: options.timeout, userAgent: options.userAgent
            ).verdicts(for: urls, curl: curl)
        }
        for (index, url) in urls.enumerated() {
            if let verdict = answered[index] {
                let done = results.set(index, verdict)
                progress?(done, urls.count)
            } else {
                scheduler.add(index, host: URLParts(url)?.host ?? "")
            }
        }
        guard answered.count < urls.count else { return results.values.map { $0! } }
        // More workers than free slots would only wait: hosts × per-host concurrency at most.
        let slots = scheduler.hostCount * scheduler.hostConcurrency
        let workers = max(1, min(options.maxConcurrency, urls.count, slots))
        let group = DispatchGroup()
        for _ in 0..<workers {
            group.enter()
            let thread = Thread { [self] in
                defer { group.leave() }
                guard let handle = try? CurlHandle(curl) else { return }
                var last: String?
                while let (index, slot) = scheduler.next(preferring: last) {
                    last = slot.host
                    var worker = Worker(checker: self, handle: handle, held: slot)
                    let verdict = worker.verdict(for: urls[index])
                    worker.releaseHeld()
                    let done = results.set(index, verdict)
                    progress?(done, urls.count)
                }
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        group.wait()
        return results.values.map { $0 ?? LinkVerdict(.unverified, reason: .networkError, detail: "not checked") }
    }

    /// One worker's view: the slot it holds and its libcurl handle.
    private struct Worker {
        let checker: LinkChecker
        let handle: CurlHandle
        /// The request slot the scheduler handed out with the resource, until it is used.
        var held: HostScheduler.Slot?
        /// Only GET is sent: a chain of HEAD answers ended on a verdict against the link,
        /// and a server can redirect a HEAD where it answers the GET.
        var getOnly = false
        /// Whether a HEAD was sent since the last ``verdict(for:)`` began.
        var sentHead = false

        var options: LinkCheckOptions { checker.options }

        mutating func releaseHeld() {
            if let held { checker.scheduler.release(held.host) }
            held = nil
        }

        mutating func verdict(for url: String) -> LinkVerdict {
            sentHead = false
            let verdict = followed(url)
            // A chain that HEAD walked and that ended against the link (a 404 at its end, a
            // landing like a made-up page's) is walked again with GET from the start (not
            // one GET walked already: its origin answers GET only).
            guard !getOnly, sentHead, verdict.hops > 0,
                verdict.verdict.status == .dead
                    || [.softNotFound, .forbidden, .tooManyRedirects].contains(verdict.verdict.reason)
            else { return verdict.verdict }
            getOnly = true
            defer { getOnly = false }
            return followed(url).verdict
        }

        /// The verdict at the end of `url`'s redirects, and how many were followed.
        mutating func followed(_ url: String) -> (verdict: LinkVerdict, hops: Int) {
            var current = url
            var hops = 0
            var permanent = true
            var temporary = false
            var movedTo: String?
            while true {
                let response: HTTPResponse
                switch fetch(current) {
                case let .verdict(verdict): return (verdict, hops)
                case let .response(answer): response = answer
                }
                if let next = redirectTarget(response, from: current) {
                    if response.status != 301 && response.status != 308 { temporary = true }
                    if permanent && (response.status == 301 || response.status == 308) {
                        movedTo = next
                    } else {
                        permanent = false
                    }
                    hops += 1
                    if hops > options.maxRedirects {
                        return (
                            LinkVerdict(
                                .unverified, code: response.status, reason: .tooManyRedirects,
                                detail: "more than \(options.maxRedirects) redirects"), hops
                        )
                    }
                    current = next
                    continue
                }
                return (
                    classify(response, url: url, final: current, redirected: hops > 0, temporary: temporary, movedTo: movedTo),
                    hops
                )
            }
        }

        func redirectTarget(_ response: HTTPResponse, from url: String) -> String? {
            guard (300...399).contains(response.status), response.status != 304,
                let location = response.header("location"), !location.isEmpty,
                let next = RedirectLocation.resolve(location, against: url), URLParts(next) != nil
            else { return nil }
            return next
        }

        mutating func classify(
            _ response: HTTPResponse, url: String, final: String, redirected: Bool, temporary: Bool, movedTo: String?
        ) -> LinkVerdict {
            let status = response.status
            if checker.accept.contains(status) {
                if temporary, Self.isSignInPage(final, after: url) {
                    return LinkVerdict(
                        .unverified, code: status, reason: .forbidden,
                        detail: "redirects to a sign-in page (\(final)): not shown to strangers")
                }
                if redirected, let missing = softNotFound(url: url, final: final) {
                    return LinkVerdict(
                        .unverified, code: status, reason: .softNotFound,
                        detail: "redirects to \(final), as a page that does not exist (\(missing)) does")
                }
                if let movedTo, let old = checker.key(url), let new = checker.key(movedTo), old != new {
                    return LinkVerdict(
                        .alive, code: status, reason: .movedPermanently, detail: "moved permanently to \(movedTo)",
                        finalURL: movedTo)
                }
                return LinkVerdict(.alive, code: status)
            }
            switch status {
            case 404: return LinkVerdict(.dead, code: status, reason: .notFound)
            case 410: return LinkVerdict(.dead, code: status, reason: .gone)
            case 429: return LinkVerdict(.unverified, code: status, reason: .rateLimited)
            // Busy, and saying when to come back: a rate limit, not a broken site.
            case 503 where response.header("retry-after") != nil:
                return LinkVerdict(.unverified, code: status, reason: .rateLimited, detail: "busy (503 with Retry-After)")
            case 403 where response.header("cf-mitigated") != nil:
                return LinkVerdict(.unverified, code: status, reason: .botWall, detail: "a bot challenge (cf-mitigated)")
            // 511: a captive portal's answer for every host, the network's, not the site's.
            case 401, 403, 511, 999: return LinkVerdict(.unverified, code: status, reason: .forbidden)
            case 500...599: return LinkVerdict(.unverified, code: status, reason: .serverError)
            case 400...499: return LinkVerdict(.unverified, code: status, reason: .clientError)
            case 300...399:
                return LinkVerdict(
                    .unverified, code: status, reason: .brokenRedirect,
                    detail: "a redirect without a Location to follow (an http or https URL)")
            default: return LinkVerdict(.unverified, code: status, reason: .unexpectedStatus)
            }
        }

        /// Whether `final`, where `url` landed through a temporary redirect, is a sign-in
        /// page: its path is one (two segments at most, one a sign-in word: `/login`,
        /// `/users/sign_in`, `/session/new`, `/oauth2/start`), a query parameter is named
        /// like one (`/?login=1`), or a query parameter carries `url` back, whatever its
        /// name (`?next=/docs/page`, `?rd=%2Fdocs%2Fpage`, `?url=https://…`). A refusal to
        /// strangers, never a missing page.
        static func isSignInPage(_ final: String, after url: String) -> Bool {
            guard let landed = URLParts(final) else { return false }
            let words: Set<String> = [
                "login", "log-in", "logon", "signin", "sign-in", "sign_in", "authwall", "sso", "authorize", "auth", "oauth",
                "oauth2", "session", "sessions", "cas", "saml",
            ]
            func isWord(_ text: Substring) -> Bool {
                let lowered = text.lowercased()
                return words.contains(lowered) || words.contains(String(lowered.split(separator: ".").first ?? ""))
            }
            let segments = landed.path.split(separator: "/")
            if segments.count <= 2, segments.contains(where: isWord) { return true }
            guard let query = landed.query else { return false }
            let original = URLParts(url)
            for parameter in query.split(separator: "&") {
                let parts = parameter.split(separator: "=", maxSplits: 1)
                if let name = parts.first, isWord(name) { return true }
                guard parts.count == 2, let original, original.depth > 0 else { continue }
                let value = String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(parts[1])
                if value == url || value.hasSuffix(original.path) && (value.hasPrefix("/") || value.contains("://")) {
                    return true
                }
            }
            return false
        }

        /// When a deep link ended elsewhere on a shallower page (the home or a login page),
        /// fetches a made-up path on the same origin: landing at the same place means the
        /// page is gone. Returns the made-up URL then.
        mutating func softNotFound(url: String, final: String) -> String? {
            guard let original = URLParts(url), let landed = URLParts(final), original.depth > 0,
                landed.depth < original.depth
            else { return nil }
            // One probe per origin, with GET (what a reader's browser sends): a second worker
            // waits for the first one's answer.
            let origin = original.origin
            let probeKey = origin
            let originLock = checker.probeLock(probeKey)
            originLock.lock()
            defer { originLock.unlock() }
            checker.lock.lock()
            let known = checker.missingPageTargets[probeKey]
            checker.lock.unlock()
            let probe = origin + "/curate-missing-page-" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
            let target: String?
            if let known {
                target = known
            } else {
                target = landing(of: probe)
                checker.lock.lock()
                checker.missingPageTargets[probeKey] = .some(target)
                checker.lock.unlock()
            }
            guard let target, URLParts(target)?.withoutQuery == landed.withoutQuery else { return nil }
            return probe
        }

        /// Where `url` lands after redirects (followed with GET), when it answers with an
        /// accepted status.
        mutating func landing(of url: String) -> String? {
            let walking = getOnly
            getOnly = true
            defer { getOnly = walking }
            var current = url
            for _ in 0...options.maxRedirects {
                guard case let .response(response) = fetch(current, retries: 0) else { return nil }
                if let next = redirectTarget(response, from: current) {
                    current = next
                    continue
                }
                return checker.accept.contains(response.status) ? current : nil
            }
            return nil
        }

        enum Fetched {
            case response(HTTPResponse)
            case verdict(LinkVerdict)
        }

        /// One URL, without following redirects: HEAD, then GET when HEAD is refused;
        /// retried after a pause on 429/503 (Retry-After, bounded) and on transient failures.
        mutating func fetch(_ url: String, retries: Int? = nil) -> Fetched {
            let maxRetries = retries ?? options.maxRetries
            var attempt = 0
            // This link's own last failure: when its origin is then given up on, the link
            // is reported with what happened to it, not as one never asked.
            var own: HTTPFailure?
            // A HEAD that failed and was asked again with a GET is not sent again on retries.
            var getAfterHead = false
            while true {
                let origin = URLParts(url)?.origin ?? ""
                let method: HTTPRequest.Method = getOnly || getAfterHead || checker.headRefused(origin) ? .get : .head
                if method == .head { sentHead = true }
                var result = send(method, url)
                if method == .head {
                    switch result {
                    // Every error status of a HEAD is asked again with a GET, a 404 too: a
                    // server can route GET but not HEAD, for every page or for some (an
                    // app's pages behind a server that answers HEAD for its static files).
                    // A 429, or a 503 that says when to come back, is waited for first.
                    case let .success(head)
                    where head.status >= 400 && head.status != 429 && !(head.status == 503 && head.header("retry-after") != nil):
                        getAfterHead = true
                        result = send(.get, url)
                        if case let .success(get) = result, get.status < 400 { checker.noteHeadRefused(origin) }
                    // A server can drop, or leave unanswered, a HEAD it does not route.
                    case let .failure(failure) where failure.kind == .reset || failure.kind == .other || failure.kind == .timeout:
                        getAfterHead = true
                        let get = send(.get, url)
                        if case let .failure(.verdict(verdict)) = get, verdict.reason == .notAsked { break }
                        // A HEAD left unanswered where GET is answered: GET only from now on,
                        // rather than a timeout's wait for every link of the origin.
                        if failure.kind == .timeout, case .success = get { checker.noteHeadRefused(origin) }
                        result = get
                    default: break
                    }
                }
                if case let .failure(.http(failure)) = result { own = failure }
                if case let .failure(.verdict(verdict)) = result, verdict.reason == .notAsked, let own {
                    return .verdict(SendFailure.http(own).unverified)
                }
                switch result {
                case let .success(response):
                    checker.noteRateLimit(from: origin, limited: Self.asksToWait(response), url: url)
                    guard response.status == 429 || (500...599).contains(response.status) else { return .response(response) }
                    let asked = retryAfter(response)
                    let wait = asked ?? backoff(attempt)
                    if attempt < maxRetries && wait <= options.retryAfterLimit {
                        pause(url, wait)
                        attempt += 1
                        continue
                    }
                    if response.status == 429 || response.status == 503, let asked, asked > options.retryAfterLimit {
                        // This link is given up on; the host's other links still wait as
                        // long as curate waits for anyone (it asked for longer).
                        pause(url, options.retryAfterLimit)
                        return .verdict(
                            LinkVerdict(
                                .unverified, code: response.status, reason: .rateLimited,
                                detail: "asked to wait \(Int(asked)) s (more than \(Int(options.retryAfterLimit)) s)"))
                    }
                    return .response(response)
                case let .failure(failure):
                    if case let .verdict(verdict) = failure { return .verdict(verdict) }
                    if attempt < maxRetries && failure.kind != .resolve {
                        pause(url, backoff(attempt))
                        attempt += 1
                        continue
                    }
                    return .verdict(failure.unverified)
                }
            }
        }

        /// A 429, or a 503 that says when to come back.
        static func asksToWait(_ response: HTTPResponse) -> Bool {
            response.status == 429 || response.status == 503 && response.header("retry-after") != nil
        }

        func backoff(_ attempt: Int) -> Double {
            options.retryBackoff * Double(1 << min(attempt, 10))
        }

        func pause(_ url: String, _ seconds: Double) {
            guard let host = URLParts(url)?.host else { return }
            checker.scheduler.pause(host, seconds: seconds)
        }

        /// Retry-After in seconds (digits or an HTTP date, at most a year), nil when absent
        /// or unreadable.
        func retryAfter(_ response: HTTPResponse) -> Double? {
            guard let value = response.header("retry-after")?.trimmingCharacters(in: .whitespaces), !value.isEmpty
            else { return nil }
            let year = 365.0 * 86_400
            if value.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
                return value.utf8.count > 9 ? year : min(year, Double(value)!)
            }
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
            return formatter.date(from: value).map { min(year, max(0, $0.timeIntervalSinceNow)) }
        }

        /// One request, on a slot of its host, with the host's addresses looked up once.
        mutating func send(_ method: HTTPRequest.Method, _ url: String) -> Result<HTTPResponse, SendFailure> {
            guard let parts = URLParts(url) else {
                return .failure(.verdict(LinkVerdict(.unverified, reason: .networkError, detail: "not a URL libcurl can fetch")))
            }
            var resolve: [String] = []
            if !isAddressLiteral(parts.host) && !checker.proxied(parts) {
                let found = checker.resolution(of: parts.host)
                // The machine's own trouble (offline, a broken resolver) says nothing of the
                // link, and starts no streak.
                if case .addresses = found {
                } else if let canary = checker.unreliableResolver() {
                    var detail = "the resolver says \(parts.host) does not exist, but says so of \(canary) too"
                    if case let .failed(message) = found {
                        detail = "looking up \(parts.host): \(message), and \(canary) cannot be looked up either"
                    }
                    return .failure(
                        .verdict(LinkVerdict(.unverified, reason: .offline, detail: detail + ": is this machine offline?")))
                }
                switch found {
                case .noSuchName:
                    return .failure(.verdict(LinkVerdict(.dead, reason: .noSuchHost, detail: "\(parts.host) does not exist")))
                case let .failed(message):
                    return .failure(.http(HTTPFailure(kind: .resolve, message: "looking up \(parts.host): \(message)")))
                case let .addresses(addresses):
                    let list = addresses.map { $0.contains(":") ? "[\($0)]" : $0 }.joined(separator: ",")
                    resolve = ["\(parts.host):\(parts.port):\(list)"]
                }
            }
            if checker.isRateLimited(parts.origin) {
                return .failure(
                    .verdict(
                        LinkVerdict(
                            .unverified, reason: .rateLimited,
                            detail:
                                "\(parts.origin) asked to wait \(LinkChecker.rateLimitedAfter) times in a row: not asked again this run"
                        )))
            }
            if checker.isUnresponsive(parts.origin) {
                return .failure(
                    .verdict(
                        LinkVerdict(
                            .unverified, reason: .notAsked,
                            detail:
                                "\(parts.origin) did not answer its last \(LinkChecker.unresponsiveAfter) requests: not asked again this run"
                        )))
            }
            let slot: HostScheduler.Slot
            if let held, held.host == parts.host {
                slot = held
            } else {
                releaseHeld()
                slot = checker.scheduler.acquire(parts.host)
            }
            held = nil
            checker.scheduler.begin(slot)
            defer { checker.scheduler.release(parts.host) }
            let request = HTTPRequest(
                method: method, url: parts.absolute, timeout: options.timeout, userAgent: options.userAgent, resolve: resolve,
                caFile: options.caFile)
            let result = handle.perform(request)
            checker.noteAnswer(from: parts.origin, timedOut: result.failureKind == .timeout, url: url)
            return result.mapError { .http($0) }
        }
    }

    enum SendFailure: Error {
        case http(HTTPFailure)
        case verdict(LinkVerdict)

        var kind: HTTPFailure.Kind? {
            if case let .http(failure) = self { return failure.kind }
            return nil
        }

        var unverified: LinkVerdict {
            guard case let .http(failure) = self else {
                if case let .verdict(verdict) = self { return verdict }
                return LinkVerdict(.unverified, reason: .networkError)
            }
            let reason: LinkReason
            switch failure.kind {
            case .timeout: reason = .timeout
            case .reset: reason = .reset
            case .tls: reason = .tls
            case .refused: reason = .refused
            case .resolve: reason = .dnsFailure
            case .other: reason = .networkError
            }
            return LinkVerdict(.unverified, reason: reason, detail: failure.message)
        }
    }

    /// Whether libcurl will reach `parts` through a proxy from the environment: the proxy
    /// resolves names then, so curate does not look them up (and cannot tell NXDOMAIN).
    private lazy var proxyVariables: [String: String] = ProcessInfo.processInfo.environment.filter {
        ["http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"].contains($0.key) && !$0.value.isEmpty
    }

    func proxied(_ parts: URLParts) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        let variables = proxyVariables
        guard options.resolver is SystemResolver else { return false }
        let names = parts.scheme == "https" ? ["https_proxy", "HTTPS_PROXY"] : ["http_proxy"]
        return !(names + ["all_proxy", "ALL_PROXY"]).allSatisfy { variables[$0] == nil }
    }

    /// Origins where a HEAD was refused (an error status) and a GET of the same URL
    /// answered: only GET is sent to them from then on. Nothing else is learnt from HEAD's
    /// answers: its 404 for one page says nothing of its 404 for another.
    private var headRefusedOrigins: Set<String> = []

    func headRefused(_ origin: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return headRefusedOrigins.contains(origin)
    }

    func noteHeadRefused(_ origin: String) {
        lock.lock()
        defer { lock.unlock() }
        headRefusedOrigins.insert(origin)
    }

    /// The canary's name when the resolver says it does not exist either (so its "no such
    /// name" is no answer about any name); nil when its answers can be trusted. Asked at
    /// each name found missing (each host is looked up once): a resolver can fail midway.
    func unreliableResolver() -> String? {
        guard let canary = options.resolverCanary else { return nil }
        if case .addresses = options.resolver.resolve(canary) { return nil }
        return canary
    }

    func resolution(of host: String) -> NameResolution {
        resolutions.value(for: host) { options.resolver.resolve(host) }
    }
}

/// The verdicts as they arrive from the workers.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [LinkVerdict?]
    private var done = 0

    init(count: Int) {
        values = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ verdict: LinkVerdict) -> Int {
        lock.lock()
        defer { lock.unlock() }
        values[index] = verdict
        done += 1
        return done
    }
}

/// The parts of an http(s) URL the checker needs.
struct URLParts: Equatable {
    var scheme: String
    var host: String
    var port: Int
    var path: String
    var query: String?
    /// The URL as libcurl takes it: non-ASCII percent-encoded, an international host in
    /// its ASCII form.
    var absolute: String

    init?(_ string: String) {
        guard let url = URL(string: string), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            var host = url.host(percentEncoded: false)?.lowercased(), !host.isEmpty
        else { return nil }
        // The host as the URL Standard reads it: escapes decoded, an international name in
        // Punycode (`b%C3%BCcher.test`, `ｇood.test`), no final dot (`127.0.0.1.`).
        if host.hasSuffix(".") && host.count > 1 { host.removeLast() }
        if !host.utf8.allSatisfy({ $0 < 0x80 }) {
            guard let ascii = IDNA.toASCII(host) else { return nil }
            host = ascii
        }
        self.scheme = scheme
        self.host = host
        port = url.port ?? (scheme == "https" ? 443 : 80)
        path = url.path
        query = url.query
        // Sent as written, with only what the standard encodes encoded: a server routes the
        // bytes it gets (an escape stays one, `%zz` too, as browsers send it). The host as
        // read above; the credentials, if any, as written (libcurl sends them).
        let start = string.range(of: "://").map(\.upperBound) ?? string.startIndex
        let authorityEnd = string[start...].firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? string.endIndex
        let authority = string[start..<authorityEnd]
        let credentials = authority.lastIndex(of: "@").map { String(authority[...$0]) } ?? ""
        let shownHost = host.contains(":") ? "[\(host)]" : host
        let shownPort = url.port.map { ":\($0)" } ?? ""
        absolute = RedirectLocation.encoded(scheme + "://" + credentials + shownHost + shownPort + string[authorityEnd...])
    }

    var origin: String {
        let defaultPort = scheme == "https" ? 443 : 80
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(shownHost)" + (port == defaultPort ? "" : ":\(port)")
    }

    /// Path segments that are not empty: `/` is 0, `/a/b/` is 2.
    var depth: Int {
        path.split(separator: "/").count
    }

    var withoutQuery: String {
        origin + (path.isEmpty ? "/" : path)
    }
}

extension Result where Failure == HTTPFailure {
    var failureKind: HTTPFailure.Kind? {
        if case let .failure(failure) = self { return failure.kind }
        return nil
    }
}
