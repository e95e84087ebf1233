/// Items that are not `[Title](URL)` with an optional description.
public struct ItemFormatRule: Rule {
    public static let description = RuleDescription(
        id: "item-format",
        summary: "A list item is not `[Title](URL)` followed by an optional ` - description`.",
        rationale: """
            One shape for every entry keeps the list scannable and lets tools read it: a titled link \
            first, then a separator (` - `, ` – `, `: `) and the description.
            """,
        defaultSeverity: .warning,
        triggeringExamples: [
            "- [A](https://a.example)\n- ↓Just some text\n",
            "- ↓See [this](https://a.example)\n",
            "- [A](https://a.example)↓) stray parenthesis\n",
            "- [A](https://a.example)↓]\n",
            "- [A](https://a.example)↓glued description\n",
            "- ↓<https://a.example>\n",
            "- ↓[Title] (https://a.example)\n",
        ],
        nonTriggeringExamples: [
            "- [A](https://a.example) - a description\n",
            "- [A](https://a.example): a description\n",
            "- **[A](https://a.example)** – bold is fine\n",
            "- [Paper](https://a.example/p) ([code](https://a.example/c))\n",
            "- Group\n  - [A](https://a.example)\n",
            "- Install Ruby\n- Run `jekyll new site` - a list without links is prose\n",
            "- [A](https://a.example) - a kramdown attribute line styles the list\n{: .links}\n",
        ])

    public init() {}

    public func check(_ post: Post, context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for (index, item) in post.items.enumerated() where !item.isEmpty {
            guard let range = post.ownTextRange(of: item) else { continue }
            let (start, end) = (range.lowerBound, range.upperBound)
            let text = post.bytes[range]
            guard let entry = post.entry(of: item) else {
                if post.lists.contains(where: { $0.parentItem == index }) { continue }  // a group heading
                // A list without a single link is prose (release notes, steps), not a list of links.
                if !post.items[post.lists[item.list].items].contains(where: { $0.entry != nil }) { continue }
                let message =
                    spacedLink(text)
                    ? "\"] (\" is not a link: remove the space between ] and ("
                    : "item has no link; write [Title](URL)"
                findings.append(finding(post, line: item.line, column: item.contentColumn, message))
                continue
            }
            let link = post.links[entry.link]
            if link.form == .bare {
                // bare-url reports the URL itself; say here only what makes the item unlinked.
                if spacedLink(text) {
                    findings.append(
                        finding(
                            post, line: item.line, column: item.contentColumn,
                            "\"] (\" is not a link: remove the space between ] and ("))
                }
                continue
            }
            if link.form == .autolink {
                findings.append(
                    finding(post, line: link.line, column: link.column, "link has no title; write [Title](\(link.url))"))
                continue
            }
            // Only emphasis may come before the link.
            let before = post.bytes[start..<link.span.lowerBound]
            if !before.allSatisfy({ $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "_") }) {
                findings.append(
                    finding(
                        post, line: item.line, column: item.contentColumn,
                        "text before the link; start the item with [Title](URL)"))
                continue
            }
            var after = link.span.upperBound
            while after < end && (post.bytes[after] == UInt8(ascii: "*") || post.bytes[after] == UInt8(ascii: "_")) { after += 1 }
            guard after < end, post.point(at: after).line == link.line else { continue }
            let next = post.bytes[after]
            if next == 0x0A || next == 0x0D { continue }
            let column = post.point(at: after).column
            if next == UInt8(ascii: ")") || next == UInt8(ascii: "]") {
                findings.append(
                    finding(post, line: link.line, column: column, "stray \(Character(Unicode.Scalar(next))) after the link"))
            } else if entry.separator?.isEmpty ?? false,
                next != UInt8(ascii: ",") && next != UInt8(ascii: ";") && next != UInt8(ascii: ".")
            {
                findings.append(
                    finding(
                        post, line: link.line, column: column, "no separator between the link and its description; write \" - \"")
                )
            }
        }
        return findings
    }

    private func spacedLink(_ text: ArraySlice<UInt8>) -> Bool {
        var i = text.startIndex
        while i + 2 < text.endIndex {
            if text[i] == UInt8(ascii: "]") && text[i + 1] == 0x20 && text[i + 2] == UInt8(ascii: "(") { return true }
            i += 1
        }
        return false
    }
}
