import CurateMarkdown

/// The normalized form of a post, as a pure function of the post.
///
/// Placeholder items removed, ordered lists renumbered in their own style (continuation
/// lines re-indented when a marker's width changes), one blank line around headings and
/// lists and never two in a row, no trailing whitespace (hard breaks and code kept),
/// tracking parameters removed, one line ending throughout and exactly one final
/// newline. Front matter and the text of prose are left as they are. With `sort-order`
/// enabled, list entries are sorted by title.
public struct Formatter: Sendable {
    public var configuration: Configuration

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// The formatted bytes. Throws ``CurateError/unsafeEdit(path:reason:)`` if the result
    /// would not keep every link of the post (a bug guard: it never writes such a result).
    public func format(_ post: Post) throws -> [UInt8] {
        // Removing a placeholder or renumbering can change how the lines after it read
        // (CommonMark decides list boundaries from markers), so the result is formatted
        // again until it is stable: fmt of fmt's output changes nothing.
        var current = post
        for _ in 0..<4 {
            let output = render(current)
            if output == current.bytes { return output }
            current = try verify(original: post, formatted: output)
        }
        return current.bytes
    }

    // MARK: - Rendering

    private struct LineEdit {
        var replacements: [(range: Range<Int>, bytes: [UInt8])] = []
        var indentDelta = 0
    }

    func render(_ post: Post) -> [UInt8] {
        let count = post.lines.count
        var deleted = [Bool](repeating: false, count: count + 2)
        var edits: [Int: LineEdit] = [:]
        var order = Array(0...count)  // order[slot] = original line; index 0 unused

        for item in post.items where item.isEmpty && item.line == item.lastLine {
            deleted[item.line] = true
        }
        // Tracking parameters.
        for link in post.links {
            guard let range = link.urlRange, !range.isEmpty else { continue }
            let written = String(decoding: post.bytes[range], as: UTF8.self)
            guard let cleaned = configuration.identity.removingTrackingParameters(from: written) else { continue }
            let line = post.point(at: range.lowerBound).line
            edits[line, default: LineEdit()].replacements.append((range, Array(cleaned.utf8)))
        }
        // Sorting and numbering, list by list.
        let sorting = configuration.severity(of: SortOrderRule.description) != .off
        for list in post.lists {
            let all = Array(list.items)
            let remaining = all.filter { !(post.items[$0].isEmpty && deleted[post.items[$0].line]) }
            var placed = remaining
            if sorting, canReorder(post, list: list, items: remaining) {
                placed = remaining.sorted { a, b in
                    let ka = post.entry(of: post.items[a]).map { SortOrderRule.sortKey($0.title) }
                    let kb = post.entry(of: post.items[b]).map { SortOrderRule.sortKey($0.title) }
                    switch (ka, kb) {
                    case let (x?, y?): return x != y ? x < y : a < b
                    default: return a < b
                    }
                }
                if placed != remaining {
                    for (slot, item) in zip(remaining, placed) {
                        let from = post.items[slot]
                        let to = post.items[item]
                        // Slots have one line each (checked by canReorder).
                        order[from.line] = to.line
                    }
                }
            }
            guard list.ordered else { continue }
            let written = all.map { post.items[$0].number ?? 0 }
            let sameNumber = written.count > 1 && written.allSatisfy { $0 == written[0] }
            for (position, itemIndex) in placed.enumerated() {
                let item = post.items[itemIndex]
                let number = sameNumber ? list.start : list.start + position
                guard number != item.number else { continue }
                let digitsStart = post.offset(line: item.line, column: item.markerColumn)
                let digits = Array(String(number).utf8)
                edits[item.line, default: LineEdit()].replacements.append(
                    (digitsStart..<(digitsStart + item.markerLength - 1), digits))
                let delta = digits.count - (item.markerLength - 1)
                if delta != 0 && item.lastLine > item.line {
                    for line in (item.line + 1)...item.lastLine where leadingSpaces(post, line) >= item.contentColumn - 1 {
                        edits[line, default: LineEdit()].indentDelta += delta
                    }
                }
            }
        }

        // Block of each line, for spacing.
        var blockOf = [Int32](repeating: -1, count: count + 2)
        for (index, block) in post.blocks.enumerated() where block.firstLine <= block.lastLine {
            for line in block.firstLine...min(block.lastLine, count) { blockOf[line] = Int32(index) }
        }

        let ending = post.lineEnding.bytes
        var output: [UInt8] = []
        output.reserveCapacity(post.bytes.count)
        // Front matter, as it is (line endings too).
        if post.bodyStartLine > 1 {
            output.append(contentsOf: post.bytes[0..<post.lines.full(post.bodyStartLine - 1).upperBound])
            if post.bytes.last.map({ $0 != 0x0A && $0 != 0x0D }) ?? false, post.bodyStartLine > count {
                output.append(contentsOf: ending)
            }
        }
        guard post.bodyStartLine <= count else { return output }

        var pendingBlank = false
        var lastBlock: Int32? = nil
        var emittedAny = false
        for slot in post.bodyStartLine...count {
            let line = order[slot]
            if deleted[line] { continue }
            let verbatim = post.isVerbatim(line)
            var bytes = Array(post.lineBytes(line))
            if let edit = edits[line] {
                bytes = apply(edit, to: bytes, lineStart: post.lines.starts[line - 1])
            }
            if !verbatim && !post.hardBreakLines.contains(line) {
                while let last = bytes.last, last == 0x20 || last == 0x09 { bytes.removeLast() }
            }
            if !verbatim && bytes.isEmpty {
                pendingBlank = true
                continue
            }
            let block = blockOf[line] >= 0 ? blockOf[line] : -2
            if let lastBlock, block != lastBlock || block == -2 {
                let spaced = isSpaced(post, block) || isSpaced(post, lastBlock)
                if pendingBlank || spaced { output.append(contentsOf: ending) }
            } else if pendingBlank && (emittedAny || post.bodyStartLine > 1) {
                output.append(contentsOf: ending)
            }
            output.append(contentsOf: bytes)
            output.append(contentsOf: ending)
            pendingBlank = false
            lastBlock = block
            emittedAny = true
        }
        return output
    }

