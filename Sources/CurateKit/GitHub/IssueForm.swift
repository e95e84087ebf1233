import Yams

/// A GitHub issue form (`.github/ISSUE_TEMPLATE/*.yml`): its fields, which are the schema
/// of the issue bodies it produces (`### Label`, the answer, `_No response_` for none,
/// `- [X] option` for checkboxes).
public struct IssueForm: Sendable, Equatable {
    public struct Field: Sendable, Equatable {
        public enum Kind: String, Sendable {
            case input, textarea, dropdown, checkboxes, markdown
        }

        public var kind: Kind
        public var id: String?
        public var label: String
        public var options: [String]
        public var multiple: Bool

        public init(kind: Kind, id: String? = nil, label: String, options: [String] = [], multiple: Bool = false) {
            self.kind = kind
            self.id = id
            self.label = label
            self.options = options
            self.multiple = multiple
        }
    }

    public var name: String
    /// Where it was read from, for messages.
    public var path: String
    public var labels: [String]
    public var fields: [Field]

    public init(name: String, path: String, labels: [String] = [], fields: [Field]) {
        self.name = name
        self.path = path
        self.labels = labels
        self.fields = fields
    }

    /// Reads an issue form's YAML; nil when the file is not an issue form (a config.yml,
    /// a Markdown template).
    public static func parse(_ bytes: [UInt8], path: String) throws -> IssueForm? {
        let node = try FrontMatter.compose(String(decoding: bytes, as: UTF8.self), typed: true) { line, column, message in
            .proposals(
                path: path, line: line, column: column, message: "the issue form is not valid YAML: \(message)",
                hint: "fix the form's YAML (GitHub refuses it too)")
        }
        guard case let .mapping(form)? = node, case let .sequence(body)? = form["body"] else { return nil }
        var fields: [Field] = []
        for item in body {
            guard case let .mapping(element) = item, let type = element["type"]?.string,
                let kind = Field.Kind(rawValue: type)
            else { continue }
            guard kind != .markdown else { continue }
            let attributes = element["attributes"]?.mapping
            guard let label = attributes?["label"]?.string else { continue }
            var options: [String] = []
            if case let .sequence(list)? = attributes?["options"] {
                options = list.compactMap { option in
                    option.string ?? option.mapping?["label"]?.string
                }
            }
            fields.append(
                Field(
                    kind: kind, id: element["id"]?.string, label: label, options: options,
                    multiple: attributes?["multiple"]?.bool ?? false))
        }
        var labels: [String] = []
        if let node = form["labels"] {
            labels = node.sequence?.compactMap(\.string) ?? node.string.map { [$0] } ?? []
        }
        return IssueForm(name: form["name"]?.string ?? Path.lastComponent(of: path), path: path, labels: labels, fields: fields)
    }

    /// The answers in an issue body this form produced, by field (nil: no response). A
    /// heading counts only when it is the next field's label, so a `###` the person
    /// typed inside an answer stays in the answer.
    public func answers(in body: String) -> [String?] {
        let lines = body.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        var answers = [String?](repeating: nil, count: fields.count)
        var current: Int?
        var collected: [Substring] = []
        func finish() {
            guard let current else { return }
            answers[current] = Self.answer(collected, field: fields[current])
        }
        for line in lines {
            if line.hasPrefix("### ") {
                let heading = line.dropFirst(4).trimmingSpaces()
                let start = (current ?? -1) + 1
                if let next = fields[start...].firstIndex(where: { $0.label.trimmingSpaces() == heading }) {
                    finish()
                    current = next
                    collected = []
                    continue
                }
            }
            collected.append(line)
        }
        finish()
        return answers
    }

    /// An answer as the form's field wrote it: nil for `_No response_` or nothing; the
    /// checked options of checkboxes, one a line.
    static func answer(_ lines: [Substring], field: Field) -> String? {
        let text = lines.joined(separator: "\n").trimmingSpaces()
        if text.isEmpty || text == "_No response_" || text == "None" && field.kind == .dropdown { return nil }
        if field.kind == .checkboxes {
            let checked = lines.compactMap { line -> String? in
                let trimmed = line.trimmingSpaces()
                for box in ["- [x] ", "- [X] ", "* [x] ", "* [X] "] where trimmed.hasPrefix(box) {
                    return String(trimmed.dropFirst(box.count)).trimmingSpaces()
                }
                return nil
            }
            return checked.isEmpty ? nil : checked.joined(separator: "\n")
        }
        return text
    }

    /// A form for bodies written without one: each `### Heading` of the body is a field.
    public static func implied(by body: String) -> IssueForm {
        let headings = body.split(separator: "\n").filter { $0.hasPrefix("### ") }.map { $0.dropFirst(4).trimmingSpaces() }
        return IssueForm(
            name: "issue body", path: "issue body", fields: headings.map { Field(kind: .textarea, label: $0) })
    }
}
