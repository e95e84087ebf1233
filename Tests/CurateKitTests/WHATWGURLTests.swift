import Foundation
import Testing

@testable import CurateKit

/// `curate url` against the WHATWG URL Standard's own tests (`urltestdata.json` from
/// web-platform-tests, in `../shared/spec/` beside the repository): every entry whose
/// input is an http, https, ws or wss URL that does not depend on its base. ws and wss are
/// read as http and https (the same host rules; curate keys web pages only).
///
/// What is compared is what identity needs: whether the URL is refused, and the host and
/// port it names. Paths and queries are curate's own canonical forms, not WHATWG's
/// serialization.
@Suite struct WHATWGURLTests {
    static let dataPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/spec/urltestdata.json")

    struct Case: Sendable, CustomStringConvertible {
        var input: String
        var base: String?
        /// nil when WHATWG refuses the URL.
        var hostname: String?
        var port: String
        var href: String?
        var description: String { input.debugDescription }
    }

    /// The web entries of urltestdata.json (nil when the file is missing).
    static let cases: [Case]? = {
        guard let data = try? Data(contentsOf: dataPath),
            let entries = try? JSONSerialization.jsonObject(with: data) as? [Any]
        else { return nil }
        return entries.compactMap { entry -> Case? in
            guard let entry = entry as? [String: Any], let input = entry["input"] as? String else { return nil }
            let base = entry["base"] as? String
            guard let (scheme, slashes) = schemeAndSlashes(input), ["http", "https", "ws", "wss"].contains(scheme) else {
                return nil
            }
            // `http:foo` against an http: base is relative to the base: nothing to key alone.
            if slashes < 2, let base, schemeAndSlashes(base)?.scheme == scheme { return nil }
            if entry["failure"] as? Bool == true { return Case(input: input, base: base, hostname: nil, port: "", href: nil) }
            return Case(
                input: input, base: base, hostname: entry["hostname"] as? String, port: entry["port"] as? String ?? "",
                href: entry["href"] as? String)
        }
    }()

