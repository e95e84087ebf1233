/// An entry put elsewhere in its list (with everything nested in it), named by its URL's
/// key: after or before another entry of the list. Moves are made after an edit's other
/// changes, so a moved entry carries them.
public struct EntryMove: Sendable, Equatable {
    public enum Anchor: Sendable, Equatable {
        case after(String)
        case before(String)

        /// The key of the entry it names.
        public var key: String {
            switch self {
            case let .after(key), let .before(key): key
            }
        }
    }

    public var key: String
    public var anchor: Anchor

    public init(key: String, anchor: Anchor) {
        self.key = key
        self.anchor = anchor
    }
}

extension PostEditor {
    /// `bytes` (read as `path`) with `moves` made: each entry's lines out of their place
    /// and in at their anchor's, under the marker of the anchor's list. A move whose entry
    /// or anchor is not there is not made. Entries nested in a moving entry move in a
    /// later pass, once their parent is in place.
    func move(_ moves: [EntryMove], in bytes: [UInt8], path: String) throws -> [UInt8] {
        var bytes = bytes
        var pending = moves
        while !pending.isEmpty {
            let post = try PostReader.parse(bytes, path: path)
            var items: [String: Int] = [:]
            for (entry, key) in zip(post.entries, RepeatedKeys.editorKeys(of: post, identity: configuration.identity)) {
                items[key] = entry.item
            }
            func item(_ anchor: EntryMove.Anchor) -> Int? {
                switch anchor {
                case let .after(key), let .before(key): items[key]
                }
            }
            pending.removeAll { items[$0.key] == nil || item($0.anchor) == nil }
            let spans = pending.map {
                post.items[items[$0.key]!].line...Self.contentLastLine(of: post.items[items[$0.key]!], in: post)
            }
            // This pass: the moves not inside another pending one.
            var now: [EntryMove] = []
            var later: [EntryMove] = []
            for (index, move) in pending.enumerated() {
                let span = spans[index]
                let nested = spans.indices.contains { $0 != index && spans[$0] != span && spans[$0].contains(span.lowerBound) }
                if nested { later.append(move) } else { now.append(move) }
            }
            bytes = move(now, in: post, items: items)
            pending = later
        }
        return bytes
    }

    private func move(_ moves: [EntryMove], in post: Post, items: [String: Int]) -> [UInt8] {
        var insertions = Insertions()
        var skipped = Set<Int>()
        var moving = Set<Int>()
        // How many items went after (index) or before (-1 - index) an item.
        var placed: [Int: Int] = [:]
        for move in moves {
            let index = items[move.key]!
            let item = post.items[index]
            let lastLine = Self.contentLastLine(of: item, in: post)
            guard let text = ItemText(item, in: post, through: lastLine) else { continue }
            moving.insert(index)
            skipped.formUnion(item.line...lastLine)
            let list = post.lists[item.list]
            if !list.tight {
                // A loose list's blank line goes with the item: the one before it, or the
                // one after it for the first.
                if index > list.items.lowerBound {
                    skipped.formUnion(Self.contentLastLine(of: post.items[index - 1], in: post) + 1...lastLine)
                } else if index + 1 < list.items.upperBound {
                    skipped.formUnion(item.line..<post.items[index + 1].line)
                }
            }
            // Under the anchor's list's marker, in its container (indentation, quotes).
            let after: Bool
            let anchorIndex: Int
            switch move.anchor {
            case let .after(key): (after, anchorIndex) = (true, items[key]!)
            case let .before(key): (after, anchorIndex) = (false, items[key]!)
            }
            let anchor = post.items[anchorIndex]
            let target = post.lists[anchor.list]
            let side = after ? anchorIndex : -1 - anchorIndex
            let offset = placed[side, default: 0]
            placed[side] = offset + 1
            let (marker, container) = Self.landing(nextTo: anchorIndex, after: after, offset: offset, in: post)
            var lines = text.lines(container: container, marker: marker + " ")
            if !target.tight {
                // A blank line inside the container (`>` in a quote).
                let blank = ItemText.blankLine(in: container)
                lines = after ? [blank] + lines : lines + [blank]
            }
            if after {
                insertions.add(lines, after: Self.contentLastLine(of: anchor, in: post))
            } else {
                insertions.before[post.directiveTop(of: anchor.line), default: []].append(contentsOf: lines)
            }
        }
        // An ordered list whose first item moves away still starts at its number.
        for list in post.lists where list.ordered && moving.contains(list.items.lowerBound) {
            guard let survivor = list.items.first(where: { !moving.contains($0) }) else { continue }
            let survivorItem = post.items[survivor]
            skipped.insert(survivorItem.line)
            insertions.before[survivorItem.line, default: []].append(
                Self.renumbered(post.lineText(survivorItem.line), markerColumn: survivorItem.markerColumn, to: list.start))
        }
        return splice(post, insertions, skipping: skipped)
    }

    /// The last line of an item's content: its `lastLine`, less the quote's blank lines
    /// (`>`) that end an item of a loose list inside a block quote.
    static func contentLastLine(of item: ListItem, in post: Post) -> Int {
        let quotes = post.lineBytes(item.line).prefix(item.markerColumn - 1).filter { $0 == UInt8(ascii: ">") }.count
        var last = item.lastLine
        guard quotes > 0 else { return last }
        while last > item.line, ItemText.unquoted(post.lineText(last), quotes).allSatisfy({ $0 == " " || $0 == "\t" }) {
            last -= 1
        }
        return last
    }

    /// How an item put after (or before) item `anchorIndex`, the `offset`th put on that
    /// side, is written: its marker, numbered on from the anchor (before a list's first
    /// item, from the list's start), and the anchor's container (tabs, a block quote's `>`).
    static func landing(nextTo anchorIndex: Int, after: Bool, offset: Int, in post: Post) -> (
        marker: String, container: String
    ) {
        let anchor = post.items[anchorIndex]
        let list = post.lists[anchor.list]
        let natural =
            offset
            + (after ? (anchor.number ?? 0) + 1 : anchorIndex == list.items.lowerBound ? list.start : anchor.number ?? 1)
        let marker = ListStyle(of: list).marker(number: number(landing: natural, in: list, of: post))
        return (marker, containerPrefix(post.lineBytes(anchor.line).prefix(anchor.markerColumn - 1)))
    }

    /// The number an item landing as the `natural`th of `list` is written with: the one
    /// all its items share when they share one (`1.` throughout), else `natural`.
    static func number(landing natural: Int, in list: ListBlock, of post: Post) -> Int {
        sharedNumber(of: list, in: post) ?? natural
    }

    /// The number all of a list's items are written with (`1.` throughout), when it has
    /// more than one item and they share one.
    static func sharedNumber(of list: ListBlock, in post: Post) -> Int? {
        guard list.items.count > 1, let first = post.items[list.items.lowerBound].number else { return nil }
        return post.items[list.items].allSatisfy({ $0.number == first }) ? first : nil
    }
}
