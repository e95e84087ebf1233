import CurateMarkdown

/// A curated post read into sections, lists, items, links and entries.
///
/// The post keeps its bytes: writing it back unchanged is `bytes` itself, and every
/// edit (``Formatter``, ``PostEditor``) is a function from these bytes and the model
/// to new bytes.
public struct Post: Sendable {
    /// Where the post came from, as the user named it (used in findings).
    public var path: String
    public internal(set) var bytes: [UInt8]
    public let lines: LineTable
    public let frontMatter: FrontMatter?
    /// First line after the front matter (1 when there is none).
    public let bodyStartLine: Int
    public internal(set) var sections: [Section] = []
    /// Headings inside a block quote or a list item: no sections, but anchors (GitHub and
    /// kramdown give every heading an id).
    public internal(set) var nestedHeadings: [NestedHeading] = []
    public internal(set) var lists: [ListBlock] = []
    public internal(set) var items: [ListItem] = []
    public internal(set) var links: [Link] = []
    /// Links outside list items (paragraphs, headings, quotes, tables), with `item` -1:
    /// not entries, but where they lead is checked (anchors, files of the repository or site).
    public internal(set) var proseLinks: [Link] = []
    /// Top-level blocks of the body, in order.
    public internal(set) var blocks: [Block] = []
    /// Line ranges of code and HTML blocks at any depth, and of the inside of a Jekyll
    /// post's unrendered blocks: their bytes are content, kept as written.
    public internal(set) var verbatim: [ClosedRange<Int>] = []
    /// Line ranges of the inside of a Jekyll post's `{% highlight %}`, `{% raw %}`,
    /// `{% capture %}`, `{% comment %}`, `{::comment}` and `{::nomarkdown}` blocks, which
    /// Jekyll does not render as Markdown where they stand: `fmt` leaves them as written.
    public internal(set) var unrendered: [ClosedRange<Int>] = []
    /// Whether cmark read other bytes than `bytes`: a Jekyll post's Liquid tags and
    /// unrendered blocks are masked before it is parsed.
    var parsedMasked = false
    /// Lines whose trailing spaces are a hard line break.
    public internal(set) var hardBreakLines: Set<Int> = []
    /// Lines that hold `<!-- curate-ignore ... -->`, with the rule ids they name (empty: all).
    public internal(set) var ignoreDirectives: [Int: [String]] = [:]

    /// Whether a `curate-ignore` silences `rule` on `line`: one at the end of the line, or
    /// one alone on the line before (or several there, one under the other).
    public func ignores(_ rule: String, at line: Int) -> Bool {
        guard !ignoreDirectives.isEmpty else { return false }
        func silences(_ ids: [String]?) -> Bool { ids.map { $0.isEmpty || $0.contains(rule) } ?? false }
        if silences(ignoreDirectives[line]) { return true }
        var above = line - 1
        while holdsDirectiveAlone(above) {
            if silences(ignoreDirectives[above]) { return true }
            above -= 1
        }
        return false
    }

    /// The first of the lines just above `line` that hold a `curate-ignore` alone (one
    /// under the other); `line` when there is none. They go with `line`: what is put
    /// before it goes before them, and they go when it goes.
    public func directiveTop(of line: Int) -> Int {
        guard !ignoreDirectives.isEmpty else { return line }
        var top = line
        while holdsDirectiveAlone(top - 1) { top -= 1 }
        return top
    }

    /// Whether `line` holds a `curate-ignore` alone (after its indentation and quote
    /// markers): it silences the line after it too. One at the end of a line of text
    /// silences that line only.
    public func holdsDirectiveAlone(_ line: Int) -> Bool {
        guard ignoreDirectives[line] != nil, line >= 1, line <= lines.count else { return false }
        let bytes = lineBytes(line)
        var index = bytes.startIndex
        while index < bytes.endIndex, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == UInt8(ascii: ">") {
            index += 1
        }
        return bytes[index...].starts(with: "<!--".utf8)
    }

    /// Entries: the items that hold a link, in document order.
    public internal(set) var entries: [Entry] = []

    /// The entry of `item`, if it has one.
    public func entry(of item: ListItem) -> Entry? {
        item.entry.map { entries[$0] }
    }

    /// The line ending most lines use.
    public var lineEnding: LineEnding {
        var crlf = 0
        var lf = 0
        for line in 1...max(lines.count, 1) where line <= lines.count {
            let end = lines.contentEnds[line - 1]
            let next = line < lines.count ? lines.starts[line] : lines.byteCount
            if next - end == 2 { crlf += 1 } else if next - end == 1 && bytes[end] == 0x0A { lf += 1 }
        }
        return crlf > lf ? .crlf : .lf
    }

