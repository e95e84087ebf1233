import CurateMarkdown

/// Adds reviewed entries to a post in its own style, then normalizes it as `curate fmt`
/// does: a pure function from (post, review) to the new bytes.
public struct PostEditor: Sendable {
    public var configuration: Configuration
    /// Where a post has no list to take the marker of a new one from, the list these
    /// entries come from (sync's other list): its marker, not the default `1.`.
    public var markerSource: Post?

    public init(configuration: Configuration, markerSource: Post? = nil) {
        self.configuration = configuration
        self.markerSource = markerSource
    }

    /// The post with the review's additions, formatted; the post's bytes when there are none.
    public func apply(_ review: Review, to post: Post) throws -> [UInt8] {
        try apply(EntryEdits(additions: review.additions), to: post)
    }

    /// The post with entries added, removed and replaced; formatted as `curate fmt` does
    /// unless `format` is false (conflict markers are not Markdown to normalize). Either
    /// way the numbers of the lists the edit put entries in or took them out of follow.
    public func apply(_ edits: EntryEdits, to post: Post, format: Bool = true) throws -> [UInt8] {
        try applied(edits, to: post, format: format).bytes
    }

    /// ``apply(_:to:format:)``, with the result read as a post when reading it was part of
    /// the work (nil otherwise).
    public func applied(_ edits: EntryEdits, to post: Post, format: Bool = true) throws -> (bytes: [UInt8], post: Post?) {
        guard !edits.isEmpty else { return (post.bytes, post) }
        var spliced = splice(post, edits)
        if !edits.moves.isEmpty { spliced = try move(edits.moves, in: spliced, path: post.path) }
        // Entries taken out, or put in between others: the numbers after them follow.
        var read: Post?
        if !edits.removals.isEmpty || !edits.moves.isEmpty
            || edits.additions.contains(where: { $0.anchor != nil || $0.parent != nil })
        {
            (spliced, read) = try renumbered(spliced, from: post, path: post.path)
        }
        guard format else { return (spliced, nil) }
        let edited = try read ?? PostReader.parse(spliced, path: post.path)
        // Every addition must read back as an entry where it went: a section that ends
        // inside an unclosed code or HTML block would swallow it.
        var entries: [String: Int] = [:]
        for entry in edited.entries { entries[entry.title + "\u{0}" + entry.url, default: 0] += 1 }
        for addition in edits.additions {
            let name = addition.title + "\u{0}" + addition.url
            guard let count = entries[name], count > 0 else {
                // An ordered list numbered up to 999999999 has no next number: its new
                // items read as text.
                if Self.markersPastNineDigits(in: spliced) > Self.markersPastNineDigits(in: post.bytes) {
                    throw CurateError.entryNumberTooLarge(path: post.path, title: addition.title)
                }
                throw CurateError.entryWouldNotRead(path: post.path, title: addition.title)
            }
            entries[name] = count - 1
        }
        // A guard against bugs: every addition brings the links of its text (its own and
        // those its description mentions), every removal and replacement took the links
        // of its lines (the formatter then proves it keeps every link).
        let path = post.path
        @Sendable func links(in lines: [String]) -> Int {
            (try? PostReader.parse(Array(lines.joined(separator: "\n").utf8) + [0x0A], path: path))?.links.count ?? 0
        }
        var replaced = Set<Int>()
        for item in edits.removals { replaced.formUnion(post.items[item].line...post.items[item].lastLine) }
        for replacement in edits.replacements.values { replaced.formUnion(replacement.lines) }
        let removed = post.links.filter { replaced.contains($0.line) }.count
        // (Each text read on its own, on all cores: a sync adds and edits hundreds.)
        let texts = edits.additions.map { $0.item.lines(prefix: "- ") } + edits.replacements.values.map(\.text)
        let added = Parallel.map(texts, minimumChunk: 64) { links(in: $0) }.reduce(0, +)
        let expected = post.links.count + added - removed
        guard edited.links.count == expected else {
            throw CurateError.unsafeEdit(
                path: post.path, reason: "expected \(expected) links after the edit, found \(edited.links.count)")
        }
        let formatted = Formatter(configuration: configuration).formatted(edited, spots: false)
        return (formatted.bytes, formatted.post)
    }

