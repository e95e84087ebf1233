/// `[` or `(` that never close, `]` that never opened, a URL with a space: a link line
/// that does not render.
public struct UnbalancedBracketsRule: Rule {
    public static let description = RuleDescription(
        id: "unbalanced-brackets",
        summary:
            "An item's link does not parse: a `[` or a link's `(` never closes, a `]` never opened, or the URL has a space or line break.",
        rationale: """
            A missing bracket, or a space in a URL, turns the whole item into plain text: the link \
            silently stops being a link. (GitHub's autolinking may still link the URL's first \
            part, which is not the resource.) In a Jekyll post a URL with a space is a link: \
            kramdown reads one.
            """,
        defaultSeverity: .error,
        triggeringExamples: [
            "1. ↓[Title(https://a.example)\n",
            "1. [Title]↓(https://a.example\n",
            "1. Title↓] [A](https://a.example)\n",
            "- [A](https://a.example) - see [C]↓(https://c.example/ - unclosed\n",
            "- [Space in path](https://a.example/my↓ page.html) - a description\n",
            "- [Broken](https://a.example/a-very-↓\n  long-path) - across lines\n",
        ],
        nonTriggeringExamples: [
            "1. [Wiki](https://en.wikipedia.org/wiki/Circuit_(neural_network))\n",
            "1. [A \\[draft\\]](https://a.example) - uses `a[0]` and (parentheses)\n",
            "- [Norm](https://a.example) - maps values to [0, 1), or (0, 1] :]\n",
            "1. [[Nested] title](https://a.example)\n",
            "- [Spaced](<https://a.example/my page.html>) - [titled](https://a.example \"A title\")\n",
            "---\ntitle: T\n---\n\n- [kramdown](https://a.example/my page.html) - a link in a Jekyll post\n",
        ])

    public init() {}

    public func check(_ post: Post, context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        // Where cmark-gfm (GitHub) renders: kramdown reads a URL with spaces as a link.
        let renderedByGitHub = context.location.kind == .list
        // Where cmark read links, in order (the lists' links are in order already, and
        // sorting a sorted run is a pass over it): searched, not hashed.
        var orderedStarts = post.links.indices.map { post.links[$0].span.lowerBound }
        orderedStarts.sort()
        /// Where the first link cmark read in `range` starts; nil when it read none.
        func firstLink(in range: Range<Int>) -> Int? {
            var low = 0
            var high = orderedStarts.count
            while low < high {
                let middle = (low + high) / 2
                if orderedStarts[middle] < range.lowerBound { low = middle + 1 } else { high = middle }
            }
            return low < orderedStarts.count && orderedStarts[low] < range.upperBound ? orderedStarts[low] : nil
        }
        func isLinkStart(_ offset: Int) -> Bool { firstLink(in: offset..<(offset + 1)) != nil }
        // `[Title](URL)` that cmark did not read as a link, per item (one array for all).
        var candidates: [(open: Int, destination: Range<Int>)] = []
        for item in post.items where !item.isEmpty {
            guard let range = post.ownTextRange(of: item), !range.isEmpty else { continue }
            candidates.removeAll(keepingCapacity: true)
            let unbalanced = Self.firstUnbalanced(post.bytes, range) { open, destination in
                if renderedByGitHub && !isLinkStart(open) { candidates.append((open, destination)) }
            }
            // A bracket out of balance after the item's link is prose, which renders as
            // written (`maps to [0, 1)`, `:]`); before it, or without a link, it broke one.
            // A link's `(` that never closes is a broken link wherever it is.
            if let (offset, message) = unbalanced,
                firstLink(in: range).map({ offset < $0 }) ?? true || message.hasPrefix(Self.unclosedDestination)
            {
                let (line, column) = post.point(at: offset)
                findings.append(finding(post, line: line, column: column, message))
                continue
            }
            for candidate in candidates {
                guard let (offset, message) = Self.destinationProblem(post.bytes, candidate.destination) else { continue }
                let (line, column) = post.point(at: offset)
                findings.append(finding(post, line: line, column: column, message))
            }
        }
        return findings
    }