    /// The bytes of line `line` (1-based) without its terminator.
    public func lineBytes(_ line: Int) -> ArraySlice<UInt8> {
        bytes[lines.content(line)]
    }

    /// The text of line `line` without its terminator.
    public func lineText(_ line: Int) -> String {
        String(decoding: lineBytes(line), as: UTF8.self)
    }

    /// Whether `line` is inside a code or HTML block, or an unrendered block of a Jekyll post.
    public func isVerbatim(_ line: Int) -> Bool {
        Self.contains(verbatim, line)
    }

    /// Whether `line` is inside an unrendered block of a Jekyll post (``unrendered``).
    public func isUnrendered(_ line: Int) -> Bool {
        Self.contains(unrendered, line)
    }

    /// Whether sorted, disjoint `ranges` hold `line`: binary search for the last that
    /// starts at or before it.
    private static func contains(_ ranges: [ClosedRange<Int>], _ line: Int) -> Bool {
        var low = 0
        var high = ranges.count
        while low < high {
            let mid = (low + high) / 2
            if ranges[mid].lowerBound <= line { low = mid + 1 } else { high = mid }
        }
        return low > 0 && ranges[low - 1].contains(line)
    }

    /// Whether `line` is in the front matter (including its fences).
    public func isFrontMatter(_ line: Int) -> Bool {
        line < bodyStartLine
    }

    /// The byte offset of a 1-based (line, byte column) point.
    public func offset(line: Int, column: Int) -> Int {
        lines.starts[line - 1] + column - 1
    }

    /// The 1-based line and byte column of a byte offset.
    public func point(at offset: Int) -> (line: Int, column: Int) {
        let line = PostReader.lineContaining(offset: offset, lines: lines)
        return (line, offset - lines.starts[line - 1] + 1)
    }

    /// ``point(at:)`` for an offset that is most likely on line `near` (a rule looking just
    /// after a link, on the link's line): that line is tried first, in constant time.
    public func point(at offset: Int, near line: Int) -> (line: Int, column: Int) {
        guard line >= 1, line <= lines.count, lines.starts[line - 1] <= offset,
            line == lines.count || offset < lines.starts[line]
        else { return point(at: offset) }
        return (line, offset - lines.starts[line - 1] + 1)
    }

    /// A link's destination as a browser requests it: a `<…>` destination's spaces written
    /// `%20`, as cmark-gfm writes them in the link's href. What the URL rules read. (A
    /// space elsewhere breaks the link, or, in a Jekyll post that kramdown reads, stays a
    /// space that `invalid-url` names.)
    public func webAddress(of link: Link) -> String {
        webAddress(link.url, at: link.urlRange)
    }

    /// ``webAddress(of:)`` of `links[index]`, read in place (a link copied retains its strings).
    public func webAddress(ofLink index: Int) -> String {
        webAddress(links[index].url, at: links[index].urlRange)
    }

    private func webAddress(_ url: String, at range: Range<Int>?) -> String {
        guard url.containsUTF8(0x20), let range, range.lowerBound > 0, bytes[range.lowerBound - 1] == UInt8(ascii: "<")
        else { return url }
        return url.replacingOccurrences(of: " ", with: "%20")
    }

    /// The bytes of an item's own first paragraph, from its content column: nil when the
    /// item has no paragraph or the paragraph does not start on the marker's line.
    public func ownTextRange(of item: ListItem) -> Range<Int>? {
        guard let paragraph = item.paragraph, paragraph.lowerBound == item.line else { return nil }
        let start = offset(line: item.line, column: item.contentColumn)
        let end = lines.contentEnds[paragraph.upperBound - 1]
        return start <= end ? start..<end : nil
    }

    /// The 1-based column, counted in characters, of a 1-based byte column on `line`.
    public func characterColumn(line: Int, byteColumn: Int) -> Int {
        guard line >= 1 && line <= lines.count else { return byteColumn }
        let range = lines.content(line)
        let target = range.lowerBound + byteColumn - 1
        let end = min(target, range.upperBound)
        var column = 1
        for i in range.lowerBound..<max(range.lowerBound, end) where bytes[i] & 0xC0 != 0x80 {
            column += 1
        }
        return column + max(0, target - end)
    }
}

public enum LineEnding: String, Sendable {
    case lf = "\n"
    case crlf = "\r\n"

    public var bytes: [UInt8] { Array(rawValue.utf8) }
}

/// A heading and the entries under it.
public struct Section: Sendable, Equatable, Codable {
    /// The heading's text, as rendered (no markup).
    public var title: String
    public var level: Int
    public var line: Int
    /// The enclosing section (a heading of a lower level before this one).
    public var parent: Int?
    /// "Parent / Child" for a nested section.
    public var path: String
}

