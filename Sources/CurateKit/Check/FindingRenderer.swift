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

    /// ``text(_:paint:)`` of every finding, a line each, as the bytes written to standard
    /// output; `colored` paints errors red and warnings yellow. Written in chunks on all
    /// cores: a large post has tens of thousands of findings, and building each line as a
    /// string cost about a tenth of `check`.
    public static func textBytes(_ findings: [Finding], colored: Bool) -> [UInt8] {
        let parts = textParts(findings, colored: colored)
        guard parts.count > 1 else { return parts.first ?? [] }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        for part in parts { bytes.append(contentsOf: part) }
        return bytes
    }

    /// ``textBytes(_:colored:)`` in consecutive parts, each rendered on a core of its own:
    /// written out one after the other, they are the text without copying it into one.
    public static func textParts(_ findings: [Finding], colored: Bool) -> [[UInt8]] {
        let chunks = max(1, min(Parallel.cores * 4, findings.count / 1024))
        return Parallel.mapEach(count: chunks) { chunk in
            var bytes: [UInt8] = []
            let lower = findings.count * chunk / chunks
            let upper = findings.count * (chunk + 1) / chunks
            bytes.reserveCapacity((upper - lower) * 128)
            for index in lower..<upper { appendText(findings[index], colored: colored, to: &bytes) }
            return bytes
        }
    }

    private static func appendText(_ finding: Finding, colored: Bool, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: finding.path.utf8)
        bytes.append(UInt8(ascii: ":"))
        appendDecimal(finding.line, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendDecimal(finding.column, to: &bytes)
        bytes.append(contentsOf: ": ".utf8)
        if colored {
            bytes.append(contentsOf: (finding.severity == .error ? "\u{1B}[31m" : "\u{1B}[33m").utf8)
        }
        bytes.append(contentsOf: finding.severity.rawValue.utf8)
        if colored { bytes.append(contentsOf: "\u{1B}[0m".utf8) }
        bytes.append(UInt8(ascii: " "))
        bytes.append(contentsOf: finding.rule.utf8)
        bytes.append(UInt8(ascii: " "))
        bytes.append(contentsOf: finding.message.utf8)
        bytes.append(0x0A)
    }

    private static func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
        guard value > 0 else {
            bytes.append(contentsOf: String(value).utf8)
            return
        }
        var digits: (UInt64, UInt64) = (0, 0)  // up to 16 digits, written backwards
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { raw in
            while rest > 0 && count < 16 {
                raw[15 - count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            }
            if rest > 0 {
                bytes.append(contentsOf: String(value).utf8)
            } else {
                bytes.append(contentsOf: raw[(16 - count)...])
            }
        }
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
