import Testing

@testable import CurateKit

/// The shortcuts URL keys take on their common inputs give what the long way gives.
struct URLShortcutTests {
    /// Hosts built from the bytes that decide the shortcut: letters of both cases, digits,
    /// `-`, `_`, dots (empty labels, a final dot), long labels, numeric last labels, and
    /// bytes it must leave to the long reading (`%`, `:`, non-ASCII, `[`).
    @Test func plainHostsReadAsTheLongWayReadsThem() {
        var generator = SystemRandomNumberGenerator()
        let pieces: [String] = [
            "a", "Z", "example", "GitHub", "0", "7", "255", "0x7f", "-", "_", ".", "..", "xn--bcher-kva", "%41", ":",
            "é", "[", String(repeating: "l", count: 63), String(repeating: "m", count: 64), "com", "1e", "0.0",
        ]
        for _ in 0..<20_000 {
            let host = (0..<Int.random(in: 1...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
                .joined(separator: Bool.random(using: &generator) ? "." : "")
            let raw = Array(host.utf8)[...]
            let short = Result { () throws(URLProblem) in try WebHost.parse(raw) }
            let long = Result { () throws(URLProblem) in try WebHost.parse(raw, shortcut: false) }
            #expect(short == long, "\(host)")
        }
    }

    /// Tracking names looked up on bytes, beside the same lookup on Strings: every host's
    /// own names apply on it and its subdomains only, in any case, escaped or not.
    @Test func trackingNamesOnBytesMatchTheSets() {
        var tracking = TrackingParameters.default
        tracking.add(["Ref", "src*", "ünï"])
        tracking.add(["si", "FEATURE"], host: "Video.example")
        tracking.add(["si"], host: "other.example")
        let names = [
            "utm_source", "UTM_Medium", "fbclid", "FBCLID", "ref", "REF", "source", "src", "srcset", "si", "feature",
            "Feature", "%66bclid", "%46BCLID", "fb%63lid", "ünï", "Ünï", "x", "s", "__s", "_ga", "_gax", "",
        ]
        let hosts = ["video.example", "a.video.example", "example", "other.example", "youtube.com", "arxiv.org"]
        for host in hosts {
            for name in names {
                // An escaped name is compared decoded; any other as written, ASCII letters folded.
                let bytes = name.contains("%") ? PercentEncoding.normalize(Array(name.utf8)[...]) : Array(name.utf8)
                let lowered = String(decoding: bytes.map(lowercasedASCII), as: UTF8.self)
                let own = tracking.perHost.filter { host == $0.key || host.hasSuffix("." + $0.key) }.values
                let expected =
                    !name.isEmpty
                    && (tracking.names.contains(lowered) || tracking.prefixes.contains { lowered.hasPrefix($0) }
                        || own.contains { $0.contains(lowered) })
                #expect(tracking.isTracking(Array(name.utf8)[...], host: host) == expected, "\(name) on \(host)")
            }
        }
    }

    /// The rule sets keep the order rules are tried in, whatever order hosts add them.
    @Test func ruleSetsReadInRuleOrder() {
        var rules = RuleSet()
        for rule in [63, 5, 0, 17, 5] { rules.insert(rule) }
        var other = RuleSet()
        other.insert(3)
        rules.formUnion(other)
        #expect(Array(rules) == [0, 3, 5, 17, 63])
        #expect(RuleSet().isEmpty)
    }
}