    private func isSpaced(_ post: Post, _ block: Int32) -> Bool {
        guard block >= 0 else { return false }
        let kind = post.blocks[Int(block)].kind
        return kind == .heading || kind == .list
    }

    /// Sorting moves whole lines: only lists whose items are one line each, with no nested lists.
    private func canReorder(_ post: Post, list: ListBlock, items: [Int]) -> Bool {
        items.allSatisfy { post.items[$0].line == post.items[$0].lastLine }
            && !post.lists.contains { nested in nested.parentItem.map { list.items.contains($0) } ?? false }
    }

    private func leadingSpaces(_ post: Post, _ line: Int) -> Int {
        post.lineBytes(line).prefix { $0 == 0x20 }.count
    }

    private func apply(_ edit: LineEdit, to bytes: [UInt8], lineStart: Int) -> [UInt8] {
        var result = bytes
        for replacement in edit.replacements.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            let lower = replacement.range.lowerBound - lineStart
            let upper = replacement.range.upperBound - lineStart
            guard lower >= 0, upper <= result.count, lower <= upper else { continue }
            result.replaceSubrange(lower..<upper, with: replacement.bytes)
        }
        if edit.indentDelta > 0 {
            result.insert(contentsOf: [UInt8](repeating: 0x20, count: edit.indentDelta), at: 0)
        } else if edit.indentDelta < 0 {
            let remove = min(-edit.indentDelta, result.prefix { $0 == 0x20 }.count)
            result.removeFirst(remove)
        }
        return result
    }

    // MARK: - Safety

    /// Every link of the original (placeholders have none) is still there, with the same
    /// key, and the front matter is unchanged.
    /// The formatted text, read back, after checking it keeps the original's links, front
    /// matter and items.
    @discardableResult
    private func verify(original: Post, formatted: [UInt8]) throws -> Post {
        let reread: Post
        do {
            reread = try PostReader.parse(formatted, path: original.path)
        } catch {
            throw CurateError.unsafeEdit(path: original.path, reason: "the result does not read back: \(error)")
        }
        let identity = configuration.identity
        func keys(_ post: Post) -> [String: Int] {
            var counts: [String: Int] = [:]
            for key in Parallel.map(post.links, { ((try? identity.key(for: $0.url)) ?? $0.url) + "\u{0}" + $0.text }) {
                counts[key, default: 0] += 1
            }
            return counts
        }
        guard keys(original) == keys(reread) else {
            throw CurateError.unsafeEdit(path: original.path, reason: "the links before and after differ")
        }
        guard original.frontMatter == reread.frontMatter else {
            throw CurateError.unsafeEdit(path: original.path, reason: "the front matter would change")
        }
        let nonEmpty = { (post: Post) in post.items.filter { !$0.isEmpty }.count }
        guard nonEmpty(original) == nonEmpty(reread) else {
            throw CurateError.unsafeEdit(path: original.path, reason: "the number of list items would change")
        }
        return reread
    }
}
