/// A list item's text as written, apart from the place its list gives it: the first line
/// after the marker, and the lines after it without the indentation of the item's
/// content. Written under another marker (`lines(container:marker:)`), the lines read as the same
/// item: an entry moved within its list, or copied into another version of the list.
struct ItemText: Sendable, Equatable {
    /// The first line, from the item's content column.
    var first: String
    /// The lines after it, relative to the content column (nested lists keep their own
    /// indentation under it; a lazy continuation line is set at the column; a blank line
    /// is empty).
    var rest: [String]

    init(first: String, rest: [String] = []) {
        self.first = first
        self.rest = rest
    }

    /// The lines `item.line...last` of `item`; nil when its text does not start on its
    /// marker's line. An item in a block quote is read inside it: the quote's markers
    /// (`> `) are not its text.
    init?(_ item: ListItem, in post: Post, through last: Int) {
        let line = post.lineBytes(item.line)
        guard !item.isEmpty, item.contentColumn - 1 <= line.count, last >= item.line else {
            return nil
        }
        first = String(decoding: line.dropFirst(item.contentColumn - 1), as: UTF8.self)
        // The quotes the item's list is in, and the item's content column inside them.
        let container = line.prefix(item.markerColumn - 1)
        let quotes = container.filter { $0 == UInt8(ascii: ">") }.count
        var inside = 0
        if let quote = container.lastIndex(of: UInt8(ascii: ">")) {
            inside = quote - line.startIndex + 1
            if inside < line.count, line[line.startIndex + inside] == UInt8(ascii: " ") { inside += 1 }
        }
        rest =
            last > item.line
            ? (item.line + 1...last).map {
                Self.dedented(Self.unquoted(post.lineText($0), quotes), by: item.contentColumn - 1 - inside)
            } : []
    }

    /// The item's first paragraph (its text as an entry has it); nil when the item has
    /// none starting on the marker's line.
    init?(paragraphOf item: ListItem, in post: Post) {
        guard let paragraph = item.paragraph, paragraph.lowerBound == item.line else { return nil }
        self.init(item, in: post, through: paragraph.upperBound)
    }

    /// The item under `prefix` (its indentation and marker, `  3. `): the lines after the
    /// first indented to the new content column.
    func lines(prefix: String) -> [String] {
        lines(container: "", marker: prefix)
    }

    /// The item under `marker` (`3. `) in a container whose lines start with `container`
    /// (indentation, a block quote's `> `): every line inside the container, the lines
    /// after the first at the new content column; a blank line keeps the quote's markers.
    func lines(container: String, marker: String) -> [String] {
        // The marker's width: its tabs kept, every other character a space.
        let indentation = container + String(marker.map { $0 == "\t" ? "\t" : " " })
        let blank = Self.blankLine(in: container)
        return [container + marker + first] + rest.map { $0.isEmpty ? blank : indentation + $0 }
    }

    /// A blank line that stays in a container whose lines start with `container`: its
    /// quote markers, without trailing whitespace (empty when it is only indentation).
    static func blankLine(in container: String) -> String {
        var blank = Substring(container)
        while let last = blank.last, last == " " || last == "\t" { blank.removeLast() }
        return String(blank)
    }

    /// `line` without the markers of `depth` block quotes (each `>`, the whitespace before
    /// it and one space after it); a line without them (a lazy continuation) as it is.
    static func unquoted(_ line: String, _ depth: Int) -> String {
        guard depth > 0 else { return line }
        var rest = Substring(line)
        for _ in 0..<depth {
            let body = rest.drop { $0 == " " || $0 == "\t" }
            guard body.first == ">" else { break }
            rest = body.dropFirst()
            if rest.first == " " { rest = rest.dropFirst() }
        }
        return String(rest)
    }

    /// `line` without `width` columns of indentation (tabs to stops of 4, as CommonMark
    /// reads them); a line indented less (a lazy continuation) without any.
    static func dedented(_ line: String, by width: Int) -> String {
        var column = 0
        var index = line.startIndex
        while index < line.endIndex, line[index] == " " || line[index] == "\t" {
            column = line[index] == "\t" ? column + 4 - column % 4 : column + 1
            index = line.index(after: index)
        }
        guard index < line.endIndex else { return "" }
        return column >= width ? String(repeating: " ", count: column - width) + line[index...] : String(line[index...])
    }
}
