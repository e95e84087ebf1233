/// Text safe inside a Markdown table cell (GitHub's): pipes escaped, line breaks as
/// spaces, and backslashes, brackets and HTML disarmed so a proposal cannot inject markup
/// into a pull request comment.
enum MarkdownTable {
    static func cell(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "|", "\\", "[", "]", "<", ">", "*", "_", "`", "~", "#", "!": result += "\\" + String(character)
            case "\n", "\r": result += " "
            // `@name` would mention (and notify) someone where the table is posted.
            case "@": result += "&#64;"
            default: result.append(character)
            }
        }
        return result
    }

    /// A URL shown as code (`<` `>` never open a tag there), as written: a fence longer
    /// than any run of backticks in it; `|` as `\|`, which GitHub's tables read inside code.
    static func code(_ text: String) -> String {
        let clean = text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
        var longest = 0
        var run = 0
        for character in clean {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = clean.hasPrefix("`") || clean.hasSuffix("`") ? " " : ""
        return fence + pad + clean + pad + fence
    }

    static func table(header: [String], rows: [[String]]) -> String {
        var lines = ["| " + header.joined(separator: " | ") + " |", "|" + header.map { _ in " --- |" }.joined()]
        for row in rows { lines.append("| " + row.joined(separator: " | ") + " |") }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension ReviewRenderer {
    /// A review as Markdown: a heading with the totals and a table, for a pull request
    /// comment or a job summary.
    public static func markdown(post: String, results: [ReviewResult], commit: String?) -> String {
        var counts: [ReviewStatus: Int] = [:]
        for result in results { counts[result.status, default: 0] += 1 }
        let summary = ReviewStatus.allCases.compactMap { status in counts[status].map { "\($0) \(status.rawValue)" } }
        var text = "### curate review of \(MarkdownTable.code(post))\n\n"
        text += results.isEmpty ? "No proposals.\n" : summary.joined(separator: ", ") + "\n\n"
        if let commit { text += "Committed \(MarkdownTable.code(String(commit.prefix(12)))).\n\n" }
        guard !results.isEmpty else { return text }
        let marks: [ReviewStatus: String] = [
            .new: "✅", .duplicate: "♻️", .nearDuplicate: "⚠️", .invalid: "❌", .removed: "➖", .updated: "✏️", .conflict: "⚠️",
        ]
        let rows = results.map { result -> [String] in
            var note = result.reason.map(MarkdownTable.cell) ?? ""
            if let existing = result.existing {
                let entry = "\(MarkdownTable.cell(existing.title)) (line \(existing.line))"
                note = note.isEmpty ? "same as " + entry : "same as " + entry + ": " + note
            }
            return [
                "\(marks[result.status] ?? "") \(result.status.rawValue)", MarkdownTable.cell(result.proposal.title),
                MarkdownTable.code(result.proposal.url), MarkdownTable.cell(result.section), note,
            ]
        }
        return text + MarkdownTable.table(header: ["status", "title", "URL", "section", "note"], rows: rows)
    }
}

extension FindingRenderer {
    /// Findings as Markdown: totals and a table of file, line, severity, rule, message.
    public static func markdown(files: [(path: String, findings: [Finding])]) -> String {
        let all = files.flatMap(\.findings)
        let summary = FindingSummary(all)
        var text = "### curate check\n\n"
        text +=
            "\(summary.errors) error\(summary.errors == 1 ? "" : "s"), \(summary.warnings) warning\(summary.warnings == 1 ? "" : "s")"
        text += " in \(files.count) post\(files.count == 1 ? "" : "s")\n\n"
        guard !all.isEmpty else { return text }
        let rows = all.map { finding in
            [
                MarkdownTable.code("\(finding.path):\(finding.line):\(finding.column)"),
                finding.severity == .error ? "❌ error" : "⚠️ warning", MarkdownTable.code(finding.rule),
                MarkdownTable.cell(finding.message),
            ]
        }
        return text + MarkdownTable.table(header: ["where", "severity", "rule", "message"], rows: rows)
    }
}
