import Foundation
import Testing

@testable import CurateKit

@Suite struct URLIdentityTests {
    let identity = URLIdentity()

    @Test(arguments: [
        ("HTTPS://Example.COM:443/a/./b/../c", "https://example.com/a/c"),
        ("https://example.com/a%7Eb", "https://example.com/a~b"),
        ("https://example.com/?b=2&a=1", "https://example.com/?a=1&b=2"),
        ("http://www.example.com/x/", "https://example.com/x"),
        ("https://user:pass@example.com/x", "https://example.com/x"),
        ("https://example.com./x/index.html", "https://example.com/x"),
        ("https://example.com/x/index.html//", "https://example.com/x"),
        ("https://example.com/x/index.html/INDEX.HTM", "https://example.com/x"),
        ("https://example.com/x?utm_source=a&utm_medium=b", "https://example.com/x"),
        ("https://example.com/x?UTM_Campaign=a&fbclid=b&gclid=c", "https://example.com/x"),
        ("https://example.com/x#section", "https://example.com/x"),
        ("https://example.com/x?", "https://example.com/x"),
        ("https://bücher.example/", "https://xn--bcher-kva.example/"),
        ("https://BÜCHER.example/", "https://xn--bcher-kva.example/"),
        ("https://example.com/a%2fb", "https://example.com/a%2Fb"),
        ("https://example.com/caf%c3%a9", "https://example.com/café"),
        ("https://en.m.wikipedia.org/wiki/X", "https://en.wikipedia.org/wiki/X"),
        ("https://example.com:80/x", "https://example.com/x"),
        ("  https://example.com/x\n", "https://example.com/x"),
        ("https://example.com/x?a=1&&b=2", "https://example.com/x?b=2&a=1"),
        ("https://example.com/app#!/settings", "https://example.com/app#!/settings"),
        ("https://example.com/x?q=%e2%82%ac", "https://example.com/x?q=%E2%82%AC"),
    ])
    func sameResource(a: String, b: String) throws {
        #expect(try identity.key(for: a) == identity.key(for: b))
    }

    @Test(arguments: [
        ("https://example.com/s?q=a%26b", "https://example.com/s?q=a&b"),
        ("https://example.com/s?q=a%3Db", "https://example.com/s?q=a=b"),
        ("https://example.com/a%2Fb", "https://example.com/a/b"),
        ("https://example.com/Docs/Page", "https://example.com/docs/page"),
        ("https://example.com/?page=1", "https://example.com/?page=2"),
        ("https://example.com/app#/settings", "https://example.com/app#/profile"),
        ("https://example.com/x?ref=a", "https://example.com/x"),
        ("https://example.com/x?source=a", "https://example.com/x"),
        ("https://example.com/x?id=1", "https://example.com/x?id=2"),
        ("https://example.com/x?v=1", "https://example.com/x"),
        ("https://example.com/x?lang=en", "https://example.com/x?lang=fr"),
        ("https://example.com/x?list=1", "https://example.com/x"),
        ("https://example.com/x?preferred_utm=1", "https://example.com/x"),
        ("https://example.com/x?si=1", "https://example.com/x"),
        ("https://example.com:8080/x", "https://example.com/x"),
        ("https://a.example.com/x", "https://example.com/x"),
        ("https://m.example.com/x", "https://example.com/x"),
        ("https://rthaut.github.io/deviantART-Filter/", "https://rthaut.github.io/DeviantArt-Filter/"),
    ])
    func differentResources(a: String, b: String) throws {
        #expect(try identity.key(for: a) != identity.key(for: b))
    }

