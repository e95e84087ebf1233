import Testing

@testable import CurateKit

/// `EntryMove`s made by `PostEditor`: an entry's lines out of their place and in at
/// another entry's, under that list's marker.
@Suite struct EntryMoveTests {
    let editor = PostEditor(configuration: Configuration(root: "/"))

    func key(_ name: String) -> String {
        try! Configuration(root: "/").identity.key(for: "https://\(name).example/")
    }

    func moved(_ text: String, _ moves: [EntryMove], edits: EntryEdits = EntryEdits(), format: Bool = false) throws -> String {
        var edits = edits
        edits.moves = moves
        let post = try PostReader.parse(Array(text.utf8), path: "list.md")
        return String(decoding: try editor.apply(edits, to: post, format: format), as: UTF8.self)
    }

    @Test func anOrderedListKeepsItsStartWhenItsFirstItemMovesOrOneLandsFirst() throws {
        let text = "3. [A](https://a.example/)\n4. [B](https://b.example/)\n5. [C](https://c.example/)\n"
        // Unformatted, the numbers of a list numbered in sequence still follow.
        #expect(
            try moved(text, [EntryMove(key: key("a"), anchor: .after(key("c")))])
                == "3. [B](https://b.example/)\n4. [C](https://c.example/)\n5. [A](https://a.example/)\n")
        #expect(
            try moved(text, [EntryMove(key: key("c"), anchor: .before(key("a")))])
                == "3. [C](https://c.example/)\n4. [A](https://a.example/)\n5. [B](https://b.example/)\n")
        #expect(
            try moved(text, [EntryMove(key: key("c"), anchor: .before(key("a")))], format: true)
                == "3. [C](https://c.example/)\n4. [A](https://a.example/)\n5. [B](https://b.example/)\n")
    }

    @Test func aLooseListStaysLoose() throws {
        let text = "- [A](https://a.example/)\n\n- [B](https://b.example/)\n\n- [C](https://c.example/)\n"
        #expect(
            try moved(text, [EntryMove(key: key("a"), anchor: .after(key("b")))])
                == "- [B](https://b.example/)\n\n- [A](https://a.example/)\n\n- [C](https://c.example/)\n")
        #expect(
            try moved(text, [EntryMove(key: key("c"), anchor: .before(key("a")))])
                == "- [C](https://c.example/)\n\n- [A](https://a.example/)\n\n- [B](https://b.example/)\n")
    }

    @Test func aMovedEntryCarriesTheOtherEditsOfItsLinesAndItsNestedMoves() throws {
        let text = """
            - [A](https://a.example/)
              - [A1](https://a1.example/)
              - [A2](https://a2.example/)
            - [B](https://b.example/)

            """
        let post = try PostReader.parse(Array(text.utf8), path: "list.md")
        // A's own line edited, its nested A2 moved before A1, and A moved after B.
        var edits = EntryEdits(replacements: [post.entries[0].item: (1...1, ["- [A, edited](https://a.example/)"])])
        edits.moves = [
            EntryMove(key: key("a"), anchor: .after(key("b"))), EntryMove(key: key("a2"), anchor: .before(key("a1"))),
        ]
        let result = String(decoding: try editor.apply(edits, to: post, format: false), as: UTF8.self)
        #expect(
            result
                == "- [B](https://b.example/)\n- [A, edited](https://a.example/)\n  - [A2](https://a2.example/)\n  - [A1](https://a1.example/)\n"
        )
    }

    @Test func aMoveInAQuotedListStaysInTheQuote() throws {
        let text = "> - [A](https://a.example/) - over\n>   two lines\n> - [B](https://b.example/)\n\nText.\n"
        #expect(
            try moved(text, [EntryMove(key: key("a"), anchor: .after(key("b")))])
                == "> - [B](https://b.example/)\n> - [A](https://a.example/) - over\n>   two lines\n\nText.\n")
        // A loose list in a quote: its blank lines are the quote's (`>`).
        let loose = "> - [A](https://a.example/)\n>\n> - [B](https://b.example/)\n>\n> - [C](https://c.example/)\n"
        for (moves, expected) in [
            ([EntryMove(key: key("a"), anchor: .after(key("b")))], ["B", "A", "C"]),
            ([EntryMove(key: key("b"), anchor: .after(key("c")))], ["A", "C", "B"]),
            ([EntryMove(key: key("c"), anchor: .after(key("a")))], ["A", "C", "B"]),
            ([EntryMove(key: key("a"), anchor: .before(key("c")))], ["B", "A", "C"]),
        ] {
            #expect(
                try moved(loose, moves)
                    == expected.map { "> - [\($0)](https://\($0.lowercased()).example/)\n" }.joined(separator: ">\n"))
        }
    }

    @Test func aMoveWhoseEntryOrAnchorIsGoneIsNotMade() throws {
        let text = "- [A](https://a.example/)\n- [B](https://b.example/)\n"
        #expect(try moved(text, [EntryMove(key: key("a"), anchor: .after(key("z")))]) == text)
        #expect(try moved(text, [EntryMove(key: key("z"), anchor: .after(key("a")))]) == text)
    }
}