    /// The scheme of `input` as WHATWG reads it (C0 and spaces trimmed, tabs and newlines
    /// ignored), and how many `/` or `\` follow its colon.
    static func schemeAndSlashes(_ input: String) -> (scheme: String, slashes: Int)? {
        let scalars = input.unicodeScalars.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }
        let trimmed = scalars.drop { $0.value <= 0x20 }
        guard let colon = trimmed.firstIndex(of: ":") else { return nil }
        let name = String(String.UnicodeScalarView(trimmed[..<colon])).lowercased()
        guard let first = name.first, first.isASCII, first.isLetter,
            name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
        else { return nil }
        let slashes = trimmed[trimmed.index(after: colon)...].prefix { $0 == "/" || $0 == "\\" }.count
        return (name, slashes)
    }

    /// The input as curate is given it: ws and wss as http and https.
    static func web(_ input: String) -> String {
        guard let colon = input.firstIndex(of: ":") else { return input }
        let scheme = input[..<colon].lowercased().filter { !"\t\n\r".contains($0) }.trimmingCharacters(in: .whitespaces)
        switch scheme {
        case "ws": return "http" + input[colon...]
        case "wss": return "https" + input[colon...]
        default: return input
        }
    }

    enum Outcome: String, CaseIterable {
        case agreed = "agreed"
        case refusedByPolicy = "refused by curate's policy (documented)"
        case acceptedWhatWHATWGRefuses = "accepted what WHATWG refuses"
        case refusedWhatWHATWGAccepts = "refused what WHATWG accepts"
        case otherHost = "read another host or port"
    }

    /// Refusals of URLs WHATWG accepts that are curate's policy: a web link in a list is
    /// written with `//` and without spaces, tabs, line breaks or control characters, and
    /// its host is a DNS name (letters, digits, `-`, `_`; labels of 1 to 63) or an IP address.
    static func isPolicy(_ problem: URLProblem, _ input: String) -> Bool {
        switch problem {
        case .whitespace, .controlCharacter, .tab, .lineBreak: return true
        case .noHost: return (schemeAndSlashes(input)?.slashes ?? 0) < 2
        case .badHost(_, let reason): return reason.isPolicy
        default: return false
        }
    }

    /// The policy a refusal follows, in a few words.
    static func policy(_ problem: URLProblem) -> String {
        switch problem {
        case .whitespace: return "a space"
        case .tab: return "a tab"
        case .lineBreak: return "a line break"
        case .controlCharacter: return "a control character"
        case .noHost: return "no // after the scheme"
        case .badHost(_, .emptyLabel): return "an empty host label"
        case .badHost(_, .longLabel): return "a host label over 63"
        case .badHost(_, .notDNSCharacter): return "a host character outside DNS names"
        default: return "\(problem)"
        }
    }

    static func outcome(of test: Case) -> (Outcome, String) {
        let parsed: ParsedURL
        do {
            parsed = try ParsedURL.parse(web(test.input))
        } catch {
            guard test.hostname != nil else { return (.agreed, "refused: \(error)") }
            return isPolicy(error, test.input) ? (.refusedByPolicy, policy(error)) : (.refusedWhatWHATWGAccepts, "\(error)")
        }
        guard var hostname = test.hostname else { return (.acceptedWhatWHATWGRefuses, "host \(parsed.host)") }
        if hostname.hasSuffix(".") { hostname.removeLast() }
        let defaultPort = parsed.scheme == "https" ? 443 : 80
        let port = parsed.port.flatMap { $0 == defaultPort ? nil : String($0) } ?? ""
        guard parsed.host == hostname, port == test.port else {
            return (.otherHost, "curate \(parsed.host):\(port), WHATWG \(hostname):\(test.port)")
        }
        return (.agreed, "")
    }

    @Test func theSpecDataIsThere() throws {
        let cases = try #require(Self.cases, "urltestdata.json is read from \(Self.dataPath.path)")
        #expect(cases.count >= 300, "\(cases.count) web entries")
    }

    /// Validity and host: every entry agrees, or is one of curate's documented refusals.
    @Test func agreesWithWHATWGOnValidityAndHosts() throws {
        let cases = try #require(Self.cases)
        var counts: [Outcome: Int] = [:]
        var policies: [String: Int] = [:]
        var report = ""
        for test in cases {
            let (outcome, detail) = Self.outcome(of: test)
            counts[outcome, default: 0] += 1
            if outcome == .refusedByPolicy { policies[detail, default: 0] += 1 }
            if outcome != .agreed && outcome != .refusedByPolicy { report += "\(outcome.rawValue): \(test) \(detail)\n" }
            #expect(
                outcome == .agreed || outcome == .refusedByPolicy,
                "\(outcome.rawValue): \(test) base \(test.base ?? "none"): \(detail)")
        }
        let summary = Outcome.allCases.map { "\($0.rawValue): \(counts[$0, default: 0])" }.joined(separator: ", ")
        let byPolicy = policies.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        print("urltestdata.json, \(cases.count) web entries: \(summary) (\(byPolicy))\n\(report)", terminator: "")
    }

    /// The host of `input` as written (between `//` and the path, without user info or port).
    static func writtenHost(_ input: String) -> ArraySlice<UInt8>? {
        let bytes = Array(web(input).utf8)
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon + 2 < bytes.count else { return nil }
        var start = colon + 1
        while start < bytes.count, bytes[start] == UInt8(ascii: "/") || bytes[start] == UInt8(ascii: "\\") { start += 1 }
        var end = start
        while end < bytes.count, !"/?#\\".utf8.contains(bytes[end]) { end += 1 }
        if let at = bytes[start..<end].lastIndex(of: UInt8(ascii: "@")) { start = at + 1 }
        if bytes[start..<end].first != UInt8(ascii: "["), let port = bytes[start..<end].lastIndex(of: UInt8(ascii: ":")) {
            end = port
        }
        return bytes[start..<end]
    }

    /// The static release binary has no Foundation UTS #46 (swift-foundation's ICU hook is
    /// not linked with --static-swift-stdlib), so its approximation must read the standard's
    /// hosts the same way, and the usual internationalized names too.
    @Test func theApproximateUTS46MappingReadsTheSameHosts() throws {
        var nonASCII = 0
        let samples = [
            "Bücher.de", "ÉCOLE.fr", "日本語.jp", "пример.рф", "faß.de", "ＡＢＣ.com", "a\u{200B}b.com", "example。com",
            "ﬁ.com", "①.com", "Ⅻ.com", "ex\u{AD}ample.org", "ΑΘΗΝΑ.gr", "münchen.de", "例え.テスト", "١٢٣.com", "مثال.إختبار",
            "דוגמה.טעסט",
            "مثال١٢.com", "a١.com", "שלום.co.il", "موقع٣.مصر", "ab\u{05D0}.com",
        ].map { "http://\($0)/" }
        for input in try #require(Self.cases).map(\.input) + samples {
            guard let host = Self.writtenHost(input) else { continue }
            let exact = Result { () throws(URLProblem) in try WebHost.parse(host) }
            let approximate = Result { () throws(URLProblem) in try WebHost.parse(host, mapping: IDNA.approximateToASCII) }
            if PercentEncoding.decodeAll(Array(host)).contains(where: { $0 >= 0x80 }) { nonASCII += 1 }
            switch (exact, approximate) {
            case let (.success(a), .success(b)):
                #expect(a == b, "\(input.debugDescription): \(a) with UTS #46, \(b) approximated")
            case (.failure, .failure): break
            default: Issue.record("\(input.debugDescription): \(exact) with UTS #46, \(approximate) approximated")
            }
        }
        #expect(nonASCII >= 30, "\(nonASCII) internationalized hosts compared")
    }

    /// Two URLs WHATWG reads as the same get one key; two it reads with different hosts never share one.
    @Test func oneKeyPerWHATWGURLAndHost() throws {
        let identity = URLIdentity(mobileHosts: [], domainRules: DomainRules([]))
        var keysByHref: [String: Set<String>] = [:]
        var hostsByKeyHost: [String: Set<String>] = [:]
        for test in try #require(Self.cases) {
            guard let href = test.href, var hostname = test.hostname, !hostname.isEmpty,
                let key = try? identity.key(for: Self.web(test.input))
            else { continue }
            if hostname.hasSuffix(".") { hostname.removeLast() }
            keysByHref[Self.web(href), default: []].insert(key)
            let keyHost = String(key.prefix { $0 != "/" && $0 != "?" && $0 != "#" })
            hostsByKeyHost[keyHost, default: []].insert(URLIdentity.droppingWWW(hostname))
        }
        for (href, keys) in keysByHref {
            #expect(keys.count == 1, "\(href) has keys \(keys.sorted())")
        }
        for (keyHost, hosts) in hostsByKeyHost {
            #expect(hosts.count == 1, "hosts \(hosts.sorted()) share the key host \(keyHost)")
        }
    }
}
