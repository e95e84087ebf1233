/// `[` or `(` that never close, `]` that never opened: a link line that does not render.
public struct UnbalancedBracketsRule: Rule {
    public static let description = RuleDescription(
        id: "unbalanced-brackets",
        summary: "An item has a `[` or a link's `(` that never closes, or a `]` that never opened.",
        rationale: "A missing bracket turns the whole item into plain text: the link silently stops being a link.",
        defaultSeverity: .error,
        triggeringExamples: [
            "1. ↓[Title(https://a.example)\n",
            "1. [Title]↓(https://a.example\n",
            "1. Title↓] [A](https://a.example)\n",
        ],
        nonTriggeringExamples: [
            "1. [Wiki](https://en.wikipedia.org/wiki/Circuit_(neural_network))\n",
            "1. [A \\[draft\\]](https://a.example) - uses `a[0]` and (parentheses)\n",
            "1. [[Nested] title](https://a.example)\n",
        ])

    public init() {}

    public func check(_ post: Post, context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for item in post.items where !item.isEmpty {
            guard let range = post.ownTextRange(of: item), !range.isEmpty,
                let (offset, message) = Self.firstUnbalanced(post.bytes, range)
            else { continue }
            let (line, column) = post.point(at: offset)
            findings.append(finding(post, line: line, column: column, message))
        }
        return findings
    }

    static func firstUnbalanced(_ bytes: [UInt8], _ range: Range<Int>) -> (Int, String)? {
        var open: [Int] = []
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
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
                open.append(i)
            case UInt8(ascii: "]"):
                if open.isEmpty { return (i, "\"]\" without a matching \"[\"") }
                open.removeLast()
                if i + 1 < end && bytes[i + 1] == UInt8(ascii: "(") && open.isEmpty {
                    guard let close = closingParenthesis(bytes, from: i + 2, end: end) else {
                        return (i + 1, "the link's \"(\" never closes; add \")\" after the URL")
                    }
                    i = close + 1
                    continue
                }
            default:
                break
            }
            i += 1
        }
        if let first = open.first { return (first, "\"[\" never closes; add \"]\" after the title") }
        return nil
    }

    private static func closingBackticks(_ bytes: [UInt8], from: Int, end: Int, length: Int) -> Int? {
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
    private static func closingParenthesis(_ bytes: [UInt8], from: Int, end: Int) -> Int? {
        var depth = 1
        var i = from
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
