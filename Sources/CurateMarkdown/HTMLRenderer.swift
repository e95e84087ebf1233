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
        /// the same one, nor its text): where the link starts (its `[`), the new destination.
        public var relinked: [Point: String] = [:]

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

    private static func adjust(_ root: OpaquePointer, _ adjustments: Adjustments, lineOffset: Int) {
        var removals: [OpaquePointer] = []
        var relinks: [(OpaquePointer, String)] = []
        var relinksInPlace: [(OpaquePointer, String)] = []
        var reorders: [(OpaquePointer, [Int])] = []
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
            if type == CMARK_NODE_LINK, !adjustments.relinked.isEmpty,
                let url = adjustments.relinked[
                    Adjustments.Point(
                        line: Int(cmark_node_get_start_line(node)) + lineOffset, column: Int(cmark_node_get_start_column(node)))
                ]
            {
                relinksInPlace.append((node, url))
            } else if type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE, !adjustments.destinations.isEmpty,
                let url = cmark_node_get_url(node), let replacement = adjustments.destinations[String(cString: url)]
            {
                relinks.append((node, replacement))
            } else if !adjustments.removedEmptyItems.isEmpty, cmark_node_first_child(node) == nil,
                let parent = cmark_node_parent(node), cmark_node_get_type(parent) == CMARK_NODE_LIST,
                adjustments.removedEmptyItems.contains(Int(cmark_node_get_start_line(node)) + lineOffset)
            {
                removals.append(node)
            }
        }
        for (node, url) in relinks {
            if let old = cmark_node_get_url(node).map({ String(cString: $0) }), let text = cmark_node_first_child(node),
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
        for (node, url) in relinksInPlace { cmark_node_set_url(node, url) }
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
