/// A list item's text as written, apart from the place its list gives it: the first line
/// after the marker, and the lines after it without the indentation of the item's
/// content. Written under another marker (`lines(prefix:)`), the lines read as the same
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
    /// marker's line.
    init?(_ item: ListItem, in post: Post, through last: Int) {
        guard !item.isEmpty, item.contentColumn - 1 <= post.lineBytes(item.line).count, last >= item.line else {
            return nil
        }
        first = String(decoding: post.lineBytes(item.line).dropFirst(item.contentColumn - 1), as: UTF8.self)
        rest = last > item.line ? (item.line + 1...last).map { Self.dedented(post.lineText($0), by: item.contentColumn - 1) } : []
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
        // The prefix's width: its tabs kept, every other character a space.
        let indentation = String(prefix.map { $0 == "\t" ? "\t" : " " })
        return [prefix + first] + rest.map { $0.isEmpty ? "" : indentation + $0 }
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
