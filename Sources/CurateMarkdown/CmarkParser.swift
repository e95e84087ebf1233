import CCmarkGFM
import CCmarkShim

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one place that talks to cmark-gfm: parse bytes, convert the whole tree to
/// ``MarkdownNode`` values, free everything, return.
enum CmarkParser {
    /// Parses `bytes` as GitHub does (cmark-gfm with its extensions: tables, strikethrough,
    /// autolinks, task lists) with source positions. `lineOffset` is added to every line
    /// number, so a slice of a larger file reports the lines of that file.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, lineOffset: Int, memoryLimit: Int = MarkdownReader.memoryLimit)
        -> MarkdownTree
    {
        // The parser, its tree and their buffers live in an arena of this thread, freed at
        // once when the tree is converted: no free per node, no walk of the tree to free it.
        let arena = curate_arena_begin()
        defer { curate_arena_end() }
        let parser = GFMExtensions.makeParser(options: CMARK_OPT_SOURCEPOS, memory: arena)
        var exceeded: Int32 = 0
        let finished: OpaquePointer? = GFMExtensions.serialized {
            guard let base = bytes.baseAddress, bytes.count > 0 else {
                return curate_parse_within(parser, "", 0, memoryLimit, &exceeded)
            }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                curate_parse_within(parser, $0, bytes.count, memoryLimit, &exceeded)
            }
        }
        if exceeded != 0 {
            var tree = MarkdownTree(nodes: [])
            tree.unreadFrom = lineOffset + 1
            return tree
        }
        guard let root = finished else {
            fatalError("cmark_parser_finish returned NULL: out of memory")
        }
        return convert(root, lineOffset: lineOffset, size: bytes.count)
    }

    /// The tree under `root`, for a text of `size` bytes (a node for every 20 bytes or so
    /// in a list of links: room for them is made at once).
    private static func convert(_ root: OpaquePointer, lineOffset: Int, size: Int) -> MarkdownTree {
        var nodes: [MarkdownNode] = []
        nodes.reserveCapacity(max(64, size / 16))
        // The texts of a chunk are at most about as long as the chunk.
        var strings: [UInt8] = []
        strings.reserveCapacity(size + 64)
        var stack: [Int] = []
        var current = root
        while true {
            let index = nodes.count
            nodes.append(makeNode(current, parent: stack.last ?? -1, lineOffset: lineOffset))
            addText(to: &nodes[index], from: current, strings: &strings)
            if let child = cmark_node_first_child(current) {
                stack.append(index)
                current = child
                continue
            }
            nodes[index].subtreeEnd = Int32(nodes.count)
            // Climb until a node has a next sibling.
            var node = current
            while true {
                if node == root {
                    return MarkdownTree(nodes: nodes, strings: strings)
                }
                if let next = cmark_node_next(node) {
                    current = next
                    break
                }
                guard let parent = cmark_node_parent(node), let parentIndex = stack.popLast() else {
                    return MarkdownTree(nodes: nodes, strings: strings)
                }
                nodes[parentIndex].subtreeEnd = Int32(nodes.count)
                node = parent
            }
        }
    }

    private static func makeNode(_ node: OpaquePointer, parent: Int, lineOffset: Int) -> MarkdownNode {
        let kind = kind(of: node)
        let startLine = Int(cmark_node_get_start_line(node))
        let endLine = Int(cmark_node_get_end_line(node))
        var result = MarkdownNode(
            kind: kind,
            parent: Int32(parent),
            subtreeEnd: 0,
            start: SourcePoint(
                line: startLine > 0 ? startLine + lineOffset : 0,
                column: Int(cmark_node_get_start_column(node))),
            end: SourcePoint(
                line: endLine > 0 ? endLine + lineOffset : 0,
                column: Int(cmark_node_get_end_column(node)))
        )
        switch kind {
        case .codeBlock:
            var length: Int32 = 0
            var offset: Int32 = 0
            var character: CChar = 0
            result.fenced = cmark_node_get_fenced(node, &length, &offset, &character) != 0
        case .heading:
            result.headingLevel = Int8(cmark_node_get_heading_level(node))
        case .list:
            result.listType = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST ? .ordered : .bullet
            result.listStart = Int(cmark_node_get_list_start(node))
            switch cmark_node_get_list_delim(node) {
            case CMARK_PERIOD_DELIM: result.listDelimiter = .period
            case CMARK_PAREN_DELIM: result.listDelimiter = .parenthesis
            default: result.listDelimiter = .none
            }
            result.listTight = cmark_node_get_list_tight(node) != 0
        default:
            break
        }
        return result
    }

    /// The text of text, code, HTML and code-block nodes and the destination of links and
    /// images, appended to the tree's `strings` (a link's title is not read).
    private static func addText(to result: inout MarkdownNode, from node: OpaquePointer, strings: inout [UInt8]) {
        let text: UnsafePointer<CChar>?
        switch result.kind {
        case .text, .code, .htmlInline, .htmlBlock, .codeBlock: text = cmark_node_get_literal(node)
        case .link, .image: text = cmark_node_get_url(node)
        default: return
        }
        guard let text else { return }
        let count = strlen(text)
        guard count > 0 else { return }
        result.textStart = Int32(strings.count)
        result.textCount = Int32(count)
        strings.append(contentsOf: UnsafeRawBufferPointer(start: text, count: count))
    }

    private static func kind(of type: cmark_node_type) -> MarkdownNode.Kind {
        switch type {
        case CMARK_NODE_DOCUMENT: return .document
        case CMARK_NODE_BLOCK_QUOTE: return .blockQuote
        case CMARK_NODE_LIST: return .list
        case CMARK_NODE_ITEM: return .item
        case CMARK_NODE_CODE_BLOCK: return .codeBlock
        case CMARK_NODE_HTML_BLOCK: return .htmlBlock
        case CMARK_NODE_CUSTOM_BLOCK: return .customBlock
        case CMARK_NODE_PARAGRAPH: return .paragraph
        case CMARK_NODE_HEADING: return .heading
        case CMARK_NODE_THEMATIC_BREAK: return .thematicBreak
        case CMARK_NODE_FOOTNOTE_DEFINITION: return .footnoteDefinition
        case CMARK_NODE_TEXT: return .text
        case CMARK_NODE_SOFTBREAK: return .softBreak
        case CMARK_NODE_LINEBREAK: return .lineBreak
        case CMARK_NODE_CODE: return .code
        case CMARK_NODE_HTML_INLINE: return .htmlInline
        case CMARK_NODE_CUSTOM_INLINE: return .customInline
        case CMARK_NODE_EMPH: return .emphasis
        case CMARK_NODE_STRONG: return .strong
        case CMARK_NODE_LINK: return .link
        case CMARK_NODE_IMAGE: return .image
        case CMARK_NODE_FOOTNOTE_REFERENCE: return .footnoteReference
        default:
            return (type.rawValue & 0x4000) == 0 ? .otherBlock : .otherInline
        }
    }

    /// The kind of a node, task list items (an extension's type) read as items.
    private static func kind(of node: OpaquePointer) -> MarkdownNode.Kind {
        let type = cmark_node_get_type(node)
        let kind = kind(of: type)
        if kind == .otherBlock, let name = cmark_node_get_type_string(node), strcmp(name, "tasklist") == 0 {
            return .item
        }
        return kind
    }
}
