/// One change fmt wants to make, named so that it can be left out alone.
struct FormatEdit: Sendable {
    struct ID: Hashable, Comparable, Sendable {
        enum Kind: UInt8, Sendable, CaseIterable {
            case lineEndings, removeItem, blankItem, sort, renumber, tracking, trailingWhitespace, spacing, finalNewline

            /// The id of the rule whose findings edits of this kind fix (nil: line endings,
            /// which no rule reports).
            var rule: String? {
                switch self {
                case .lineEndings: return nil
                case .removeItem, .blankItem: return EmptyItemRule.description.id
                case .sort: return SortOrderRule.description.id
                case .renumber: return ListNumberingRule.description.id
                case .tracking: return TrackingParametersRule.description.id
                case .trailingWhitespace: return TrailingWhitespaceRule.description.id
                case .spacing, .finalNewline: return BlankLinesRule.description.id
                }
            }
        }

        /// Where the edit is: a line, or a byte offset for tracking parameters (scaled so that
        /// edits sort in document order).
        var position: Int
        var kind: Kind

        static func < (a: ID, b: ID) -> Bool {
            a.position != b.position ? a.position < b.position : a.kind.rawValue < b.kind.rawValue
        }

        /// The edit the planner makes instead when this one is left out (a placeholder's
        /// line made blank when taking it out is left out), if any.
        var alternative: ID? { kind == .removeItem ? ID(position: position, kind: .blankItem) : nil }
    }

    var id: ID
    /// Whether the rendering applied it (false: left out).
    var applied: Bool
    /// The findings this edit fixes.
    var spots: [Formatter.Spot]
    /// The lines of the input it changes (or whose neighbourhood it changes).
    var lines: ClosedRange<Int>
    /// The documented effect on the rendering: a link's destination changed.
    var destination: (from: String, to: String)?
    /// Proven where it stands, without rendering (``FormatProof/provesInPlace(link:writing:for:in:)``).
    var inPlace: Bool
    /// Where the link whose destination changes starts (0: a reference definition's,
    /// which changes every link that uses it), and whether its text is its URL.
    var linkLine: Int32
    var linkColumn: Int32
    var textIsURL: Bool
    /// What only placeholder and sort edits have, in one box (a large post's proof holds
    /// tens of thousands of edits, and these took 48 bytes in each).
    private let rare: Rare?

    private final class Rare: Sendable {
        let alternativeOf: ID?
        let removedItemLine: Int?
        let reorder: (list: Int, items: [Int])?

        init(alternativeOf: ID?, removedItemLine: Int?, reorder: (list: Int, items: [Int])?) {
            self.alternativeOf = alternativeOf
            self.removedItemLine = removedItemLine
            self.reorder = reorder
        }
    }

    init(
        id: ID, applied: Bool, spots: [Formatter.Spot], alternativeOf: ID? = nil, lines: ClosedRange<Int>,
        removedItemLine: Int? = nil, destination: (from: String, to: String)? = nil,
        reorder: (list: Int, items: [Int])? = nil, inPlace: Bool = false, link: (line: Int, column: Int, textIsURL: Bool)? = nil
    ) {
        self.id = id
        self.inPlace = inPlace
        linkLine = Int32(clamping: link?.line ?? 0)
        linkColumn = Int32(clamping: link?.column ?? 0)
        textIsURL = link?.textIsURL ?? false
        self.applied = applied
        self.spots = spots
        self.lines = lines
        self.destination = destination
        let isRare = alternativeOf != nil || removedItemLine != nil || reorder != nil
        rare = isRare ? Rare(alternativeOf: alternativeOf, removedItemLine: removedItemLine, reorder: reorder) : nil
    }

    /// The edit this one stands in for when that one is left out (a placeholder's line
    /// made blank when taking it out does not prove).
    var alternativeOf: ID? { rare?.alternativeOf }
    /// The documented effect on the rendering: an empty item gone (its line).
    var removedItemLine: Int? { rare?.removedItemLine }
    /// The documented effect on the rendering: a list's items in another order (the list's
    /// first line, its items' first lines in their new order).
    var reorder: (list: Int, items: [Int])? { rare?.reorder }

    /// Adds the edit's documented effects to `adjustments`.
    func adjust(_ adjustments: inout HTMLAdjustments) {
        if let line = removedItemLine { adjustments.removedEmptyItems.insert(line) }
        if let destination {
            if linkLine > 0 {
                // This link only (an image or a link elsewhere with the same URL stays).
                let start = HTMLAdjustments.Point(line: Int(linkLine), column: Int(linkColumn))
                adjustments.relinked[start] = .init(from: destination.from, to: destination.to, textIsURL: textIsURL)
            } else {
                adjustments.destinations[destination.from] = destination.to
            }
        }
        if let reorder { adjustments.reorderedLists[reorder.list] = reorder.items }
    }
}

/// The bytes of one rendering and the edits it considered.
struct FormatPlan: Sendable {
    var bytes: [UInt8]
    /// Where the body starts in `bytes` (after the front matter, copied as it is).
    var bodyOffset: Int
    var edits: [FormatEdit]
    /// For each line of the body written, the input line it comes from (0: a new blank line).
    var lineOrigins: [Int32] = []
    /// For each line of the body written, where it starts in `bytes`.
    /// 32 bits, as ``LineTable/Offsets`` (posts are at most 64 MiB, and so their output).
    var lineStarts: [UInt32] = []

    /// The documented effects of the applied edits, for the proof.
    var adjustments: HTMLAdjustments {
        var result = HTMLAdjustments()
        for index in edits.indices where edits[index].applied { edits[index].adjust(&result) }
        return result
    }
}
