/// Items that are not `[Title](URL)` with an optional description.
public struct ItemFormatRule: Rule {
    public static let description = RuleDescription(
        id: "item-format",
        summary: "A list item is not `[Title](URL)` followed by an optional ` - description`.",
        rationale: """
            One shape for every entry keeps the list scannable and lets tools read it: a titled link \
            first, then a separator (` - `, ` – `, `: `) and the description. Only lists of links are \
            held to it: lists where at least half the items start with their link; an item over a \
            nested list is a group label and may say what it likes.
            """,
        defaultSeverity: .warning,
        triggeringExamples: [
            "- [A](https://a.example)\n- ↓Just some text\n",
            "- [A](https://a.example)\n- ↓See [this](https://b.example)\n",
            "- [A](https://a.example)↓) stray parenthesis\n",
            "- [A](https://a.example)↓]\n",
            "- [A](https://a.example)↓glued description\n",
            "- [A](https://a.example)\n- ↓<https://b.example>\n",
            "- [A](https://a.example)\n- ↓[Title] (https://b.example)\n",
        ],
        nonTriggeringExamples: [
            "- [A](https://a.example) - a description\n",
            "- [A](https://a.example): a description\n",
            "- **[A](https://a.example)** – bold is fine\n",
            "- [Paper](https://a.example/p) ([code](https://a.example/c))\n",
            "- Group\n  - [A](https://a.example)\n",
            "- Install Ruby\n- Run `jekyll new site` - a list without links is prose\n",
            "- **Plugins** --- any, see [the list](https://a.example)\n- **Themes** --- any\n- [Docs](https://d.example)\n",
            "- MySQL - [awesome-mysql](https://a.example)\n  - [pymysql](https://p.example) - a driver\n",
            "- [A](https://a.example) - a kramdown attribute line styles the list\n{: .links}\n",
            "- [A](https://a.example){:target=\"_blank\"} - a kramdown attribute list dresses the link\n",
        ])

    public init() {}

    public func check(_ post: Post, context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        var groups = Set<Int>()
        for list in post.lists { if let parent = list.parentItem { groups.insert(parent) } }
        let linkLists = post.lists.indices.map { isListOfLinks($0, post, groups: groups) }
        for (index, item) in post.items.enumerated() where !item.isEmpty && linkLists[item.list] && !groups.contains(index) {
            guard let range = post.ownTextRange(of: item) else { continue }
            let (start, end) = (range.lowerBound, range.upperBound)
            let text = post.bytes[range]
            guard let entry = post.entry(of: item) else {
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

    /// Whether at least half the list's items (other than empty ones and group labels over
    /// a nested list) start with their link, emphasis aside: a list of links, not prose.
    private func isListOfLinks(_ list: Int, _ post: Post, groups: Set<Int>) -> Bool {
        var items = 0
        var linked = 0
        for index in post.lists[list].items {
            let item = post.items[index]
            guard !item.isEmpty, !groups.contains(index) else { continue }
            items += 1
            guard let entry = post.entry(of: item), let range = post.ownTextRange(of: item) else { continue }
            let link = post.links[entry.link]
            if link.span.lowerBound >= range.lowerBound,
                post.bytes[range.lowerBound..<link.span.lowerBound].allSatisfy({
                    $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "_")
                })
            {
                linked += 1
            }
        }
        return linked * 2 >= items && linked > 0
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
