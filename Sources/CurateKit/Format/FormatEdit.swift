/// One change fmt wants to make, named so that it can be left out alone.
struct FormatEdit: Sendable {
    struct ID: Hashable, Comparable, Sendable {
        enum Kind: UInt8, Sendable {
            case lineEndings, removeItem, sort, renumber, tracking, trailingWhitespace, spacing, finalNewline
        }

        /// Where the edit is: a line, or a byte offset for tracking parameters (scaled so that
        /// edits sort in document order).
        var position: Int
        var kind: Kind

        static func < (a: ID, b: ID) -> Bool {
            a.position != b.position ? a.position < b.position : a.kind.rawValue < b.kind.rawValue
        }
    }

    var id: ID
    /// Whether the rendering applied it (false: left out).
    var applied: Bool
    /// The findings this edit fixes.
    var spots: [Formatter.Spot]
    /// The documented effect on the rendering: an empty item gone (its line).
    var removedItemLine: Int? = nil
    /// The documented effect on the rendering: a link's destination changed.
    var destination: (from: String, to: String)? = nil
    /// The documented effect on the rendering: a list's items in another order (the list's
    /// first line, its items' first lines in their new order).
    var reorder: (list: Int, items: [Int])? = nil
}

/// The bytes of one rendering and the edits it considered.
struct FormatPlan: Sendable {
    var bytes: [UInt8]
    /// Where the body starts in `bytes` (after the front matter, copied as it is).
    var bodyOffset: Int
    var edits: [FormatEdit]

    /// The documented effects of the applied edits, for the proof.
    var adjustments: HTMLAdjustments {
        var result = HTMLAdjustments()
        for edit in edits where edit.applied {
            if let line = edit.removedItemLine { result.removedEmptyItems.insert(line) }
            if let destination = edit.destination { result.destinations[destination.from] = destination.to }
            if let reorder = edit.reorder { result.reorderedLists[reorder.list] = reorder.items }
        }
        return result
    }
}
