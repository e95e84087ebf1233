extension PostEditor {
    /// `bytes` (`post` edited, read as `path`) with the ordered lists that were numbered
    /// in sequence in `post` (or with one number throughout) and no longer are numbered
    /// so again (a list of one item is numbered in sequence once it has two): an entry put in
    /// or taken out of the middle of a list moves the numbers after it, as the side that
    /// did it moved them. Only the digits change, and only where they keep their width (a
    /// wider marker would move the item's text: `curate fmt` does that). What `post` had
    /// out of sequence is not this edit's to fix, nor is a list next to conflict markers.
    ///
    /// Also returns the renumbered text read: the item after another in a list continues
    /// it whatever its number, and a number keeps its width, so the text reads as `bytes`
    /// did, with the new numbers (a list's start, from its first item, does not change).
    func renumbered(_ bytes: [UInt8], from post: Post, path: String) throws -> (bytes: [UInt8], post: Post) {
        var edited = try PostReader.parse(bytes, path: path)
        let identity = configuration.identity
        func written(_ list: ListBlock, of post: Post) -> [Int] { post.items[list.items].map { $0.number ?? 0 } }
        func inSequence(_ list: ListBlock, of post: Post) -> Bool {
            ListNumberingRule.expectedNumbers(written: written(list, of: post)) == written(list, of: post)
        }
        /// One number throughout (`1.` `1.` `1.`), which a list of one item is not.
        func sameNumber(_ list: ListBlock, of post: Post) -> Bool {
            list.items.count > 1 && Set(written(list, of: post)).count == 1
        }
        // Each entry's list in `post`, by key.
        var lists: [String: Int] = [:]
        for entry in post.entries where post.lists[post.items[entry.item].list].ordered {
            let key = EntryMerge.key(entry, identity)
            if lists[key] == nil { lists[key] = post.items[entry.item].list }
        }
        // Conflict markers cut a list in pieces that are not to be numbered as one.
        // (A line is read as text only when its first byte could open a marker.)
        let markers = Set(
            (1...max(edited.lines.count, 1)).filter { line in
                guard line <= edited.lines.count, let first = edited.lineBytes(line).first,
                    first == UInt8(ascii: "<") || first == UInt8(ascii: "=") || first == UInt8(ascii: ">")
                else { return false }
                return ["<<<<<<< ", "=======", ">>>>>>> "].contains { edited.lineText(line).hasPrefix($0) }
            })
        var output = bytes
        // The items renumbered, and their numbers (set once the lists are read).
        var numbers: [(item: Int, number: Int)] = []
        // Later lists first, so that offsets of earlier ones hold.
        for list in edited.lists.reversed() where list.ordered {
            guard !(list.firstLine - 1...list.lastLine + 1).contains(where: markers.contains) else { continue }
            let before = list.items.lazy.compactMap { edited.entry(of: edited.items[$0]) }.compactMap {
                lists[EntryMerge.key($0, identity)]
            }.first
            guard let before, inSequence(post.lists[before], of: post) else { continue }
            let items = edited.items[list.items]
            let written = items.map { $0.number ?? 0 }
            let expected =
                sameNumber(post.lists[before], of: post)
                ? written.map { _ in list.start } : written.indices.map { list.start + $0 }
            guard written != expected else { continue }
            guard zip(written, expected).allSatisfy({ String($0).count == String($1).count }) else { continue }
            for (index, number) in zip(list.items, expected).reversed() where edited.items[index].number != number {
                let item = edited.items[index]
                let start = edited.offset(line: item.line, column: item.markerColumn)
                output.replaceSubrange(start..<(start + item.markerLength - 1), with: Array(String(number).utf8))
                numbers.append((index, number))
            }
        }
        for (index, number) in numbers { edited.items[index].number = number }
        edited.bytes = output
        assert(
            (try? PostReader.parse(output, path: path)).map { Self.readsAs(edited, $0) } ?? false,
            "a renumbered list reads otherwise")
        return (output, edited)
    }

    /// The same structure (for the assertion above, in debug builds).
    private static func readsAs(_ a: Post, _ b: Post) -> Bool {
        a.bytes == b.bytes && a.lines.count == b.lines.count && a.sections == b.sections && a.lists == b.lists
            && a.items == b.items && a.links == b.links && a.proseLinks == b.proseLinks && a.blocks == b.blocks
            && a.verbatim == b.verbatim && a.unrendered == b.unrendered && a.hardBreakLines == b.hardBreakLines
            && a.ignoreDirectives == b.ignoreDirectives && a.entries == b.entries
    }
}
