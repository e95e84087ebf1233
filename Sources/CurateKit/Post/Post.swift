import CurateMarkdown

/// A curated post read into sections, lists, items, links and entries.
///
/// The post keeps its bytes: writing it back unchanged is `bytes` itself, and every
/// edit (``Formatter``, ``PostEditor``) is a function from these bytes and the model
/// to new bytes.
public struct Post: Sendable {
    /// Where the post came from, as the user named it (used in findings).
    public var path: String
    public let bytes: [UInt8]
    public let lines: LineTable
    public let frontMatter: FrontMatter?
    /// First line after the front matter (1 when there is none).
    public let bodyStartLine: Int
    public internal(set) var sections: [Section] = []
    public internal(set) var lists: [ListBlock] = []
    public internal(set) var items: [ListItem] = []
    public internal(set) var links: [Link] = []
    /// Top-level blocks of the body, in order.
    public internal(set) var blocks: [Block] = []
    /// Line ranges of code and HTML blocks at any depth: their bytes are content.
    public internal(set) var verbatim: [ClosedRange<Int>] = []
    /// Lines whose trailing spaces are a hard line break.
    public internal(set) var hardBreakLines: Set<Int> = []
    /// Lines that hold `<!-- curate-ignore ... -->`, with the rule ids they name (empty: all).
    public internal(set) var ignoreDirectives: [Int: [String]] = [:]

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

