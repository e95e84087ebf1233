/// Where additions go that another version of the list placed (``Addition/parent``,
/// ``Addition/anchor``): nested under their parent entry, matched by URL key among ours
/// and the other additions, as an item of its nested list (one is made when it has
/// none); next to the entry that precedes (or follows) them there when ours has it in
/// the same list. The others, `remaining`, go at the end of their section's list.
struct AdditionPlacement {
    let additions: [Addition]
    let post: Post
    /// The additions that have no place here, in order.
    private(set) var remaining: [Int] = []
    /// Additions nested under another addition, by the parent's index.
    private var children: [Int: [Int]] = [:]
    /// Additions nested under an entry of ours, by its item, in order.
    private var nested: [(item: Int, additions: [Int])] = []
    /// Additions next to an entry of a top-level list of ours (or of a group's list).
    private var anchored: [(addition: Int, item: Int, after: Bool)] = []
    /// The marker of a new nested list: the one most of ours use (`-` without any).
    private let nestedStyle: ListStyle
    /// Items that got additions after (index) or before (-1 - index) them.
    private var placed: [Int: Int] = [:]
    /// Our entries' items by key.
    private var items: [String: Int] = [:]

    init(_ additions: [Addition], in post: Post, identity: URLIdentity) {
        self.additions = additions
        self.post = post
        var styles: [ListStyle: Int] = [:]
        for list in post.lists where list.parentItem != nil { styles[ListStyle(of: list), default: 0] += 1 }
        nestedStyle =
            styles.max { $0.value < $1.value || ($0.value == $1.value && $0.key.sortKey > $1.key.sortKey) }?.key
            ?? ListStyle(ordered: false, marker: UInt8(ascii: "-"))
        guard additions.contains(where: { $0.parent != nil || $0.anchor != nil }) else {
            remaining = Array(additions.indices)
            return
        }
        // A key listed twice: the second copy is `key\0#2` (what a sync's anchors name).
        for (entry, key) in zip(post.entries, RepeatedKeys.editorKeys(of: post, identity: identity)) {
            items[key] = entry.item
        }
        var added: [String: Int] = [:]
        for (index, addition) in additions.enumerated() {
            defer {
                let key = EntryMerge.key(url: addition.url, identity)
                if added[key] == nil { added[key] = index }
            }
            if let parent = addition.parent {
                // An entry moved (taken out, added again) is its addition.
                if let parentAddition = added[parent] {
                    children[parentAddition, default: []].append(index)
                    continue
                }
                if let item = items[parent] {
                    if let at = nested.firstIndex(where: { $0.item == item }) {
                        nested[at].additions.append(index)
                    } else {
                        nested.append((item, [index]))
                    }
                    continue
                }
            }
            // Next to its anchor in a top-level list, or in one nested under an item that
            // is no entry (a group's label: `- Frameworks` over its links).
            if addition.parent == nil, case let .existing(section) = addition.section, let anchor = addition.anchor,
                let item = items[anchor.key], post.items[item].section == section,
                post.lists[post.items[item].list].parentItem.map({ post.items[$0].entry == nil }) ?? true
            {
                if case .after = anchor {
                    anchored.append((index, item, true))
                } else {
                    anchored.append((index, item, false))
                }
                continue
            }
            remaining.append(index)
        }
    }

    /// The addition's item text with the additions nested under it.
    func tree(_ index: Int) -> ItemText {
        var text = additions[index].item
        for (offset, child) in (children[index] ?? []).enumerated() {
            text.rest += tree(child).lines(prefix: nestedStyle.marker(number: offset + 1) + " ")
        }
        return text
    }

    /// Additions nested under an entry of ours: in its nested list, next to their
    /// anchor there or at its end; in a new nested list when it has none.
    mutating func placeNested(into insertions: inout PostEditor.Insertions) {
        for (parent, indices) in nested {
            if let list = post.lists.firstIndex(where: { $0.parentItem == parent }) {
                let block = post.lists[list]
                for index in indices {
                    if let anchor = additions[index].anchor, let item = items[anchor.key], post.items[item].list == list {
                        if case .after = anchor {
                            insert(index, nextTo: item, after: true, into: &insertions)
                        } else {
                            insert(index, nextTo: item, after: false, into: &insertions)
                        }
                    } else {
                        insert(index, nextTo: block.items.upperBound - 1, after: true, into: &insertions)
                    }
                }
            } else {
                // At the parent's content column, in its container: its line's tabs and
                // block quote markers kept, its marker spaces.
                let item = post.items[parent]
                let container = PostEditor.containerPrefix(post.lineBytes(item.line).prefix(item.contentColumn - 1))
                let lines = indices.enumerated().flatMap { offset, index in
                    tree(index).lines(container: container, marker: nestedStyle.marker(number: offset + 1) + " ")
                }
                insertions.add(lines, after: item.lastLine)
            }
        }
    }

    /// Additions next to an entry of a top-level list of their section (or of a group's list).
    mutating func placeNextToAnchors(into insertions: inout PostEditor.Insertions) {
        for (index, item, after) in anchored { insert(index, nextTo: item, after: after, into: &insertions) }
    }

    /// The addition's lines after or before `item`, under its list's marker, numbered on
    /// from it (or sharing the number all the list's items have).
    private mutating func insert(_ index: Int, nextTo itemIndex: Int, after: Bool, into insertions: inout PostEditor.Insertions) {
        let item = post.items[itemIndex]
        let list = post.lists[item.list]
        let side = after ? itemIndex : -1 - itemIndex
        let offset = placed[side, default: 0]
        placed[side] = offset + 1
        let (marker, container) = PostEditor.landing(nextTo: itemIndex, after: after, offset: offset, in: post)
        var lines = tree(index).lines(container: container, marker: marker + " ")
        let blank = ItemText.blankLine(in: container)
        if !list.tight { lines = after ? [blank] + lines : lines + [blank] }
        if after {
            insertions.add(lines, after: item.lastLine)
        } else {
            // Above the directives that silence the item, which stay with it.
            insertions.before[post.directiveTop(of: item.line), default: []].append(contentsOf: lines)
        }
    }
}
