import Testing

@testable import CurateKit

/// Every rule's own examples, run through one test: adding a rule adds its tests.
@Suite struct RuleExampleTests {
    static let ids = RuleRegistry.descriptions.map(\.id)

    static func rule(_ id: String) -> any Rule.Type {
        RuleRegistry.all.first { $0.description.id == id }!
    }

    @Test(arguments: ids)
    func triggeringExamplesFindExactlyTheMarkedSpots(id: String) throws {
        let rule = Self.rule(id)
        #expect(!rule.description.triggeringExamples.isEmpty, "a rule documents what triggers it")
        for marked in rule.description.triggeringExamples {
            let example = MarkedExample(marked)
            #expect(!example.positions.isEmpty, "mark the expected spot with ↓ in: \(marked)")
            let post = try parse(example.text)
            let findings = Checker(configuration: Configuration(root: "/")).check(
                post, rules: [rule], location: try Self.location(post, rule.description))
            let found = findings.map { MarkedExample.Position(line: $0.line, column: $0.column) }
            #expect(Set(found) == Set(example.positions), "\(id) on:\n\(example.text)\nfound \(findings.map(\.message))")
            #expect(findings.allSatisfy { $0.rule == id })
        }
    }

    @Test(arguments: ids)
    func nonTriggeringExamplesFindNothing(id: String) throws {
        let rule = Self.rule(id)
        #expect(!rule.description.nonTriggeringExamples.isEmpty, "a rule documents what it accepts")
        for example in rule.description.nonTriggeringExamples {
            let post = try parse(example)
            let findings = Checker(configuration: Configuration(root: "/")).check(
                post, rules: [rule], location: try Self.location(post, rule.description))
            #expect(findings.isEmpty, "\(id) on:\n\(example)\nfound \(findings.map(\.message))")
        }
    }

    @Test(arguments: ids)
    func correctionsAreWhatFmtWrites(id: String) throws {
        let rule = Self.rule(id)
        #expect(rule.description.fixable == !rule.description.corrections.isEmpty, "fixable rules show their fix")
        var configuration = Configuration(root: "/")
        configuration.severities[id] = .warning
        let formatter = Formatter(configuration: configuration)
        for correction in rule.description.corrections {
            let before = try parse(correction.before)
            let after = String(decoding: try formatter.format(before), as: UTF8.self)
            #expect(after == correction.after, "\(id): fmt of\n\(correction.before)")
            let remaining = Checker(configuration: configuration).check(try parse(after), rules: [rule])
            #expect(remaining.isEmpty, "\(id) still fires after fmt: \(remaining.map(\.message))")
            #expect(
                !Checker(configuration: configuration).check(before, rules: [rule]).isEmpty,
                "\(id): the correction's input triggers the rule")
        }
    }

    /// Where an example lives: in the rule's example site, when it has one.
    static func location(_ post: Post, _ description: RuleDescription) throws -> PostLocation? {
        guard !description.exampleSite.isEmpty else { return nil }
        let site = try JekyllSite.make(
            root: "/site", config: description.exampleSite["_config.yml"] ?? "", files: description.exampleSite)
        return PostLocation(kind: PostKind.detect(post), site: site)
    }

    @Test func ruleIdsAreUniqueAndKebabCase() {
        #expect(Set(Self.ids).count == Self.ids.count)
        for id in Self.ids {
            #expect(id.allSatisfy { $0.isLowercase || $0 == "-" }, "\(id)")
        }
    }
}
