/// Adds reviewed entries to a post in its own style, then normalizes it as `curate fmt`
/// does: a pure function from (post, review) to the new bytes.
public struct PostEditor: Sendable {
    public var configuration: Configuration

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// The post with the review's additions, formatted; the post's bytes when there are none.
    public func apply(_ review: Review, to post: Post) throws -> [UInt8] {
        try apply(EntryEdits(additions: review.additions), to: post)
    }

    /// The post with entries added, removed and replaced; formatted as `curate fmt` does
    /// unless `format` is false (conflict markers are not Markdown to normalize). Either
    /// way the numbers of the lists the edit put entries in or took them out of follow.
    public func apply(_ edits: EntryEdits, to post: Post, format: Bool = true) throws -> [UInt8] {
        guard !edits.isEmpty else { return post.bytes }
        var spliced = splice(post, edits)
        if !edits.moves.isEmpty { spliced = try move(edits.moves, in: spliced, path: post.path) }
        // Entries taken out, or put in between others: the numbers after them follow.
        if !edits.removals.isEmpty || !edits.moves.isEmpty
            || edits.additions.contains(where: { $0.anchor != nil || $0.parent != nil })
        {
            spliced = try renumbered(spliced, from: post, path: post.path)
        }
        guard format else { return spliced }
        let edited = try PostReader.parse(spliced, path: post.path)
        // Every addition must read back as an entry where it went: a section that ends
        // inside an unclosed code or HTML block would swallow it.
        var entries: [String: Int] = [:]
        for entry in edited.entries { entries[entry.title + "\u{0}" + entry.url, default: 0] += 1 }
        for addition in edits.additions {
            let name = addition.title + "\u{0}" + addition.url
            guard let count = entries[name], count > 0 else {
                throw CurateError.entryWouldNotRead(path: post.path, title: addition.title)
            }
            entries[name] = count - 1
        }
        // A guard against bugs: every addition brings the links of its text (its own and
        // those its description mentions), every removal and replacement took the links
        // of its lines (the formatter then proves it keeps every link).
        func links(in lines: [String]) -> Int {
            (try? PostReader.parse(Array(lines.joined(separator: "\n").utf8) + [0x0A], path: post.path))?.links.count ?? 0
        }
        var replaced = Set<Int>()
        for item in edits.removals { replaced.formUnion(post.items[item].line...post.items[item].lastLine) }
        for replacement in edits.replacements.values { replaced.formUnion(replacement.lines) }
        let removed = post.links.filter { replaced.contains($0.line) }.count
        let added =
            edits.additions.reduce(0) { $0 + links(in: $1.item.lines(prefix: "- ")) }
            + edits.replacements.values.reduce(0) { $0 + links(in: $1.text) }
        let expected = post.links.count + added - removed
        guard edited.links.count == expected else {
            throw CurateError.unsafeEdit(
                path: post.path, reason: "expected \(expected) links after the edit, found \(edited.links.count)")
        }
        return try Formatter(configuration: configuration).format(edited)
    }

    /// Lines to insert after a given line (0: before the first).
    struct Insertions {
        var after: [Int: [String]] = [:]
        var before: [Int: [String]] = [:]

        mutating func add(_ lines: [String], after line: Int) {
            after[line, default: []].append(contentsOf: lines)
        }
    }

    private func splice(_ post: Post, _ edits: EntryEdits) -> [UInt8] {
        var insertions = insertions(edits.additions, into: post)
        var skipped = Set<Int>()
        for item in edits.removals {
            skipped.formUnion(post.items[item].line...post.items[item].lastLine)
        }
        var replacements = edits.replacements
        // An ordered list that loses its first items starts at the same number still
        // (CommonMark takes a list's start from its first item).
        for list in post.lists where list.ordered && edits.removals.contains(list.items.lowerBound) {
            guard let survivor = list.items.first(where: { !edits.removals.contains($0) }) else { continue }
            let item = post.items[survivor]
            if var replacement = replacements[survivor], let first = replacement.text.first {
                replacement.text[0] = Self.renumbered(first, to: list.start)
                replacements[survivor] = replacement
            } else {
                replacements[survivor] = (item.line...item.line, [Self.renumbered(post.lineText(item.line), to: list.start)])
            }
        }
        for replacement in replacements.values {
            skipped.formUnion(replacement.lines)
            insertions.before[replacement.lines.lowerBound, default: []].append(contentsOf: replacement.text)
        }
        return splice(post, insertions, skipping: skipped)
    }

