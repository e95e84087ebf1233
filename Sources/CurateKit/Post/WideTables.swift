import CurateMarkdown

/// Tables too wide to read in reasonable time, found before the parse.
///
/// cmark-gfm's table extension (Debian's 0.29.0.gfm.6, as the `cmark-gfm -e table` CLI
/// shows) takes time in the square of a table's columns for each of its rows: a table of
/// 8,000 columns takes 0.18 s a row, one of 40,000 columns more than a minute for a few
/// rows. A post whose tables would take more than a few seconds is refused with the line
/// of the widest, before the parse would hang on it.
enum WideTables {
    /// What a post's tables may cost at most, as columns² × rows summed over them: about
    /// three seconds of cmark-gfm's time (1000 columns by 1000 rows under the header; a
    /// list's tables have tens).
    static let budget = 1_000_000_000

    /// The table that takes a post's tables over `budget`: the line of its delimiter row
    /// (`|---|---|`), its columns and rows; nil when they fit. A delimiter row is read
    /// wherever it is (in a quote, a list item, even a code block, where it costs nothing:
    /// the count errs on the side of reading).
    static func first(
        over budget: Int = budget, in bytes: [UInt8], lines: LineTable, from firstLine: Int
    ) -> (line: Int, columns: Int, rows: Int)? {
        guard firstLine <= lines.count else { return nil }
        // As a Double: columns² × rows of a huge file does not fit an Int.
        var cost = 0.0
        return bytes.withUnsafeBufferPointer { bytes -> (line: Int, columns: Int, rows: Int)? in
            var line = firstLine
            while line <= lines.count {
                let range = lines.content(line)
                guard let columns = delimiterColumns(bytes, range) else {
                    line += 1
                    continue
                }
                // Its rows: the lines up to the next blank one.
                var end = line + 1
                while end <= lines.count && !isBlank(bytes, lines.content(end)) { end += 1 }
                let rows = end - line  // the header row, and those after the delimiter row
                // Its body rows (those after the delimiter row) at columns² each.
                cost += Double(columns) * Double(columns) * Double(max(1, rows - 1))
                if cost > Double(budget) { return (line, columns, rows) }
                line = end
            }
            return nil
        }
    }

    /// The columns of a table's delimiter row (`| --- | :-: |`: pipes, dashes, colons and
    /// spaces, after any quote markers and indentation), nil when the line is not one or
    /// has fewer than two.
    private static func delimiterColumns(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        var i = range.lowerBound
        while i < range.upperBound, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == UInt8(ascii: ">") { i += 1 }
        guard i < range.upperBound else { return nil }
        let first = bytes[i]
        guard first == UInt8(ascii: "|") || first == UInt8(ascii: "-") || first == UInt8(ascii: ":") else { return nil }
        var pipes = 0
        var dashes = false
        var last = first
        while i < range.upperBound {
            let byte = bytes[i]
            switch byte {
            case UInt8(ascii: "|"): pipes += 1
            case UInt8(ascii: "-"): dashes = true
            case UInt8(ascii: ":"), 0x20, 0x09: break
            default: return nil
            }
            if byte != 0x20 && byte != 0x09 { last = byte }
            i += 1
        }
        guard dashes, pipes > 0 else { return nil }
        let columns = pipes + 1 - (first == UInt8(ascii: "|") ? 1 : 0) - (last == UInt8(ascii: "|") ? 1 : 0)
        return columns >= 2 ? columns : nil
    }

    private static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        for i in range where bytes[i] != 0x20 && bytes[i] != 0x09 && bytes[i] != UInt8(ascii: ">") { return false }
        return true
    }
}