extension Post {
    /// The sections from the outermost down to `section`.
    public func ancestry(of section: Int) -> [Int] {
        var chain = [section]
        while let parent = sections[chain[chain.count - 1]].parent { chain.append(parent) }
        return chain.reversed()
    }

    /// The heading titles from the outermost down to `section`: its path heading by
    /// heading (a title may itself contain ` / `).
    public func headings(of section: Int) -> [String] {
        ancestry(of: section).map { sections[$0].title }
    }

    /// The same without the document's `# Title` (an "awesome" list's heading that holds
    /// every section names the list, not a section another list could have); a section
    /// that is the title keeps it.
    public func headingsBelowTitle(of section: Int) -> [String] {
        let headings = headings(of: section)
        guard let title = PostEditor.documentTitleSection(self), section != title else { return headings }
        return Array(headings.dropFirst())
    }
}

/// A Markdown list.
public struct ListBlock: Sendable, Equatable {
    public var ordered: Bool
    /// `.` or `)` for ordered lists; `-`, `*` or `+` for bullets.
    public var marker: UInt8
    /// The number the list starts at (ordered lists).
    public var start: Int
    public var tight: Bool
    public var firstLine: Int
    public var lastLine: Int
    public var section: Int?
    /// The item this list is nested in.
    public var parentItem: Int?
    /// Indices into ``Post/items``.
    public var items: Range<Int>
}

/// A list item: an entry, a placeholder, or something else.
public struct ListItem: Sendable, Equatable {
    @Compact public var list: Int
    @Compact public var line: Int
    /// Last line of the item's own content and nested lists (blank lines excluded).
    @Compact public var lastLine: Int
    /// 1-based byte column of the list marker.
    @Compact public var markerColumn: Int
    /// Bytes of the marker (`-`, `12.`).
    @Compact public var markerLength: Int
    /// The number written for ordered items.
    @CompactOptional public var number: Int?
    /// 1-based byte column where the item's content starts.
    @Compact public var contentColumn: Int
    /// The item has no content at all (a placeholder like `3. `).
    public var isEmpty: Bool
    @CompactOptional public var section: Int?
    /// Indices into ``Post/links`` of links in the item's own text (not nested lists).
    @CompactRange public var links: Range<Int>
    /// Lines of the item's first paragraph.
    @CompactOptionalClosedRange public var paragraph: ClosedRange<Int>?
    /// Index into ``Post/entries`` when the item is an entry.
    @CompactOptional public var entry: Int?

    public init(
        list: Int, line: Int, lastLine: Int, markerColumn: Int, markerLength: Int, number: Int?, contentColumn: Int,
        isEmpty: Bool, section: Int?, links: Range<Int>, paragraph: ClosedRange<Int>?, entry: Int?
    ) {
        self.list = list
        self.line = line
        self.lastLine = lastLine
        self.markerColumn = markerColumn
        self.markerLength = markerLength
        self.number = number
        self.contentColumn = contentColumn
        self.isEmpty = isEmpty
        self.section = section
        self.links = links
        self.paragraph = paragraph
        self.entry = entry
    }
}

/// A link inside a list item.
public struct Link: Sendable, Equatable {
    public enum Form: String, Sendable, Codable {
        /// `[text](url)`
        case inline
        /// `[text][label]`, `[text][]`, `[text]`
        case reference
        /// `<url>`
        case autolink
        /// a URL in plain text, which CommonMark does not make a link
        case bare
    }

    /// The link's text as rendered.
    public var text: String
    /// The destination, as cmark decoded it.
    public var url: String
    @Compact public var line: Int
    /// 1-based byte column where the link starts (`[`, `<`, or the URL).
    @Compact public var column: Int
    /// Byte offset of the link's first byte and one past its last.
    @CompactRange public var span: Range<Int>
    /// Bytes of the destination in the source, when it is written inline.
    @CompactOptionalRange public var urlRange: Range<Int>?
    public var form: Form
    @Compact public var item: Int
    /// Read as kramdown reads it where cmark read no link (a Jekyll post's `[text](URL)`
    /// whose URL GitHub's autolink extension took for a bare URL).
    var readByKramdown = false

    public init(
        text: String, url: String, line: Int, column: Int, span: Range<Int>, urlRange: Range<Int>?, form: Form, item: Int
    ) {
        self.text = text
        self.url = url
        self.line = line
        self.column = column
        self.span = span
        self.urlRange = urlRange
        self.form = form
        self.item = item
    }
}

/// A heading inside a block quote or a list item (``Post/nestedHeadings``).
public struct NestedHeading: Sendable, Equatable {
    public var title: String
    public var line: Int
}

