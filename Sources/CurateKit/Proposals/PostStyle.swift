/// How a post writes its entries, inferred once from the post (the most common form of
/// each): what separates a link from its description, the marker of its lists, the level
/// of its top-level headings. What curate writes into a post (propose, sync, the merge
/// driver) is written in it, so an addition looks like its neighbours.
public struct PostStyle: Sendable, Equatable {
    /// Between an entry's link and its description: ` - `, ` — `, `: `, `. ` ...
    public var separator: String
    /// The marker of a new list: the one most top-level lists use (`1.` without any).
    var list: ListStyle
    /// The heading level of the post's top-level sections (2 without any).
    public var headingLevel: Int
    /// What the entries of each section write (by section index; nil: the whole post),
    /// once ``countSections(of:)`` counted them in one pass (a review asks for the style
    /// of every section it adds to); else each question reads the post's entries.
    private var counts: [Int?: Counts]?

    /// What some entries write.
    private struct Counts {
        var entries = 0
        var described = 0
        var bold = 0
        var leading = 0
        /// The separators of described entries, canonical.
        var separators: [String: Int] = [:]

        /// Counts an entry, given by what it writes.
        mutating func add(_ facts: EntryFacts) {
            entries += 1
            if facts.leading { leading += 1 }
            if facts.bold { bold += 1 }
            guard facts.described else { return }
            described += 1
            if let separator = facts.separator { separators[separator, default: 0] += 1 }
        }
    }

    /// What the entry `index` of `post` writes that a style counts.
    private struct EntryFacts {
        var leading: Bool
        var bold: Bool
        var described: Bool
        /// The canonical separator of a described entry.
        var separator: String?

        init(_ index: Int, of post: borrowing Post) {
            leading = post.entries[index].lead != nil
            bold = PostStyle.isBold(link: post.entries[index].link, in: post)
            described = post.entries[index].description != nil
            separator = described ? post.entries[index].canonicalSeparator : nil
        }
    }

    public init(of post: Post) {
        var separators: [String: Int] = [:]
        for index in post.entries.indices where post.entries[index].description != nil {
            guard let separator = post.entries[index].canonicalSeparator else { continue }
            separators[separator, default: 0] += 1
        }
        separator = Self.mostCommon(separators) ?? " - "
        var lists: [ListStyle: Int] = [:]
        for block in post.lists where block.parentItem == nil { lists[ListStyle(of: block), default: 0] += 1 }
        list =
            lists.max { $0.value < $1.value || ($0.value == $1.value && $0.key.sortKey > $1.key.sortKey) }?.key
            ?? ListStyle(ordered: true, marker: UInt8(ascii: "."))
        var levels: [Int: Int] = [:]
        for section in post.sections where section.parent == nil { levels[section.level, default: 0] += 1 }
        headingLevel = levels.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key ?? 2
    }

    /// Counts what the entries of each section of `post` (the post the style was read
    /// from) write, in one pass: the questions about sections below are then answered
    /// without reading the post again.
    public mutating func countSections(of post: Post) {
        var all = Counts()
        var sections = [Counts?](repeating: nil, count: post.sections.count)
        for index in post.entries.indices {
            let facts = EntryFacts(index, of: post)
            all.add(facts)
            if let section = post.entries[index].section, sections.indices.contains(section) {
                if sections[section] == nil { sections[section] = Counts() }
                sections[section]!.add(facts)
            }
        }
        var counts: [Int?: Counts] = [nil: all]
        for (section, sectionCounts) in sections.enumerated() {
            if let sectionCounts { counts[section] = sectionCounts }
        }
        self.counts = counts
    }

    /// What the entries of `section` (nil: every entry) write: counted before, or read now.
    private func counts(of section: Int?, in post: Post) -> Counts {
        if let counts { return counts[section] ?? Counts() }
        var result = Counts()
        for index in post.entries.indices where section == nil || post.entries[index].section == section {
            result.add(EntryFacts(index, of: post))
        }
        return result
    }

    /// The separator the described entries of `section` use, when most of them agree on
    /// one (a list of ` — ` entries in a post of ` - ` lists keeps its dashes); else the
    /// post's.
    public func separator(ofSection section: Int, in post: Post) -> String {
        let counts = counts(of: section, in: post)
        guard
            let (best, count) = counts.separators.max(by: {
                $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key)
            }),
            count * 2 > counts.described
        else { return self.separator }
        return best
    }

    /// Whether most entries of `section` write their link in bold (`**[Title](URL)**`).
    public func bold(ofSection section: Int, in post: Post) -> Bool {
        let counts = counts(of: section, in: post)
        return counts.entries > 0 && counts.bold * 2 > counts.entries
    }

    /// Whether an entry writes its link in bold (`**[Title](URL)**`).
    static func isBold(_ entry: Entry, in post: Post) -> Bool {
        isBold(link: entry.link, in: post)
    }

    /// Whether link `link` of `post` is written in bold.
    static func isBold(link: Int, in post: borrowing Post) -> Bool {
        let bytes = post.bytes
        let span = post.links[link].span
        return span.lowerBound >= 2 && span.upperBound + 2 <= bytes.count
            && bytes[span.lowerBound - 2] == UInt8(ascii: "*") && bytes[span.lowerBound - 1] == UInt8(ascii: "*")
            && bytes[span.upperBound] == UInt8(ascii: "*") && bytes[span.upperBound + 1] == UInt8(ascii: "*")
    }

    /// Whether most entries of `section` (of the post, without one: a new section) write
    /// text before their link (`` `MIT` - [MIT License](…) ``): then an entry that has
    /// some keeps it there; else its tags go after the link.
    public func leadFirst(ofSection section: Int?, in post: Post) -> Bool {
        let counts = counts(of: section, in: post)
        return counts.entries > 0 && counts.leading * 2 > counts.entries
    }

    /// The same style: the same separator, list marker and heading level.
    public static func == (a: PostStyle, b: PostStyle) -> Bool {
        a.separator == b.separator && a.list == b.list && a.headingLevel == b.headingLevel
    }

    /// The most common key, ties to the smallest (so the choice does not depend on hashing).
    private static func mostCommon(_ counts: [String: Int]) -> String? {
        counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key
    }
}

/// How a list writes its markers: `1.`, `1)`, `-`, `*`, `+`.
struct ListStyle: Sendable, Hashable {
    var ordered: Bool
    var marker: UInt8

    init(ordered: Bool, marker: UInt8) {
        self.ordered = ordered
        self.marker = marker
    }

    init(of list: ListBlock) {
        self.init(ordered: list.ordered, marker: list.marker)
    }

    func marker(number: Int) -> String {
        ordered ? "\(number)" + String(UnicodeScalar(marker)) : String(UnicodeScalar(marker))
    }

    func lines(_ texts: [ItemText]) -> [String] {
        texts.enumerated().flatMap { $0.element.lines(prefix: marker(number: $0.offset + 1) + " ") }
    }

    var sortKey: Int { (ordered ? 0 : 256) + Int(marker) }
}
