import Testing

@testable import CurateKit

/// `EntryMerge` as `sync pull` uses it: another list (an "awesome" list, in its own
/// dialect) merged into ours, with the base and our post as the last sync left it.
@Suite struct EntryMergeTests {
    let configuration = Configuration(root: "/")

    /// Entries by name: their URL and description.
    static let library: [String: (url: String, description: String)] = [
        "Alpha": ("https://alpha.example/", "first"), "Beta": ("https://beta.example/", "second"),
        "Gamma": ("https://gamma.example/", "third"), "Delta": ("https://delta.example/", "fourth"),
        "Epsilon": ("https://epsilon.example/", "fifth"), "Theirs": ("https://theirs.example/", "their addition"),
        "Ours": ("https://ours.example/", "our addition"),
    ]

    /// Our post: numbered lists, ` - ` descriptions.
    static func ours(_ libraries: [String], papers: [String] = []) -> String {
        func list(_ names: [String], from first: Int = 1) -> String {
            names.enumerated().map { number, name in
                "\(number + first). [\(name)](\(library[name]!.url)) - \(library[name]!.description)\n"
            }.joined()
        }
        return "---\nlayout: post\ntitle: Reading list\ndate: 2025-05-26\n---\n\n### Libraries\n\n" + list(libraries)
            + "\n### Papers\n\n1. [Paper](https://paper.example/)\n" + list(papers, from: 2)
    }

    /// Their list: bullets under an awesome list's title, ` — ` descriptions, URLs
    /// without their final slash.
    static func theirs(_ libraries: [String]) -> String {
        "# Awesome\n\n## Libraries\n\n"
            + libraries.map { name in
                "- [\(name)](\(library[name]!.url.dropLast())) — \(library[name]!.description)\n"
            }.joined() + "\n## Papers\n\n- [Paper](https://paper.example)\n"
    }

    func parse(_ text: String) throws -> Post {
        try PostReader.parse(Array(text.utf8), path: "list.md")
    }

    /// A pull: the plan and our post with it applied.
    func pull(
        base: String, ours: String, theirs: String, lastSync: String? = nil, preference: EntryMerge.Preference? = nil
    ) throws -> (plan: SyncPlan, text: String) {
        var merge = EntryMerge(configuration: configuration, preference: preference, sourceName: "awesome")
        merge.oursAtLastSync = try lastSync.map(parse)
        let ourPost = try parse(ours)
        let plan = merge.merge(base: try parse(base), ours: ourPost, theirs: try parse(theirs))
        let bytes = try PostEditor(configuration: configuration).apply(plan.edits, to: ourPost)
        return (plan, String(decoding: bytes, as: UTF8.self))
    }

    /// The titles of a section's entries, in order.
    func titles(_ text: String, in section: String = "Libraries") throws -> [String] {
        let post = try parse(text)
        return post.entries.filter { $0.section.map { post.sections[$0].title } == section }.map(\.title)
    }

    // MARK: Removals

    @Test(
        arguments: [
            ("[Beta](https://beta.example/)", "[Beta](https://beta.example)"),
            ("[Beta](https://beta.example/)", "[Beta](http://beta.example/)"),
            ("[Beta](https://beta.example/) - second", "[Beta](https://beta.example/) - second, ours"),
            ("[Beta]", "[Beta, ours]"),
        ])
    func aRemovalThereOfAnEntryEditedHereIsAConflict(before: String, after: String) throws {
        let list = ["Alpha", "Beta", "Gamma"]
        let lastSync = Self.ours(list)
        let ours = lastSync.replacingOccurrences(of: before, with: after)
        let pulled = try pull(
            base: Self.theirs(list), ours: ours, theirs: Self.theirs(["Alpha", "Gamma"]), lastSync: lastSync)
        #expect(pulled.plan.conflicts == 1)
        #expect(pulled.plan.results.first?.reason == "removed in awesome but edited here; kept")
        #expect(!pulled.plan.changesPost)
    }

    @Test func aRemovalThereOfAnEntryMovedHereToAnotherSectionIsAConflict() throws {
        let list = ["Alpha", "Beta", "Gamma"]
        let lastSync = Self.ours(list)
        let ours = Self.ours(["Alpha", "Gamma"], papers: ["Beta"])
        let pulled = try pull(
            base: Self.theirs(list), ours: ours, theirs: Self.theirs(["Alpha", "Gamma"]), lastSync: lastSync)
        #expect(pulled.plan.conflicts == 1, "\(pulled.plan.results)")
        #expect(pulled.plan.results.first?.reason == "removed in awesome but edited here; kept")
    }

    @Test func aRemovalThereOfAnEntryUnchangedHereRemovesItThoughTheListsWriteItDifferently() throws {
        let list = ["Alpha", "Beta", "Gamma"]
        // Ours writes Beta with another title than theirs, and did since the last sync.
        let ours = Self.ours(list).replacingOccurrences(of: "[Beta]", with: "[Beta, our title]")
        let pulled = try pull(base: Self.theirs(list), ours: ours, theirs: Self.theirs(["Alpha", "Gamma"]), lastSync: ours)
        #expect(pulled.plan.conflicts == 0)
        #expect(pulled.plan.results.map(\.status) == [.removed])
        #expect(try titles(pulled.text) == ["Alpha", "Gamma"])
    }

    @Test func aRemovalThereOfAnEntryAddedHereSinceTheLastSyncIsAConflict() throws {
        let list = ["Alpha", "Beta", "Gamma"]
        let pulled = try pull(
            base: Self.theirs(list), ours: Self.ours(list), theirs: Self.theirs(["Alpha", "Gamma"]),
            lastSync: Self.ours(["Alpha", "Gamma"]))
        #expect(pulled.plan.conflicts == 1)
        #expect(pulled.plan.results.first?.reason == "removed in awesome but added here since the last sync; kept")
    }

    @Test func aPreferenceSettlesARemovalThereOfAnEntryEditedHere() throws {
        let list = ["Alpha", "Beta", "Gamma"]
        let lastSync = Self.ours(list)
        let ours = lastSync.replacingOccurrences(of: "second", with: "second, ours")
        let base = Self.theirs(list)
        let theirs = Self.theirs(["Alpha", "Gamma"])
        let kept = try pull(base: base, ours: ours, theirs: theirs, lastSync: lastSync, preference: .ours)
        #expect(kept.plan.conflicts == 0 && !kept.plan.changesPost)
        #expect(kept.plan.results.first?.reason == "removed in awesome but edited here; kept (--prefer ours)")
        let removed = try pull(base: base, ours: ours, theirs: theirs, lastSync: lastSync, preference: .theirs)
        #expect(removed.plan.conflicts == 0)
        #expect(removed.plan.results.map(\.status) == [.removed])
        #expect(removed.plan.results.first?.reason == "removed in awesome; our edit dropped (--prefer theirs)")
        #expect(try titles(removed.text) == ["Alpha", "Gamma"])
    }
}
