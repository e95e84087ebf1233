import CurateTestSupport
import Foundation
import Testing

/// `curate links` wired to the binary: exit codes, the JSON shape, flag validation, and
/// libcurl loaded by `links` only (never by `check`, which the pre-commit hook runs).
@Suite struct LinksCommandTests {
    typealias Reply = ScriptedHTTPServer.Reply

    let quick = ["--no-cache", "--timeout", "1", "--max-retries", "0", "--host-request-interval", "0ms"]

    func post(_ urls: [String]) throws -> URL {
        let folder = try CLI.temporaryDirectory()
        let text = "# Links\n\n" + urls.enumerated().map { "\($0.offset + 1). [Link](\($0.element))\n" }.joined()
        try Data(text.utf8).write(to: folder.appendingPathComponent("list.md"))
        return folder
    }

    @Test func deadLinksExitOneAndJSONHasTheContractsShape() throws {
        let server = try ScriptedHTTPServer(
            host: "127.0.0.2",
            routes: ["/ok": [Reply(200)], "/gone": [Reply(410)], "/wall": [Reply(403, headers: ["cf-mitigated": "challenge"])]])
        let folder = try post([server.url("/ok"), server.url("/gone"), server.url("/wall"), server.url("/ok?utm_source=x")])
        let result = try CLI.run(["links", "list.md", "--format", "json"] + quick, in: folder)
        #expect(result.status == 1, "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        #expect(Set(json.keys) == ["links", "alive", "dead", "unverified"])
        #expect(json["alive"] as? Int == 1)
        #expect(json["dead"] as? Int == 1)
        #expect(json["unverified"] as? Int == 1)
        let links = json["links"] as! [[String: Any]]
        #expect(Set(links[0].keys) == ["url", "key", "status", "code", "reason", "final_url", "lines"])
        #expect((links[0]["lines"] as? [[String: Any]])?.map { $0["line"] as? Int } == [3, 6])
        #expect(links[1]["status"] as? String == "dead")
        #expect(links[1]["code"] as? Int == 410)
        #expect(links[2]["reason"] as? String == "bot wall")
    }

    @Test func unverifiedFailsOnlyWithStrict() throws {
        let server = try ScriptedHTTPServer(host: "127.0.0.2", routes: ["/busy": [Reply(503)]])
        let folder = try post([server.url("/busy")])
        let lenient = try CLI.run(["links", "list.md"] + quick, in: folder)
        #expect(lenient.status == 0)
        #expect(lenient.stdout.contains("list.md:3: unverified \(server.url("/busy")): 503 server error"))
        #expect(lenient.stderr.contains("1 resource: 0 alive, 0 dead, 1 unverified"))
        let strict = try CLI.run(["links", "list.md", "--strict"] + quick, in: folder)
        #expect(strict.status == 1)
    }

    @Test func badFlagValuesAreRefusedBeforeAnyRequest() throws {
        let folder = try post(["http://127.0.0.2:9/"])
        for arguments in [
            ["--accept", "twohundred"], ["--host-request-interval", "soon"], ["--max-concurrency", "0"],
            ["--exclude", "(unclosed"], ["--host-request-interval", "1000d"], ["--timeout", "1e9"],
            ["--ca-file", "/nonexistent/ca.pem"], ["--ca-file", "list.md"],
        ] {
            let result = try CLI.run(["links", "list.md", "--no-cache"] + arguments, in: folder)
            #expect(result.status >= 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.lowercased().contains("error"))
        }
    }

    @Test func aFileNamedTwiceIsReportedOnce() throws {
        let server = try ScriptedHTTPServer(host: "127.0.0.2", routes: [:], fallback: Reply(404))
        let folder = try post([server.url("/gone")])
        let result = try CLI.run(["links", "list.md", "./list.md"] + quick, in: folder)
        #expect(result.status == 1)
        #expect(result.stdout.components(separatedBy: "list.md:3: dead").count == 2, "\(result.stdout)")
    }

