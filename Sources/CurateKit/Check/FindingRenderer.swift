import Foundation

/// The output formats of `curate check`: renderers of the same findings.
public enum FindingRenderer {
    /// `path:line:col: severity rule-id message`, one a line.
    public static func text(_ findings: [Finding], paint: (String, Severity) -> String = { text, _ in text }) -> [String] {
        findings.map { text($0, paint: paint) }
    }

    /// One finding as `path:line:col: severity rule-id message`.
    public static func text(_ finding: Finding, paint: (String, Severity) -> String = { text, _ in text }) -> String {
        "\(finding.path):\(finding.line):\(finding.column): \(paint(finding.severity.rawValue, finding.severity)) \(finding.rule) \(finding.message)"
    }

    /// The JSON document of `../shared/CLI.md`: files with their findings, and totals.
    public static func json(files: [(path: String, findings: [Finding])]) -> JSON {
        let all = files.flatMap(\.findings)
        let summary = FindingSummary(all)
        return .object([
            (
                "files",
                .array(
                    files.map { file in
                        .object([
                            ("path", .string(file.path)),
                            (
                                "findings",
                                .array(
                                    file.findings.map { finding in
                                        .object([
                                            ("rule", .string(finding.rule)),
                                            ("severity", .string(finding.severity.rawValue)),
                                            ("line", .number(finding.line)),
                                            ("column", .number(finding.column)),
                                            ("message", .string(finding.message)),
                                        ])
                                    })
                            ),
                        ])
                    })
            ),
            ("errors", .number(summary.errors)),
            ("warnings", .number(summary.warnings)),
        ])
    }

    /// GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`.
    public static func github(_ findings: [Finding]) -> [String] {
        findings.map { finding in
            let level = finding.severity == .error ? "error" : "warning"
            return
                "::\(level) file=\(property(finding.path)),line=\(finding.line),col=\(finding.column),title=\(property(finding.rule))::\(data(finding.message))"
        }
    }

    private static func data(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    private static func property(_ text: String) -> String {
        data(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
