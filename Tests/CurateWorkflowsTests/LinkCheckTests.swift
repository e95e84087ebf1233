import CurateKit
import CurateTestSupport
import CurateWorkflows
import Foundation
import Testing

/// `LinkCheck` against scripted servers on loopback (127.0.0.2, 127.0.0.3 ... are distinct
/// hosts): every verdict, politeness, the cache's streaks with an injected clock, --since.
@Suite struct LinkCheckTests {
    typealias Reply = ScriptedHTTPServer.Reply

    @Test func eachKindOfAnswerGetsItsVerdict() throws {
        let other = try ScriptedHTTPServer(host: "127.0.0.3", routes: ["/landed": [Reply(200)]])
        let server = try ScriptedHTTPServer(
            host: "127.0.0.2",
            routes: [
                "/ok": [Reply(200)],
                "/missing": [Reply(404)],
                "/gone": [Reply(410)],
                "HEAD /no-head": [Reply(405)],
                "/no-head": [Reply(200)],
                "/moved": [.redirect(301, to: "/new-home")],
                "/new-home": [Reply(200)],
                "/chain": [.redirect(302, to: "/chain/2")],
                "/chain/2": [.redirect(307, to: other.url("/landed"))],
                "/loop": [.redirect(302, to: "/loop")],
                "/wall": [Reply(403, headers: ["cf-mitigated": "challenge"])],
                "/forbidden": [Reply(403)],
                "/broken": [Reply(500)],
                "/reset": [.reset],
                "/stall": [.stall(3)],
                "/": [Reply(200)],
                "/docs/deep/page": [.redirect(302, to: "/")],
                "/docs/other/page": [.redirect(302, to: "/")],
            ],
            fallback: .redirect(302, to: "/"))
        let result = try check(
            [
                "/ok", "/missing", "/gone", "/no-head", "/moved", "/chain", "/loop", "/wall", "/forbidden", "/broken",
                "/reset", "/stall", "/docs/deep/page", "/docs/other/page",
            ].map { server.url($0) })
        let verdicts = Dictionary(uniqueKeysWithValues: result.reports.map { (URL(string: $0.url)!.path, $0.verdict) })
        #expect(verdicts["/ok"] == LinkVerdict(.alive, code: 200))
        #expect(verdicts["/missing"] == LinkVerdict(.dead, code: 404, reason: .notFound))
        #expect(verdicts["/gone"] == LinkVerdict(.dead, code: 410, reason: .gone))
        #expect(verdicts["/no-head"] == LinkVerdict(.alive, code: 200), "HEAD refused, GET answers")
        #expect(verdicts["/moved"]?.status == .alive)
        #expect(verdicts["/moved"]?.reason == .movedPermanently)
        #expect(verdicts["/moved"]?.finalURL == server.url("/new-home"))
        #expect(verdicts["/chain"] == LinkVerdict(.alive, code: 200), "a temporary move is no new URL")
        #expect(verdicts["/loop"]?.reason == .tooManyRedirects)
        #expect(verdicts["/wall"]?.status == .unverified)
        #expect(verdicts["/wall"]?.reason == .botWall)
        #expect(verdicts["/forbidden"]?.reason == .forbidden)
        #expect(verdicts["/broken"]?.reason == .serverError)
        #expect(verdicts["/reset"]?.reason == .reset)
        #expect(verdicts["/stall"]?.reason == .timeout)
        #expect(verdicts["/docs/deep/page"]?.reason == .softNotFound, "a deep link sent home, as a made-up path is")
        #expect(verdicts["/docs/other/page"]?.reason == .softNotFound)
        #expect(result.reports.allSatisfy { $0.verdict.status != .dead || $0.verdict.code != nil })
        let requests = server.requests
        #expect(requests.contains { $0.method == "HEAD" && $0.path == "/no-head" })
        #expect(requests.contains { $0.method == "GET" && $0.path == "/no-head" })
        #expect(requests.filter { $0.path.hasPrefix("/curate-missing-page-") }.count == 1, "one probe for the origin")
        #expect(requests.allSatisfy { $0.userAgent.hasPrefix("curate") }, "a real User-Agent")
        #expect(other.requests.map(\.path) == ["/landed"])
    }

    @Test func eachResourceIsFetchedOnceAndReportedWithEveryLine() throws {
        let server = try ScriptedHTTPServer(host: "127.0.0.2", routes: ["/page": [Reply(404)]])
        let urls = [server.url("/page"), server.url("/page?utm_source=feed"), server.url("/page#part")]
        let result = try check(urls)
        #expect(result.reports.count == 1)
        #expect(result.reports[0].lines.map(\.line) == [3, 4, 5])
        #expect(result.reports[0].verdict.status == .dead)
        #expect(server.requests.map(\.method) == ["HEAD", "GET"], "HEAD, then GET to confirm a 404; once for three lines")
    }

