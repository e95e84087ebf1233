import CCmarkGFM
import CCmarkShim

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Renders Markdown to HTML as GitHub does: cmark-gfm with GitHub's extensions (table,
/// strikethrough, autolink, tagfilter, tasklist), raw HTML kept (so that a change inside
/// it shows). Used to prove that an edit keeps what a post means: the rendering of the
/// result equals the rendering of the input, with the edit's documented effects applied
/// to the input's tree before it is rendered.
public enum HTMLRenderer {
    /// What an edit is documented to change, applied to the tree before rendering.
    public struct Adjustments: Sendable, Hashable {
        /// Lines (of the document, after `lineOffset`) where an empty list item starts that
        /// is expected to be gone; a list left with no items goes too.
        public var removedEmptyItems: Set<Int> = []
        /// Link destinations expected to change, old to new. An autolink's text, which is its
        /// URL as written, changes with it.
        public var destinations: [String: String] = [:]

        /// Lists whose items are expected in another order: the list's first line, and the
        /// first lines of its items in their new order.
        public var reorderedLists: [Int: [Int]] = [:]

        /// Links expected to change their destination, this link only (not another node with
        /// the same one): where the link starts (its `[`, its `<`, a bare URL's first
        /// character), and the change. A link not found there, or found with another
        /// destination, is expected to change as ``destinations`` say (every node with the
        /// old destination): cmark-gfm misplaces some autolinks.
        public var relinked: [Point: Relink] = [:]

        /// A link's change of destination, and whether its text is the URL and changes
        /// with it (an autolink's), or stays (`[text](URL)`).
        public struct Relink: Hashable, Sendable {
            public var from: String
            public var to: String
            public var textIsURL: Bool

            public init(from: String, to: String, textIsURL: Bool) {
                self.from = from
                self.to = to
                self.textIsURL = textIsURL
            }
        }

        /// A place in the document: a line (of the file, as in ``removedEmptyItems``) and a
        /// 1-based byte column.
        public struct Point: Hashable, Sendable {
            public var line: Int
            public var column: Int

            public init(line: Int, column: Int) {
                self.line = line
                self.column = column
            }
        }

        public init(
            removedEmptyItems: Set<Int> = [], destinations: [String: String] = [:], reorderedLists: [Int: [Int]] = [:]
        ) {
            self.removedEmptyItems = removedEmptyItems
            self.destinations = destinations
            self.reorderedLists = reorderedLists
        }

        public var isEmpty: Bool {
            removedEmptyItems.isEmpty && destinations.isEmpty && reorderedLists.isEmpty && relinked.isEmpty
        }

        var needsPositions: Bool { !removedEmptyItems.isEmpty || !reorderedLists.isEmpty || !relinked.isEmpty }
    }

