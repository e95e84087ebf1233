import CurateMarkdown

/// Reads sections, lists, items, links and entries out of cmark's trees, one chunk at a time.
struct PostBuilder {
    var post: Post
    /// Open sections, innermost last.
    private var sectionStack: [Int] = []
    /// The bytes cmark parsed when they differ from the post's (``LiquidLinks``).
    var parsedBytes: [UInt8]?

    init(post: Post) {
        self.post = post
        // A list is about one item and one link a line. Reserved pages that are never
        // written are not resident, so this costs nothing and saves the copies of growth.
        let lines = post.lines.count
        self.post.items.reserveCapacity(lines)
        self.post.links.reserveCapacity(lines)
        self.post.entries.reserveCapacity(lines)
    }

    func finish() -> Post {
        var result = post
        result.verbatim.sort { $0.lowerBound < $1.lowerBound }
        return result
    }

    // MARK: - Trees

    mutating func add(_ tree: MarkdownTree) {
        scanAllNodes(tree)
        for child in tree.children(of: 0) {
            addTopLevel(tree, child)
        }
    }

    /// Verbatim blocks, hard breaks and ignore directives, wherever they are.
    private mutating func scanAllNodes(_ tree: MarkdownTree) {
        for (index, node) in tree.nodes.enumerated() where node.hasPosition {
            switch node.kind {
            case .link where !isInsideItem(tree, index):
                if let link = makeLink(tree, index, item: -1) { post.proseLinks.append(link) }
            case .codeBlock:
                // cmark counts the blank lines after an indented code block as part of it;
                // they separate blocks and are not its content.
                let end = node.fenced ? max(node.start.line, node.end.line) : lastNonBlankLine(node)
                post.verbatim.append(node.start.line...end)
            case .htmlBlock:
                post.verbatim.append(node.start.line...max(node.start.line, node.end.line))
                recordIgnoreDirective(node.text, line: node.start.line)
            case .htmlInline:
                recordIgnoreDirective(node.text, line: node.start.line)
            case .paragraph:
                if node.end.line > node.start.line {
                    for line in node.start.line..<node.end.line where endsWithHardBreak(line) {
                        post.hardBreakLines.insert(line)
                    }
                }
            default:
                break
            }
        }
    }

    private func isInsideItem(_ tree: MarkdownTree, _ index: Int) -> Bool {
        var parent = Int(tree.nodes[index].parent)
        while parent >= 0 {
            if tree.nodes[parent].kind == .item { return true }
            parent = Int(tree.nodes[parent].parent)
        }
        return false
    }

    private func endsWithHardBreak(_ line: Int) -> Bool {
        let bytes = post.lineBytes(line)
        var spaces = 0
        var index = bytes.endIndex
        while index > bytes.startIndex && bytes[index - 1] == 0x20 {
            spaces += 1
            index -= 1
        }
        return spaces >= 2
    }