    /// The project's shared vectors (`../shared/url-cases.tsv`, copied beside the tests).
    static let sharedCases: [(expect: String, a: String, b: String, note: String)] = {
        guard let text = try? String(contentsOf: Fixtures.directory.appendingPathComponent("url-cases.tsv"), encoding: .utf8)
        else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 3 else { return nil }
            return (fields[0], fields[1], fields[2], fields.count > 3 ? fields[3] : "")
        }
    }()

    /// A key related to another by letter case only is that key in lower case, whether
    /// it is ASCII (folded byte by byte) or not.
    @Test(arguments: [
        "https://youtube.com/watch?v=AbC-_9", "https://example.com/Path/To?Q=Z", "https://example.com/ÄÖ/Straße",
        "https://example.com/MIXED/é", "https://example.com/lower", "https://example.com/@[\\]^`{",
    ])
    func theLetterCaseRelationIsTheKeyLowered(key: String) {
        let related = identity.relatedKeys(of: key).filter { $0.relation == "the same address but for letter case" }
        #expect(related.map(\.key) == (key.lowercased() == key ? [] : [key.lowercased()]))
    }

    /// Keys are split on `/` byte by byte when ASCII, as the character split splits them.
    @Test(arguments: [
        "github.com/a/b", "//x//y/", "", "/", "a", "lesswrong.com/posts/x/y?z=1/2", "é.example/ü/x", "a/\u{301}b/c",
    ])
    func slashPartsAreTheCharacterSplit(key: String) {
        #expect(URLIdentity.slashParts(key) == key.split(separator: "/", omittingEmptySubsequences: true))
    }

    /// What `check` learns of a URL is the same whether its key was found before (a
    /// sync's or a proposal's memo) or not.
    @Test func anAnalysisIsTheSameWithTheMemo() {
        let urls = [
            "https://arxiv.org/abs/1234.5678v2", "http://www.github.com/A/B.git", "https://x.example/a?utm_source=1",
            "https://x.example/a#frag", "doi:10.1000/xyz", "https://", "https://exa mple.com/", "HTTPS://X.EXAMPLE/",
            "ftp://x.example/", "https://x.example/%7Euser", "https://youtu.be/abc?t=1",
        ]
        var remembering = identity
        remembering.memo = URLKeyMemo()
        for url in urls { _ = try? remembering.key(for: url) }
        for url in urls { #expect(remembering.analyze(url) == identity.analyze(url), "\(url)") }
    }

    @Test func sharedCasesAreAllRead() {
        #expect(Self.sharedCases.count >= 37)
    }

    @Test(arguments: sharedCases.map { [$0.expect, $0.a, $0.b, $0.note] })
    func sharedCase(fields: [String]) throws {
        let (a, b) = (try identity.key(for: fields[1]), try identity.key(for: fields[2]))
        if fields[0] == "same" {
            #expect(a == b, "\(fields[3])")
        } else {
            #expect(fields[0] == "different")
            #expect(a != b, "\(fields[3])")
        }
    }

    @Test(arguments: DomainRules.builtIn.map(\.id))
    func domainRuleExamples(id: String) throws {
        let rule = DomainRules.builtIn.first { $0.id == id }!
        #expect(!rule.same.isEmpty && !rule.different.isEmpty, "a domain rule shows what it joins and what it keeps apart")
        for group in rule.same {
            let keys = try group.map { try identity.key(for: $0) }
            #expect(Set(keys).count == 1, "\(id): \(zip(group, keys).map { "\($0) → \($1)" })")
            if rule.canonicalizes {
                let (_, steps) = try identity.explain(group[0])
                #expect(steps.contains { $0.hasPrefix("domain: \(id):") }, "\(id) recognizes \(group[0])")
            }
        }
        for (a, b) in rule.different {
            #expect(try identity.key(for: a) != identity.key(for: b), "\(id): \(a) vs \(b)")
        }
        #expect(
            rule.canonicalizes || !rule.trackingParameters.isEmpty || !rule.mobileHosts.isEmpty,
            "\(id): a rule without a canonical form is there for its tracking names or mobile hosts")
    }

    /// Every site's own tracking names are dropped on it and its subdomains (and only there),
    /// and its mobile hosts are the site.
    @Test(arguments: DomainRules.builtIn.map(\.id))
    func domainRuleTrackingNamesAndMobileHosts(id: String) throws {
        let rule = DomainRules.builtIn.first { $0.id == id }!
        for (host, names) in rule.trackingParameters {
            for name in names {
                for site in [host, "sub.\(host)"] {
                    let plain = try identity.key(for: "https://\(site)/x/page?keep=1")
                    #expect(
                        try identity.key(for: "https://\(site)/x/page?\(name)=a&keep=1") == plain, "\(id): \(name) on \(site)")
                }
                #expect(
                    try identity.key(for: "https://elsewhere.example/page?\(name)=a")
                        != identity.key(for: "https://elsewhere.example/page") || TrackingParameters.default.names.contains(name),
                    "\(id): \(name) tracks on \(host) only")
            }
        }
        for host in rule.mobileHosts {
            for prefix in ["m.", "mobile."] {
                #expect(
                    try identity.key(for: "https://\(prefix)\(host)/x/page") == identity.key(for: "https://\(host)/x/page"),
                    "\(id): \(prefix)\(host) is \(host)")
            }
        }
    }

    /// Every site's related-URL examples: different keys, the second among the first's related keys.
    @Test(arguments: DomainRules.builtIn.filter { $0.related != nil }.map(\.id))
    func domainRuleRelatedKeys(id: String) throws {
        let family = DomainRules.builtIn.first { $0.id == id }!.related!
        #expect(!family.examples.isEmpty, "\(id): a related-URL family shows what it relates")
        for (url, related) in family.examples {
            let (key, relatedKey) = (try identity.key(for: url), try identity.key(for: related))
            #expect(key != relatedKey, "\(id): \(url) and \(related) are different resources")
            let found = identity.relatedKeys(of: key)
            #expect(found.contains { $0.key == relatedKey }, "\(id): \(key) → \(found.map(\.key)), not \(relatedKey)")
        }
    }

    @Test func keysOfKnownSitesAreCanonicalURLs() throws {
        let expected = [
            "https://arxiv.org/pdf/1706.03762v7.pdf": "arxiv.org/abs/1706.03762",
            "https://arxiv.org/abs/math.CA/0611800v2": "arxiv.org/abs/math/0611800",
            "https://www.github.com/TransformerLensOrg/TransformerLens.git": "github.com/transformerlensorg/transformerlens",
            "https://youtu.be/BaW_jenozKc?t=42": "youtube.com/watch?v=BaW_jenozKc",
            "https://www.alignmentforum.org/s/AtTZjoDm8q3DbDT8Z/p/4uXCAJNuPKtKBsi28": "lesswrong.com/posts/4uXCAJNuPKtKBsi28",
            "doi:10.1038/NATURE14539": "doi.org/10.1038/nature14539",
            "arXiv:2404.14082v3": "arxiv.org/abs/2404.14082",
            "https://aclanthology.org/p19-1001.pdf": "aclanthology.org/P19-1001",
        ]
        for (url, key) in expected {
            #expect(try identity.key(for: url) == key, "\(url)")
        }
    }

    @Test func domainRulesLeaveUnknownPagesOfTheirHostsToTheGenericForm() throws {
        #expect(try identity.key(for: "https://arxiv.org/list/cs.LG/recent") == "arxiv.org/list/cs.LG/recent")
        #expect(
            try identity.key(for: "https://github.com/orgs/TransformerLensOrg/repositories")
                == "github.com/orgs/TransformerLensOrg/repositories")
        #expect(try identity.key(for: "https://www.youtube.com/watch?v=tooshort") == "youtube.com/watch?v=tooshort")
        #expect(
            try identity.key(for: "https://www.lesswrong.com/tag/interpretability-ml-and-ai")
                == "lesswrong.com/tag/interpretability-ml-and-ai")
        #expect(try identity.key(for: "https://medium.com/@someone") == "medium.com/@someone")
    }

    @Test func theKeyOfAKeyIsItself() throws {
        var urls = Self.sharedCases.flatMap { [$0.a, $0.b] }
        urls += DomainRules.builtIn.flatMap { $0.same.flatMap { $0 } + $0.different.flatMap { [$0.0, $0.1] } }
        for url in urls {
            let key = try identity.key(for: url)
            #expect(!key.contains { $0.isWhitespace }, "\(url)")
            #expect(try identity.key(for: "https://" + key) == key, "\(url) → \(key)")
        }
    }

    /// Random URL-shaped strings: no crash, and every key is stable and without whitespace.
    @Test func randomURLsNeverCrashAndGiveStableKeys() {
        var generator = SplitMix64(seed: 0xC0FFEE)
        let pieces = [
            "https://", "http://", "HTTP://", "www.", "m.", "arxiv.org", "github.com", "youtu.be", "youtube.com",
            "lesswrong.com", "doi.org", "xn--", "bücher", ".", "..", "/", "//", "?", "&", "=", "#", "#/", "%", "%2",
            "%2F", "%41", "%e2%82%ac", "abs", "pdf", "v2", ".pdf", "2404.14082", "math.CA", "0611800", "watch", "v",
            "utm_source", "posts", "s", "p", ":", ":443", ":99999", "@", "[", "]", "\\", "é", "~", "-", "_", "A", "z",
            "9", "tree", "main", ".git", "index.html", "wiki", "(", ")", "paper", "forum", "id", "status", "d",
        ]
        for _ in 0..<20_000 {
            var url = ""
            for _ in 0..<Int(generator.next() % 12 + 1) {
                url += pieces[Int(generator.next() % UInt64(pieces.count))]
            }
            guard let key = try? identity.key(for: url) else { continue }
            #expect(!key.contains { $0.isWhitespace }, "\(url)")
            let again = try? identity.key(for: "https://" + key)
            #expect(again == key, "\(url) → \(key) → \(again ?? "error")")
        }
    }

    @Test(arguments: [
        ("", URLProblem.empty), ("https://a.example/a b", .whitespace), ("ftp://a.example/", .notHTTP(scheme: "ftp")),
        ("javascript:alert(1)", .notHTTP(scheme: "javascript")), ("/about", .relative), ("https://", .noHost),
        ("https://a.example:70000/", .badPort("70000")), ("https://exa mple.com/", .whitespace),
        ("mailto:someone@example.com", .notHTTP(scheme: "mailto")), ("https://a\u{7}b.example/", .controlCharacter),
    ])
    func refusesWhatIsNotAWebLink(url: String, problem: URLProblem) {
        #expect(throws: problem) { try identity.key(for: url) }
    }

    /// Hosts as the URL Standard reads them: one key for the forms it reads as one host.
    @Test(arguments: [
        ("http://0x7f.1/", "127.0.0.1"), ("http://127.1/", "127.0.0.1"), ("http://2130706433/", "127.0.0.1"),
        ("http://0177.0.0.1/", "127.0.0.1"), ("http://[0:0::1]/", "[::1]"), ("http://[0:0:0:0:0:0:0:1]/", "[::1]"),
        ("http://[::127.0.0.1]/", "[::7f00:1]"), ("http://[2001:DB8::]/", "[2001:db8::]"),
        ("http://Ｇｏ.com/", "go.com"), ("http://ex%61mple.com/", "example.com"), ("http://EXAMPLE.com./", "example.com"),
        ("http://a%C2%ADb.example/", "ab.example"), ("http://faß.example/", "xn--fa-hia.example"),
        ("http://０Ｘｃ０．０２５０．０１/", "192.168.0.1"), ("http:\\\\example.com\\a", "example.com/a"),
        ("http://example.com:0080/", "example.com"),
    ])
    func hostsAsTheURLStandardReadsThem(url: String, key: String) throws {
        #expect(try identity.key(for: url) == key)
    }

    @Test(arguments: [
        ("http://256.256.256.256/", "it ends in a number but is not an IPv4 address: 256 is more than 255"),
        ("http://1.2.3.4.5/", "it ends in a number but is not an IPv4 address: more than four parts"),
        ("http://[]/", "it is not an IPv6 address: nothing between [ and ]"),
        ("http://[::1::]/", "it is not an IPv6 address: :: appears twice"),
        ("http://example.com%80/", "its percent-escapes are not UTF-8"),
        ("http://example.com%A0/", "its percent-escapes are not UTF-8"),
        ("http://a%2Fb.example/", "a host cannot contain “/”"),
        ("http://％４１.com/", "a host cannot contain “%”"), ("http://a℀c/", "a host cannot contain “/”"),
        ("http://%EF%B7%90zyx.com/", "it is not a valid internationalized domain name (UTS #46)"),
    ])
    func refusesTheHostsTheURLStandardRefusesSayingWhy(url: String, reason: String) {
        #expect {
            try identity.key(for: url)
        } throws: { error in
            guard case let .badHost(_, problem) = error as? URLProblem else { return false }
            return problem.description == reason && !problem.isPolicy
        }
    }

    @Test func aTabOrALineBreakIsNotASpace() {
        #expect(throws: URLProblem.tab) { try identity.key(for: "http://exa\tmple.com/") }
        #expect(throws: URLProblem.lineBreak) { try identity.key(for: "http://example.com/a\nb") }
        #expect(throws: URLProblem.lineBreak) { try identity.key(for: "http://example.com/a\rb") }
        #expect(URLProblem.tab.description.contains("tab") && URLProblem.lineBreak.description.contains("line break"))
    }

    @Test func hostsTheStandardReadsAsDifferentNeverShareAKey() throws {
        let hosts = ["http://127.0.0.1/", "http://127.0.0.2/", "http://[::1]/", "http://[::2]/", "http://go.com/"]
        let keys = try hosts.map { try identity.key(for: $0) }
        #expect(Set(keys).count == hosts.count, "\(keys)")
        #expect(throws: URLProblem.self) { try identity.key(for: "http://example.com%80/") }
    }

    /// Without Foundation's UTS #46 (the static release binary), the approximation still maps the common forms.
    @Test func theApproximateMappingCoversTheCommonForms() {
        #if os(Linux)
            #expect(IDNA.usesFoundation, "swift-foundation maps URL hosts with ICU's UTS #46 on Linux")
        #endif
        #expect(IDNA.approximateToASCII("Ｇｏ.com") == "go.com")
        #expect(IDNA.approximateToASCII("Bücher.example") == "xn--bcher-kva.example")
        #expect(IDNA.approximateToASCII("a\u{AD}b") == "ab")
        #expect(IDNA.approximateToASCII("\u{FFFD}.com") == nil)
        #expect(IDNA.approximateToASCII(String(UnicodeScalar(0xFDD0)!) + "zyx.com") == nil)
    }

    /// A batch keyed through one ``HostMemo`` gets the keys its URLs get one by one: hosts
    /// that come back (in other cases, with `www.` or a mobile prefix, as an alias), hosts
    /// that take each other's place in the memo, and the configuration's policies.
    @Test func aHostMemoChangesNoKey() throws {
        let configuration = try Configuration.parse(
            """
            urls:
              hosts:
                mirror.example:
                  same-as: example.org
                cases.example:
                  path-case: insensitive
                static.example:
                  query: ignore
            """, file: "curate.yml", root: "/")
        var urls: [String] = []
        let hosts = [
            "example.org", "EXAMPLE.org", "www.example.org", "mirror.example", "www.mirror.example", "cases.example",
            "static.example", "m.youtube.com", "www.youtube.com", "youtu.be", "github.com", "WWW.GitHub.com",
            "en.m.wikipedia.org", "arxiv.org", "export.arxiv.org", "bücher.example", "xn--bcher-kva.example",
            "127.0.0.1", "[::1]", "0x7f.1", "example.org.", "user@example.org", "example.org:8080",
        ]
        // Twice as many hosts as the memo has places, so that they take each other's.
        for round in 0..<3 {
            for (index, host) in hosts.enumerated() {
                urls.append("https://\(host)/Path/\(index)?utm_source=x&q=\(round)#frag")
                urls.append("http://\(host)/watch?v=BaW_jenozKc&si=a")
            }
            for index in 0..<140 { urls.append("https://host\(index).example/a/b/../c?\(round)") }
        }
        urls.append(contentsOf: ["https://", "https://exa mple.org/", "https://[::1/x", "ftp://example.org/"])
        var memo = HostMemo()
        for identity in [URLIdentity(), configuration.identity] {
            for url in urls {
                var batch: [UInt8] = []
                let batched = Result { () throws(URLProblem) in
                    try identity.appendKey(utf8: Array(url.utf8)[...], to: &batch, memo: &memo)
                    return String(decoding: batch, as: UTF8.self)
                }
                let alone = Result { () throws(URLProblem) in try identity.key(for: url) }
                #expect(batched == alone, "\(url)")
            }
            memo = HostMemo()  // a memo serves one identity
        }
    }

    @Test func hostPoliciesFromTheConfiguration() throws {
        let configuration = try Configuration.parse(
            """
            urls:
              tracking-parameters: [campaign, xtm_*]
              hosts:
                mirror.example:
                  same-as: example.org
                cases.example:
                  path-case: insensitive
                static.example:
                  query: ignore
                spa.example:
                  fragment: keep
                shop.example:
                  tracking-parameters: [ref]
            """, file: "curate.yml", root: "/")
        let identity = configuration.identity
        #expect(try identity.key(for: "https://mirror.example/a") == identity.key(for: "https://example.org/a"))
        #expect(try identity.key(for: "https://cases.example/A/B") == identity.key(for: "https://cases.example/a/b"))
        #expect(try identity.key(for: "https://static.example/a?x=1") == identity.key(for: "https://static.example/a"))
        #expect(try identity.key(for: "https://spa.example/#a") != identity.key(for: "https://spa.example/#b"))
        #expect(try identity.key(for: "https://shop.example/a?ref=x") == identity.key(for: "https://shop.example/a"))
        #expect(try identity.key(for: "https://other.example/a?ref=x") != identity.key(for: "https://other.example/a"))
        #expect(try identity.key(for: "https://a.example/a?campaign=1&xtm_id=2") == "a.example/a")
    }

    @Test func badHostPoliciesNameTheLine() {
        #expect(throws: CurateError.self) {
            try Configuration.parse("urls:\n  hosts:\n    a.example:\n      query: drop\n", file: "curate.yml", root: "/")
        }
        do {
            _ = try Configuration.parse(
                "urls:\n  hosts:\n    'https://a.example/x':\n      query: ignore\n", file: "curate.yml", root: "/")
            Issue.record("a URL is not a host")
        } catch let error as CurateError {
            #expect(error.location == "curate.yml:3:5")
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func explainNamesTheRulesThatFired() throws {
        let (key, steps) = try identity.explain("http://www.youtube.com/watch?v=BaW_jenozKc&si=x")
        #expect(key == "youtube.com/watch?v=BaW_jenozKc")
        #expect(steps.contains("host: www. dropped"))
        #expect(steps.contains("query: tracking parameter si dropped"))
        #expect(steps.contains { $0.hasPrefix("domain: youtube:") })
    }

    @Test func removesTrackingParametersKeepingTheRestAsWritten() {
        #expect(
            identity.removingTrackingParameters(from: "https://a.example/X?utm_source=n&id=3#Frag")
                == "https://a.example/X?id=3#Frag")
        #expect(identity.removingTrackingParameters(from: "https://a.example/x?fbclid=1") == "https://a.example/x")
        #expect(identity.removingTrackingParameters(from: "https://a.example/x?ref=1") == nil)
        #expect(
            identity.removingTrackingParameters(from: "https://youtu.be/BaW_jenozKc?si=x&t=3")
                == "https://youtu.be/BaW_jenozKc?t=3")
        #expect(identity.removingTrackingParameters(from: "https://other.example/?si=x") == nil)
        // Empty parameters go with a removal, and stay without one; case and escapes of the
        // name are read as the key reads them, and written back as they were.
        #expect(
            identity.removingTrackingParameters(from: "https://a.example/x?&UTM_Source=1&&id=2&")
                == "https://a.example/x?id=2")
        #expect(identity.removingTrackingParameters(from: "https://a.example/x?&&id=2&") == nil)
        #expect(
            identity.removingTrackingParameters(from: "https://a.example/x?a=%41&utm%5Fmedium=x&b#f")
                == "https://a.example/x?a=%41&b#f")
        // Per-host names are read for the host as the key reads it (case, `www.`, a port).
        #expect(
            identity.removingTrackingParameters(from: "https://WWW.YouTube.com:443/watch?v=a&si=x&feature=share")
                == "https://WWW.YouTube.com:443/watch?v=a")
        // A `?` after the `#` is the fragment's, not a query.
        #expect(identity.removingTrackingParameters(from: "https://a.example/x#S3?utm_source=1") == nil)
        #expect(
            identity.removingTrackingParameters(from: "https://a.example/x?fbclid=1#S3?utm_source=1")
                == "https://a.example/x#S3?utm_source=1")
    }
}

/// A small deterministic generator, so a failing random case can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
