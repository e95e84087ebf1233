/// Lines a merge left in conflict: `<<<<<<<`, `|||||||`, `=======`, `>>>>>>>`.
public struct ConflictMarkersRule: Rule {
    public static let description = RuleDescription(
        id: "conflict-markers",
        summary: "A merge conflict is left in the post (`<<<<<<<`, `=======`, `>>>>>>>` lines).",
        rationale:
            "A committed conflict publishes both versions and the markers, and the next merge takes one side of it: links get lost.",
        defaultSeverity: .error,
        fixable: false,
        triggeringExamples: [
            """
            1. [A](https://a.example)
            ↓<<<<<<< ours
            2. [B](https://b.example)
            ↓=======
            2. [C](https://c.example)
            ↓>>>>>>> theirs
            """,
            """
            ↓<<<<<<< HEAD
            Intro.
            ↓||||||| base
            Old intro.
            ↓=======
            New intro.
            ↓>>>>>>> side
            """,
        ],
        nonTriggeringExamples: [
            "A heading\n=======\n\n1. [A](https://a.example)\n",
            "Text with <<<<<<< inside a line.\n",
            "```\n<<<<<<< ours\na\n=======\nb\n>>>>>>> theirs\n```\n",
        ])

    public init() {}

    public func check(_ post: Post, context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        var open = false
        for line in 1..<(post.lines.count + 1) where !post.isVerbatim(line) {
            let bytes = post.lineBytes(line)
            guard let kind = Self.marker(bytes) else { continue }
            switch kind {
            case UInt8(ascii: "<"):
                open = true
            case UInt8(ascii: "="), UInt8(ascii: "|"):
                // `=======` alone is also a setext heading's underline: a marker only
                // inside a conflict.
                guard open else { continue }
            default:
                guard open else { continue }
                open = false
            }
            findings.append(
                finding(
                    post, line: line, column: 1,
                    "conflict marker \(String(decoding: bytes.prefix(7), as: UTF8.self)): a merge conflict is unresolved"))
        }
        return findings
    }

    /// The marker's character when `line` is a conflict marker line: seven of `<`, `|`,
    /// `=` or `>`, then the end of the line (`=`) or a space and a label (others).
    static func marker(_ line: ArraySlice<UInt8>) -> UInt8? {
        guard line.count >= 7, let first = line.first, [0x3C, 0x7C, 0x3D, 0x3E].contains(first),
            line.prefix(7).allSatisfy({ $0 == first })
        else { return nil }
        let rest = line.dropFirst(7)
        if first == UInt8(ascii: "=") { return rest.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D } ? first : nil }
        return rest.isEmpty || rest.first == 0x20 || rest.first == 0x0D ? first : nil
    }
}