/// A curated entry: an item's first link with its title and description.
public struct Entry: Sendable, Equatable {
    public var title: String
    public var url: String
    public var description: String?
    /// What separates the link from the description (` - `, `: ` ...), as written.
    public var separator: String? {
        get { separatorCode == Self.separatorInBox ? rare?.separator : Self.commonSeparators[Int(separatorCode)] }
        set { store(separator: newValue, lead: lead, tags: tags) }
    }
    /// Text before the link, as written (`` `MIT` - `` in `` `MIT` - [MIT License](…) ``,
    /// `See ` in `See [this](…)`); nil when the item starts with its link.
    public var lead: String? {
        get { rare?.lead }
        set { store(separator: separator, lead: newValue, tags: tags) }
    }
    /// Tags between the link and the separator, as written (code spans, badges, emoji:
    /// `` `⚠` `` in ``[n8n](https://n8n.io/) `⚠` - Fair-code …``); nil when there are none.
    public var tags: String? {
        get { rare?.tags }
        set { store(separator: separator, lead: lead, tags: newValue) }
    }
    /// The separator when it is a common one (its index in ``commonSeparators``), else
    /// ``separatorInBox``: a byte where an optional string took 16 in every entry.
    private var separatorCode: UInt8 = 0
    /// What few entries have (a lead, tags, an uncommon separator) in one box: a
    /// reference where three optional strings took 48 bytes in every entry of a
    /// 100k-entry post.
    private var rare: Rare?

    private static let commonSeparators: [String?] = [
        nil, " - ", " – ", " — ", ": ", " : ", ", ", ". ", " | ", " -- ", "- ", " ",
    ]
    private static let separatorInBox: UInt8 = 0xFF
    /// ``DescriptionSeparator/canonical(_:)`` of each of ``commonSeparators``.
    private static let canonicalCommonSeparators = commonSeparators.map { $0.flatMap(DescriptionSeparator.canonical) }

    /// The canonical form of ``separator`` (``DescriptionSeparator/canonical(_:)``): a
    /// common separator's from a table (counting a post's style asks it of every entry).
    var canonicalSeparator: String? {
        separatorCode == Self.separatorInBox
            ? rare?.separator.flatMap(DescriptionSeparator.canonical) : Self.canonicalCommonSeparators[Int(separatorCode)]
    }

    private mutating func store(separator: String?, lead: String?, tags: String?) {
        let common = Self.commonSeparators.firstIndex(of: separator)
        separatorCode = common.map { UInt8($0) } ?? Self.separatorInBox
        rare = Rare.make(lead: lead, tags: tags, separator: common == nil ? separator : nil)
    }

    private final class Rare: Sendable, Equatable {
        let lead: String?
        let tags: String?
        let separator: String?

        private init(lead: String?, tags: String?, separator: String?) {
            self.lead = lead
            self.tags = tags
            self.separator = separator
        }

        static func make(lead: String?, tags: String?, separator: String?) -> Rare? {
            lead == nil && tags == nil && separator == nil ? nil : Rare(lead: lead, tags: tags, separator: separator)
        }

        static func == (lhs: Rare, rhs: Rare) -> Bool {
            lhs.lead == rhs.lead && lhs.tags == rhs.tags && lhs.separator == rhs.separator
        }
    }
    @CompactOptional public var section: Int?
    @Compact public var line: Int
    @Compact public var column: Int
    @Compact public var item: Int
    @Compact public var link: Int

    public init(
        title: String, url: String, description: String?, separator: String?, section: Int?, line: Int, column: Int, item: Int,
        link: Int, lead: String? = nil, tags: String? = nil
    ) {
        self.title = title
        self.url = url
        self.description = description
        self.section = section
        self.line = line
        self.column = column
        self.item = item
        self.link = link
        store(separator: separator, lead: lead, tags: tags)
    }
}

/// A top-level block of the body.
public struct Block: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case heading, list, paragraph, code, html, quote, thematicBreak, other
    }

    public var kind: Kind
    public var firstLine: Int
    /// Last non-blank line.
    public var lastLine: Int
}

extension Post {
    /// Whether `block` is a kramdown block attribute list (`{: .class}`, `{:#id}`) on its
    /// own line: it belongs to the block right above it, and a blank line between them
    /// would detach it (kramdown ignores an IAL surrounded by blank lines).
    public func isAttributeList(_ block: Block) -> Bool {
        guard block.kind == .paragraph, block.firstLine == block.lastLine else { return false }
        let text = lineText(block.firstLine).trimmingSpaces()
        return text.hasPrefix("{:") && text.hasSuffix("}")
    }
}