    @Test func onlyTheFormThatMovedIsUpdatedAndNeverIntoADuplicate() throws {
        let target = try ScriptedHTTPServer(host: "127.0.0.3", routes: [:], fallback: Reply(200))
        let server = try ScriptedHTTPServer(
            host: "127.0.0.2",
            routes: [
                "/m": [.redirect(301, to: "/new-m")], "/m/": [Reply(200)], "/new-m": [Reply(200)],
                "/r": [.redirect(301, to: "/r2")], "/r2": [Reply(200)], "/s": [.redirect(301, to: "/s2")], "/s2": [Reply(200)],
                "/c": [.redirect(301, to: "/c2(x")], "/c2(x": [Reply(200)],
                "/u": [.redirect(301, to: "http://user:pw@127.0.0.3:\(target.port)/u2")],
                "/i": [.redirect(301, to: "/i2")], "/i2": [Reply(200)],
            ])
        let text = """
            # Links

            An intro's [link](\(server.url("/i"))).

            1. [M](\(server.url("/m")))
            2. [M slash](\(server.url("/m/")))
            3. [R part](\(server.url("/r#part")))
            4. [S](\(server.url("/s")))
            5. [S2](\(server.url("/s2")))
            6. [C](\(server.url("/c")))
            7. [U](\(server.url("/u")))

            """
        let folder = try CLI.temporaryDirectory()
        try Data(text.utf8).write(to: folder.appendingPathComponent("list.md"))
        let result = try CLI.run(["links", "list.md", "--update-moved"] + quick, in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let after = try String(contentsOf: folder.appendingPathComponent("list.md"), encoding: .utf8)
        #expect(after.contains("[M](\(server.url("/new-m")))"))
        #expect(after.contains("[M slash](\(server.url("/m/")))"), "answered itself: not moved")
        #expect(after.contains("[R part](\(server.url("/r2#part")))"), "the fragment stays")
        #expect(after.contains("[S](\(server.url("/s")))"), "its new URL is line 7's: a duplicate")
        #expect(result.stderr.contains("list.md:8: not updated to \(server.url("/s2")): line 9 lists it already"))
        #expect(after.contains("An intro's [link](\(server.url("/i2")))."), "the prose's links move too")
        #expect(after.contains("[U](\(server.url("/u")))"), "no credentials written into a list")
        #expect(result.stderr.contains("list.md:11: not updated to http://user:pw@"), "\(result.stderr)")
        #expect(after.contains("[C](\(server.url("/c")))"), "an unbalanced ( would end the link")
    }

    @Test func movedLinksAreAReviewedChange() throws {
        let server = try ScriptedHTTPServer(
            host: "127.0.0.2", routes: ["/old-name": [.redirect(301, to: "/new-name")], "/new-name": [Reply(200)]])
        let text = "# Links\n\n1. [Tool](\(server.url("/old-name"))) - a tool\n"
        let repository = try GitRepository.make(files: ["list.md": text])
        let plain = try CLI.run(["links", "list.md"] + quick, in: repository.root)
        #expect(plain.status == 0, "a move is not a failure")
        #expect(plain.stdout.contains("list.md:3: moved \(server.url("/old-name")) -> \(server.url("/new-name"))"))
        #expect(try repository.read("list.md") == text, "never changed silently")

        let diff = try CLI.run(["links", "list.md", "--update-moved", "--dry-run"] + quick, in: repository.root)
        #expect(diff.stdout.contains("+1. [Tool](\(server.url("/new-name"))) - a tool"))
        #expect(try repository.read("list.md") == text)

        let committed = try CLI.run(
            ["links", "list.md", "--update-moved", "--branch", "curate/moved"] + quick, in: repository.root)
        #expect(committed.status == 0, "\(committed.stderr)")
        #expect(committed.stderr.contains("committed"))
        #expect(try repository.git("show", "curate/moved:list.md").contains(server.url("/new-name")))
        #expect(try repository.git("log", "-1", "--format=%s", "curate/moved").contains("update 1 moved link"))
        #expect(try repository.read("list.md") == text, "--branch leaves the checkout alone")

        let refused = try CLI.run(["links", "list.md", "--dry-run"] + quick, in: repository.root)
        #expect(refused.status >= 2, "--dry-run without --update-moved")
    }

    @Test func checkNeverLoadsLibcurlAndLinksDoes() throws {
        let server = try ScriptedHTTPServer(host: "127.0.0.2", routes: ["/": [Reply(200)]])
        let folder = try post([server.url("/")])
        let check = try CLI.run(["check", "list.md"], in: folder, environment: ["LD_DEBUG": "libs"])
        #expect(check.stderr.contains("libgit2"), "LD_DEBUG lists the libraries loaded")
        #expect(!check.stderr.contains("libcurl"), "the pre-commit hook's start-up stays as it was")
        let links = try CLI.run(["links", "list.md"] + quick, in: folder, environment: ["LD_DEBUG": "libs"])
        #expect(links.stderr.contains("libcurl"))
        #expect(links.status == 0)
    }
}

/// `diff --check-links` and `propose --check-links`: a dead link refuses its proposal.
@Suite struct ProposalLinksTests {
    typealias Reply = ScriptedHTTPServer.Reply

    @Test func aDeadLinkRefusesItsProposalAndProposeWritesNothing() throws {
        let server = try ScriptedHTTPServer(host: "127.0.0.2", routes: ["/ok": [Reply(200)], "/gone": [Reply(410)]])
        let repository = try GitRepository.make(files: ["list.md": samplePost])
        let proposals = """
            - title: Alive
              url: \(server.url("/ok"))
              section: Libraries
            - title: Gone
              url: \(server.url("/gone"))
              section: Libraries

            """
        try repository.write("proposals.yml", proposals)
        let diff = try CLI.run(
            ["diff", "proposals.yml", "--post", "list.md", "--check-links", "--format", "json"], in: repository.root)
        #expect(diff.status == 0, "\(diff.stderr)")
        let results =
            (try JSONSerialization.jsonObject(with: Data(diff.stdout.utf8)) as! [String: Any])["results"]
            as! [[String: Any]]
        #expect(results.map { $0["status"] as? String } == ["new", "invalid"])
        #expect((results[1]["reason"] as? String)?.contains("the link is dead (gone)") == true)
        let propose = try CLI.run(["propose", "proposals.yml", "--post", "list.md", "--check-links"], in: repository.root)
        #expect(propose.status == 1)
        #expect(try repository.read("list.md") == samplePost)
    }
}
