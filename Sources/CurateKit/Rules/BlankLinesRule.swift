/// One blank line around headings and lists, never two in a row, one newline at the end.
public struct BlankLinesRule: Rule {
    public static let description = RuleDescription(
        id: "blank-lines",
        summary: "Blank lines: more than one in a row, none around a heading or list, or not one newline at the end.",
        rationale: "Consistent spacing keeps diffs small and makes the source read like the page.",
        defaultSeverity: .warning,
        fixable: true,
        triggeringExamples: [
            "### A\n↓1. [A](https://a.example)\n",
            "### A\n\n1. [A](https://a.example)\n\n↓\n### B\n",
            "1. [A](https://a.example)\n↓### B\n",
            "### A\n\n1. [A](https://a.example)↓",
        ],
        nonTriggeringExamples: ["### A\n\n1. [A](https://a.example)\n\n### B\n\nText.\n"],
        corrections: [
            .init("### A\n1. [A](https://a.example)\n\n\n### B\n", "### A\n\n1. [A](https://a.example)\n\n### B\n"),
            .init("### A\n\n1. [A](https://a.example)", "### A\n\n1. [A](https://a.example)\n"),
            .init("### A\n\n1. [A](https://a.example)\n\n\n", "### A\n\n1. [A](https://a.example)\n"),
        ])

    public init() {}

    public func check(_ post: Post, context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        let count = post.lines.count
        guard post.bodyStartLine <= count else { return [] }
        // Runs of blank lines.
        var run = 0
        for line in post.bodyStartLine...count {
            if !post.isVerbatim(line) && post.lineBytes(line).allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                run += 1
                if line == count {
                    findings.append(finding(post, line: line - run + 1, column: 1, "blank lines at the end of the file"))
                } else if run == 2 {
                    findings.append(finding(post, line: line, column: 1, "more than one blank line in a row"))
                }
            } else {
                run = 0
            }
        }
        // Headings and lists need a blank line on each side.
        // Not inside a Jekyll post's unrendered block, which is kept as written, nor after
        // a `curate-ignore` alone on its line, which stays against the line it silences.
        for (previous, block) in zip(post.blocks, post.blocks.dropFirst())
        where block.firstLine == previous.lastLine + 1 && !post.isAttributeList(block)
            && !post.isUnrendered(block.firstLine) && !post.isUnrendered(previous.lastLine)
            && !post.holdsDirectiveAlone(previous.lastLine)
        {
            let kinds: Set<Block.Kind> = [.heading, .list]
            guard kinds.contains(previous.kind) || kinds.contains(block.kind) else { continue }
            let what =
                block.kind == .heading ? "heading" : block.kind == .list ? "list" : previous.kind == .heading ? "heading" : "list"
            findings.append(
                finding(
                    post, line: block.firstLine, column: 1,
                    "no blank line \(block.kind == .heading || block.kind == .list ? "before" : "after") the \(what)"))
        }
        if let last = post.bytes.last, last != 0x0A && last != 0x0D {
            findings.append(
                finding(post, line: count, column: post.lines.content(count).count + 1, "no newline at the end of the file"))
        }
        return findings
    }
}