    /// Why a destination written between `(` and `)` makes no link, when curate can name it:
    /// a space, or a line break, inside the URL (not between it and a title). The offset is
    /// the space's.
    static func destinationProblem(_ bytes: [UInt8], _ destination: Range<Int>) -> (Int, String)? {
        var i = destination.lowerBound
        while i < destination.upperBound, isWhitespace(bytes[i]) { i += 1 }
        // `<...>` may hold spaces; a URL starts with something else.
        guard i < destination.upperBound, bytes[i] != UInt8(ascii: "<") else { return nil }
        while i < destination.upperBound, !isWhitespace(bytes[i]) { i += 1 }
        let space = i
        while i < destination.upperBound, isWhitespace(bytes[i]) { i += 1 }
        // Nothing after the URL, or a title (`"…"`, `'…'`, `(…)`): not a space in the URL.
        guard i < destination.upperBound, ![UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "(")].contains(bytes[i])
        else { return nil }
        if bytes[space..<i].contains(where: { $0 == 0x0A || $0 == 0x0D }) {
            return (space, "the link's URL is broken across lines, so the item is not a link; write it on one line")
        }
        return (space, "the link's URL contains a space, so the item is not a link; write %20 for it, or put the URL in <...>")
    }

    static let unclosedDestination = "the link's \"(\" never closes"

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// The first bracket out of balance in `range` of the text, with the sentence that
    /// says so; `link` is given each `[…](…)` that closes (its `[` and the bytes between
    /// its parentheses).
    static func firstUnbalanced(
        _ bytes: [UInt8], _ range: Range<Int>, link: (_ open: Int, _ destination: Range<Int>) -> Void = { _, _ in }
    ) -> (Int, String)? {
        precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count, "range outside the text")
        return bytes.withUnsafeBufferPointer { firstUnbalanced($0, range, link: link) }
    }

    /// ``firstUnbalanced(_:_:link:)`` on the text's memory, without a bounds check per byte.
    private static func firstUnbalanced(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, link: (_ open: Int, _ destination: Range<Int>) -> Void
    ) -> (Int, String)? {
        // The open brackets, at most one per byte: a stack in temporary memory, not an
        // array allocated for every item.
        withUnsafeTemporaryAllocation(of: Int.self, capacity: max(1, range.count)) { open in
            firstUnbalanced(bytes, range, open: open, link: link)
        }
    }

    private static func firstUnbalanced(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, open: UnsafeMutableBufferPointer<Int>,
        link: (_ open: Int, _ destination: Range<Int>) -> Void
    ) -> (Int, String)? {
        var depth = 0
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            // Eight bytes a step to the next byte that matters here.
            i = WordScan.firstIndex(
                in: bytes, from: i, to: end, UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "<"), UInt8(ascii: "["),
                UInt8(ascii: "]"))
            guard i < end else { break }
            let byte = bytes[i]
            switch byte {
            case UInt8(ascii: "\\"):
                i += 2
                continue
            case UInt8(ascii: "`"):
                var run = 0
                while i + run < end && bytes[i + run] == UInt8(ascii: "`") { run += 1 }
                if let close = closingBackticks(bytes, from: i + run, end: end, length: run) {
                    i = close
                } else {
                    i += run
                }
                continue
            case UInt8(ascii: "<"):
                // An autolink or HTML tag: skip to its `>` if there is one before a space.
                var j = i + 1
                while j < end && bytes[j] != UInt8(ascii: ">") && bytes[j] != 0x20 && bytes[j] != 0x0A { j += 1 }
                if j < end && bytes[j] == UInt8(ascii: ">") {
                    i = j + 1
                    continue
                }
            case UInt8(ascii: "["):
                open[depth] = i
                depth += 1
            case UInt8(ascii: "]"):
                if depth == 0 { return (i, "\"]\" without a matching \"[\"") }
                depth -= 1
                let opening = open[depth]
                if i + 1 < end && bytes[i + 1] == UInt8(ascii: "(") && depth == 0 {
                    guard let close = closingParenthesis(bytes, from: i + 2, end: end) else {
                        return (i + 1, Self.unclosedDestination + "; add \")\" after the URL")
                    }
                    // An image (`![alt](src)`) is no link.
                    if opening == range.lowerBound || bytes[opening - 1] != UInt8(ascii: "!") { link(opening, (i + 2)..<close) }
                    i = close + 1
                    continue
                }
            default:
                break
            }
            i += 1
        }
        if depth > 0 { return (open[0], "\"[\" never closes; add \"]\" after the title") }
        return nil
    }

    private static func closingBackticks(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, end: Int, length: Int) -> Int? {
        var i = from
        while i < end {
            if bytes[i] == UInt8(ascii: "`") {
                var run = 0
                while i + run < end && bytes[i + run] == UInt8(ascii: "`") { run += 1 }
                if run == length { return i + run }
                i += run
            } else {
                i += 1
            }
        }
        return nil
    }

    /// The `)` that ends a link destination starting at `from`, allowing balanced parentheses.
    private static func closingParenthesis(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, end: Int) -> Int? {
        var depth = 1
        var i = from
        if from < end && bytes[from] != UInt8(ascii: "<") {
            // No `<…>` destination (nearly every link): eight bytes a step to the next byte
            // that matters.
            while i < end {
                i = WordScan.firstIndex(
                    in: bytes, from: i, to: end, UInt8(ascii: "\\"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: ")"))
                guard i < end else { return nil }
                if bytes[i] == UInt8(ascii: "\\") {
                    i += 2
                    continue
                }
                if bytes[i] == UInt8(ascii: "(") {
                    depth += 1
                } else {
                    depth -= 1
                    if depth == 0 { return i }
                }
                i += 1
            }
            return nil
        }
        var inAngle = false
        while i < end {
            let byte = bytes[i]
            if byte == UInt8(ascii: "\\") {
                i += 2
                continue
            }
            if i == from && byte == UInt8(ascii: "<") { inAngle = true }
            if inAngle {
                if byte == UInt8(ascii: ">") { inAngle = false }
            } else if byte == UInt8(ascii: "(") {
                depth += 1
            } else if byte == UInt8(ascii: ")") {
                depth -= 1
                if depth == 0 { return i }
            }
            i += 1
        }
        return nil
    }
}
