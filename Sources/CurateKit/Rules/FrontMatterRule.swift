/// The post's front matter: present, a mapping, with the required keys and a valid date.
public struct FrontMatterRule: Rule {
    public static let description = RuleDescription(
        id: "front-matter",
        summary: "The front matter is missing, not a mapping, lacks a required key, or has an invalid date.",
        rationale: """
            Jekyll needs front matter to publish the post, and its layout, title and date to place \
            it. The required keys are front-matter.required in curate.yml (default layout, title, date).
            """,
        defaultSeverity: .error,
        triggeringExamples: [
            .init("↓---\nlayout: post\ndate: 2025-05-26\n---\n\n### A\n", onlyAsWritten: wholeFile),
            .init("---\nlayout: post\ntitle: T\n↓date: 2025-13-45\n---\n", onlyAsWritten: wholeFile),
            .init("---\nlayout: post\n↓title:\ndate: 2025-05-26 00:12:00\n---\n", onlyAsWritten: wholeFile),
            .init("↓### No front matter\n", onlyAsWritten: wholeFile),
            .init("↓---\n- a list\n- not a mapping\n---\n", onlyAsWritten: wholeFile),
        ],
        nonTriggeringExamples: [
            "---\nlayout: post\ntitle: \"Resources: a list\"\ndate: 2025-05-26 00:12:00\n---\n",
            "---\nlayout: post\ntitle: T\ndate: 2024-02-29T10:00:00+02:00\n---\n",
            "---\nlayout: post\ntitle: T\ndate: 2025-05-26 00:12:00 -0700\n---\n",
        ])

    /// Why the examples run only as written.
    static let wholeFile =
        "front matter is the file's first lines: in a code block, or after a line put before it, the file has none"

    public init() {}

    public func check(_ post: Post, context: RuleContext) -> [Finding] {
        let required = context.configuration.requiredFrontMatter
        guard let frontMatter = post.frontMatter else {
            guard !required.isEmpty else { return [] }
            return [
                finding(
                    post, line: 1, column: 1,
                    "no front matter; start the post with --- and \(required.joined(separator: ", ")) (or set front-matter.required: [] in curate.yml)"
                )
            ]
        }
        guard let keys = frontMatter.keys else {
            return [
                finding(post, line: frontMatter.openingLine, column: 1, "the front matter is not a mapping of keys to values")
            ]
        }
        var findings: [Finding] = []
        for name in required {
            guard let key = keys.first(where: { $0.name == name }) else {
                findings.append(finding(post, line: frontMatter.openingLine, column: 1, "the front matter has no \(name)"))
                continue
            }
            if let scalar = key.scalar, scalar.trimmingSpaces().isEmpty {
                findings.append(finding(post, line: key.line, column: key.column, "\(name) is empty"))
            }
        }
        if let date = frontMatter.key("date"), let value = date.scalar, !value.isEmpty, !Self.isValidDate(value) {
            findings.append(
                finding(
                    post, line: date.line, column: date.column,
                    "date \(value.debugDescription) is not a valid date (YYYY-MM-DD [HH:MM[:SS]] [±HHMM])"))
        }
        return findings
    }

    /// Jekyll's dates: `YYYY-MM-DD`, optionally a time (` ` or `T`) and a zone (`Z`, `±HH:MM`, `±HHMM`).
    static func isValidDate(_ text: String) -> Bool {
        let bytes = Array(text.trimmingSpaces().utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count, bytes[range].allSatisfy(isDigit) else { return nil }
            return bytes[range].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        }
        guard bytes.count >= 10, let year = number(0..<4), bytes[4] == UInt8(ascii: "-"), let month = number(5..<7),
            bytes[7] == UInt8(ascii: "-"), let day = number(8..<10)
        else { return false }
        guard (1...12).contains(month), year >= 1 else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard (1...days).contains(day) else { return false }
        var i = 10
        if i == bytes.count { return true }
        guard bytes[i] == 0x20 || bytes[i] == UInt8(ascii: "T") else { return false }
        i += 1
        while i < bytes.count && bytes[i] == 0x20 { i += 1 }
        guard let hour = number(i..<(i + 2)), i + 2 < bytes.count, bytes[i + 2] == UInt8(ascii: ":"),
            let minute = number((i + 3)..<(i + 5)), hour < 24, minute < 60
        else { return false }
        i += 5
        if i + 2 < bytes.count || i + 2 == bytes.count, i < bytes.count, bytes[i] == UInt8(ascii: ":") {
            guard let second = number((i + 1)..<(i + 3)), second <= 60 else { return false }
            i += 3
            if i < bytes.count && bytes[i] == UInt8(ascii: ".") {
                i += 1
                while i < bytes.count && isDigit(bytes[i]) { i += 1 }
            }
        }
        while i < bytes.count && bytes[i] == 0x20 { i += 1 }
        if i == bytes.count { return true }
        if bytes[i] == UInt8(ascii: "Z") { return i + 1 == bytes.count }
        guard bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") else { return false }
        let zone = Array(bytes[(i + 1)...]).filter { $0 != UInt8(ascii: ":") }
        guard zone.count == 4, zone.allSatisfy(isDigit) else { return false }
        let zoneHours = Int(zone[0] - 0x30) * 10 + Int(zone[1] - 0x30)
        let zoneMinutes = Int(zone[2] - 0x30) * 10 + Int(zone[3] - 0x30)
        return zoneHours <= 14 && zoneMinutes < 60
    }
}
