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

    // MARK: A resource listed twice

    /// One list's text with a resource listed in two sections (`Shared`) and twice in one
    /// (`Alpha`, a duplicate the list already has).
    static func listing(_ tools: [String], papers: [String] = ["- [Shared paper](https://shared.example/) - as a paper"])
        -> String
    {
        "# List\n\n## Tools\n\n" + tools.joined(separator: "\n") + "\n\n## Papers\n\n" + papers.joined(separator: "\n") + "\n"
    }

    static let tools = [
        "- [Alpha](https://alpha.example/) - first", "- [Shared tool](https://shared.example/) - as a tool",
        "- [Alpha again](https://alpha.example) - a copy",
    ]

    @Test func theSecondCopyOfAResourceIsEditedAndRemovedLikeAnyEntry() throws {
        let base = Self.listing(Self.tools)
        var edited = Self.tools
        edited[2] = "- [Alpha again](https://alpha.example) - a copy, edited there"
        var result = try pull(base: base, ours: base, theirs: Self.listing(edited))
        #expect(result.text == Self.listing(edited), "\(result.text)")
        // The copy in the second section, edited there; the first left as it is.
        let papers = ["- [Shared paper](https://shared.example/) - as a paper, edited there"]
        result = try pull(base: base, ours: base, theirs: Self.listing(Self.tools, papers: papers))
        #expect(result.text == Self.listing(Self.tools, papers: papers), "\(result.text)")
        // The second copy removed there.
        result = try pull(base: base, ours: base, theirs: Self.listing(Array(Self.tools.prefix(2))))
        #expect(result.text == Self.listing(Array(Self.tools.prefix(2))), "\(result.text)")
        // Edited here, the first copy removed there: ours keeps its edit of the second.
        var ours = Self.tools
        ours[2] = "- [Alpha again](https://alpha.example) - a copy, edited here"
        result = try pull(base: base, ours: Self.listing(ours), theirs: Self.listing(Array(Self.tools.dropFirst())))
        #expect(result.text == Self.listing(Array(ours.dropFirst())), "\(result.text)")
    }

    /// Copies with one title in one section are told apart by their descriptions: the
    /// first removed there, the second edited here, both hold.
    @Test func copiesWithOneTitleAreToldApartByWhatTheySay() throws {
        let copies = [
            "- [Foo](https://foo.example/) - first copy", "- [Bar](https://bar.example/) - bar",
            "- [Foo](https://foo.example/) - second copy",
        ]
        var ours = copies
        ours[2] = "- [Foo](https://foo.example/) - second copy, edited here"
        let result = try pull(
            base: Self.listing(copies), ours: Self.listing(ours), theirs: Self.listing(Array(copies.dropFirst())))
        #expect(result.plan.conflicts == 0, "\(result.plan.results)")
        #expect(result.text == Self.listing(Array(ours.dropFirst())), "\(result.text)")
        // One retitled here, the other there.
        var here = copies
        here[0] = "- [Foo One](https://foo.example/) - first copy"
        var there = copies
        there[2] = "- [Foo Two](https://foo.example/) - second copy"
        let both = try pull(base: Self.listing(copies), ours: Self.listing(here), theirs: Self.listing(there))
        #expect(both.plan.conflicts == 0, "\(both.plan.results)")
        #expect(both.text == Self.listing([here[0], copies[1], there[2]]), "\(both.text)")
    }

    /// Merging back a list that merged ours (the base is ours as they merged it): a copy
    /// of ours that their merge refused is no removal of theirs, though they list the
    /// resource once.
    @Test func aCopyTheirMergeRefusedIsNoRemoval() throws {
        let ours = Self.listing(Self.tools)
        let theirs = Self.listing(Array(Self.tools.prefix(2)))
        var merge = EntryMerge(configuration: configuration, sourceName: "other")
        merge.oursAtLastSync = try parse(ours)
        merge.baseLimitedBy = try parse(theirs)
        let plan = merge.merge(base: try parse(ours), ours: try parse(ours), theirs: try parse(theirs))
        #expect(plan.edits.isEmpty, "\(plan.results)")
    }

    /// A copy of a resource added there in another section is a duplicate to say, not a
    /// move of ours (which would take ours out of its section).
    @Test func aCopyAddedInAnotherSectionDoesNotMoveOurs() throws {
        let base = Self.listing(Array(Self.tools.prefix(2)), papers: ["- [Paper](https://paper.example/)"])
        let theirs = Self.listing(
            Array(Self.tools.prefix(2)),
            papers: ["- [Paper](https://paper.example/)", "- [Shared paper](https://shared.example/) - as a paper"])
        let result = try pull(base: base, ours: base, theirs: theirs)
        #expect(result.text == base, "\(result.text)")
        #expect(result.plan.results.map(\.status) == [.duplicate], "\(result.plan.results)")
    }

    /// An entry added there in a group's list (`- Frameworks` over nested links, as
    /// awesome-python writes them) goes into that list, next to the entry before it there.
    @Test func anEntryAddedInAGroupGoesIntoTheGroup() throws {
        func list(_ first: [String]) -> String {
            "# List\n\n## Tools\n\n- Group one\n" + first.map { "    - [\($0)](https://\($0).example/)\n" }.joined()
                + "- Group two\n    - [c](https://c.example/)\n"
        }
        let result = try pull(base: list(["a", "b"]), ours: list(["a", "b"]), theirs: list(["a", "a2", "b"]))
        #expect(result.text == list(["a", "a2", "b"]), "\(result.text)")
    }

    /// An entry added there whose link is no web address is not synced, and said; a new
    /// table of contents' `#anchor` is not.
    @Test func anEntryAddedThereWithoutAWebLinkIsSaid() throws {
        let base = Self.listing(Array(Self.tools.prefix(2)))
        let theirs = Self.listing(
            Array(Self.tools.prefix(2)) + ["- [Mirror](ftp://mirror.example/) - files", "- [Up](#list)"])
        let result = try pull(base: base, ours: base, theirs: theirs)
        #expect(result.text == base, "\(result.text)")
        #expect(result.plan.results.map(\.status) == [.invalid], "\(result.plan.results)")
        #expect(result.plan.results.first?.existing == nil)
        #expect(result.plan.results.first?.reason?.contains("not a web address") == true)
    }

    /// The titles of a section's entries, in order.
    func titles(_ text: String, in section: String = "Libraries") throws -> [String] {
        let post = try parse(text)
        return post.entries.filter { $0.section.map { post.sections[$0].title } == section }.map(\.title)
    }

    // MARK: A URL changed there

    @Test func anEntryWhoseURLChangedThereIsUpdatedNotRemoved() throws {
        let base = Self.theirs(["Alpha", "Beta"])
        let moved = base.replacingOccurrences(of: "https://beta.example)", with: "https://beta.moved.example/new)")
        let pulled = try pull(base: base, ours: Self.ours(["Alpha", "Beta"]), theirs: moved)
        #expect(pulled.text.contains("2. [Beta](https://beta.moved.example/new) - second"), "\(pulled.text)")
        #expect(!pulled.text.contains("https://beta.example/"))
        #expect(pulled.plan.results.map(\.status) == [.updated])
        // Two new entries of one title are not taken for it: the old one is removed, the
        // new ones offered.
        let twice = moved.replacingOccurrences(
            of: "- [Beta](https://beta.moved.example/new) — second\n",
            with: "- [Beta](https://beta.moved.example/new) — second\n- [Beta](https://beta.other.example/) — other\n")
        let ambiguous = try pull(base: base, ours: Self.ours(["Alpha", "Beta"]), theirs: twice)
        #expect(!ambiguous.plan.results.contains { $0.status == .updated })
    }

    @Test func referenceLinksOfAnotherListAreNotCopiedBroken() throws {
        let base = Self.theirs(["Alpha", "Beta"])
        let defined = "\n[docs]: https://docs.example/\n"
        // A new entry whose text links by reference: refused, said why.
        let added =
            base.replacingOccurrences(
                of: "## Papers", with: "- [Gamma](https://gamma.example) — see [the docs][docs]\n\n## Papers") + defined
        let pulled = try pull(base: base, ours: Self.ours(["Alpha", "Beta"]), theirs: added)
        #expect(!pulled.text.contains("Gamma"))
        #expect(
            pulled.plan.results.contains { $0.status == .invalid && ($0.reason ?? "").contains("\"the docs\" by a reference") })
        // An edit that brings one: refused too, the entry kept as it is.
        let edited = base.replacingOccurrences(of: "— second", with: "— second, see [the docs][docs]") + defined
        let update = try pull(base: base, ours: Self.ours(["Alpha", "Beta"]), theirs: edited)
        #expect(update.text == Self.ours(["Alpha", "Beta"]))
        #expect(update.plan.results.map(\.status) == [.invalid])
    }

    @Test func anEditOfAnEntrysLaterParagraphIsCarried() throws {
        let base = Self.theirs(["Alpha", "Beta"]).replacingOccurrences(
            of: "— second\n", with: "— second\n\n  More about Beta.\n")
        let ours = Self.ours(["Alpha", "Beta"]).replacingOccurrences(
            of: "- second\n", with: "- second\n\n   More about Beta.\n")
        let edited = base.replacingOccurrences(of: "More about Beta.", with: "More about Beta, revised.")
        let pulled = try pull(base: base, ours: ours, theirs: edited)
        #expect(pulled.text == ours.replacingOccurrences(of: "More about Beta.", with: "More about Beta, revised."))
        #expect(pulled.plan.results.map(\.status) == [.updated])
        // Added there where ours had none: written under the entry's first paragraph.
        let addedThere = Self.theirs(["Alpha", "Beta"]).replacingOccurrences(
            of: "— second\n", with: "— second\n\n  A new paragraph.\n")
        let added = try pull(base: Self.theirs(["Alpha", "Beta"]), ours: Self.ours(["Alpha", "Beta"]), theirs: addedThere)
        #expect(added.text.contains("2. [Beta](https://beta.example/) - second\n\n   A new paragraph.\n"), "\(added.text)")
    }

    // MARK: Place

    @Test(
        arguments: [
            // One entry moved down; they also added and removed entries around it (their
            // addition lands at its place, after the entry before it there).
            (
                ["Alpha", "Beta", "Gamma", "Delta"], ["Beta", "Theirs", "Gamma", "Alpha", "Delta"],
                ["Alpha", "Beta", "Gamma", "Delta", "Ours"], ["Beta", "Theirs", "Gamma", "Alpha", "Delta", "Ours"]
            ),
            // One moved to the top, with our own move of another entry kept.
            (
                ["Alpha", "Beta", "Gamma", "Delta"], ["Delta", "Alpha", "Beta", "Gamma"],
                ["Beta", "Alpha", "Gamma", "Delta"], ["Delta", "Beta", "Alpha", "Gamma"]
            ),
            // Two moved together, one of them removed here.
            (
                ["Alpha", "Beta", "Gamma", "Delta", "Epsilon"], ["Alpha", "Delta", "Epsilon", "Beta", "Gamma"],
                ["Alpha", "Beta", "Delta", "Epsilon"], ["Alpha", "Delta", "Epsilon", "Beta"]
            ),
            // The whole list reversed.
            (
                ["Alpha", "Beta", "Gamma", "Delta"], ["Delta", "Gamma", "Beta", "Alpha"],
                ["Alpha", "Beta", "Gamma", "Delta"], ["Delta", "Gamma", "Beta", "Alpha"]
            ),
        ])
    func theirMoveWithinAListIsMadeHere(base: [String], theirs: [String], ours: [String], expected: [String]) throws {
        let pulled = try pull(
            base: Self.theirs(base), ours: Self.ours(ours), theirs: Self.theirs(theirs), lastSync: Self.ours(base))
        #expect(pulled.plan.conflicts == 0)
        #expect(try titles(pulled.text) == expected, "\(pulled.text)")
        // Moved entries keep our text; the numbers follow their new places.
        for (number, name) in expected.enumerated() where name != "Theirs" {
            let entry = Self.library[name]!
            #expect(pulled.text.contains("\(number + 1). [\(name)](\(entry.url)) - \(entry.description)\n"))
        }
        let moved = pulled.plan.results.filter { $0.reason?.contains("moved") ?? false }
        #expect(!moved.isEmpty && moved.allSatisfy { $0.status == .updated }, "\(pulled.plan.results)")
    }

    @Test func anUpdateKeepsOurEntryBoldAndItsTags() throws {
        let base = ["Alpha", "Beta"]
        let ours = Self.ours(base).replacingOccurrences(
            of: "1. [Alpha](https://alpha.example/) - first", with: "1. **[Alpha](https://alpha.example/)** `⚠` - first")
        let theirs = Self.theirs(base).replacingOccurrences(of: "— first", with: "— first, edited")
        let pulled = try pull(base: Self.theirs(base), ours: ours, theirs: theirs, lastSync: Self.ours(base))
        #expect(pulled.plan.conflicts == 0)
        #expect(pulled.text.contains("1. **[Alpha](https://alpha.example/)** `⚠` - first, edited\n"), "\(pulled.text)")
    }

    @Test func aNestedEntryWhoseParentIsNotHereGoesToItsSectionAndSaysSo() throws {
        var merge = EntryMerge(configuration: configuration, sourceName: "awesome")
        merge.oursAtLastSync = nil
        let ours = try parse(Self.ours(["Alpha"]))
        // Their parent is a link into their own list: not a resource ours could have.
        let theirs = try parse(
            "# Awesome\n\n## Libraries\n\n- [Alpha](https://alpha.example) - first\n- [More](#more)\n"
                + "  - [Theirs](https://theirs.example/) - their addition\n")
        let plan = merge.merge(base: nil, ours: ours, theirs: theirs)
        let text = String(decoding: try PostEditor(configuration: configuration).apply(plan.edits, to: ours), as: UTF8.self)
        #expect(
            text.contains("1. [Alpha](https://alpha.example/) - first\n2. [Theirs](https://theirs.example/) - their addition\n"))
        let result = try #require(plan.results.first { $0.proposal.title == "Theirs" })
        #expect(result.status == .new)
        #expect(result.reason == "nested under \"More\" in awesome, which is not here: added to its section")
    }

    @Test func theReviewSaysWhereTheEntryWent() throws {
        let base = ["Alpha", "Beta", "Gamma"]
        let pulled = try pull(
            base: Self.theirs(base), ours: Self.ours(base), theirs: Self.theirs(["Beta", "Gamma", "Alpha"]),
            lastSync: Self.ours(base))
        let result = try #require(pulled.plan.results.first)
        #expect(pulled.plan.results.count == 1)
        #expect(result.status == .updated && result.proposal.title == "Alpha")
        #expect(result.reason == "moved in awesome (now after \"Gamma\")")
    }

    @Test func aMoveTravelsWithAnEditOfTheEntry() throws {
        let base = ["Alpha", "Beta", "Gamma"]
        let theirs = Self.theirs(["Beta", "Gamma", "Alpha"]).replacingOccurrences(of: "— first", with: "— first, edited")
        let pulled = try pull(base: Self.theirs(base), ours: Self.ours(base), theirs: theirs, lastSync: Self.ours(base))
        #expect(try titles(pulled.text) == ["Beta", "Gamma", "Alpha"])
        #expect(pulled.text.contains("3. [Alpha](https://alpha.example/) - first, edited\n"), "\(pulled.text)")
        #expect(pulled.plan.results.count == 1, "one entry, one result: \(pulled.plan.results)")
    }

    @Test func theSameMoveOnBothSidesIsNoChange() throws {
        let base = ["Alpha", "Beta", "Gamma"]
        let moved = ["Beta", "Gamma", "Alpha"]
        let pulled = try pull(base: Self.theirs(base), ours: Self.ours(moved), theirs: Self.theirs(moved))
        #expect(pulled.plan.results.isEmpty && !pulled.plan.changesPost)
    }

    @Test func anEntryMovedDifferentlyOnBothSidesIsAConflict() throws {
        let base = Self.theirs(["Alpha", "Beta", "Gamma", "Delta"])
        let ours = Self.ours(["Beta", "Gamma", "Alpha", "Delta"])
        let theirs = Self.theirs(["Beta", "Gamma", "Delta", "Alpha"])
        let conflicted = try pull(base: base, ours: ours, theirs: theirs)
        #expect(conflicted.plan.conflicts == 1)
        #expect(conflicted.plan.results.map(\.status) == [.conflict])
        #expect(conflicted.plan.results.first?.reason == "moved differently on both sides; kept our place")
        let kept = try pull(base: base, ours: ours, theirs: theirs, preference: .ours)
        #expect(kept.plan.conflicts == 0 && !kept.plan.changesPost)
        #expect(kept.plan.results.first?.reason == "moved differently on both sides; kept our place (--prefer ours)")
        let taken = try pull(base: base, ours: ours, theirs: theirs, preference: .theirs)
        #expect(taken.plan.conflicts == 0)
        #expect(try titles(taken.text) == ["Beta", "Gamma", "Delta", "Alpha"])
        #expect(taken.plan.results.first?.reason == "moved differently on both sides; took awesome's place (--prefer theirs)")
    }

    @Test func aMovedItemTakesItsNestedListAndItsListsMarker() throws {
        let base = "## Tools\n\n- [A](https://a.example/)\n- [B](https://b.example/)\n- [C](https://c.example/)\n"
        let theirs = "## Tools\n\n- [B](https://b.example/)\n- [C](https://c.example/)\n- [A](https://a.example/)\n"
        let ours = """
            ---
            layout: post
            title: Tools
            date: 2025-05-26
            ---

            ## Tools

            8. [A](https://a.example/) - with
               a second line
               - [A's plugin](https://a-plugin.example/)
            9. [B](https://b.example/)
            10. [C](https://c.example/)

            """
        let pulled = try pull(base: base, ours: ours, theirs: theirs, lastSync: ours)
        #expect(
            pulled.text.hasSuffix(
                "8. [B](https://b.example/)\n9. [C](https://c.example/)\n10. [A](https://a.example/) - with\n    a second line\n    - [A's plugin](https://a-plugin.example/)\n"
            ), "\(pulled.text)")
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