    private func insertions(_ additions: [Addition], into post: Post) -> Insertions {
        var insertions = Insertions()
        var placement = AdditionPlacement(additions, in: post, identity: configuration.identity)
        // Under an entry of ours, or next to one: at their place.
        placement.placeNested(into: &insertions)
        placement.placeNextToAnchors(into: &insertions)
        var existing: [Int: [ItemText]] = [:]
        var created: [(name: String, texts: [ItemText])] = []
        for index in placement.remaining {
            let addition = additions[index]
            let text = placement.tree(index)
            switch addition.section {
            case let .existing(section): existing[section, default: []].append(text)
            case let .new(name):
                if let index = created.firstIndex(where: { TitleFolding.fold($0.name) == TitleFolding.fold(name) }) {
                    created[index].texts.append(text)
                } else {
                    created.append((name, [text]))
                }
            }
        }
        let style = PostStyle(of: post)
        for section in existing.keys.sorted() {
            let texts = existing[section]!
            // The section's main list: its longest (a list folded in `<details>` after it,
            // "Deprecated", is not where new entries go), the first of equals.
            let lists = post.lists.indices.filter { post.lists[$0].section == section && post.lists[$0].parentItem == nil }
            if let list = lists.max(by: {
                post.lists[$0].items.count < post.lists[$1].items.count
                    || ($0 > $1 && post.lists[$0].items.count == post.lists[$1].items.count)
            }) {
                let block = post.lists[list]
                let last = post.items[block.items.upperBound - 1]
                let indent = String(repeating: " ", count: max(0, last.markerColumn - 1))
                let lines = texts.enumerated().flatMap { offset, text in
                    text.lines(
                        prefix: indent + ListStyle(of: block).marker(number: (last.number ?? block.items.count) + offset + 1)
                            + " ")
                }
                insertions.add(lines, after: last.lastLine)
            } else {
                insertions.add([""] + style.list.lines(texts), after: post.sections[section].line)
            }
        }
        let sectionIndex = SectionIndex(post)
        let documentTitle = Self.documentTitleSection(post)
        // Headings already written for new sections: `New / A` and `New / B` share one `New`.
        var written = Set<String>()
        for (name, texts) in created {
            let parts = name.components(separatedBy: " / ").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
            var parent: Int? = documentTitle
            var remaining = parts[...]
            // The longest existing ancestor path.
            for count in stride(from: parts.count - 1, through: 1, by: -1) {
                if case let .found(section) = sectionIndex.resolve(parts[0..<count].joined(separator: " / ")) {
                    parent = section
                    remaining = parts[count...]
                    break
                }
            }
            var level = parent.map { post.sections[$0].level + 1 } ?? style.headingLevel
            if let parent, let child = post.sections.first(where: { $0.parent == parent }) { level = child.level }
            var lines: [String] = []
            for (offset, part) in remaining.enumerated() {
                let path = "\(parent ?? -1)/" + remaining.prefix(offset + 1).map(TitleFolding.fold).joined(separator: "/")
                guard written.insert(path).inserted else { continue }
                lines += ["", String(repeating: "#", count: min(6, level + offset)) + " " + part]
            }
            lines += [""] + style.list.lines(texts)
            let after = parent.map { Self.lastLine(ofSection: $0, in: post) } ?? post.lines.count
            insertions.add(lines, after: after)
        }
        return insertions
    }

    func splice(_ post: Post, _ insertions: Insertions, skipping skipped: Set<Int>) -> [UInt8] {
        let ending = post.lineEnding.bytes
        var output: [UInt8] = []
        output.reserveCapacity(post.bytes.count + insertions.after.values.reduce(0) { $0 + $1.count * 80 })
        func emit(_ lines: [String]) {
            for line in lines {
                output.append(contentsOf: line.utf8)
                output.append(contentsOf: ending)
            }
        }
        if let first = insertions.after[0] { emit(first) }
        for line in 1...max(post.lines.count, 1) where line <= post.lines.count {
            if let lines = insertions.before[line] { emit(lines) }
            if !skipped.contains(line) {
                output.append(contentsOf: post.bytes[post.lines.full(line)])
            }
            if let lines = insertions.after[line] {
                if line == post.lines.count, post.lines.contentEnds[line - 1] == post.bytes.count {
                    output.append(contentsOf: ending)  // the last line had no line ending
                }
                emit(lines)
            }
        }
        return output
    }

    /// `line` (an ordered item's first line) with its number set to `number`.
    static func renumbered(_ line: String, to number: Int) -> String {
        let indentation = line.prefix { $0 == " " || $0 == "\t" }
        let rest = line.dropFirst(indentation.count)
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return line }
        return indentation + String(number) + rest.dropFirst(digits.count)
    }

    /// The last line of a section, nested sections included.
    static func lastLine(ofSection section: Int, in post: Post) -> Int {
        let level = post.sections[section].level
        if let next = post.sections[(section + 1)...].first(where: { $0.level <= level }) {
            return next.line - 1
        }
        return post.lines.count
    }

    /// The one top-level heading that holds all the others (an "awesome" list's `# Title`),
    /// under which new sections go; nil when there is none.
    static func documentTitleSection(_ post: Post) -> Int? {
        let roots = post.sections.indices.filter { post.sections[$0].parent == nil }
        guard roots.count == 1, let root = roots.first, post.sections.contains(where: { $0.parent == root }) else { return nil }
        return root
    }
}

/// Changes to a post's entries, by item index.
public struct EntryEdits: Sendable {
    public var additions: [Addition]
    /// Items to delete, with everything nested in them.
    public var removals: Set<Int>
    /// Lines of an item to replace, and the lines that take their place (an updated
    /// entry, or a conflict between markers).
    public var replacements: [Int: (lines: ClosedRange<Int>, text: [String])]
    /// Entries put elsewhere in their list, once the other edits are made.
    public var moves: [EntryMove]

    public init(
        additions: [Addition] = [], removals: Set<Int> = [], replacements: [Int: (lines: ClosedRange<Int>, text: [String])] = [:],
        moves: [EntryMove] = []
    ) {
        self.additions = additions
        self.removals = removals
        self.replacements = replacements
        self.moves = moves
    }

    public var isEmpty: Bool { additions.isEmpty && removals.isEmpty && replacements.isEmpty && moves.isEmpty }
}