    private mutating func recordIgnoreDirective(_ html: String, line: Int) {
        guard html.contains("curate-ignore") else { return }
        for (offset, text) in html.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let open = text.range(of: "<!--"),
                let marker = text.range(of: "curate-ignore", range: open.upperBound..<text.endIndex)
            else { continue }
            let rest = text[marker.upperBound...]
            let body = rest.range(of: "-->").map { rest[..<$0.lowerBound] } ?? rest
            let ids = body.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }).map(String.init)
            post.ignoreDirectives[line + offset, default: []].append(contentsOf: ids)
            if ids.isEmpty { post.ignoreDirectives[line + offset] = [] }
        }
    }

    private mutating func addTopLevel(_ tree: MarkdownTree, _ index: Int) {
        let node = tree.nodes[index]
        guard node.hasPosition else { return }
        let kind: Block.Kind
        switch node.kind {
        case .heading:
            kind = .heading
            addSection(tree, index)
        case .list:
            kind = .list
            addList(tree, index, parentItem: nil)
        case .paragraph: kind = .paragraph
        case .codeBlock: kind = .code
        case .htmlBlock: kind = .html
        case .blockQuote:
            kind = .quote
            addListsInside(tree, index, parentItem: nil)
        case .thematicBreak: kind = .thematicBreak
        default: kind = .other
        }
        post.blocks.append(Block(kind: kind, firstLine: node.start.line, lastLine: lastNonBlankLine(node)))
    }

    private mutating func addSection(_ tree: MarkdownTree, _ index: Int) {
        let node = tree.nodes[index]
        let level = Int(node.headingLevel)
        while let last = sectionStack.last, post.sections[last].level >= level {
            sectionStack.removeLast()
        }
        let parent = sectionStack.last
        let title = Self.removingAttributes(tree.plainText(of: index, markup: false)).trimmingSpaces()
        let path = parent.map { post.sections[$0].path + " / " + title } ?? title
        post.sections.append(Section(title: title, level: level, line: node.start.line, parent: parent, path: path))
        sectionStack.append(post.sections.count - 1)
    }

    /// A heading's text without kramdown's id or attributes at its end (`Papers {#papers}`).
    static func removingAttributes(_ title: String) -> String {
        guard title.hasSuffix("}"), let open = title.range(of: "{", options: .backwards),
            title[open.upperBound...].hasPrefix("#") || title[open.upperBound...].hasPrefix(":")
        else { return title }
        return String(title[..<open.lowerBound])
    }

    // MARK: - Lists

    private mutating func addList(_ tree: MarkdownTree, _ index: Int, parentItem: Int?) {
        let node = tree.nodes[index]
        let firstItem = post.items.count
        let itemIndices = Array(tree.children(of: index))
        let listIndex = post.lists.count
        let section = sectionStack.last
        var marker: UInt8 = node.listDelimiter == .parenthesis ? UInt8(ascii: ")") : UInt8(ascii: ".")
        if node.listType == .bullet, let first = itemIndices.first {
            let start = tree.nodes[first].start
            marker = post.bytes[post.offset(line: start.line, column: start.column)]
        }
        post.lists.append(
            ListBlock(
                ordered: node.listType == .ordered, marker: marker, start: node.listStart, tight: node.listTight,
                firstLine: node.start.line, lastLine: lastNonBlankLine(node), section: section,
                parentItem: parentItem, items: firstItem..<(firstItem + itemIndices.count)))
        // Reserve the list's items first so that they are contiguous; nested lists follow.
        for itemIndex in itemIndices {
            post.items.append(makeItem(tree, itemIndex, list: listIndex, section: section))
        }
        for (offset, itemIndex) in itemIndices.enumerated() {
            fillItem(tree, itemIndex, at: firstItem + offset)
        }
    }

    /// Lists inside a block quote or an item's other blocks.
    private mutating func addListsInside(_ tree: MarkdownTree, _ index: Int, parentItem: Int?) {
        for child in tree.children(of: index) {
            switch tree.nodes[child].kind {
            case .list: addList(tree, child, parentItem: parentItem)
            case .blockQuote: addListsInside(tree, child, parentItem: parentItem)
            default: break
            }
        }
    }

    private func makeItem(_ tree: MarkdownTree, _ index: Int, list: Int, section: Int?) -> ListItem {
        let node = tree.nodes[index]
        let line = node.start.line
        let lineStart = post.lines.starts[line - 1]
        let lineEnd = post.lines.contentEnds[line - 1]
        let markerStart = lineStart + node.start.column - 1
        var cursor = markerStart
        var number: Int?
        if post.lists[list].ordered {
            var value = 0
            while cursor < lineEnd, post.bytes[cursor] >= 0x30 && post.bytes[cursor] <= 0x39 {
                value = value &* 10 &+ Int(post.bytes[cursor] - 0x30)
                cursor += 1
            }
            number = value
        }
        cursor += 1  // the delimiter or bullet
        let markerLength = cursor - markerStart
        var contentColumn = cursor - lineStart + 1
        let firstChild = node.subtreeEnd > Int32(index + 1) ? tree.nodes[index + 1] : nil
        if let firstChild, firstChild.start.line == line, firstChild.start.column > 0 {
            contentColumn = firstChild.start.column
        } else if cursor < lineEnd, post.bytes[cursor] == 0x20 || post.bytes[cursor] == 0x09 {
            contentColumn += 1
        }
        return ListItem(
            list: list, line: line, lastLine: lastContentLine(node), markerColumn: node.start.column,
            markerLength: markerLength, number: number, contentColumn: contentColumn,
            isEmpty: firstChild == nil, section: section, links: 0..<0, paragraph: nil, entry: nil)
    }

    private mutating func fillItem(_ tree: MarkdownTree, _ index: Int, at itemIndex: Int) {
        let firstLink = post.links.count
        var firstParagraph: Int?
        for child in tree.children(of: index) {
            let kind = tree.nodes[child].kind
            if kind == .list {
                continue
            }
            if kind == .paragraph && firstParagraph == nil { firstParagraph = child }
            collectLinks(tree, in: child, item: itemIndex)
        }
        post.items[itemIndex].links = firstLink..<post.links.count
        if let firstParagraph {
            let paragraph = tree.nodes[firstParagraph]
            post.items[itemIndex].paragraph = paragraph.start.line...lastContentLine(paragraph)
            if let entry = makeEntry(itemIndex, paragraph: paragraph) {
                post.items[itemIndex].entry = post.entries.count
                post.entries.append(entry)
            }
        }
        // Nested lists come after this item's own links.
        for child in tree.children(of: index) {
            switch tree.nodes[child].kind {
            case .list: addList(tree, child, parentItem: itemIndex)
            case .blockQuote: addListsInside(tree, child, parentItem: itemIndex)
            default: break
            }
        }
    }

    private mutating func collectLinks(_ tree: MarkdownTree, in index: Int, item: Int) {
        var i = index
        let end = Int(tree.nodes[index].subtreeEnd)
        while i < end {
            let node = tree.nodes[i]
            switch node.kind {
            case .list:
                i = Int(node.subtreeEnd)
                continue
            case .link:
                if let link = makeLink(tree, i, item: item) { post.links.append(link) }
                i = Int(node.subtreeEnd)
                continue
            case .text:
                if node.hasPosition { addBareURLs(in: node, item: item) }
            default:
                break
            }
            i += 1
        }
    }

    private func makeLink(_ tree: MarkdownTree, _ index: Int, item: Int) -> Link? {
        let node = tree.nodes[index]
        let text = tree.plainText(of: index)
        guard node.hasPosition else { return nil }
        var start = post.offset(line: node.start.line, column: node.start.column)
        var end = post.offset(line: node.end.line, column: node.end.column) + 1
        let bytes = post.bytes
        if bytes[start] == UInt8(ascii: "[") {
            let form: Link.Form = bytes[end - 1] == UInt8(ascii: ")") ? .inline : .reference
            var urlRange: Range<Int>?
            var url = node.text
            if form == .inline, !node.text.isEmpty {
                urlRange = lastRange(of: Array(node.text.utf8), in: start..<end, of: parsedBytes ?? bytes)
                if parsedBytes != nil, let range = urlRange, !bytes[range].elementsEqual(node.text.utf8) {
                    url = String(decoding: bytes[range], as: UTF8.self)
                }
            } else if form == .inline {
                urlRange = emptyDestination(in: start..<end)
            }
            return Link(
                text: text, url: url, line: node.start.line, column: node.start.column, span: start..<end,
                urlRange: urlRange, form: form, item: item)
        }
        // An autolink: cmark's columns for it are not reliable; its text node's are.
        let textNode = node.subtreeEnd > Int32(index + 1) ? tree.nodes[index + 1] : nil
        if let textNode, textNode.kind == .text, textNode.hasPosition {
            let textStart = post.offset(line: textNode.start.line, column: textNode.start.column)
            if textStart > 0 && bytes[textStart - 1] == UInt8(ascii: "<") {
                start = textStart - 1
                end = post.offset(line: textNode.end.line, column: textNode.end.column) + 2
                let (line, column) = post.point(at: start)
                return Link(
                    text: text, url: node.text, line: line, column: column,
                    span: start..<end, urlRange: (start + 1)..<(end - 1), form: .autolink, item: item)
            }
        }
        let line = node.start.line
        let range = post.lines.content(line)
        let needle = Array(("<" + text).utf8)
        if let found = firstRange(of: needle, in: range) {
            return Link(
                text: text, url: node.text, line: line, column: found.lowerBound - range.lowerBound + 1,
                span: found.lowerBound..<(found.upperBound + 1), urlRange: (found.lowerBound + 1)..<found.upperBound,
                form: .autolink, item: item)
        }
        return Link(
            text: text, url: node.text, line: line, column: node.start.column, span: start..<max(start, end),
            urlRange: nil, form: .autolink, item: item)
    }

    /// The spot between `(` and `)` of `[text]()`.
    private func emptyDestination(in span: Range<Int>) -> Range<Int>? {
        var i = span.upperBound - 1
        while i > span.lowerBound && post.bytes[i] != UInt8(ascii: "(") { i -= 1 }
        return post.bytes[i] == UInt8(ascii: "(") ? (i + 1)..<(i + 1) : nil
    }

    /// URLs written as plain text (`https://…`, `www.…`), which CommonMark leaves unlinked.
    private mutating func addBareURLs(in node: MarkdownNode, item: Int) {
        let literal = Array(node.text.utf8)
        var searchFrom = post.offset(line: node.start.line, column: node.start.column)
        for url in BareURLScanner.urls(in: literal) {
            let needle = Array(literal[url])
            let limit = post.lines.contentEnds[max(node.end.line, node.start.line) - 1]
            guard let found = firstRange(of: needle, in: searchFrom..<max(searchFrom, limit)) else { continue }
            searchFrom = found.upperBound
            let (line, column) = post.point(at: found.lowerBound)
            let text = String(decoding: needle, as: UTF8.self)
            post.links.append(
                Link(
                    text: text, url: text, line: line, column: column,
                    span: found, urlRange: found, form: .bare, item: item))
        }
    }

    private func makeEntry(_ itemIndex: Int, paragraph: MarkdownNode) -> Entry? {
        let item = post.items[itemIndex]
        guard let linkIndex = item.links.first(where: { post.links[$0].line <= paragraph.end.line }) else {
            return nil
        }
        let link = post.links[linkIndex]
        let paragraphEnd = post.lines.contentEnds[lastContentLine(paragraph) - 1]
        var description: String?
        var separator: String?
        var restStart = link.span.upperBound
        // Emphasis around the link (`**[Title](url)**`) closes before the description.
        while restStart < paragraphEnd, post.bytes[restStart] == UInt8(ascii: "*") || post.bytes[restStart] == UInt8(ascii: "_") {
            restStart += 1
        }
        if restStart < paragraphEnd {
            let rest = String(decoding: post.bytes[restStart..<paragraphEnd], as: UTF8.self)
            let (sep, text) = DescriptionSeparator.split(rest.collapsingLineBreaks())
            separator = sep
            description = text.isEmpty ? nil : text
        }
        return Entry(
            title: link.text.trimmingSpaces(), url: link.url, description: description, separator: separator,
            section: item.section, line: link.line, column: link.column, item: itemIndex, link: linkIndex)
    }

    // MARK: - Helpers

    /// The last line of an item or paragraph that is its content: not blank, and not a
    /// kramdown attribute line (`{: .class}`), which cmark reads as a lazy continuation but
    /// which styles the list for Jekyll and is no entry's text.
    private func lastContentLine(_ node: MarkdownNode) -> Int {
        var line = lastNonBlankLine(node)
        while line > node.start.line && isAttributeLine(line) {
            line -= 1
            while line > node.start.line && isBlank(line) { line -= 1 }
        }
        return line
    }

    private func isAttributeLine(_ line: Int) -> Bool {
        let text = post.lineBytes(line).drop { $0 == 0x20 || $0 == 0x09 }
        var end = text.endIndex
        while end > text.startIndex && (text[end - 1] == 0x20 || text[end - 1] == 0x09) { end -= 1 }
        return text.starts(with: Array("{:".utf8)) && end > text.startIndex && text[end - 1] == UInt8(ascii: "}")
    }

    private func lastNonBlankLine(_ node: MarkdownNode) -> Int {
        var line = max(node.end.line, node.start.line)
        line = min(line, post.lines.count)
        while line > node.start.line && isBlank(line) { line -= 1 }
        return line
    }

    private func isBlank(_ line: Int) -> Bool {
        post.lineBytes(line).allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    private func firstRange(of needle: [UInt8], in range: Range<Int>) -> Range<Int>? {
        guard !needle.isEmpty, range.count >= needle.count else { return nil }
        let bytes = post.bytes
        var i = range.lowerBound
        let last = range.upperBound - needle.count
        while i <= last {
            if bytes[i] == needle[0] && bytes[i..<(i + needle.count)].elementsEqual(needle) {
                return i..<(i + needle.count)
            }
            i += 1
        }
        return nil
    }

    private func lastRange(of needle: [UInt8], in range: Range<Int>, of bytes: [UInt8]) -> Range<Int>? {
        guard !needle.isEmpty, range.count >= needle.count else { return nil }
        var i = range.upperBound - needle.count
        while i >= range.lowerBound {
            if bytes[i] == needle[0] && bytes[i..<(i + needle.count)].elementsEqual(needle) {
                return i..<(i + needle.count)
            }
            i -= 1
        }
        return nil
    }
}