    @Test func headIsDroppedWhereRefusedAndEveryHeadErrorIsAskedAgain() throws {
        let refusing = try ScriptedHTTPServer(host: "127.0.0.2", routes: ["HEAD *": [Reply(405)]], fallback: Reply(200))
        let missing = try ScriptedHTTPServer(host: "127.0.0.3", routes: [:], fallback: Reply(404))
        var options = fast
        options.hostConcurrency = 1
        options.maxConcurrency = 1
        let result = try check((1...4).map { refusing.url("/\($0)") } + (1...3).map { missing.url("/\($0)") }, options: options)
        #expect(result.reports.map(\.verdict.status) == Array(repeating: .alive, count: 4) + Array(repeating: .dead, count: 3))
        #expect(refusing.requests.map { "\($0.method) \($0.path)" } == ["HEAD /1", "GET /1", "GET /2", "GET /3", "GET /4"])
        #expect(
            missing.requests.map { "\($0.method) \($0.path)" } == [
                "HEAD /1", "GET /1", "HEAD /2", "GET /2", "HEAD /3", "GET /3",
            ],
            "a 404 is dead only once GET says so too, however many came before")
    }

    @Test func aServerThatRoutesHeadForSomePagesOnlyIsNotTakenAtItsWord() throws {
        // Static files answer HEAD; the app's pages answer GET only, and HEAD with 404.
        let mixed = try ScriptedHTTPServer(
            host: "127.0.0.2", routes: ["HEAD /app/*": [Reply(404)], "/app/gone": [Reply(404)]], fallback: Reply(200))
        // Every HEAD answered 404, and the first links really are dead.
        let headless = try ScriptedHTTPServer(
            host: "127.0.0.3", routes: ["HEAD *": [Reply(404)], "/dead1": [Reply(404)], "/dead2": [Reply(404)]],
            fallback: Reply(200))
        var options = fast
        options.hostConcurrency = 1
        options.maxConcurrency = 1
        let urls =
            ["/static.html", "/app/page", "/app/other", "/app/gone"].map { mixed.url($0) }
            + ["/dead1", "/dead2", "/live", "/live2"].map { headless.url($0) }
        let result = try check(urls, options: options)
        #expect(result.reports.map(\.verdict.status) == [.alive, .alive, .alive, .dead, .dead, .dead, .alive, .alive])
    }

    @Test func whatIsLearntOfOneServerStaysWithItsOrigin() throws {
        // Two servers on one address, on two ports: one stopped answering.
        let silent = try ScriptedHTTPServer(host: "127.0.0.2", routes: [:], fallback: .stall(2))
        let fine = try ScriptedHTTPServer(host: "127.0.0.2", routes: [:], fallback: Reply(200))
        var options = fast
        options.timeout = 0.3
        options.hostConcurrency = 1
        options.maxConcurrency = 1
        let result = try check((1...3).map { silent.url("/\($0)") } + [fine.url("/page")], options: options)
        #expect(result.reports[0].verdict.reason == .timeout)
        #expect(result.reports[3].verdict == LinkVerdict(.alive, code: 200), "another port, another server: asked")
    }

    @Test func aHostThatStopsAnsweringIsNotAskedAgain() throws {
        let silent = try ScriptedHTTPServer(host: "127.0.0.2", routes: [:], fallback: .stall(2))
        var options = fast
        options.timeout = 0.3
        options.hostConcurrency = 1
        let result = try check((1...5).map { silent.url("/\($0)") }, options: options)
        // Three links timed out in a row (the HEAD and GET of one count once), then no more
        // requests: five in all.
        #expect(result.reports.prefix(3).allSatisfy { $0.verdict.reason == .timeout })
        #expect(silent.requests.count == 5, "three links' timeouts in a row, then no more requests")
        #expect(result.reports.map(\.verdict.reason).suffix(2) == [.notAsked, .notAsked])
    }

    @Test func oneRateLimitedPageDoesNotSilenceItsSite() throws {
        // Found by a tester: one link's own retries made the streak that gave up on the
        // origin, and a dead page beside it was never asked.
        let server = try ScriptedHTTPServer(
            host: "127.0.0.2", routes: ["/busy": [Reply(429, headers: ["Retry-After": "0"])], "/gone": [Reply(404)]],
            fallback: Reply(200))
        var options = fast
        options.hostConcurrency = 1
        options.maxConcurrency = 1
        let result = try check([server.url("/busy"), server.url("/gone")], options: options)
        #expect(result.reports[0].verdict.reason == .rateLimited)
        #expect(result.reports[1].verdict.status == .dead, "\(result.reports[1].verdict)")
    }

    @Test func oddAnswersAreNamedForWhatTheyAre() throws {
        let server = try ScriptedHTTPServer(
            host: "127.0.0.2",
            routes: [
                "/no-location": [Reply(302)], "/ftp": [Reply(301, headers: ["Location": "ftp://e.example/x"])],
                "/600": [Reply(600)], "HEAD /drip": [Reply(405)], "/drip": [.drip(status: 200, seconds: 2)],
            ])
        var options = fast
        options.timeout = 0.5
        let result = try check(["/no-location", "/ftp", "/600", "/drip"].map { server.url($0) }, options: options)
        #expect(result.reports.map(\.verdict.reason) == [.brokenRedirect, .brokenRedirect, .unexpectedStatus, nil])
        #expect(result.reports[3].verdict == LinkVerdict(.alive, code: 200), "its head came in time; its body did not")
    }

    @Test func aFormOfTheResourceThatIsNotDeadIsReportedOnItsOwn() throws {
        let server = try ScriptedHTTPServer(host: "127.0.0.2", routes: ["/docs/": [Reply(404)], "/docs": [Reply(200)]])
        var options = fast
        options.hostConcurrency = 1
        options.hostRequestInterval = 0.2
        let result = try check([server.url("/docs/"), server.url("/docs"), server.url("/docs/#part")], options: options)
        #expect(result.reports.map(\.verdict.status) == [.dead, .alive])
        let starts = server.requests.map(\.time)
        #expect(zip(starts, starts.dropFirst()).allSatisfy { $1 - $0 >= 0.18 }, "the other form waits its turn: \(starts)")
        #expect(result.reports.map { $0.lines.map(\.line) } == [[3, 5], [4]], "each line under the form it writes")
        #expect(result.reports[1].url == server.url("/docs"))
    }

    @Test func aLinkInTheProseIsCheckedToo() throws {
        let server = try ScriptedHTTPServer(host: "127.0.0.2", routes: ["/intro": [Reply(404)]], fallback: Reply(200))
        let folder = try temporaryDirectory()
        let path = folder.appendingPathComponent("list.md")
        try Data("# Links\n\nStart with [the intro](\(server.url("/intro"))).\n\n1. [A](\(server.url("/a")))\n".utf8).write(
            to: path)
        let result = try LinkCheck(selection: PostSelection(posts: [path.path], directory: folder.path), options: fast).run()
        #expect(result.reports.map(\.verdict.status) == [.dead, .alive])
        #expect(result.reports[0].lines.map(\.line) == [3])
    }

    @Test func aChainHeadWalkedToAVerdictAgainstTheLinkIsWalkedAgainWithGet() throws {
        // HEAD is redirected where GET is answered: to a missing page, or home.
        let server = try ScriptedHTTPServer(
            host: "127.0.0.2",
            routes: [
                "HEAD /x1": [.redirect(301, to: "/gone")], "/x1": [Reply(200)], "/gone": [Reply(404)],
                "HEAD /": [Reply(200)], "HEAD *": [.redirect(302, to: "/")], "/docs/guide/intro": [Reply(200)],
                "HEAD /slow": [.stall(2)], "/slow": [Reply(200)],
            ],
            fallback: Reply(404))
        var options = fast
        options.timeout = 0.5
        let result = try check(["/x1", "/docs/guide/intro", "/slow"].map { server.url($0) }, options: options)
        #expect(result.reports.map(\.verdict) == Array(repeating: LinkVerdict(.alive, code: 200), count: 3))
    }

    @Test func aLocationIsFollowedAsBrowsersFollowIt() throws {
        let server = try ScriptedHTTPServer(
            host: "127.0.0.2",
            routes: [
                "/a": [.redirect(301, to: "\\d7\\new")], "/d7/new": [Reply(200)],
                "/b": [.redirect(302, to: "/d11/new?x=%zz")], "/d11/new?x=%zz": [Reply(200)],
                "/c": [.redirect(302, to: "http:/d13/new")], "/d13/new": [Reply(200)],
                "/d": [Reply(301, headers: ["Location": "/caf\u{E9}.html"], encoding: "latin-1")],
                "/caf%E9.html": [Reply(200)],
                "/e/f": [.redirect(302, to: "../g/./h")], "/g/h": [Reply(200)],
            ],
            fallback: Reply(404))
        let result = try check(["/a", "/b", "/c", "/d", "/e/f"].map { server.url($0) })
        #expect(result.reports.map(\.verdict.status) == Array(repeating: .alive, count: 5), "\(result.reports.map(\.verdict))")
    }

    @Test func aURLIsRequestedAsWrittenWithOnlyWhatMustBeEncodedEncoded() throws {
        let server = try ScriptedHTTPServer(
            host: "127.0.0.2",
            routes: [
                "/wiki/%C3%BC/%C3%BC": [Reply(200)], "/search?q=caf%C3%A9&tag=%23news": [Reply(200)], "/w/%41%zz": [Reply(200)],
            ])
        var options = fast
        options.resolver = StaticResolver(["xn--bcher-kva.test": "127.0.0.2"])
        let port = server.port
        let result = try check(
            [
                "http://bücher.test:\(port)/wiki/ü/%C3%BC", "http://127.0.0.2:\(port)/search?q=café&tag=%23news",
                "http://127.0.0.2:\(port)/w/%41%zz",
            ], options: options)
        #expect(result.reports.map(\.verdict.status) == [.alive, .alive, .alive], "\(server.requests.map(\.path))")
    }

    @Test func aHostIsReadAsTheStandardReadsIt() throws {
        let server = try ScriptedHTTPServer(host: "127.0.0.2", routes: [:], fallback: Reply(200))
        var options = fast
        options.resolver = StaticResolver(["xn--bcher-kva.test": "127.0.0.2", "good.test": "127.0.0.2"])
        let port = server.port
        let result = try check(
            ["http://b%C3%BCcher.test:\(port)/a", "http://\u{FF47}ood.test:\(port)/b", "http://127.0.0.2.:\(port)/c"],
            options: options)
        #expect(result.reports.map(\.verdict.status) == [.alive, .alive, .alive], "\(result.reports.map(\.verdict))")
    }

    @Test func aTrackingParameterDecidesNoLinesVerdict() throws {
        let server = try ScriptedHTTPServer(host: "127.0.0.2", routes: ["/p?utm_source=x": [Reply(404)], "/p": [Reply(200)]])
        let result = try check([server.url("/p?utm_source=x"), server.url("/p")])
        #expect(result.reports.map(\.verdict.status) == [.alive])
        #expect(server.requests.map(\.path) == ["/p"])
    }

    @Test func aSignInPageIsToldFromAPageThatMoved() throws {
        let server = try ScriptedHTTPServer(
            host: "127.0.0.2",
            routes: [
                "/guide": [.redirect(301, to: "/docs/login")], "/a": [.redirect(301, to: "/articles?cat=/abc")],
                "/v": [.redirect(302, to: "/v/?lang=en")], "/private/page": [.redirect(302, to: "/users/sign_in")],
            ],
            fallback: Reply(200))
        let result = try check(["/guide", "/a", "/v", "/private/page"].map { server.url($0) })
        #expect(result.reports.map(\.verdict.status) == [.alive, .alive, .alive, .unverified])
        #expect(result.reports[3].verdict.reason == .forbidden)
    }

    @Test func aBusyAnswerWithAnyRetryAfterIsRateLimited() throws {
        let server = try ScriptedHTTPServer(
            host: "127.0.0.2", routes: ["/soon": [Reply(503, headers: ["Retry-After": "soon"])]], fallback: Reply(200))
        let result = try check([server.url("/soon")])
        #expect(result.reports[0].verdict.reason == .rateLimited)
    }

    @Test func anotherFormIsCheckedBeforeAStreakCondemnsIt() throws {
        let server = try ScriptedHTTPServer(host: "127.0.0.2", routes: ["/t": [Reply(500)], "/t/": [Reply(200)]])
        let urls = [server.url("/t"), server.url("/t/")]
        let (second, options, folder) = try checkedTwiceTwoDaysApart(urls)
        #expect(second.reports.map(\.verdict.status) == [.dead, .alive])
        #expect(second.reports.map { $0.lines.map(\.line) } == [[3], [4]])
        var offline = options
        offline.offline = true
        let third = try check(urls, options: offline, folder: folder)
        #expect(
            third.reports.map(\.verdict.status) == [.unverified, .alive],
            "of the failing form the cache knows a streak, not a verdict; of the other, its own")
        #expect(third.reports.map { $0.lines.map(\.line) } == [[3], [4]])
    }

    @Test func aCacheThatIsNotARegularFileIsRefused() throws {
        let folder = try temporaryDirectory()
        let fifo = folder.appendingPathComponent("pipe").path
        #expect(mkfifo(fifo, 0o600) == 0)
        var options = fast
        options.cachePath = fifo
        let server = try ScriptedHTTPServer(host: "127.0.0.2", routes: [:], fallback: Reply(200))
        #expect(throws: LinkCheckError.self) { try check([server.url("/ok")], options: options, folder: folder) }
        #expect(server.requests.isEmpty)
    }

    @Test func aLinkNotAskedStartsNoStreak() throws {
        let silent = try ScriptedHTTPServer(host: "127.0.0.2", routes: [:], fallback: .stall(2))
        var options = fast
        options.timeout = 0.3
        options.hostConcurrency = 1
        options.maxConcurrency = 1
        let urls = (1...4).map { silent.url("/\($0)") }
        let (second, _, _) = try checkedTwiceTwoDaysApart(urls, options: options)
        // Three links timed out (a link's HEAD and GET count once: one slow page is no dead
        // server); the fourth is not asked.
        #expect(
            second.reports.prefix(3).allSatisfy { $0.verdict.reason == .persistentFailure }, "timed out twice, two days apart")
        #expect(second.reports.suffix(1).allSatisfy { $0.verdict.reason == .notAsked }, "never asked: no evidence against them")
    }

    @Test func aSignInPageIsARefusalNeverADeadLink() throws {
        let server = try ScriptedHTTPServer(
            host: "127.0.0.2",
            routes: ["/docs/private/page": [.redirect(302, to: "/login?next=/docs/private/page")]], fallback: Reply(200))
        let (second, _, _) = try checkedTwiceTwoDaysApart([server.url("/docs/private/page")])
        #expect(second.reports[0].verdict.status == .unverified)
        #expect(second.reports[0].verdict.reason == .forbidden)
    }

    @Test func aBusyServerThatSaysWhenToComeBackIsRateLimitedNeverDead() throws {
        let server = try ScriptedHTTPServer(
            host: "127.0.0.2", routes: ["/busy": [Reply(503, headers: ["Retry-After": "3600"])]], fallback: Reply(200))
        let (second, _, _) = try checkedTwiceTwoDaysApart([server.url("/busy")])
        #expect(second.reports[0].verdict.status == .unverified)
        #expect(second.reports[0].verdict.reason == .rateLimited)
        #expect(server.requests.allSatisfy { $0.method == "HEAD" }, "no GET sent straight after being asked to wait")
    }

    @Test func anyRetryAfterValueIsBounded() throws {
        let values = [
            "99999999999999999999", "1e30", "inf", "nan", "-5", "18446744073709551615", "Fri, 31 Dec 9999 23:59:59 GMT",
        ]
        var routes: [String: [Reply]] = [:]
        for (index, value) in values.enumerated() { routes["/\(index)"] = [Reply(429, headers: ["Retry-After": value])] }
        let server = try ScriptedHTTPServer(host: "127.0.0.2", routes: routes)
        var options = fast
        options.maxRetries = 1
        options.retryAfterLimit = 0.2
        options.retryBackoff = 0.01
        let result = try check(values.indices.map { server.url("/\($0)") }, options: options)
        #expect(result.reports.allSatisfy { $0.verdict.status == .unverified && $0.verdict.reason == .rateLimited })
    }

    @Test func anUnwritableCacheIsSaidBeforeAnythingIsFetched() throws {
        let server = try ScriptedHTTPServer(host: "127.0.0.2", routes: [:], fallback: Reply(200))
        let folder = try temporaryDirectory()
        let file = folder.appendingPathComponent("not-a-folder")
        try Data("x".utf8).write(to: file)
        var options = fast
        options.cachePath = file.appendingPathComponent("links.json").path
        #expect(throws: LinkCheckError.self) { try check([server.url("/ok")], options: options, folder: folder) }
        #expect(server.requests.isEmpty)
    }

    @Test func aResolverThatKnowsNoNameCondemnsNoLinkRunAfterRun() throws {
        var options = fast
        options.resolver = StaticResolver([:])
        options.resolverCanary = "example.com"
        let (second, _, _) = try checkedTwiceTwoDaysApart(["http://vanished.test/page"], options: options)
        #expect(second.reports[0].verdict.status == .unverified)
        #expect(second.reports[0].verdict.detail?.contains("example.com") == true)
    }

    @Test func theCacheKnowsWhichFormItsVerdictIsAbout() throws {
        let server = try ScriptedHTTPServer(host: "127.0.0.2", routes: ["/x": [Reply(404)], "/x/": [Reply(200)]])
        let folder = try temporaryDirectory()
        var options = fast
        options.cachePath = folder.appendingPathComponent("links.json").path
        _ = try check([server.url("/x"), server.url("/x/")], options: options, folder: folder)
        var offline = options
        offline.offline = true
        let fixed = try check([server.url("/x/")], options: offline, folder: folder)
        #expect(fixed.reports.map(\.verdict.status) == [.alive], "the dead form gone: the live one's verdict")
        let other = try LinkCheck(
            selection: PostSelection(posts: [folder.appendingPathComponent("list.md").path], directory: folder.path),
            options: offline
        ).check(urls: [server.url("/x")])
        #expect(other.map(\.verdict.status) == [.dead])
        // A run that saw only the live form says nothing of the dead one.
        let second = try temporaryDirectory()
        options.cachePath = second.appendingPathComponent("links.json").path
        offline.cachePath = options.cachePath
        _ = try check([server.url("/x/")], options: options, folder: second)
        let unseen = try check([server.url("/x")], options: offline, folder: second)
        #expect(unseen.reports[0].verdict.status == .unverified)
    }

    @Test func sitesThatSendStrangersToSignInAreRefusalsToo() throws {
        let server = try ScriptedHTTPServer(
            host: "127.0.0.2",
            routes: [
                "/a/b/c": [.redirect(302, to: "/session/new")], "/a/b/d": [.redirect(302, to: "/oauth2/start?rd=%2Fa%2Fb%2Fd")],
                "/a/b/e": [.redirect(302, to: "/?login=1")], "/a/b/f": [.redirect(302, to: "/?from=%2Fa%2Fb%2Ff")],
            ],
            fallback: Reply(200))
        let urls = ["/a/b/c", "/a/b/d", "/a/b/e", "/a/b/f"].map { server.url($0) }
        let withCookies = try ScriptedHTTPServer(
            host: "127.0.0.3", routes: ["/a/b/g": [.redirect(302, to: "/cookies?url=http://127.0.0.3/a/b/g")]],
            fallback: Reply(200))
        let result = try check(urls + [withCookies.url("/a/b/g")])
        #expect(result.reports.allSatisfy { $0.verdict.reason == .forbidden }, "\(result.reports.map(\.verdict))")
    }

    @Test func aFinalAnswerWhoseBodyEndsEarlyIsStillItsAnswer() throws {
        let server = try ScriptedHTTPServer(host: "127.0.0.2", routes: ["HEAD *": [Reply(405)]], fallback: .short())
        let result = try check([server.url("/cut")])
        #expect(result.reports[0].verdict == LinkVerdict(.alive, code: 200))
    }

    @Test func aWallShownToStrangersIsNeverDead() throws {
        // Every page sends strangers to a consent page, a made-up one too: like a page gone.
        let server = try ScriptedHTTPServer(
            host: "127.0.0.2", routes: ["/consent": [Reply(200)], "/portal": [Reply(511)]],
            fallback: .redirect(302, to: "/consent"))
        let (second, _, _) = try checkedTwiceTwoDaysApart([server.url("/docs/guide"), server.url("/portal")])
        #expect(second.reports.map(\.verdict.status) == [.unverified, .unverified])
        #expect(second.reports.map(\.verdict.reason) == [.softNotFound, .forbidden])
    }

    @Test func everyFormOfAResourceIsFetchedWhateverItsOrder() throws {
        let server = try ScriptedHTTPServer(host: "127.0.0.2", routes: ["/mx": [Reply(404)], "/mx/": [Reply(200)]])
        for urls in [[server.url("/mx"), server.url("/mx/")], [server.url("/mx/"), server.url("/mx")]] {
            let result = try check(urls)
            let dead = result.reports.filter { $0.verdict.status == .dead }
            #expect(dead.map(\.url) == [server.url("/mx")], "\(result.reports)")
        }
    }

    @Test func twoRunsSavingOneCacheKeepBothRunsVerdicts() throws {
        let folder = try temporaryDirectory()
        let path = folder.appendingPathComponent("links.json").path
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        var first = try LinkCache.load(path: path)
        var second = try LinkCache.load(path: path)
        _ = first.record("a.example/1", LinkVerdict(.alive, code: 200), now: now, deadAfter: 1, form: "https://a.example/1")
        _ = second.record("b.example/2", LinkVerdict(.alive, code: 200), now: now, deadAfter: 1, form: "https://b.example/2")
        try first.save(path: path)
        try second.save(path: path)
        let saved = try LinkCache.load(path: path)
        #expect(saved.last("a.example/1", form: "https://a.example/1")?.status == .alive)
        #expect(saved.last("b.example/2", form: "https://b.example/2")?.status == .alive)
        // A verdict from before forms were kept is about none of them.
        let oldPath = folder.appendingPathComponent("old.json")
        try Data(#"{"version":1,"links":{"c.example/3":{"checked":1800000000,"verdict":{"status":"dead","code":404}}}}"#.utf8)
            .write(to: oldPath)
        #expect(try LinkCache.load(path: oldPath.path).last("c.example/3", form: "https://c.example/3/") == nil)
    }

    @Test func aServerThatNeverAnswersIsATimeoutOfItsOwnLink() throws {
        let silent = try ScriptedHTTPServer(host: "127.0.0.2", routes: [:], fallback: .stall(2))
        var options = fast
        options.timeout = 0.3
        options.maxRetries = 2
        options.retryBackoff = 0.01
        let result = try check([silent.url("/p")], options: options)
        #expect(result.reports[0].verdict.reason == .timeout, "its own requests timed out: not a link never asked")
    }

    @Test func aServerThatKeepsAskingToWaitIsLeftAfterThreeTimes() throws {
        let busy = try ScriptedHTTPServer(
            host: "127.0.0.2", routes: [:], fallback: Reply(429, headers: ["Retry-After": "0"]))
        let headless = try ScriptedHTTPServer(host: "127.0.0.3", routes: ["HEAD *": [.stall(2)]], fallback: Reply(200))
        var options = fast
        options.timeout = 0.3
        options.hostConcurrency = 1
        options.maxConcurrency = 1
        let result = try check((1...6).map { busy.url("/\($0)") } + (1...3).map { headless.url("/\($0)") }, options: options)
        #expect(result.reports.prefix(6).allSatisfy { $0.verdict.reason == .rateLimited })
        #expect(busy.requests.count == 3, "three answers asking to wait, then no more requests")
        #expect(result.reports.suffix(3).allSatisfy { $0.verdict.status == .alive })
        #expect(headless.requests.map(\.method) == ["HEAD", "GET", "GET", "GET"], "one HEAD left unanswered is enough")
    }

    @Test func retryAfterIsHonouredWithinItsBound() throws {
        let server = try ScriptedHTTPServer(
            host: "127.0.0.2",
            routes: [
                "/busy": [Reply(429, headers: ["Retry-After": "1"]), Reply(200)],
                "/later": [Reply(429, headers: ["Retry-After": "3600"])],
            ])
        var options = fast
        options.maxRetries = 2
        let result = try check([server.url("/busy"), server.url("/later")], options: options)
        #expect(result.reports[0].verdict == LinkVerdict(.alive, code: 200))
        #expect(result.reports[1].verdict.reason == .rateLimited)
        #expect(result.reports[1].verdict.status == .unverified)
        let busy = server.requests.filter { $0.path == "/busy" }
        #expect(busy.count == 2)
        #expect(busy.count == 2 && busy[1].time - busy[0].time >= 0.9, "waited the second asked for")
        #expect(server.requests.filter { $0.path == "/later" }.count == 1, "an hour is not waited for")
    }

    @Test func requestsToOneHostAreSpacedAndOthersAreNotHeldUp() throws {
        let slow = try ScriptedHTTPServer(host: "127.0.0.2", routes: [:], fallback: Reply(200))
        let fastHost = try ScriptedHTTPServer(host: "127.0.0.3", routes: [:], fallback: Reply(200))
        var options = fast
        options.hostConcurrency = 1
        options.hostRequestInterval = 0.15
        let urls = (1...4).map { slow.url("/\($0)") } + (1...4).map { fastHost.url("/\($0)") }
        _ = try check(urls, options: options)
        let starts = slow.requests.map(\.time)
        #expect(starts.count == 4)
        for (earlier, later) in zip(starts, starts.dropFirst()) {
            #expect(later - earlier >= 0.13, "one host's requests start an interval apart")
        }
        #expect(fastHost.requests.count == 4)
        #expect(fastHost.requests.first!.time - starts.first! < 0.15, "the other host starts at once")
    }

    @Test func namesResolveOnceAndAMissingNameIsDead() throws {
        let server = try ScriptedHTTPServer(host: "127.0.0.2", routes: ["/": [Reply(200)]])
        var options = fast
        options.resolver = StaticResolver(["listed.test": "127.0.0.2", "example.com": "127.0.0.9"])
        options.resolverCanary = "example.com"
        let result = try check(
            ["http://listed.test:\(server.port)/", "http://vanished.test/page"], options: options)
        #expect(result.reports[0].verdict == LinkVerdict(.alive, code: 200))
        #expect(result.reports[1].verdict.status == .dead)
        #expect(result.reports[1].verdict.reason == .noSuchHost)
    }

    @Test func gitHubRepositoriesAreCheckedInBatchesWithAToken() throws {
        let answer = #"""
            {"data": {"r0": {"nameWithOwner": "TransformerLensOrg/TransformerLens", "url": "https://github.com/TransformerLensOrg/TransformerLens", "isArchived": false},
                      "r1": {"nameWithOwner": "openai/sparse_autoencoder", "url": "https://github.com/openai/sparse_autoencoder", "isArchived": true},
                      "r2": null,
                      "r3": {"nameWithOwner": "jbloomAus/SAELens", "url": "https://github.com/jbloomAus/SAELens", "isArchived": false}},
             "errors": [{"type": "NOT_FOUND", "path": ["r2"], "message": "Could not resolve to a Repository with the name 'gone/repo'."}]}
            """#
        let api = try ScriptedHTTPServer(host: "127.0.0.2", routes: ["POST /graphql": [Reply(200, body: answer)]])
        var options = fast
        options.gitHubToken = "test-token"
        options.gitHubGraphQL = api.url("/graphql")
        let result = try check(
            [
                "https://github.com/neelnanda-io/TransformerLens", "https://github.com/openai/sparse_autoencoder",
                "https://github.com/gone/repo", "https://github.com/jbloomAus/SAELens",
                "https://github.com/jbloomAus/SAELens/issues/1",
            ], options: options)
        let verdicts = result.reports.map(\.verdict)
        #expect(verdicts[0].reason == .movedPermanently)
        #expect(verdicts[0].finalURL == "https://github.com/TransformerLensOrg/TransformerLens", "renamed")
        #expect(verdicts[1].status == .alive)
        #expect(verdicts[1].reason == .archived)
        #expect(verdicts[2].reason == .noSuchHost, "unknown to the API: fetched as a page (here: no DNS)")
        #expect(verdicts[3] == LinkVerdict(.alive, code: 200))
        #expect(verdicts[4].reason == .noSuchHost, "an issue is not a repository: fetched as a page (here: no DNS)")
        #expect(api.requests.map(\.method) == ["POST"], "one request for the four repositories")
        #expect(LinkReportRenderer.text(Array(result.reports[1...1]))[0].contains("archived"))
    }

    @Test func excludeAndAcceptAreLycheesFlags() throws {
        let server = try ScriptedHTTPServer(host: "127.0.0.2", routes: ["/private": [Reply(403)], "/skip": [Reply(404)]])
        var options = fast
        options.exclude = ["/sk[i]p$"]
        options.accept = AcceptedStatuses(parsing: "200..=299, 403")
        let result = try check([server.url("/private"), server.url("/skip")], options: options)
        #expect(result.reports.map(\.verdict.status) == [.alive])
        #expect(result.excluded == 1)
        #expect(!server.requests.contains { $0.path == "/skip" })
        #expect(AcceptedStatuses(parsing: "200..300")?.contains(299) == true)
        #expect(AcceptedStatuses(parsing: "200..300")?.contains(300) == false)
        #expect(AcceptedStatuses(parsing: "ok") == nil)
    }

    @Test func aTransientFailureIsNeverCachedAndAStreakMakesItDead() throws {
        let server = try ScriptedHTTPServer(
            host: "127.0.0.2", routes: ["/flaky": Array(repeating: Reply(503), count: 7) + [Reply(200)], "/fine": [Reply(200)]])
        let folder = try temporaryDirectory()
        let clock = Clock(Date(timeIntervalSince1970: 1_800_000_000))
        var options = fast
        options.cachePath = folder.appendingPathComponent("links.json").path
        options.deadAfter = 7 * 86400
        options.maxCacheAge = 4 * 86400
        options.now = { clock.now }
        let urls = [server.url("/flaky"), server.url("/fine")]
        let first = try check(urls, options: options, folder: folder)
        #expect(first.reports[0].verdict.reason == .serverError)
        let cache = try LinkCache.load(path: options.cachePath!)
        #expect(cache.links[first.reports[0].key]?.verdict == nil, "a 503 is not a verdict")
        #expect(cache.links[first.reports[0].key]?.failures?.runs == 1)
        #expect(cache.links[first.reports[1].key]?.verdict?.status == .alive)

        clock.advance(days: 3)
        let second = try check(urls, options: options, folder: folder)
        #expect(second.reports[0].verdict.status == .unverified, "three days is short of the span")
        #expect(second.reports[1].cached, "alive a moment ago: not fetched again")
        #expect(server.requests.filter { $0.path == "/fine" }.count == 1)

        clock.advance(days: 5)
        let third = try check(urls, options: options, folder: folder)
        #expect(third.reports[0].verdict.status == .dead)
        #expect(third.reports[0].verdict.reason == .persistentFailure)
        #expect(third.reports[1].cached == false, "an alive verdict older than --max-cache-age is checked again")

        clock.advance(days: 1)
        let recovered = try check(urls, options: options, folder: folder)
        #expect(recovered.reports[0].verdict == LinkVerdict(.alive, code: 200))
        #expect(try LinkCache.load(path: options.cachePath!).links[first.reports[0].key]?.failures == nil)
    }

    @Test func offlineReportsTheCacheAndFetchesNothing() throws {
        let server = try ScriptedHTTPServer(host: "127.0.0.2", routes: ["/gone": [Reply(410)]])
        let repository = try GitRepository.make(files: ["list.md": post([server.url("/gone"), server.url("/new")])])
        var options = fast
        let first = try LinkCheck(selection: repository.selection("list.md"), options: options).run()
        #expect(first.cachePath == repository.root.appendingPathComponent(".git/curate/links.json").path)
        #expect(first.reports[0].verdict.status == .dead)
        let seen = server.requests.count
        options.offline = true
        let offline = try LinkCheck(selection: repository.selection("list.md"), options: options).run()
        #expect(offline.reports[0].verdict.status == .dead, "a cached dead verdict")
        #expect(offline.reports[0].cached)
        #expect(server.requests.count == seen)
    }

    @Test func sinceChecksOnlyLinksOnChangedLines() throws {
        let server = try ScriptedHTTPServer(host: "127.0.0.2", routes: [:], fallback: Reply(200))
        let repository = try GitRepository.make(files: ["list.md": post([server.url("/old")])])
        try repository.write("list.md", post([server.url("/old"), server.url("/added")]))
        var options = fast
        options.useCache = false
        let result = try LinkCheck(selection: repository.selection("list.md"), since: "HEAD", options: options).run()
        #expect(result.reports.map(\.url) == [server.url("/added")])
        #expect(server.requests.map(\.path) == ["/added"])
    }

    @Test func siteAndRepositoryLinksAreJudgedOnDiskInTheirPlace() throws {
        let server = try ScriptedHTTPServer(host: "127.0.0.2", routes: [:], fallback: Reply(200))
        let post = """
            ---
            title: Links
            layout: post
            ---

            1. [Docs](/docs/) - published by docs/index.md
            2. [Web](\(server.url("/page"))) - fetched
            3. [Gone]({{ site.baseurl }}/gone/) - published by nothing
            4. [Old]({% post_url 2024-01-01-old %}) - a post of the site
            5. [Nope]({% post_url 2024-01-01-nope %}) - no such post
            6. [Docs again](/docs/) - the same page, one report
            7. [Page]({{ page.url }}) - Liquid curate cannot resolve: not reported

            """
        let repository = try GitRepository.make(files: [
            "site/_config.yml": "title: Site\n", "site/docs/index.md": "---\ntitle: Docs\npermalink: /docs/\n---\n",
            "site/_posts/2024-01-01-old.md": "---\ntitle: Old\n---\n", "site/_posts/2024-02-01-links.md": post,
            "README.md":
                "# List\n\n- [Guide](docs/guide.md) - a file of the repository\n- [Missing](docs/missing.md) - not one\n",
            "docs/guide.md": "# Guide\n",
        ])
        var options = fast
        options.useCache = false
        let result = try LinkCheck(
            selection: repository.selection("site/_posts/2024-02-01-links.md"), options: options
        ).run()
        #expect(
            result.reports.map(\.url) == [
                "/docs/", server.url("/page"), "{{ site.baseurl }}/gone/", "{% post_url 2024-01-01-old %}",
                "{% post_url 2024-01-01-nope %}",
            ])
        #expect(result.reports.map(\.verdict.status) == [.alive, .alive, .dead, .alive, .dead])
        #expect(result.reports[0].lines.map(\.line) == [6, 11])
        #expect(result.reports[2].verdict.detail == "no page, post or file of the site is published at /gone/")
        #expect(server.requests.map(\.path) == ["/page"], "local links are never fetched")

        let readme = try LinkCheck(selection: repository.selection("README.md"), options: options).run()
        #expect(readme.reports.map(\.verdict.status) == [.alive, .dead])
        #expect(readme.reports[1].verdict.detail == "docs/missing.md is not a file of the repository")
    }

    @Test func proposalsURLsAreCheckedWithoutAPost() throws {
        let server = try ScriptedHTTPServer(host: "127.0.0.2", routes: ["/new": [Reply(200)], "/typo": [Reply(404)]])
        var options = fast
        options.useCache = false
        let folder = try temporaryDirectory()
        let reports = try LinkCheck(selection: PostSelection(directory: folder.path), options: options).check(urls: [
            server.url("/new"), server.url("/typo"), server.url("/new?utm_source=x"), "mailto:someone@example.com",
        ])
        #expect(reports.map(\.verdict.status) == [.alive, .dead], "one report per resource, web links only")
        #expect(reports.allSatisfy { $0.lines.isEmpty })
    }

    @Test func jsonHasTheContractsShape() {
        let reports = [
            LinkReport(
                url: "https://example.com/a", key: "example.com/a", verdict: LinkVerdict(.dead, code: 404, reason: .notFound),
                lines: [LinkLine(path: "p.md", line: 12)]),
            LinkReport(
                url: "https://example.com/b", key: "example.com/b",
                verdict: LinkVerdict(.alive, code: 200, reason: .movedPermanently, finalURL: "https://example.org/b"),
                lines: [LinkLine(path: "p.md", line: 13), LinkLine(path: "q.md", line: 2)]),
        ]
        #expect(
            LinkReportRenderer.json(reports).serialized()
                == #"{"links": [{"url": "https://example.com/a", "key": "example.com/a", "status": "dead", "code": 404, "reason": "not found", "final_url": null, "lines": [{"path": "p.md", "line": 12}]}, {"url": "https://example.com/b", "key": "example.com/b", "status": "alive", "code": 200, "reason": "moved permanently", "final_url": "https://example.org/b", "lines": [{"path": "p.md", "line": 13}, {"path": "q.md", "line": 2}]}], "alive": 1, "dead": 1, "unverified": 0}"#
        )
        #expect(
            LinkReportRenderer.text(reports) == [
                "p.md:12: dead https://example.com/a: 404 not found",
                "p.md:13: moved https://example.com/b -> https://example.org/b: 200 moved permanently",
                "q.md:2: moved https://example.com/b -> https://example.org/b: 200 moved permanently",
            ])
        #expect(
            LinkReportRenderer.github(reports).first
                == "::error file=p.md,line=12,title=dead link::https://example.com/a: 404 not found")
    }

    // MARK: - Support

    /// Quick settings for loopback: short timeout, no pauses, no cache unless asked.
    var fast: LinkCheckOptions {
        var options = LinkCheckOptions()
        options.timeout = 0.5
        options.maxRetries = 0
        options.retryBackoff = 0.05
        options.hostRequestInterval = 0
        options.hostConcurrency = 4
        options.useCache = true
        options.resolver = StaticResolver([:])
        options.resolverCanary = nil
        return options
    }

    /// `urls` checked twice, two days apart, with a cache and a `links.dead-after` of one
    /// day: what a streak makes of them. Returns the second run, and the settings and
    /// folder of the cache for a third.
    func checkedTwiceTwoDaysApart(_ urls: [String], options base: LinkCheckOptions? = nil) throws -> (
        second: LinkCheck.Result, options: LinkCheckOptions, folder: URL
    ) {
        let folder = try temporaryDirectory()
        let clock = Clock(Date(timeIntervalSince1970: 1_800_000_000))
        var options = base ?? fast
        options.cachePath = folder.appendingPathComponent("links.json").path
        options.deadAfter = 86400
        options.now = { clock.now }
        _ = try check(urls, options: options, folder: folder)
        clock.advance(days: 2)
        return (try check(urls, options: options, folder: folder), options, folder)
    }

    /// A post whose list links `urls`, one a line from line 3.
    func post(_ urls: [String]) -> String {
        "# Links\n\n" + urls.enumerated().map { "\($0.offset + 1). [Link \($0.offset + 1)](\($0.element))\n" }.joined()
    }

    /// Checks a post of `urls` in a folder outside any repository (no cache unless the
    /// options name one).
    func check(_ urls: [String], options: LinkCheckOptions? = nil, folder: URL? = nil) throws -> LinkCheck.Result {
        let folder = try folder ?? temporaryDirectory()
        let path = folder.appendingPathComponent("list.md")
        try Data(post(urls).utf8).write(to: path)
        return try LinkCheck(
            selection: PostSelection(posts: [path.path], directory: folder.path), options: options ?? fast
        ).run()
    }
}

/// A clock the test moves by hand.
final class Clock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date) {
        current = start
    }

    var now: Date {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    func advance(days: Double) {
        lock.lock()
        current += days * 86400
        lock.unlock()
    }
}
