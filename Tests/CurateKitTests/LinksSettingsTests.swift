import CurateKit
import Testing

/// The `links:` block of curate.yml and the durations curate links takes.
@Suite struct LinksSettingsTests {
    @Test func readsDeadAfterExcludeAndAccept() throws {
        let configuration = try Configuration.parse(
            """
            posts: [list.md]
            links:
              dead-after: 14d
              exclude: ['^https://linkedin\\.com/']
              accept: 200..=299, 403
            """, file: "curate.yml", root: "/")
        #expect(configuration.links.deadAfter == 14 * 86400)
        #expect(configuration.links.exclude == ["^https://linkedin\\.com/"])
        #expect(configuration.links.accept == "200..=299, 403")
        #expect(try Configuration.parse("posts: [a.md]", file: "curate.yml", root: "/").links == LinksSettings())
    }

    @Test(arguments: ["links:\n  dead-after: soon\n", "links:\n  retries: 3\n"])
    func refusesWhatItDoesNotKnow(_ text: String) {
        #expect(throws: CurateError.self) { try Configuration.parse(text, file: "curate.yml", root: "/") }
    }

    @Test func durationsTakeUnits() {
        #expect(LinksSettings.parseDuration("500ms") == 0.5)
        #expect(LinksSettings.parseDuration("30s") == 30)
        #expect(LinksSettings.parseDuration("5m") == 300)
        #expect(LinksSettings.parseDuration("36h") == 129_600)
        #expect(LinksSettings.parseDuration("7d") == 604_800)
        #expect(LinksSettings.parseDuration("2.5") == 2.5)
        #expect(LinksSettings.parseDuration("-1s") == nil)
        #expect(LinksSettings.parseDuration("soon") == nil)
    }
}
