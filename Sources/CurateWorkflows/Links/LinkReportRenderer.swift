import CurateKit
import Foundation

/// `curate links` output: text, JSON (the contract's shape) and GitHub annotations, all
/// rendered from the same reports.
public enum LinkReportRenderer {
    /// One line per linking line of each resource that is not plainly alive: dead and
    /// unverified links, links that moved permanently, archived repositories.
    public static func text(
        _ reports: [LinkReport], paint: (String, LinkStatus) -> String = { text, _ in text }
    ) -> [String] {
        reports.flatMap { report -> [String] in
            let verdict = report.verdict
            guard verdict.status != .alive || verdict.finalURL != nil || verdict.reason == .archived else { return [] }
            let label =
                verdict.status != .alive ? verdict.status.rawValue : verdict.finalURL != nil ? "moved" : "archived"
            var message = paint(label, verdict.status) + " " + report.url
            if let finalURL = verdict.finalURL { message += " -> " + finalURL }
            message += ": " + describe(verdict)
            if report.cached { message += " (cached)" }
            return report.lines.map { "\($0.path):\($0.line): \(message)" }
        }
    }

    /// The verdict in words: status code, reason and particulars.
    public static func describe(_ verdict: LinkVerdict) -> String {
        var parts: [String] = []
        if let code = verdict.code { parts.append(String(code)) }
        if let reason = verdict.reason { parts.append(reason.rawValue) }
        var text = parts.isEmpty ? verdict.status.rawValue : parts.joined(separator: " ")
        if let detail = verdict.detail, !detail.isEmpty { text += " (\(detail))" }
        return text
    }

    /// `{"links": [...], "alive": n, "dead": n, "unverified": n}` as in CLI.md.
    public static func json(_ reports: [LinkReport]) -> JSON {
        let summary = LinkSummary(reports)
        return .object([
            (
                "links",
                .array(
                    reports.map { report in
                        .object([
                            ("url", .string(report.url)),
                            ("key", .string(report.key)),
                            ("status", .string(report.verdict.status.rawValue)),
                            ("code", report.verdict.code.map(JSON.number) ?? .null),
                            ("reason", report.verdict.reason.map { .string($0.rawValue) } ?? .null),
                            ("final_url", report.verdict.finalURL.map(JSON.string) ?? .null),
                            (
                                "lines",
                                .array(report.lines.map { .object([("path", .string($0.path)), ("line", .number($0.line))]) })
                            ),
                        ])
                    })
            ),
            ("alive", .number(summary.alive)),
            ("dead", .number(summary.dead)),
            ("unverified", .number(summary.unverified)),
        ])
    }

    /// GitHub Actions annotations: an error per dead link line, a warning per unverified
    /// one, a notice where a link moved permanently.
    public static func github(_ reports: [LinkReport]) -> [String] {
        reports.flatMap { report -> [String] in
            let verdict = report.verdict
            let level: String
            switch verdict.status {
            case .dead: level = "error"
            case .unverified: level = "warning"
            case .alive:
                guard verdict.finalURL != nil || verdict.reason == .archived else { return [] }
                level = "notice"
            }
            let title =
                verdict.status != .alive
                ? "\(verdict.status.rawValue) link" : verdict.finalURL != nil ? "moved link" : "archived repository"
            var message = report.url
            if let finalURL = verdict.finalURL { message += " -> " + finalURL }
            message += ": " + describe(verdict)
            return report.lines.map {
                "::\(level) file=\(property($0.path)),line=\($0.line),title=\(property(title))::\(data(message))"
            }
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

/// How many resources got each status.
public struct LinkSummary: Sendable, Equatable {
    public var alive = 0
    public var dead = 0
    public var unverified = 0

    public init(_ reports: [LinkReport]) {
        for report in reports {
            switch report.verdict.status {
            case .alive: alive += 1
            case .dead: dead += 1
            case .unverified: unverified += 1
            }
        }
    }
}
