/// A position in the source: 1-based line and 1-based byte column, as cmark reports them.
public struct SourcePoint: Sendable, Hashable, Comparable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: SourcePoint, b: SourcePoint) -> Bool {
        a.line != b.line ? a.line < b.line : a.column < b.column
    }
}

/// One node of a parsed Markdown document, as a plain value.
///
/// Nodes are stored in document (pre-)order in ``MarkdownTree/nodes``; a node's
/// descendants are exactly the nodes at indices `index + 1 ..< subtreeEnd`.
public struct MarkdownNode: Sendable, Equatable {
    public enum Kind: UInt8, Sendable {
        case document, blockQuote, list, item, codeBlock, htmlBlock, customBlock
        case paragraph, heading, thematicBreak, footnoteDefinition, otherBlock
        case text, softBreak, lineBreak, code, htmlInline, customInline
        case emphasis, strong, link, image, footnoteReference, otherInline

        public var isBlock: Bool { rawValue <= Kind.otherBlock.rawValue }
    }

    public enum ListType: UInt8, Sendable {
        case bullet, ordered
    }

    public enum Delimiter: UInt8, Sendable {
        case none, period, parenthesis
    }

    public var kind: Kind
    /// Index of the parent node, or -1 for the document.
    public var parent: Int32
    /// Index one past the node's last descendant.
    public var subtreeEnd: Int32
    /// Where the node starts; line 0 when cmark gave no position.
    public var start: SourcePoint
    /// Where the node ends (inclusive column).
    public var end: SourcePoint
    /// Heading level (1-6); 0 otherwise.
    public var headingLevel: Int8 = 0
    /// For lists.
    public var listType: ListType = .bullet
    public var listStart: Int = 0
    public var listDelimiter: Delimiter = .none
    public var listTight: Bool = false
    /// For code blocks: whether fenced.
    public var fenced: Bool = false
    /// Where the node's text lies in its tree's ``MarkdownTree/strings`` (text of text,
    /// code, HTML and code-block nodes; destination of links and images): read with
    /// ``MarkdownTree/text(of:)``. A node holds no string of its own, so a copy of one
    /// retains nothing, and a tree is freed as a few arrays.
    var textStart: Int32 = 0
    var textCount: Int32 = 0

    public var hasPosition: Bool { start.line > 0 }
}

/// A parsed Markdown document: its nodes in document order.
public struct MarkdownTree: Sendable {
    public var nodes: [MarkdownNode]
    /// The nodes' texts, one after another (see ``text(of:)``).
    public var strings: [UInt8]
    /// The first line of a piece of text not read: its parse would have taken more than
    /// ``MarkdownReader/memoryLimit`` (the tree is empty then).
    public var unreadFrom: Int?

    public init(nodes: [MarkdownNode], strings: [UInt8] = []) {
        self.nodes = nodes
        self.strings = strings
    }

    /// The text of the node at `index`: the literal of a text, code, HTML or code-block
    /// node, the destination of a link or image; empty for other nodes.
    public func text(of index: Int) -> String {
        let (start, count) = (Int(nodes[index].textStart), Int(nodes[index].textCount))
        guard count > 0 else { return "" }
        return strings.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[start..<(start + count)]), as: UTF8.self)
        }
    }

    /// ``text(of:)`` as its bytes, without making a string.
    public func textBytes(of index: Int) -> ArraySlice<UInt8> {
        let start = Int(nodes[index].textStart)
        return strings[start..<(start + Int(nodes[index].textCount))]
    }

    /// How deeply blocks nest (a list in a list in a quote ...), counted without recursion.
    public var maximumDepth: Int {
        var ends: [Int32] = []
        var deepest = 0
        // Each node's subtree end read in place: copying a node retains its strings.
        nodes.withUnsafeBufferPointer { nodes in
            for index in nodes.indices {
                while let last = ends.last, Int(last) <= index { ends.removeLast() }
                ends.append(nodes[index].subtreeEnd)
                deepest = max(deepest, ends.count)
            }
        }
        return deepest
    }

    /// The line of the first node nested more than `limit` deep (see ``maximumDepth``);
    /// nil when none is.
    public func firstLine(deeperThan limit: Int) -> Int? {
        var ends: [Int32] = []
        return nodes.withUnsafeBufferPointer { nodes -> Int? in
            for index in nodes.indices {
                while let last = ends.last, Int(last) <= index { ends.removeLast() }
                ends.append(nodes[index].subtreeEnd)
                if ends.count > limit { return nodes[index].start.line }
            }
            return nil
        }
    }

    /// Indices of the direct children of the node at `index`.
    public func children(of index: Int) -> ChildIndices {
        ChildIndices(tree: self, parent: index)
    }

    /// Index of the last direct child of the node at `index`, if any.
    public func lastChild(of index: Int) -> Int? {
        var last: Int?
        for child in children(of: index) { last = child }
        return last
    }

    /// The plain text of a node's inline content (text, code, and line breaks as spaces).
    /// With `markup` false, inline HTML tags and images are left out, as a reader sees it
    /// (`## Tools <img src="x.svg">` is "Tools ").
    public func plainText(of index: Int, markup: Bool = true) -> String {
        let end = Int(nodes[index].subtreeEnd)
        // The common case, one text node: its text.
        if end == index + 2, nodes[index + 1].kind == .text { return text(of: index + 1) }
        var result: [UInt8] = []
        var i = index + 1
        while i < end {
            switch nodes[i].kind {
            case .text, .code:
                result.append(contentsOf: textBytes(of: i))
            case .htmlInline where markup:
                result.append(contentsOf: textBytes(of: i))
            case .image where !markup:
                i = Int(nodes[i].subtreeEnd)
                continue
            case .softBreak, .lineBreak:
                result.append(0x20)
            default:
                break
            }
            i += 1
        }
        return String(decoding: result, as: UTF8.self)
    }

    public struct ChildIndices: Sequence {
        let tree: MarkdownTree
        let parent: Int

        public func makeIterator() -> Iterator {
            Iterator(nodes: tree.nodes, position: parent + 1, end: Int(tree.nodes[parent].subtreeEnd))
        }

        public struct Iterator: IteratorProtocol {
            let nodes: [MarkdownNode]
            var position: Int
            let end: Int

            public mutating func next() -> Int? {
                guard position < end else { return nil }
                let current = position
                position = Int(nodes[current].subtreeEnd)
                return current
            }
        }
    }
}
