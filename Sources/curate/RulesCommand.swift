import ArgumentParser
import CurateKit

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List every rule: id, default severity, whether fmt fixes it, summary.")

    @Option(help: "Output format: text or json.")
    var format: ReportFormat = .text

    func run() throws {
        let rules = RuleRegistry.descriptions
        if format == .json {
            Terminal.out(
                JSON.array(
                    rules.map {
                        .object([
                            ("id", .string($0.id)), ("severity", .string($0.defaultSeverity.rawValue)),
                            ("fixable", .bool($0.fixable)), ("summary", .string($0.summary)),
                            ("rationale", .string($0.rationale)),
                        ])
                    }
                ).serialized())
        } else {
            let width = rules.map(\.id.count).max() ?? 0
            for rule in rules {
                let id = rule.id.padding(toLength: width, withPad: " ", startingAt: 0)
                let severity = rule.defaultSeverity.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)
                Terminal.out("\(id)  \(severity)  \(rule.fixable ? "fmt" : "   ")  \(rule.summary)")
            }
        }
        Terminal.flush()
    }
}