    /// The HTML of `bytes`; `lineOffset` is the number of lines before them in their file
    /// (the lines of ``Adjustments`` are the file's).
    public static func render(
        _ bytes: ArraySlice<UInt8>, lineOffset: Int = 0, adjustments: Adjustments = Adjustments()
    ) -> [UInt8] {
        let options = CMARK_OPT_UNSAFE | (adjustments.needsPositions ? CMARK_OPT_SOURCEPOS : 0)
        // Parser, tree, adjustments and HTML live in an arena of this thread, freed at once
        // after the HTML is copied out (see CmarkParser.parse).
        let arena = curate_arena_begin()
        defer { curate_arena_end() }
        let parser = GFMExtensions.makeParser(options: options, memory: arena)
        let finished: OpaquePointer? = GFMExtensions.serialized {
            bytes.withUnsafeBufferPointer { buffer in
                if let base = buffer.baseAddress, buffer.count > 0 {
                    base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                        cmark_parser_feed(parser, $0, buffer.count)
                    }
                }
            }
            return cmark_parser_finish(parser)
        }
        guard let root = finished else {
            fatalError("cmark_parser_finish returned NULL: out of memory")
        }
        if !adjustments.isEmpty {
            adjust(root, adjustments, lineOffset: lineOffset)
        }
        // Source positions were only needed to find the items: rendered without them.
        guard let html = cmark_render_html(root, CMARK_OPT_UNSAFE, cmark_parser_get_syntax_extensions(parser)) else {
            fatalError("cmark_render_html returned NULL: out of memory")
        }
        let length = strlen(html)
        return html.withMemoryRebound(to: UInt8.self, capacity: length) {
            Array(UnsafeBufferPointer(start: $0, count: length))
        }
    }

    /// The lines of the block (a paragraph, a heading, a table cell) that holds an inline
    /// node, as the file numbers them; nil when cmark-gfm gives it none.
    private static func blockLines(of node: OpaquePointer, _ lineOffset: Int) -> ClosedRange<Int>? {
        var block = cmark_node_parent(node)
        while let current = block, Int(cmark_node_get_type(current).rawValue) & 0xC000 != 0x8000 {
            block = cmark_node_parent(current)
        }
        guard let block else { return nil }
        let first = Int(cmark_node_get_start_line(block))
        let last = Int(cmark_node_get_end_line(block))
        guard first > 0, last >= first else { return nil }
        return (first + lineOffset)...(last + lineOffset)
    }

    private static func adjust(_ root: OpaquePointer, _ adjustments: Adjustments, lineOffset: Int) {
        var removals: [OpaquePointer] = []
        var relinks: [(node: OpaquePointer, url: String, textIsURL: Bool)] = []
        var reorders: [(OpaquePointer, [Int])] = []
        // Links and images not relinked where they start, with their destination, for the
        // changes by destination.
        var others: [(node: OpaquePointer, url: String)] = []
        var placed = Set<Adjustments.Point>()
        let relinking = !adjustments.destinations.isEmpty || !adjustments.relinked.isEmpty
        guard let iterator = cmark_iter_new(root) else { return }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_LIST, let order = adjustments.reorderedLists[Int(cmark_node_get_start_line(node)) + lineOffset]
            {
                reorders.append((node, order))
            }
            if relinking, type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE, let pointer = cmark_node_get_url(node) {
                let url = String(cString: pointer)
                let start = Adjustments.Point(
                    line: Int(cmark_node_get_start_line(node)) + lineOffset, column: Int(cmark_node_get_start_column(node)))
                if type == CMARK_NODE_LINK, let relink = adjustments.relinked[start], relink.from == url,
                    placed.insert(start).inserted
                {
                    relinks.append((node, relink.to, relink.textIsURL))
                } else {
                    others.append((node, url))
                }
            } else if !adjustments.removedEmptyItems.isEmpty, cmark_node_first_child(node) == nil,
                let parent = cmark_node_parent(node), cmark_node_get_type(parent) == CMARK_NODE_LIST,
                adjustments.removedEmptyItems.contains(Int(cmark_node_get_start_line(node)) + lineOffset)
            {
                removals.append(node)
            }
        }
        // Links cmark-gfm gives no place (bare URLs) or a wrong one (`<…>` autolinks): each
        // is found by its destination in the block that holds it (a paragraph, a heading),
        // when that block holds one link with it and one change of it starts there.
        var found: [Int: String] = [:]  // index in `others`, new destination
        var unplaced: [String: [Adjustments.Point]] = [:]
        for start in adjustments.relinked.keys where !placed.contains(start) {
            unplaced[adjustments.relinked[start]!.from, default: []].append(start)
        }
        if !unplaced.isEmpty {
            var blocks: [String: [(index: Int, lines: ClosedRange<Int>)]] = [:]
            for (index, other) in others.enumerated() where unplaced[other.url] != nil {
                guard cmark_node_get_type(other.node) == CMARK_NODE_LINK, let lines = blockLines(of: other.node, lineOffset)
                else { continue }
                blocks[other.url, default: []].append((index, lines))
            }
            for (url, starts) in unplaced {
                for start in starts {
                    let nodes = (blocks[url] ?? []).filter { $0.lines.contains(start.line) }
                    guard nodes.count == 1, starts.filter({ nodes[0].lines.contains($0.line) }).count == 1 else { continue }
                    found[nodes[0].index] = adjustments.relinked[start]!.to
                    placed.insert(start)
                }
            }
        }
        // Changes by destination: those given so, and the links not found where they start.
        var byDestination = adjustments.destinations
        for (start, relink) in adjustments.relinked where !placed.contains(start) {
            byDestination[relink.from] = relink.to
        }
        for (index, (node, url)) in others.enumerated() {
            if let destination = found[index] {
                // Found by its destination: an autolink's text is its URL (a kramdown
                // reading of a Jekyll post's `[text](URL)` is an autolink to cmark).
                relinks.append((node, destination, true))
            } else if let replacement = byDestination[url] {
                relinks.append((node, replacement, true))
            }
        }
        for (node, url, textIsURL) in relinks {
            if textIsURL, let old = cmark_node_get_url(node).map({ String(cString: $0) }),
                let text = cmark_node_first_child(node),
                cmark_node_get_type(text) == CMARK_NODE_TEXT, cmark_node_next(text) == nil,
                let literal = cmark_node_get_literal(text).map({ String(cString: $0) })
            {
                if literal == old {
                    cmark_node_set_literal(text, url)
                } else if "http://" + literal == old, url.hasPrefix("http://") {
                    cmark_node_set_literal(text, String(url.dropFirst(7)))
                }
            }
            cmark_node_set_url(node, url)
        }
        for (list, order) in reorders {
            var items: [Int: OpaquePointer] = [:]
            var child = cmark_node_first_child(list)
            while let item = child {
                items[Int(cmark_node_get_start_line(item)) + lineOffset] = item
                child = cmark_node_next(item)
            }
            for line in order {
                guard let item = items[line] else { continue }
                cmark_node_unlink(item)
                cmark_node_append_child(list, item)
            }
        }
        for node in removals {
            let list = cmark_node_parent(node)
            cmark_node_free(node)  // unlinks it first
            if let list, cmark_node_first_child(list) == nil {
                cmark_node_free(list)
            }
        }
    }
}