/// Random pulls from another dialect's list that reorders, adds, removes and moves
/// entries between sections: no entry lost or doubled, and their order taken.
@Suite struct RandomPlaceTests {
    struct Item: Equatable {
        var section: Int
        var name: String
    }

    static func render(_ items: [Item], ours: Bool) -> String {
        var text = ours ? "---\nlayout: post\ntitle: Random\ndate: 2025-01-01\n---\n" : "# Awesome\n"
        for section in 0..<2 {
            text += "\n## Section \(section)\n\n"
            for (number, item) in items.filter({ $0.section == section }).enumerated() {
                text +=
                    ours
                    ? "\(number + 1). [\(item.name)](https://\(item.name).example/) - about \(item.name)\n"
                    : "* [\(item.name)](http://\(item.name).example) — about \(item.name)\n"
            }
        }
        return text
    }

    @Test func pullsKeepEveryEntryOnceAndTakeTheirOrder() throws {
        var generator = SplitMix64(seed: 2024)
        func roll(_ n: Int) -> Int { Int(generator.next() % UInt64(n)) }
        let configuration = Configuration(root: "/")
        for round in 0..<300 {
            let base = (0..<(roll(10) + 2)).map { Item(section: roll(2), name: "b\(round)x\($0)") }
            var theirs = base
            for _ in 0..<roll(4) where !theirs.isEmpty {
                // Moved within the list (or to the other section now and then).
                let item = theirs.remove(at: roll(theirs.count))
                theirs.insert(
                    Item(section: roll(5) == 0 ? 1 - item.section : item.section, name: item.name), at: roll(theirs.count + 1))
            }
            if roll(3) == 0, !theirs.isEmpty { theirs.remove(at: roll(theirs.count)) }
            if roll(3) == 0 { theirs.insert(Item(section: roll(2), name: "t\(round)"), at: roll(theirs.count + 1)) }
            var ours = base
            let oursMoves = roll(3) == 0
            if oursMoves, ours.count > 1 { ours.insert(ours.remove(at: roll(ours.count)), at: roll(ours.count)) }
            if roll(3) == 0 { ours.insert(Item(section: roll(2), name: "o\(round)"), at: roll(ours.count + 1)) }

            var merge = EntryMerge(configuration: configuration, sourceName: "awesome")
            merge.oursAtLastSync = try parse(Self.render(base, ours: true))
            let ourPost = try parse(Self.render(ours, ours: true))
            let plan = merge.merge(
                base: try parse(Self.render(base, ours: false)), ours: ourPost,
                theirs: try parse(Self.render(theirs, ours: false)))
            let context = "round \(round): base \(base.map(\.name)) theirs \(theirs.map(\.name)) ours \(ours.map(\.name))"
            if plan.conflicts > 0 {
                #expect(oursMoves, "\(context): a conflict though ours moved nothing")
                continue
            }
            let merged = try parse(
                String(decoding: try PostEditor(configuration: configuration).apply(plan.edits, to: ourPost), as: UTF8.self))
            let names = merged.entries.map(\.title)
            let theirNames = Set(theirs.map(\.name))
            // Ours minus what they removed, plus what they added; each in their section
            // when they list it, else in ours.
            let expected = Set(ours.map(\.name)).filter { name in theirNames.contains(name) || !base.contains { $0.name == name }
            }
            .union(theirNames)
            #expect(Set(names) == expected && names.count == expected.count, "\(context): \(names)")
            for entry in merged.entries {
                let section = (theirs.first { $0.name == entry.title } ?? ours.first { $0.name == entry.title })!.section
                #expect(merged.sections[entry.section!].title == "Section \(section)", "\(context): \(entry.title)")
            }
            // Ours moved nothing: the entries of the list since the base are in their
            // order (new ones go last, as any addition does).
            for section in 0..<2 where !oursMoves {
                let here = merged.entries.filter { merged.sections[$0.section!].title == "Section \(section)" }.map(\.title)
                let there = theirs.filter { $0.section == section }.map(\.name)
                let shared = Set(here).intersection(there).intersection(base.filter { $0.section == section }.map(\.name))
                #expect(here.filter(shared.contains) == there.filter(shared.contains), "\(context): \(names)")
            }
        }
    }

