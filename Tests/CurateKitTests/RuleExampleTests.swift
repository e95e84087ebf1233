import Foundation
import Testing

@testable import CurateKit

/// Every rule's own examples, run through one test: adding a rule adds its tests. A failing
/// example is reported at the line of the rule's source where it is written.
@Suite struct RuleExampleTests {
    static let ids = RuleRegistry.descriptions.map(\.id)

    static func rule(_ id: String) -> any Rule.Type {
        RuleRegistry.all.first { $0.description.id == id }!
    }

    static func check(_ text: String, _ rule: any Rule.Type) throws -> [Finding] {
        let post = try parse(text)
        return Checker(configuration: Configuration(root: "/")).check(
            post, rules: [rule], location: try location(post, rule.description))
    }

    /// Where an example lives: in the rule's example site, when it has one.
    static func location(_ post: Post, _ description: RuleDescription) throws -> PostLocation? {
        guard !description.exampleSite.isEmpty else { return nil }
        let site = try JekyllSite.make(
            root: "/site", config: description.exampleSite["_config.yml"] ?? "", files: description.exampleSite)
        return PostLocation(kind: PostKind.detect(post), site: site)
    }

    @Test(arguments: ids)
    func triggeringExamplesFindExactlyTheMarkedSpots(id: String) throws {
        let rule = Self.rule(id)
        #expect(!rule.description.triggeringExamples.isEmpty, "a rule documents what triggers it")
        var sources = ExampleSources()
        for marked in rule.description.triggeringExamples {
            let spot = sources.location(of: marked)
            let example = MarkedExample(marked.text)
            #expect(!example.positions.isEmpty, "mark the expected spot with ↓ in: \(marked)", sourceLocation: spot)
            let findings = try Self.check(example.text, rule)
            let found = findings.map { MarkedExample.Position(line: $0.line, column: $0.column) }
            #expect(
                Set(found) == Set(example.positions), "\(id) on:\n\(example.text)\nfound \(findings.map(\.message))",
                sourceLocation: spot)
            #expect(findings.allSatisfy { $0.rule == id }, sourceLocation: spot)
        }
    }

    /// A finding inside a fenced code block is not a finding: code is content.
    @Test(arguments: ids)
    func triggeringExamplesFindNothingInsideACodeBlock(id: String) throws {
        let rule = Self.rule(id)
        var sources = ExampleSources()
        for marked in rule.description.triggeringExamples {
            let spot = sources.location(of: marked)
            guard marked.onlyAsWritten == nil else { continue }
            let text = MarkedExample.fenced(MarkedExample(marked.text).text)
            let findings = try Self.check(text, rule)
            #expect(findings.isEmpty, "\(id) in a code block:\n\(text)\nfound \(findings.map(\.message))", sourceLocation: spot)
        }
    }

    /// `<!-- curate-ignore rule-id -->` on the line before each expected finding silences it.
    @Test(arguments: ids)
    func triggeringExamplesFindNothingAfterAnIgnoreDirective(id: String) throws {
        let rule = Self.rule(id)
        var sources = ExampleSources()
        for marked in rule.description.triggeringExamples {
            let spot = sources.location(of: marked)
            guard marked.onlyAsWritten == nil else { continue }
            let example = MarkedExample(marked.text)
            let text = example.ignoring(id)
            let findings = try Self.check(text, rule)
            #expect(
                findings.isEmpty, "\(id) after curate-ignore:\n\(text)\nfound \(findings.map { "\($0.line): \($0.message)" })",
                sourceLocation: spot)
        }
    }

    /// The opt-out is for examples about the whole file, and says why.
    @Test(arguments: ids)
    func examplesRunOnlyAsWrittenSayWhy(id: String) {
        var sources = ExampleSources()
        for marked in Self.rule(id).description.triggeringExamples {
            let spot = sources.location(of: marked)
            if let reason = marked.onlyAsWritten {
                #expect(!reason.isEmpty, "say why the example cannot be moved", sourceLocation: spot)
            }
        }
    }

    @Test(arguments: ids)
    func nonTriggeringExamplesFindNothing(id: String) throws {
        let rule = Self.rule(id)
        #expect(!rule.description.nonTriggeringExamples.isEmpty, "a rule documents what it accepts")
        var sources = ExampleSources()
        _ = rule.description.triggeringExamples.map { sources.location(of: $0) }
        for example in rule.description.nonTriggeringExamples {
            let spot = sources.location(of: example)
            let findings = try Self.check(example.text, rule)
            #expect(findings.isEmpty, "\(id) on:\n\(example)\nfound \(findings.map(\.message))", sourceLocation: spot)
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
            let spot = ExampleSources.location(file: correction.file, line: correction.line)
            let before = try parse(correction.before)
            let after = String(decoding: try formatter.format(before), as: UTF8.self)
            #expect(after == correction.after, "\(id): fmt of\n\(correction.before)", sourceLocation: spot)
            let remaining = Checker(configuration: configuration).check(try parse(after), rules: [rule])
            #expect(remaining.isEmpty, "\(id) still fires after fmt: \(remaining.map(\.message))", sourceLocation: spot)
            #expect(
                !Checker(configuration: configuration).check(before, rules: [rule]).isEmpty,
                "\(id): the correction's input triggers the rule", sourceLocation: spot)
        }
    }

    @Test func ruleIdsAreUniqueAndKebabCase() {
        #expect(Set(Self.ids).count == Self.ids.count)
        for id in Self.ids {
            #expect(id.allSatisfy { $0.isLowercase || $0 == "-" }, "\(id)")
        }
    }

    /// Documentation/Rules.md says where each fixable rule's fix lives: a file that exists,
    /// and a function named in the row that the file defines.
    @Test func rulesDocumentationNamesWhereEachFixLives() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let page = try String(contentsOf: root.appendingPathComponent("Documentation/Rules.md"), encoding: .utf8)
        var rows: [String: (file: String, place: String)] = [:]
        for line in page.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 3, cells[1].hasPrefix("`Sources/") else { continue }
            rows[cells[0].trimmingCharacters(in: ["`"])] = (cells[1].trimmingCharacters(in: ["`"]), cells[2])
        }
        let fixable = RuleRegistry.descriptions.filter(\.fixable).map(\.id)
        #expect(Set(rows.keys) == Set(fixable), "one row per fixable rule in Documentation/Rules.md")
        for id in fixable {
            guard let (file, place) = rows[id] else { continue }
            let source = try? String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            #expect(source != nil, "\(id): \(file) does not exist")
            // The first `Type.function(` named in the row is defined in that file.
            guard let start = place.range(of: "`")?.upperBound, let open = place[start...].firstIndex(of: "(") else {
                Issue.record("\(id): name the function in the row")
                continue
            }
            let function = place[start..<open].split(separator: ".").last.map(String.init) ?? ""
            #expect(source?.contains("func \(function)(") == true, "\(id): \(file) defines no \(function)(")
        }
    }

    /// Failures are reported at the example itself, not only at its rule.
    @Test func examplesAreLocatedOnTheirOwnLines() throws {
        let description = DuplicateLinkRule.description
        var sources = ExampleSources()
        let lines = description.triggeringExamples.map { sources.location(of: $0).line }
        #expect(lines.allSatisfy { $0 > description.line }, "\(lines) after \(description.line)")
        #expect(Set(lines).count == lines.count, "\(lines)")
        let source = try String(contentsOfFile: description.file, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false)
        let first = MarkedExample(description.triggeringExamples[0].text).text.split(separator: "\n")[0]
        #expect(source[lines[0] - 1].contains(first), "\(source[lines[0] - 1])")
        #expect(RuleExample("x", onlyAsWritten: nil).line == #line)
    }
}

