import CurateMarkdown

/// Reads sections, lists, items, links and entries out of cmark's trees, one chunk at a time.
struct PostBuilder {
    var post: Post
    /// Open sections, innermost last.
    private var sectionStack: [Int] = []
    /// The bytes cmark parsed when they differ from the post's (``LiquidLinks``).
    var parsedBytes: [UInt8]?
    /// The post is a Jekyll post (``PostKind/detect(_:)``), asked once: a link is read
    /// otherwise there.
    private let isJekyll: Bool

    init(post: Post) {
        self.post = post
        isJekyll = PostKind.detect(post) == .jekyll
        // A list is about one item and one link a line. Reserved pages that are never
        // written are not resident, so this costs nothing and saves the copies of growth.
        let lines = post.lines.count
        self.post.items.reserveCapacity(lines)
        self.post.links.reserveCapacity(lines)
        self.post.entries.reserveCapacity(lines)
    }

    func finish() -> Post {
        var result = post
        result.unrendered = Self.merged(result.unrendered)
        // A code block inside an unrendered one (a fence in `{% raw %}`): one range.
        result.verbatim = Self.merged(result.verbatim + result.unrendered)
        return result
    }

    /// Ranges sorted by their start, those that overlap or touch joined.
    static func merged(_ ranges: [ClosedRange<Int>]) -> [ClosedRange<Int>] {
        var result: [ClosedRange<Int>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = result.last, range.lowerBound <= last.upperBound + 1 {
                result[result.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                result.append(range)
            }
        }
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
        // Where the next autolink of each block is searched for (see makeLink).
        var searchFrom: [Int: Int] = [:]
        for index in tree.nodes.indices {
            // Only these kinds matter here: other nodes are not copied (a copy retains
            // the node's strings).
            switch tree.nodes[index].kind {
            case .link, .codeBlock, .htmlBlock, .htmlInline, .paragraph: break
            case .heading where tree.nodes[index].parent > 0 && tree.nodes[index].hasPosition:
                let title = Self.removingAttributes(tree.plainText(of: index, markup: false)).trimmingSpaces()
                post.nestedHeadings.append(NestedHeading(title: title, line: tree.nodes[index].start.line))
                continue
            default: continue
            }
            let node = tree.nodes[index]
            switch node.kind {
            case .link where !isInsideItem(tree, index):
                // Autolinks may have no position (GitHub's extension gives none to some).
                var block = Int(node.parent)
                var inImage = false
                while block > 0 && !tree.nodes[block].kind.isBlock {
                    inImage = inImage || tree.nodes[block].kind == .image
                    block = Int(tree.nodes[block].parent)
                }
                guard !inImage, block >= 0 else { continue }
                let blockNode = tree.nodes[block]
                var from = searchFrom[block] ?? offset(of: SourcePoint(line: blockNode.start.line, column: 1)) ?? post.bytes.count
                let lastLine = min(max(blockNode.end.line, blockNode.start.line), post.lines.count)
                let limit = lastLine >= 1 ? post.lines.contentEnds[lastLine - 1] : post.bytes.count
                if let link = makeLink(tree, index, item: -1, searchFrom: &from, limit: max(from, limit)) {
                    post.proseLinks.append(link)
                }
                searchFrom[block] = from
            case _ where !node.hasPosition:
                continue
            case .codeBlock:
                // cmark counts the blank lines after an indented code block as part of it;
                // they separate blocks and are not its content.
                let end = node.fenced ? max(node.start.line, node.end.line) : lastNonBlankLine(node)
                post.verbatim.append(node.start.line...end)
            case .htmlBlock:
                post.verbatim.append(node.start.line...max(node.start.line, node.end.line))
                recordIgnoreDirective(tree, index, line: node.start.line)
            case .htmlInline:
                recordIgnoreDirective(tree, index, line: node.start.line)
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

    /// The directives in the HTML node at `index` (read as a string only when it has one).
    private mutating func recordIgnoreDirective(_ tree: MarkdownTree, _ index: Int, line: Int) {
        let marker = Array("curate-ignore".utf8)
        let bytes = tree.textBytes(of: index)
        guard bytes.count >= marker.count,
            bytes.indices.dropLast(marker.count - 1).contains(where: { bytes[$0...].starts(with: marker) })
        else { return }
        recordIgnoreDirective(tree.text(of: index), line: line)
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
            if let at = offset(of: tree.nodes[first].start), at < post.bytes.count { marker = post.bytes[at] }
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
        let line = min(max(node.start.line, 1), post.lines.count)
        let lineStart = post.lines.starts[line - 1]
        let lineEnd = post.lines.contentEnds[line - 1]
        let markerStart = min(lineStart + max(node.start.column, 1) - 1, lineEnd)
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
        var spaces = 0
        while cursor + spaces < lineEnd, post.bytes[cursor + spaces] == 0x20 { spaces += 1 }
        if (1...4).contains(spaces), cursor + spaces < lineEnd, post.bytes[cursor + spaces] != 0x09 {
            // Content after one to four spaces starts there (a task list item's box included).
            contentColumn += spaces
        } else if let firstChild, firstChild.start.line == line, firstChild.start.column > 0 {
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

    /// The links of the block at `index` (not those of nested lists, not images' alt text).
    private mutating func collectLinks(_ tree: MarkdownTree, in index: Int, item: Int) {
        var i = index
        let end = Int(tree.nodes[index].subtreeEnd)
        // Where the next autolink is searched for: after the previous link of the block.
        let block = tree.nodes[index]
        var searchFrom = offset(of: SourcePoint(line: block.start.line, column: 1)) ?? post.bytes.count
        let lastLine = min(max(block.end.line, block.start.line), post.lines.count)
        let limit = lastLine >= 1 ? post.lines.contentEnds[lastLine - 1] : post.bytes.count
        while i < end {
            let node = tree.nodes[i]
            switch node.kind {
            case .list:
                i = Int(node.subtreeEnd)
                continue
            case .image, .code:
                // An image's destination or a code span's text is no autolink: the next is
                // searched for after them, where cmark-gfm places them right (an image from
                // its `!` to its `)`, a code span's text without its backticks).
                if let start = offset(of: node.start), let last = offset(of: node.end), start <= last,
                    last < post.bytes.count,
                    node.kind == .image
                        ? post.bytes[start] == UInt8(ascii: "!") && post.bytes[last] == UInt8(ascii: ")")
                        : post.bytes[start...last].elementsEqual(tree.textBytes(of: i))
                {
                    searchFrom = max(searchFrom, last + 1)
                }
                i = Int(node.subtreeEnd)
                continue
            case .link:
                if let link = makeLink(tree, i, item: item, searchFrom: &searchFrom, limit: max(searchFrom, limit)) {
                    post.links.append(link)
                }
                i = Int(node.subtreeEnd)
                continue
            default:
                break
            }
            i += 1
        }
    }

    /// The byte offset of a point cmark reported, nil when it is not on its line: cmark-gfm
    /// reports wrong positions for some nodes (autolinks on continuation lines), so no
    /// position is used before it is checked against the line.
    private func offset(of point: SourcePoint) -> Int? {
        guard point.line >= 1, point.line <= post.lines.count, point.column >= 1 else { return nil }
        let range = post.lines.content(point.line)
        let offset = range.lowerBound + point.column - 1
        return offset <= range.upperBound ? offset : nil
    }

    /// Where a link node `[…](…)` or `[…]` starts and ends (its first and last byte): where
    /// cmark-gfm says, or, on a paragraph's continuation line indented further than the
    /// paragraph, that far to the right: cmark-gfm counts such a line's columns without
    /// its indentation (`- p⏎····[l](u)` puts the `[` at column 3), and a tab as the
    /// columns it stands for; on a lazy continuation line, to the left. Nil when no such
    /// place holds a `[` with the link's last byte (`)` or `]`) where the link ends.
    private func linkBounds(_ node: MarkdownNode, text: String, destination: String) -> (start: Int, last: Int)? {
        let bytes = post.bytes
        if let start = offset(of: node.start), let last = offset(of: node.end), start < last, last < bytes.count,
            bytes[start] == UInt8(ascii: "[")
        {
            return (start, last)
        }
        // (A link whose text is its URL is an autolink or a bare URL as often as not: it is
        // found by its text, not by brackets searched for.)
        guard node.start.line == node.end.line, node.start.line >= 1, node.start.line <= post.lines.count,
            node.start.column >= 1, node.end.column > node.start.column, text != destination
        else { return nil }
        let line = post.lines.content(node.start.line)
        // Where cmark-gfm's columns put the link, which may be past the line's end: on a
        // lazy continuation line (`- [a](u)⏎foo [b](v)`, not indented) it counts columns
        // from the item's content, to the right of where the line's text is.
        let start = line.lowerBound + node.start.column - 1
        let last = line.lowerBound + node.end.column - 1
        var indentation = 0
        while line.lowerBound + indentation < line.upperBound,
            bytes[line.lowerBound + indentation] == 0x20 || bytes[line.lowerBound + indentation] == 0x09
        {
            indentation += 1
        }
        // Further right by up to the indentation (spaces), or left (a tab is one byte and
        // several columns; a lazy line is counted from further right).
        let shifts =
            Array(stride(from: 0, through: indentation, by: 1))
            + Array(stride(from: -1, through: line.lowerBound - start, by: -1))
        for shift in shifts where start + shift >= line.lowerBound && last + shift < line.upperBound {
            if bytes[start + shift] == UInt8(ascii: "["),
                bytes[last + shift] == UInt8(ascii: ")") || bytes[last + shift] == UInt8(ascii: "]")
            {
                return (start + shift, last + shift)
            }
        }
        return nil
    }

    private func makeLink(_ tree: MarkdownTree, _ index: Int, item: Int, searchFrom: inout Int, limit: Int) -> Link? {
        let node = tree.nodes[index]
        let text = tree.plainText(of: index)
        let destination = tree.text(of: index)
        let bytes = post.bytes
        if let (start, last) = linkBounds(node, text: text, destination: destination) {
            let end = last + 1
            let form: Link.Form = bytes[end - 1] == UInt8(ascii: ")") ? .inline : .reference
            var urlRange: Range<Int>?
            var url = destination
            if form == .inline {
                let parsed = parsedBytes ?? bytes
                urlRange = inlineDestination(in: start..<end, of: parsed)
                if urlRange == nil && !destination.isEmpty {
                    urlRange = lastRange(of: Array(destination.utf8), in: start..<end, of: parsed)
                }
                // Liquid masked in the destination: the URL is the real bytes there.
                if parsedBytes != nil, let range = urlRange, !parsed[range].elementsEqual(bytes[range]) {
                    url = String(decoding: bytes[range], as: UTF8.self)
                }
            }
            searchFrom = max(searchFrom, end)
            return Link(
                text: text, url: url, line: node.start.line,
                column: start - post.lines.content(node.start.line).lowerBound + 1,
                span: start..<end, urlRange: urlRange, form: form, item: item)
        }
        // An autolink, `<url>` or a bare URL GitHub's autolink extension links: its text
        // is the URL as written, found in the source after the previous link.
        if let found = firstRange(of: Array(text.utf8), in: searchFrom..<max(searchFrom, limit)) {
            let angled =
                found.lowerBound > 0 && bytes[found.lowerBound - 1] == UInt8(ascii: "<") && found.upperBound < bytes.count
                && bytes[found.upperBound] == UInt8(ascii: ">")
            // Email addresses the extension links are not web links, and were never read as such.
            if !angled && (destination.hasPrefix("mailto:") || destination.hasPrefix("xmpp:")) { return nil }
            let span = angled ? (found.lowerBound - 1)..<(found.upperBound + 1) : found
            if !angled, let kramdown = kramdownLink(around: found) {
                searchFrom = kramdown.upperBound
                return kramdown.link(item)
            }
            searchFrom = span.upperBound
            let (line, column) = post.point(at: span.lowerBound)
            return Link(
                text: text, url: destination, line: line, column: column, span: span, urlRange: found,
                form: angled ? .autolink : .bare, item: item)
        }
        // Not found as written (entities in it): placed where the search stands, not editable.
        if destination.hasPrefix("mailto:") || destination.hasPrefix("xmpp:") { return nil }
        let at = min(searchFrom, post.bytes.count)
        let (line, column) = post.point(at: at)
        return Link(
            text: text, url: destination, line: line, column: column, span: at..<at, urlRange: nil, form: .autolink,
            item: item)
    }

    /// In a Jekyll post, the kramdown link `[text](URL with a space)` whose URL's first part
    /// GitHub's autolink extension took for a bare URL at `found`: kramdown reads the whole
    /// as one link, so it is recorded as such (its URL as written, which `invalid-url` then
    /// names), not as a bare URL cut at the space that other links could duplicate.
    private func kramdownLink(around found: Range<Int>) -> (upperBound: Int, link: (Int) -> Link)? {
        guard isJekyll else { return nil }
        let bytes = post.bytes
        var open = found.lowerBound - 1
        while open >= 0, bytes[open] == 0x20 || bytes[open] == 0x09 { open -= 1 }
        guard open >= 1, bytes[open] == UInt8(ascii: "("), bytes[open - 1] == UInt8(ascii: "]") else { return nil }
        // Whether the byte at `i` is escaped (an odd run of backslashes before it).
        func isEscaped(_ i: Int) -> Bool {
            var slashes = 0
            while i - slashes - 1 >= 0, bytes[i - slashes - 1] == UInt8(ascii: "\\") { slashes += 1 }
            return slashes % 2 == 1
        }
        // The `[` that opens the text, on the line, brackets balanced (escaped ones are text).
        var depth = 0
        var start = open - 1
        while start > 0 {
            start -= 1
            let byte = bytes[start]
            if byte == 0x0A || byte == 0x0D { return nil }
            if isEscaped(start) { continue }
            if byte == UInt8(ascii: "]") { depth += 1 }
            if byte == UInt8(ascii: "[") {
                if depth == 0 { break }
                depth -= 1
            }
        }
        guard bytes[start] == UInt8(ascii: "["), start == 0 || bytes[start - 1] != UInt8(ascii: "!") else { return nil }
        // The `)` that closes the destination, on the line, parentheses balanced.
        depth = 0
        var close = found.upperBound
        while close < bytes.count {
            let byte = bytes[close]
            if byte == 0x0A || byte == 0x0D { return nil }
            if byte == UInt8(ascii: "(") { depth += 1 }
            if byte == UInt8(ascii: ")") {
                if depth == 0 { break }
                depth -= 1
            }
            close += 1
        }
        guard close < bytes.count else { return nil }
        var lower = open + 1
        var upper = close
        while lower < upper, bytes[lower] == 0x20 || bytes[lower] == 0x09 { lower += 1 }
        while upper > lower, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 { upper -= 1 }
        // A title after the URL (`"…"` or `'…'`, after a space) is not the URL's.
        if upper - lower >= 2, let quote = [UInt8(ascii: "\""), UInt8(ascii: "'")].first(where: { $0 == bytes[upper - 1] }),
            let opening = bytes[lower..<(upper - 1)].lastIndex(of: quote), opening > lower,
            bytes[opening - 1] == 0x20 || bytes[opening - 1] == 0x09
        {
            upper = opening
            while upper > lower, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 { upper -= 1 }
        }
        let text = String(decoding: bytes[(start + 1)..<(open - 1)], as: UTF8.self)
        let url = String(decoding: bytes[lower..<upper], as: UTF8.self)
        let (line, column) = post.point(at: start)
        return (
            close + 1,
            { item in
                var link = Link(
                    text: text, url: url, line: line, column: column, span: start..<(close + 1), urlRange: lower..<upper,
                    form: .inline, item: item)
                link.readByKramdown = true
                return link
            }
        )
    }

    /// The destination of `[text](destination "title")` as written, read by CommonMark's
    /// grammar (the text's brackets balanced, a `<…>` destination or one up to a space or
    /// an unbalanced parenthesis): never a copy of the URL found in the title or text.
    private func inlineDestination(in span: Range<Int>, of bytes: [UInt8]) -> Range<Int>? {
        precondition(span.lowerBound >= 0 && span.upperBound <= bytes.count, "span outside the text")
        return bytes.withUnsafeBufferPointer { Self.inlineDestination(in: span, of: $0) }
    }

    /// ``inlineDestination(in:of:)`` on the text's memory, without a bounds check per byte.
    private static func inlineDestination(in span: Range<Int>, of bytes: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var i = span.lowerBound + 1
        var depth = 1
        while i < span.upperBound {
            // Eight bytes a step to the next byte that matters here.
            i = WordScan.firstIndex(
                in: bytes, from: i, to: span.upperBound, UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "["),
                UInt8(ascii: "]"))
            guard i < span.upperBound else { break }
            let byte = bytes[i]
            if byte == UInt8(ascii: "\\") {
                i += 2
                continue
            }
            if byte == UInt8(ascii: "`") {
                // A code span: its brackets do not count.
                var run = 0
                while i < span.upperBound && bytes[i] == UInt8(ascii: "`") { run += 1; i += 1 }
                var j = i
                while j < span.upperBound {
                    if bytes[j] == UInt8(ascii: "`") {
                        var closing = 0
                        while j < span.upperBound && bytes[j] == UInt8(ascii: "`") { closing += 1; j += 1 }
                        if closing == run { i = j; break }
                    } else {
                        j += 1
                    }
                }
                continue
            }
            if byte == UInt8(ascii: "[") { depth += 1 }
            if byte == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 { break }
            }
            i += 1
        }
        guard i + 1 < span.upperBound, bytes[i] == UInt8(ascii: "]"), bytes[i + 1] == UInt8(ascii: "(") else { return nil }
        var j = i + 2
        while j < span.upperBound, bytes[j] == 0x20 || bytes[j] == 0x09 || bytes[j] == 0x0A || bytes[j] == 0x0D { j += 1 }
        guard j < span.upperBound else { return nil }
        if bytes[j] == UInt8(ascii: "<") {
            var k = j + 1
            while k < span.upperBound, bytes[k] != UInt8(ascii: ">"), bytes[k] != 0x0A {
                k += bytes[k] == UInt8(ascii: "\\") ? 2 : 1
            }
            return k < span.upperBound && bytes[k] == UInt8(ascii: ">") ? (j + 1)..<k : nil
        }
        var k = j
        var parentheses = 0
        while k < span.upperBound {
            k = WordScan.firstIndex(
                in: bytes, from: k, to: span.upperBound, below: 0x21, UInt8(ascii: "\\"), UInt8(ascii: "("),
                UInt8(ascii: ")"))
            guard k < span.upperBound else { break }
            let byte = bytes[k]
            if byte == UInt8(ascii: "\\") && k + 1 < span.upperBound {
                k += 2
                continue
            }
            if byte <= 0x20 { break }
            if byte == UInt8(ascii: "(") { parentheses += 1 }
            if byte == UInt8(ascii: ")") {
                if parentheses == 0 { break }
                parentheses -= 1
            }
            k += 1
        }
        return j..<min(k, span.upperBound)
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
        // A kramdown span attribute list (`{:target="_blank"}`) dresses the link, and
        // emphasis around the link (`**[Title](url)**`) closes before the description.
        if let end = Self.spanAttributeListEnd(post.bytes, from: restStart, limit: paragraphEnd) { restStart = end }
        while restStart < paragraphEnd, post.bytes[restStart] == UInt8(ascii: "*") || post.bytes[restStart] == UInt8(ascii: "_") {
            restStart += 1
        }
        var tags: String?
        if restStart < paragraphEnd {
            let rest = String(decoding: post.bytes[restStart..<paragraphEnd], as: UTF8.self)
            let parts = DescriptionSeparator.parts(rest.collapsingLineBreaks())
            tags = parts.tags
            separator = parts.separator
            description = parts.text.isEmpty ? nil : parts.text
        }
        return Entry(
            title: link.text.trimmingSpaces(), url: link.url, description: description, separator: separator,
            section: item.section, line: link.line, column: link.column, item: itemIndex, link: linkIndex,
            lead: lead(of: item, before: link), tags: tags)
    }

    /// The item's text before its link, emphasis around the link aside; nil when the link
    /// starts it.
    private func lead(of item: ListItem, before link: Link) -> String? {
        guard let own = post.ownTextRange(of: item), own.lowerBound < link.span.lowerBound,
            link.span.lowerBound <= own.upperBound
        else { return nil }
        var end = link.span.lowerBound
        while end > own.lowerBound, post.bytes[end - 1] == UInt8(ascii: "*") || post.bytes[end - 1] == UInt8(ascii: "_") {
            end -= 1
        }
        let text = String(decoding: post.bytes[own.lowerBound..<end], as: UTF8.self).collapsingLineBreaks()
        guard let first = text.firstIndex(where: { $0 != " " && $0 != "\t" }) else { return nil }
        return String(text[first...])
    }

    /// One past the `}` of a kramdown span attribute list (`{:target="_blank"}`,
    /// `{: .class}`, `{:#id}`) that starts at `start`, on its line; nil when none does.
    static func spanAttributeListEnd(_ bytes: [UInt8], from start: Int, limit: Int) -> Int? {
        guard start + 2 < limit, bytes[start] == UInt8(ascii: "{"), bytes[start + 1] == UInt8(ascii: ":") else { return nil }
        var quote: UInt8?
        var i = start + 2
        while i < limit, bytes[i] != 0x0A, bytes[i] != 0x0D {
            let byte = bytes[i]
            if let open = quote {
                if byte == UInt8(ascii: "\\") {
                    i += 1
                } else if byte == open {
                    quote = nil
                }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: "}") {
                return i + 1
            } else if byte == UInt8(ascii: "{") {
                return nil
            }
            i += 1
        }
        return nil
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