    func parse(_ text: String) throws -> Post {
        try PostReader.parse(Array(text.utf8), path: "list.md")
    }
}

/// The comments that end an entry's text: its list's notes, as GitHub reads comments.
@Suite struct EntryNoteTests {
    @Test(
        arguments: [
            ("b <!-- curate-ignore insecure-url -->", "b", "<!-- curate-ignore insecure-url -->"),
            ("<!-- ours -->", nil, "<!-- ours -->"),
            ("a. <!-- why --> <!-- curate-ignore dead-link -->", "a.", "<!-- why --> <!-- curate-ignore dead-link -->"),
            ("x <!-- n1 --><!-- n2 -->", "x", "<!-- n1 --><!-- n2 -->"),
        ] as [(String, String?, String)])
    func aCommentThatEndsTheTextIsANote(text: String, kept: String?, note: String) {
        let found = EntryMerge.trailingComment(of: text)
        #expect(found?.kept == kept)
        #expect(found?.comment == note)
    }

    /// What GitHub's renderer shows as text is no comment (CommonMark 0.29's rule).
    @Test(arguments: ["D8 <!-- a --!> b -->", "D8 <!-- a -- b -->", "D8 <!--> x -->", "D8 <!-- x --->", "plain", "a -->"])
    func textShownIsNoNote(text: String) {
        #expect(EntryMerge.trailingComment(of: text) == nil)
    }
}
