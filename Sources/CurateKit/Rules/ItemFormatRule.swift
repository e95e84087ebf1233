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
            "- [A](https://a.example) - a\n↓-[B](https://b.example) - b\n",
        ],
        nonTriggeringExamples: [
            "- [A](https://a.example) - a description\n",
            "- [A](https://a.example): a description\n",
            "- **[A](https://a.example)** – bold is fine\n",
            "- ~~[Old](https://a.example)~~ - deprecated\n- <b>[B](https://b.example)</b> - tagged\n",
            "- [ ] [Task](https://a.example) - to do\n- [x] [Done](https://b.example) - done\n",
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
            // A line of the item's paragraph that was meant as an item of its own, but has
            // no space after its marker (`-[Title](URL)`): it reads as more of this item's
            // text, and its entry is not in the list.
            if let paragraph = item.paragraph, paragraph.upperBound > item.line {
                for line in (item.line + 1)...paragraph.upperBound where Self.isGluedMarker(post.lineBytes(line)) {
                    let bytes = post.lineBytes(line)
                    let column = (bytes.firstIndex { $0 != 0x20 && $0 != 0x09 } ?? bytes.startIndex) - bytes.startIndex + 1
                    findings.append(
                        finding(
                            post, line: line, column: column,
                            "no space after the list marker, so this line is not an item of its own: write \"- [\""))
                }
            }
            let (start, end) = (range.lowerBound, range.upperBound)
            let text = post.bytes[range]
            // The entry read in place where it is used: a copy retains its strings.
            guard let entry = item.entry else {
                let message =
                    spacedLink(text)
                    ? "\"] (\" is not a link: remove the space between ] and ("
                    : "item has no link; write [Title](URL)"
                findings.append(finding(post, line: item.line, column: item.contentColumn, message))
                continue
            }
            // The link's places read in place: a copy of the link retains its strings, which
            // the other cores' rules read too.
            let linkIndex = post.entries[entry].link
            let link = (
                form: post.links[linkIndex].form, line: post.links[linkIndex].line, column: post.links[linkIndex].column,
                span: post.links[linkIndex].span
            )
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
                    finding(
                        post, line: link.line, column: link.column,
                        "link has no title; write [Title](\(post.links[linkIndex].url))"))
                continue
            }
            // Only emphasis (a task's checkbox, `~~`, `<b>` ...) may come before the link.
            let before = post.bytes[start..<link.span.lowerBound]
            if !Self.isDecoration(before) {
                findings.append(
                    finding(
                        post, line: item.line, column: item.contentColumn,
                        "text before the link; start the item with [Title](URL)"))
                continue
            }
            var after = link.span.upperBound
            while after < end {
                let byte = post.bytes[after]
                if byte == UInt8(ascii: "*") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~") {
                    after += 1
                } else if byte == UInt8(ascii: "<"), let tag = Self.emphasisTag(post.bytes[after..<end], closing: true) {
                    after += tag
                } else {
                    break
                }
            }
            guard after < end, case let (line, column) = post.point(at: after, near: link.line), line == link.line else {
                continue
            }
            let next = post.bytes[after]
            if next == 0x0A || next == 0x0D { continue }
            if next == UInt8(ascii: ")") || next == UInt8(ascii: "]") {
                findings.append(
                    finding(post, line: link.line, column: column, "stray \(Character(Unicode.Scalar(next))) after the link"))
            } else if post.entries[entry].separator?.isEmpty ?? false,
                next != UInt8(ascii: ",") && next != UInt8(ascii: ";") && next != UInt8(ascii: "."),
                // After closing emphasis (`~~`, `</b>`), the separator is read here.
                after == link.span.upperBound
                    || DescriptionSeparator.split(String(decoding: post.bytes[after..<end], as: UTF8.self)).separator?.isEmpty
                        ?? true
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
            guard let entry = item.entry, let range = post.ownTextRange(of: item) else { continue }
            let span = post.links[post.entries[entry].link].span
            if span.lowerBound >= range.lowerBound, Self.isDecoration(post.bytes[range.lowerBound..<span.lowerBound]) {
                linked += 1
            }
        }
        return linked * 2 >= items && linked > 0
    }

    /// Whether a line (a continuation of an item's paragraph) starts with a bullet glued
    /// to a link, `-[`, `*[` or `+[` (optionally after spaces and `>`s).
    static func isGluedMarker(_ line: ArraySlice<UInt8>) -> Bool {
        var rest = line.drop { $0 == 0x20 || $0 == 0x09 || $0 == UInt8(ascii: ">") }
        guard let marker = rest.first, marker == UInt8(ascii: "-") || marker == UInt8(ascii: "*") || marker == UInt8(ascii: "+")
        else { return false }
        rest = rest.dropFirst()
        guard rest.first == UInt8(ascii: "["), let close = rest.firstIndex(of: UInt8(ascii: "]")) else { return false }
        return close + 1 < rest.endIndex && rest[close + 1] == UInt8(ascii: "(")
    }

    /// Whether the text before an item's link only dresses it: emphasis (`**`, `_`,
    /// `~~`), inline HTML that does the same (`<b>`, `<strong>`, `<em>`, `<i>`, `<s>`,
    /// `<del>`, `<ins>`, `<mark>`, `<sup>`, `<sub>`), after a task item's checkbox
    /// (`[ ] `, `[x] `).
    static func isDecoration(_ text: ArraySlice<UInt8>) -> Bool {
        // Nearly every item starts with its link.
        if text.isEmpty { return true }
        var rest = text
        let start = rest.startIndex
        if rest.count >= 4, rest[start] == UInt8(ascii: "["), rest[start + 2] == UInt8(ascii: "]"),
            rest[start + 3] == 0x20, rest[start + 1] == 0x20 || rest[start + 1] | 0x20 == UInt8(ascii: "x")
        {
            rest = rest.dropFirst(4)
        }
        while let byte = rest.first {
            if byte == UInt8(ascii: "*") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~") {
                rest = rest.dropFirst()
            } else if byte == UInt8(ascii: "<"), let tag = emphasisTag(rest, closing: false) {
                rest = rest.dropFirst(tag)
            } else {
                return false
            }
        }
        return true
    }

    /// The length of an emphasis tag at the start of `text` (`<b>`, or `</b>` when
    /// `closing`); nil when there is none.
    static func emphasisTag(_ text: ArraySlice<UInt8>, closing: Bool) -> Int? {
        guard text.first == UInt8(ascii: "<") else { return nil }
        let open = closing ? 2 : 1
        guard !closing || (text.count > 1 && text[text.startIndex + 1] == UInt8(ascii: "/")),
            let close = text.firstIndex(of: UInt8(ascii: ">")), close - text.startIndex <= open + 6
        else { return nil }
        let name = String(decoding: text[(text.startIndex + open)..<close].map(lowercasedASCII), as: UTF8.self)
        return emphasisTags.contains(name) ? close - text.startIndex + 1 : nil
    }

    private static let emphasisTags: Set<String> = ["b", "strong", "em", "i", "s", "del", "ins", "mark", "sup", "sub"]

    private func spacedLink(_ text: ArraySlice<UInt8>) -> Bool {
        var i = text.startIndex
        while i + 2 < text.endIndex {
            if text[i] == UInt8(ascii: "]") && text[i + 1] == 0x20 && text[i + 2] == UInt8(ascii: "(") { return true }
            i += 1
        }
        return false
    }
}