    /// Lines that start, after any quote markers and indentation, with a number of ten
    /// digits or more and a list delimiter: numbers no list marker can have.
    static func markersPastNineDigits(in bytes: [UInt8]) -> Int {
        let lines = LineTable(bytes)
        return (0..<lines.count).count { index in
            let text = bytes[lines.content(index + 1)].drop { $0 == 0x20 || $0 == 0x09 || $0 == UInt8(ascii: ">") }
            let digits = text.prefix { $0 >= 0x30 && $0 <= 0x39 }.count
            let delimiter = text.dropFirst(digits).first
            return digits >= 10 && (delimiter == UInt8(ascii: ".") || delimiter == UInt8(ascii: ")"))
        }
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
            // With the directives that silence it (they would silence the line after it).
            let removed = post.items[item]
            let top = post.directiveTop(of: removed.line)
            skipped.formUnion(top...removed.lastLine)
            // A directive alone at the start of a line ends the list above it, with a blank
            // line between them: that line goes too when the list goes on after the entry
            // (left, it joined the two lists into one loose list).
            if top < removed.line, top > 2, post.lineBytes(top - 1).allSatisfy({ $0 == 0x20 || $0 == 0x09 }),
                post.items.contains(where: { $0.line <= top - 2 && top - 2 <= $0.lastLine }),
                post.items.contains(where: { $0.line == removed.lastLine + 1 })
            {
                skipped.insert(top - 1)
            }
        }
        var replacements = edits.replacements
        // An ordered list that loses its first items starts at the same number still
        // (CommonMark takes a list's start from its first item).
        for list in post.lists where list.ordered && edits.removals.contains(list.items.lowerBound) {
            guard let survivor = list.items.first(where: { !edits.removals.contains($0) }) else { continue }
            let item = post.items[survivor]
            if var replacement = replacements[survivor], let first = replacement.text.first {
                replacement.text[0] = Self.renumbered(first, markerColumn: item.markerColumn, to: list.start)
                replacements[survivor] = replacement
            } else {
                replacements[survivor] = (
                    item.line...item.line,
                    [Self.renumbered(post.lineText(item.line), markerColumn: item.markerColumn, to: list.start)]
                )
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
        // New sections by the existing section they go under (nil: the top of the post),
        // each a tree: `New / A` and `New / B` share one `New`.
        var created: [(parent: Int?, sections: NewSections)] = []
        // Each parent's place in `created` (thousands of new sections are found, not
        // searched for one by one).
        var createdUnder: [Int?: Int] = [:]
        for index in placement.remaining {
            let addition = additions[index]
            let text = placement.tree(index)
            switch addition.section {
            case let .existing(section): existing[section, default: []].append(text)
            case let .new(parent, headings):
                let place =
                    createdUnder[parent]
                    ?? {
                        created.append((parent, NewSections()))
                        createdUnder[parent] = created.count - 1
                        return created.count - 1
                    }()
                created[place].sections.add(text, at: headings[...])
            }
        }
        var style = PostStyle(of: post)
        if !post.lists.contains(where: { $0.parentItem == nil }), let markerSource,
            markerSource.lists.contains(where: { $0.parentItem == nil })
        {
            style.list = PostStyle(of: markerSource).list
        }
        for section in existing.keys.sorted() {
            let texts = existing[section]!
            // The section's main list: its longest (a list folded in `<details>` after it,
            // "Deprecated", is not where new entries go), the first of equals.
            // A list of text without links (a legend: "- ⚠ unmaintained") is the section's
            // text, not its entries; one of placeholders only is where entries go.
            let lists = post.lists.indices.filter { index in
                let list = post.lists[index]
                guard list.section == section, list.parentItem == nil else { return false }
                let items = post.items[list.items]
                return items.contains { $0.entry != nil } || items.allSatisfy(\.isEmpty)
            }
            if let list = lists.max(by: {
                post.lists[$0].items.count < post.lists[$1].items.count
                    || ($0 > $1 && post.lists[$0].items.count == post.lists[$1].items.count)
            }) {
                let block = post.lists[list]
                let last = post.items[block.items.upperBound - 1]
                // The list's container: a new item inside a quote is quoted too, on
                // each of its lines.
                let container = Self.containerPrefix(post.lineBytes(last.line).prefix(last.markerColumn - 1))
                // Looked at once for the list, not once for each new entry.
                let shared = Self.sharedNumber(of: block, in: post)
                let style = ListStyle(of: block)
                let lines = texts.enumerated().flatMap { offset, text in
                    text.lines(
                        container: container,
                        marker: style.marker(number: shared ?? (last.number ?? block.items.count) + offset + 1) + " ")
                }
                insertions.add(lines, after: last.lastLine)
            } else {
                // No list yet: the list goes after the section's own text (an intro line
                // stays above it, as in the list it came from), before any subsection.
                insertions.add([""] + style.list.lines(texts), after: Self.endOfOwnText(of: section, in: post))
            }
        }
        // Each parent's new sections go at the end of its subtree. Parents whose subtrees
        // end on the same line are nested: the innermost's go first, inside it.
        let deepestFirst = created.enumerated().sorted {
            let (a, b) = (
                $0.element.parent.map { post.sections[$0].level } ?? 0, $1.element.parent.map { post.sections[$0].level } ?? 0
            )
            return a != b ? a > b : $0.offset < $1.offset
        }
        // Each section's first child section, found in one pass.
        var firstChild: [Int: Int] = [:]
        for index in post.sections.indices {
            if let parent = post.sections[index].parent, firstChild[parent] == nil { firstChild[parent] = index }
        }
        for (_, (parent, sections)) in deepestFirst {
            var level = parent.map { post.sections[$0].level + 1 } ?? style.headingLevel
            if let parent, let child = firstChild[parent] { level = post.sections[child].level }
            let lines = sections.list.flatMap { $0.lines(level: level, list: style.list) }
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

    /// `line` (an ordered item's first line, its marker at byte column `markerColumn`)
    /// with its number set to `number`.
    static func renumbered(_ line: String, markerColumn: Int, to number: Int) -> String {
        let bytes = Array(line.utf8)
        let start = min(max(0, markerColumn - 1), bytes.count)
        let digits = bytes[start...].prefix { $0 >= 0x30 && $0 <= 0x39 }
        guard !digits.isEmpty else { return line }
        return String(decoding: bytes[..<start], as: UTF8.self) + String(number)
            + String(decoding: bytes[(start + digits.count)...], as: UTF8.self)
    }

    /// What goes before a new item's marker so that it lands in the same container as an
    /// item whose line starts with `prefix`: its blockquote markers and indentation as
    /// written; the markers of list items it is nested in on the same line (`1. - x`)
    /// become spaces.
    static func containerPrefix(_ prefix: ArraySlice<UInt8>) -> String {
        String(
            decoding: prefix.map {
                $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") ? $0 : UInt8(ascii: " ")
            },
            as: UTF8.self)
    }

    /// The last line of a section's own blocks before the next heading; its heading's line
    /// when it has none.
    static func endOfOwnText(of section: Int, in post: Post) -> Int {
        let heading = post.sections[section].line
        var end = heading
        for block in post.blocks where block.firstLine > heading {
            if block.kind == .heading { break }
            end = block.lastLine
        }
        return end
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

/// A section to create, with the entries it gets and the new sections inside it.
private struct NewSection {
    var heading: String
    var texts: [ItemText] = []
    var children = NewSections()

    /// Its heading, its list, then the sections inside it, one level down.
    func lines(level: Int, list: ListStyle) -> [String] {
        var lines = ["", String(repeating: "#", count: min(6, level)) + " " + heading]
        if !texts.isEmpty { lines += [""] + list.lines(texts) }
        return lines + children.list.flatMap { $0.lines(level: level + 1, list: list) }
    }
}

/// New sections side by side, in the order they were first named; headings that fold
/// alike are one section.
private struct NewSections {
    private(set) var list: [NewSection] = []
    /// Each section's place in `list`, by its folded heading.
    private var places: [String: Int] = [:]

    /// Adds an entry's text to the section at `headings` (made as needed).
    mutating func add(_ text: ItemText, at headings: ArraySlice<String>) {
        guard let heading = headings.first else { return }
        let key = SectionNameMatch.folded(heading)
        let place =
            places[key]
            ?? {
                list.append(NewSection(heading: heading))
                places[key] = list.count - 1
                return list.count - 1
            }()
        if headings.count == 1 {
            list[place].texts.append(text)
        } else {
            list[place].children.add(text, at: headings.dropFirst())
        }
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
