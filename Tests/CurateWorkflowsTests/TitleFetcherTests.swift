import CurateKit
import CurateTestSupport
import Foundation
import Testing

@testable import CurateWorkflows

/// Titles from arXiv, DOI, GitHub, oEmbed and pages, against recorded answers served on
/// loopback through `TitleFetcher.Sources` (no request leaves the machine).
@Suite struct TitleFetcherTests {
    typealias Reply = ScriptedHTTPServer.Reply

    /// Abridged from export.arxiv.org/api/query?id_list=1706.03762.
    static let arXivAnswer = """
        <?xml version="1.0" encoding="UTF-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom">
          <title type="html">ArXiv Query: search_query=&amp;id_list=1706.03762</title>
          <entry>
            <id>http://arxiv.org/abs/1706.03762v7</id>
            <title>Attention Is All
              You Need</title>
            <summary>The dominant sequence transduction models ...</summary>
          </entry>
        </feed>
        """

    /// Abridged from doi.org with Accept: application/vnd.citationstyles.csl+json.
    static let doiAnswer = #"{"type": "article-journal", "title": "Deep learning", "DOI": "10.1038/nature14539"}"#

    /// Abridged from api.github.com/repos/TransformerLensOrg/TransformerLens.
    static let gitHubAnswer = #"""
        {"id": 1, "name": "TransformerLens", "full_name": "TransformerLensOrg/TransformerLens",
         "description": "A library for mechanistic interpretability of GPT-style language models", "archived": false}
        """#

    /// Abridged from youtube.com/oembed.
    static let oEmbedAnswer = #"{"title": "A Mathematical Framework for Transformer Circuits", "type": "video"}"#

    @Test func eachSiteFromItsBestSource() throws {
        let youTube = "https://www.youtube.com/watch?v=BaW_jenozKc"
        let server = try ScriptedHTTPServer(
            host: "127.0.0.2",
            routes: [
                "/api/query?id_list=1706.03762": [Reply(200, body: Self.arXivAnswer)],
                "/10.1038/nature14539": [Reply(200, body: Self.doiAnswer)],
                "/repos/TransformerLensOrg/TransformerLens": [Reply(200, body: Self.gitHubAnswer)],
                "/oembed?format=json&url=https%3A%2F%2Fwww.youtube.com%2Fwatch%3Fv%3DBaW_jenozKc": [
                    Reply(200, body: Self.oEmbedAnswer)
                ],
            ])
        let fetcher = try TitleFetcher(sources: sources(server), timeout: 2, gitHubToken: nil)
        #expect(
            try fetcher.title(for: "https://arxiv.org/abs/1706.03762v7").get()
                == .init(title: "Attention Is All You Need", description: nil, source: .arXiv))
        #expect(try fetcher.title(for: "https://arxiv.org/pdf/1706.03762.pdf").get().title == "Attention Is All You Need")
        #expect(try fetcher.title(for: "https://doi.org/10.1038/nature14539").get().title == "Deep learning")
        let repository = try fetcher.title(for: "https://github.com/TransformerLensOrg/TransformerLens").get()
        #expect(repository.title == "TransformerLens")
        #expect(repository.description == "A library for mechanistic interpretability of GPT-style language models")
        #expect(repository.source == .gitHub)
        #expect(try fetcher.title(for: youTube).get().title == "A Mathematical Framework for Transformer Circuits")
        #expect(server.requests.allSatisfy { $0.method == "GET" })
    }

    @Test func pagesGiveOpenGraphOrTitleInTheirCharsetWithoutTheSiteSuffix() throws {
        let server = try ScriptedHTTPServer(
            host: "127.0.0.2",
            routes: [
                "/post": [
                    Reply(
                        200, headers: ["Content-Type": "text/html; charset=utf-8"],
                        body:
                            #"<html><head><meta property="og:title" content="Toy Models of Superposition &amp; more"><title>x</title></head></html>"#
                    )
                ],
                "/moved": [.redirect(301, to: "/post")],
                "/latin": [
                    Reply(
                        200, headers: ["Content-Type": "text/html; charset=ISO-8859-1"],
                        body: "<title>Caf\u{E9} &#8211; Interpretability notes | Notes</title>", encoding: "latin-1")
                ],
                "/site": [
                    Reply(
                        200,
                        body:
                            #"<meta property="og:site_name" content="Jay Alammar"><title>The Illustrated Transformer &ndash; Jay Alammar</title>"#
                    )
                ],
                "/challenge": [Reply(200, body: "<title>Just a moment...</title>")],
                "/blank": [Reply(200, body: "<p>no title</p>")],
                "/gone": [Reply(404)],
            ])
        let fetcher = try TitleFetcher(sources: sources(server), timeout: 2, gitHubToken: nil)
        #expect(
            try fetcher.title(for: server.url("/post")).get()
                == .init(title: "Toy Models of Superposition & more", description: nil, source: .openGraph))
        #expect(try fetcher.title(for: server.url("/moved")).get().title == "Toy Models of Superposition & more")
        #expect(try fetcher.title(for: server.url("/latin")).get().title == "Caf\u{E9} – Interpretability notes")
        #expect(try fetcher.title(for: server.url("/site")).get().title == "The Illustrated Transformer")
        #expect(fetcher.title(for: server.url("/challenge")) == .failure(.placeholder("Just a moment...")))
        #expect(fetcher.title(for: server.url("/blank")) == .failure(.noTitle))
        #expect(fetcher.title(for: server.url("/gone")) == .failure(.status(404)))
    }

    func sources(_ server: ScriptedHTTPServer) -> TitleFetcher.Sources {
        var sources = TitleFetcher.Sources()
        sources.arXiv = server.url("/api/query")
        sources.doi = server.url("")
        sources.gitHub = server.url("")
        sources.youTubeOEmbed = server.url("/oembed")
        return sources
    }
}

extension TitleFetcherTests {
    @Test func proposalsWithoutATitleGetOneAndSayWhereItCameFrom() throws {
        let server = try ScriptedHTTPServer(
            host: "127.0.0.2", routes: ["/api/query?id_list=1706.03762": [Reply(200, body: Self.arXivAnswer)]])
        let fetcher = try TitleFetcher(sources: sources(server), timeout: 2, gitHubToken: nil)
        let proposals = [
            Proposal(title: "", url: "https://arxiv.org/abs/1706.03762", section: "Papers"),
            Proposal(title: "My own words", url: "https://arxiv.org/abs/1706.03762", section: "Papers"),
            Proposal(title: " ", url: "https://127.0.0.2:1/unreachable", section: "Papers"),
        ]
        let (filled, titles) = ProposalTitles.fill(proposals, with: fetcher)
        #expect(filled.map(\.title) == ["Attention Is All You Need", "My own words", " "])
        #expect(titles.notes[0] == "title from arXiv API")
        #expect(titles.notes[1] == nil, "a title a person wrote is never replaced")
        #expect(titles.notes[2]?.hasPrefix("no title found") == true)
    }
}
