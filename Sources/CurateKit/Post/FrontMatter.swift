import CurateMarkdown
import Yams

/// The YAML block between `---` lines at the top of a Jekyll post, kept verbatim.
public struct FrontMatter: Sendable, Equatable {
    /// Line of the opening `---` (1, or 1 after a byte-order mark).
    public var openingLine: Int
    /// Line of the closing `---` or `...`.
    public var closingLine: Int
    /// The YAML text between the fences.
    public var yaml: String
    /// Top-level keys with their line, in order; nil when the YAML is not a mapping.
    public var keys: [Key]?

    public struct Key: Sendable, Equatable {
        public var name: String
        /// The value as text when it is a scalar; nil for lists and maps.
        public var scalar: String?
        public var line: Int
        public var column: Int
    }

    public func key(_ name: String) -> Key? {
        keys?.first { $0.name == name }
    }

    /// The post's title: its `title` when that is text that is not empty (nor null).
    public var title: String? {
        key("title")?.scalar.flatMap { $0.trimmingSpaces().isEmpty ? nil : $0 }
    }

    /// How YAML writes null in a plain scalar.
    private static let nulls: Set<String> = ["~", "null", "Null", "NULL"]

    /// Finds and parses the front matter of a post. Returns nil when the post does not
    /// start with `---`.
    static func read(_ bytes: [UInt8], lines: LineTable, path: String) throws -> FrontMatter? {
        guard lines.count >= 1 else { return nil }
        var first = lines.content(1)
        if bytes[first].starts(with: [0xEF, 0xBB, 0xBF]) { first = first.lowerBound + 3..<first.upperBound }
        guard isFence(bytes[first], allowDots: false) else { return nil }
        var closing = 2
        while closing <= lines.count && !isFence(bytes[lines.content(closing)], allowDots: true) {
            closing += 1
        }
        guard closing <= lines.count else {
            // No closing `---`: outside a Jekyll folder, a first line `---` followed by
            // anything but a YAML key is a thematic break of a Markdown list (GitHub
            // renders it as one, and Jekyll reads no front matter without the close).
            if PostKind.detect(hasFrontMatter: false, path: path) == .list, !Self.startsWithKey(bytes, lines, line: 2) {
                return nil
            }
            throw CurateError.frontMatterNotClosed(path: path, line: 1)
        }
        let yamlBytes = closing > 2 ? bytes[lines.starts[1]..<lines.starts[closing - 1]] : []
        let yaml = String(decoding: yamlBytes, as: UTF8.self)
        let keys: [Key]?
        do {
            keys = try parseKeys(yaml, lineOffset: 1)
        } catch let error as YamlError {
            let (line, column, message) = Self.describe(error)
            throw CurateError.frontMatterYAML(path: path, line: line + 1, column: column, message: message)
        }
        return FrontMatter(openingLine: 1, closingLine: closing, yaml: yaml, keys: keys)
    }

    /// Whether line `line` starts as a YAML mapping key does (`title:`, `layout: post`).
    private static func startsWithKey(_ bytes: [UInt8], _ lines: LineTable, line: Int) -> Bool {
        guard line <= lines.count else { return false }
        let text = bytes[lines.content(line)]
        let name = text.prefix { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x5F || byte == 0x2D
        }
        return !name.isEmpty && text.dropFirst(name.count).first == UInt8(ascii: ":")
    }

    /// Whether `bytes` start with the `---` line that opens front matter.
    static func opensFrontMatter(_ bytes: [UInt8]) -> Bool {
        var first = bytes.prefix { $0 != 0x0A && $0 != 0x0D }
        if first.starts(with: [0xEF, 0xBB, 0xBF]) { first = first.dropFirst(3) }
        return isFence(first, allowDots: false)
    }

    private static func isFence(_ line: ArraySlice<UInt8>, allowDots: Bool) -> Bool {
        var trimmed = line
        while let last = trimmed.last, last == 0x20 || last == 0x09 { trimmed.removeLast() }
        if trimmed.elementsEqual("---".utf8) { return true }
        return allowDots && trimmed.elementsEqual("...".utf8)
    }

    private static func parseKeys(_ yaml: String, lineOffset: Int) throws -> [Key]? {
        // Keys and scalars are read as text: no YAML types (see ``compose(_:typed:_:)``).
        guard let node = try Yams.compose(yaml: yaml, .basic) else { return [] }
        guard case let .mapping(mapping) = node else { return nil }
        return mapping.map { key, value in
            let mark = key.mark
            // A plain `~` or `null` (or `!!null`) is YAML's null, as Jekyll reads it: no value.
            let scalar: String? =
                if case let .scalar(s) = value {
                    (s.style == .plain && Self.nulls.contains(s.string)) || s.tag.rawValue == Tag.Name.null.rawValue
                        ? "" : s.string
                } else {
                    nil
                }
            return Key(
                name: key.string ?? "",
                scalar: scalar,
                line: (mark?.line ?? 1) + lineOffset,
                column: mark?.column ?? 1)
        }
    }

    /// `text` composed as YAML; a syntax error becomes the document's own error, made by
    /// `error` from its line, column and message.
    ///
    /// Scalars are not typed (`true`, `12`, `~` stay text) unless `typed`: what reads
    /// values as text (a post's front matter, curate.yml, a proposals file) gets the same
    /// text either way, and typing compiles seven regular expressions (ICU) on first use,
    /// 12 M instructions in every process that reads a configuration. Only what asks for
    /// a Boolean (`output: yes` in a Jekyll configuration, an issue form's `multiple`)
    /// needs YAML 1.1's types.
    static func compose(
        _ text: String, typed: Bool = false, _ error: (_ line: Int, _ column: Int, _ message: String) -> CurateError
    ) throws -> Node? {
        do {
            return try Yams.compose(yaml: text, typed ? .default : .basic)
        } catch let yamlError as YamlError {
            let (line, column, message) = describe(yamlError)
            throw error(line, column, message)
        }
    }

    /// Line (1-based, within the YAML), column and message of a Yams error.
    static func describe(_ error: YamlError) -> (Int, Int, String) {
        switch error {
        case let .scanner(context, problem, mark, _):
            return (
                mark.line, mark.column, [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
            )
        case let .parser(context, problem, mark, _):
            return (
                mark.line, mark.column, [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
            )
        case let .composer(context, problem, mark, _):
            return (
                mark.line, mark.column, [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
            )
        case let .reader(problem, offset, _, _):
            return (1, (offset ?? 0) + 1, problem)
        case let .duplicatedKeysInMapping(duplicates, context):
            return (context.mark.line, context.mark.column, "duplicate key \(duplicates.joined(separator: ", "))")
        default:
            return (1, 1, "\(error)")
        }
    }
}