    /// Whether `line` is inside a code or HTML block.
    public func isVerbatim(_ line: Int) -> Bool {
        // Ranges are sorted by their start; binary search the last that starts at or before.
        var low = 0
        var high = verbatim.count
        while low < high {
            let mid = (low + high) / 2
            if verbatim[mid].lowerBound <= line { low = mid + 1 } else { high = mid }
        }
        return low > 0 && verbatim[low - 1].contains(line)
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
    private var _list: Int32
    private var _line: Int32
    private var _lastLine: Int32
    private var _markerColumn: Int32
    private var _markerLength: Int32
    private var _number: Int32
    private var _contentColumn: Int32
    /// The item has no content at all (a placeholder like `3. `).
    public var isEmpty: Bool
    private var _section: Int32
    private var _linksLower: Int32
    private var _linksUpper: Int32
    private var _paragraphLower: Int32
    private var _paragraphUpper: Int32
    private var _entry: Int32

    public var list: Int {
        get { Int(_list) }
        set { _list = Int32(truncatingIfNeeded: newValue) }
    }

    public var line: Int {
        get { Int(_line) }
        set { _line = Int32(truncatingIfNeeded: newValue) }
    }

    /// Last line of the item's own content and nested lists (blank lines excluded).
    public var lastLine: Int {
        get { Int(_lastLine) }
        set { _lastLine = Int32(truncatingIfNeeded: newValue) }
    }

    /// 1-based byte column of the list marker.
    public var markerColumn: Int {
        get { Int(_markerColumn) }
        set { _markerColumn = Int32(truncatingIfNeeded: newValue) }
    }

    /// Bytes of the marker (`-`, `12.`).
    public var markerLength: Int {
        get { Int(_markerLength) }
        set { _markerLength = Int32(truncatingIfNeeded: newValue) }
    }

    /// The number written for ordered items.
    public var number: Int? {
        get { _number == .min ? nil : Int(_number) }
        set { _number = newValue.map { Int32(truncatingIfNeeded: $0) } ?? .min }
    }

    /// 1-based byte column where the item's content starts.
    public var contentColumn: Int {
        get { Int(_contentColumn) }
        set { _contentColumn = Int32(truncatingIfNeeded: newValue) }
    }

    public var section: Int? {
        get { _section == .min ? nil : Int(_section) }
        set { _section = newValue.map { Int32(truncatingIfNeeded: $0) } ?? .min }
    }

    /// Indices into ``Post/links`` of links in the item's own text (not nested lists).
    public var links: Range<Int> {
        get { Int(_linksLower)..<Int(_linksUpper) }
        set {
            _linksLower = Int32(truncatingIfNeeded: newValue.lowerBound)
            _linksUpper = Int32(truncatingIfNeeded: newValue.upperBound)
        }
    }

    /// Lines of the item's first paragraph.
    public var paragraph: ClosedRange<Int>? {
        get { _paragraphLower == .min ? nil : Int(_paragraphLower)...Int(_paragraphUpper) }
        set {
            _paragraphLower = newValue.map { Int32(truncatingIfNeeded: $0.lowerBound) } ?? .min
            _paragraphUpper = newValue.map { Int32(truncatingIfNeeded: $0.upperBound) } ?? .min
        }
    }

    /// Index into ``Post/entries`` when the item is an entry.
    public var entry: Int? {
        get { _entry == .min ? nil : Int(_entry) }
        set { _entry = newValue.map { Int32(truncatingIfNeeded: $0) } ?? .min }
    }

    public init(
        list: Int, line: Int, lastLine: Int, markerColumn: Int, markerLength: Int, number: Int?, contentColumn: Int,
        isEmpty: Bool, section: Int?, links: Range<Int>, paragraph: ClosedRange<Int>?, entry: Int?
    ) {
        _list = Int32(truncatingIfNeeded: list)
        _line = Int32(truncatingIfNeeded: line)
        _lastLine = Int32(truncatingIfNeeded: lastLine)
        _markerColumn = Int32(truncatingIfNeeded: markerColumn)
        _markerLength = Int32(truncatingIfNeeded: markerLength)
        _number = number.map { Int32(truncatingIfNeeded: $0) } ?? .min
        _contentColumn = Int32(truncatingIfNeeded: contentColumn)
        self.isEmpty = isEmpty
        _section = section.map { Int32(truncatingIfNeeded: $0) } ?? .min
        _linksLower = Int32(truncatingIfNeeded: links.lowerBound)
        _linksUpper = Int32(truncatingIfNeeded: links.upperBound)
        _paragraphLower = paragraph.map { Int32(truncatingIfNeeded: $0.lowerBound) } ?? .min
        _paragraphUpper = paragraph.map { Int32(truncatingIfNeeded: $0.upperBound) } ?? .min
        _entry = entry.map { Int32(truncatingIfNeeded: $0) } ?? .min
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
    private var _line: Int32
    private var _column: Int32
    private var _spanLower: Int32
    private var _spanUpper: Int32
    private var _urlRangeLower: Int32
    private var _urlRangeUpper: Int32
    public var form: Form
    private var _item: Int32

    public var line: Int {
        get { Int(_line) }
        set { _line = Int32(truncatingIfNeeded: newValue) }
    }

    /// 1-based byte column where the link starts (`[`, `<`, or the URL).
    public var column: Int {
        get { Int(_column) }
        set { _column = Int32(truncatingIfNeeded: newValue) }
    }

    /// Byte offset of the link's first byte and one past its last.
    public var span: Range<Int> {
        get { Int(_spanLower)..<Int(_spanUpper) }
        set {
            _spanLower = Int32(truncatingIfNeeded: newValue.lowerBound)
            _spanUpper = Int32(truncatingIfNeeded: newValue.upperBound)
        }
    }

    /// Bytes of the destination in the source, when it is written inline.
    public var urlRange: Range<Int>? {
        get { _urlRangeLower == .min ? nil : Int(_urlRangeLower)..<Int(_urlRangeUpper) }
        set {
            _urlRangeLower = newValue.map { Int32(truncatingIfNeeded: $0.lowerBound) } ?? .min
            _urlRangeUpper = newValue.map { Int32(truncatingIfNeeded: $0.upperBound) } ?? .min
        }
    }

    public var item: Int {
        get { Int(_item) }
        set { _item = Int32(truncatingIfNeeded: newValue) }
    }

    public init(
        text: String, url: String, line: Int, column: Int, span: Range<Int>, urlRange: Range<Int>?, form: Form, item: Int
    ) {
        self.text = text
        self.url = url
        _line = Int32(truncatingIfNeeded: line)
        _column = Int32(truncatingIfNeeded: column)
        _spanLower = Int32(truncatingIfNeeded: span.lowerBound)
        _spanUpper = Int32(truncatingIfNeeded: span.upperBound)
        _urlRangeLower = urlRange.map { Int32(truncatingIfNeeded: $0.lowerBound) } ?? .min
        _urlRangeUpper = urlRange.map { Int32(truncatingIfNeeded: $0.upperBound) } ?? .min
        self.form = form
        _item = Int32(truncatingIfNeeded: item)
    }
}

/// A curated entry: an item's first link with its title and description.
public struct Entry: Sendable, Equatable {
    public var title: String
    public var url: String
    public var description: String?
    /// What separates the link from the description (` - `, `: ` ...), as written.
    public var separator: String?
    private var _section: Int32
    private var _line: Int32
    private var _column: Int32
    private var _item: Int32
    private var _link: Int32

    public var section: Int? {
        get { _section == .min ? nil : Int(_section) }
        set { _section = newValue.map { Int32(truncatingIfNeeded: $0) } ?? .min }
    }

    public var line: Int {
        get { Int(_line) }
        set { _line = Int32(truncatingIfNeeded: newValue) }
    }

    public var column: Int {
        get { Int(_column) }
        set { _column = Int32(truncatingIfNeeded: newValue) }
    }

    public var item: Int {
        get { Int(_item) }
        set { _item = Int32(truncatingIfNeeded: newValue) }
    }

    public var link: Int {
        get { Int(_link) }
        set { _link = Int32(truncatingIfNeeded: newValue) }
    }

    public init(
        title: String, url: String, description: String?, separator: String?, section: Int?, line: Int, column: Int, item: Int,
        link: Int
    ) {
        self.title = title
        self.url = url
        self.description = description
        self.separator = separator
        _section = section.map { Int32(truncatingIfNeeded: $0) } ?? .min
        _line = Int32(truncatingIfNeeded: line)
        _column = Int32(truncatingIfNeeded: column)
        _item = Int32(truncatingIfNeeded: item)
        _link = Int32(truncatingIfNeeded: link)
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