/// Finds each example's own line in its rule's source: string literals only know their
/// description's line, so the example's text is looked for from there on, in order.
struct ExampleSources {
    private var sources: [String: [Substring]] = [:]
    /// The line each search starts from, per file: examples are written in order.
    private var cursor: [String: Int] = [:]

    static func location(file: String, line: Int) -> SourceLocation {
        let name = file.split(separator: "/").last.map(String.init) ?? file
        return SourceLocation(fileID: "CurateKit/\(name)", filePath: file, line: max(line, 1), column: 1)
    }

    mutating func location(of example: RuleExample) -> SourceLocation {
        let file = example.file
        if sources[file] == nil {
            let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
            sources[file] = text.split(separator: "\n", omittingEmptySubsequences: false)
        }
        let lines = sources[file]!
        let start = max(cursor[file] ?? example.line, example.line)
        // As a one-line literal (escaped) or as the first line of a multi-line literal.
        let firstLine = example.text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let escaped = String(Self.escaped(example.text).prefix(40))
        for number in start...max(start, lines.count) where number >= 1 && number <= lines.count {
            let line = lines[number - 1]
            if line.contains("\"" + escaped) || (!firstLine.isEmpty && line.trimmingCharacters(in: .whitespaces) == firstLine) {
                cursor[file] = number
                return Self.location(file: file, line: number)
            }
        }
        return Self.location(file: file, line: example.line)
    }

    /// `text` as written inside a one-line Swift string literal.
    private static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            default: result.append(character)
            }
        }
        return result
    }
}

extension MarkedExample {
    /// `text` inside a fenced code block longer than any run of backticks in it.
    static func fenced(_ text: String) -> String {
        var longest = 0
        var run = 0
        for character in text {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return fence + "\n" + text + (text.hasSuffix("\n") || text.isEmpty ? "" : "\n") + fence + "\n"
    }

    /// The example with `<!-- curate-ignore id -->` on its own line before each line with an
    /// expected finding. After a non-blank line the directive is indented to that line's
    /// content (past a list marker), so it joins the block above instead of ending a list:
    /// an unindented line between two items would split the list in two, as it would in a post.
    func ignoring(_ id: String) -> String {
        let marked = Set(positions.map(\.line))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var result = ""
        for (index, line) in lines.enumerated() {
            if marked.contains(index + 1) {
                let previous = index > 0 ? lines[index - 1] : ""
                let blank = previous.allSatisfy { $0 == " " || $0 == "\t" }
                let indent = blank ? String(line.prefix { $0 == " " || $0 == "\t" }) : Self.contentIndent(previous)
                result += indent + "<!-- curate-ignore \(id) -->\n"
            }
            result += line + "\n"
        }
        result.removeLast()
        return result
    }

    /// Spaces up to where `line`'s content starts: its indentation and a list marker with the
    /// spaces after it.
    static func contentIndent(_ line: Substring) -> String {
        var bytes = Array(line.utf8)[...]
        var width = 0
        while let first = bytes.first, first == 0x20 {
            width += 1
            bytes = bytes.dropFirst()
        }
        var marker = 0
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "*") || first == UInt8(ascii: "+") {
            marker = 1
        } else {
            let digits = bytes.prefix { $0 >= 0x30 && $0 <= 0x39 }.count
            if digits > 0, digits < bytes.count,
                bytes[bytes.startIndex + digits] == UInt8(ascii: ".")
                    || bytes[bytes.startIndex + digits] == UInt8(ascii: ")")
            {
                marker = digits + 1
            }
        }
        if marker > 0 {
            let after = bytes.dropFirst(marker)
            let spaces = after.prefix { $0 == 0x20 }.count
            if spaces > 0 || after.isEmpty { width += marker + max(1, min(spaces, 4)) }
        }
        return String(repeating: " ", count: width)
    }
}
