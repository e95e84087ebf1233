import CurateMarkdown
import Foundation
import Yams

/// Reads proposals files: YAML (a list of `title`, `url`, `section`, `description`) or
/// Markdown shaped like a post (each item proposed under its heading).
public enum ProposalReader {
    static let keys = ["title", "url", "section", "description"]

    /// Reads the proposals file at `path` (YAML for `.yml`/`.yaml`, else Markdown).
    public static func read(path: String) throws -> [Proposal] {
        let bytes = try FileSystem.readPost(path: path, displayPath: path, limit: PostReader.sizeLimit)
        let lower = path.lowercased()
        if lower.hasSuffix(".yml") || lower.hasSuffix(".yaml") {
            return try yaml(bytes, path: path)
        }
        return try markdown(bytes, path: path)
    }

    /// Proposals from YAML text: a list of mappings (or one mapping).
    public static func yaml(_ bytes: [UInt8], path: String) throws -> [Proposal] {
        guard !bytes.isEmpty else {
            throw CurateError.emptyProposals(path: path)
        }
        let lines = LineTable(bytes)
        try PostReader.validateText(bytes, lines: lines, path: path)
        let node = try FrontMatter.compose(String(decoding: bytes, as: UTF8.self)) { line, column, message in
            .proposals(
                path: path, line: line, column: column, message: "the proposals are not valid YAML: \(message)",
                hint: "fix the YAML; each proposal is a mapping with title, url, section and an optional description")
        }
        guard let node else { return [] }
        let reader = NodeReader(file: path, document: .proposals)
        let items: [Node]
        switch node {
        case let .sequence(sequence): items = Array(sequence)
        case .mapping: items = [node]
        default:
            throw reader.error(node, "the proposals must be a list of mappings", hint: "write - title: …, url: …, section: …")
        }
        return try items.map { item in
            var fields: [String: String] = [:]
            for (key, value) in try reader.mapping(item, what: "a proposal") {
                guard let name = key.string, keys.contains(name) else {
                    throw reader.unknownKey(key, known: keys, in: "a proposal")
                }
                guard case let .scalar(scalar) = value else {
                    throw reader.error(value, "\(name) must be text", hint: nil)
                }
                fields[name] = scalar.string
            }
            let line = item.mark?.line ?? 1
            let description = fields["description"].flatMap { $0.isEmpty ? nil : $0 }
            return Proposal(
                title: fields["title"] ?? "", url: fields["url"] ?? "", section: fields["section"] ?? "",
                description: description, origin: "\(path):\(line)")
        }
    }

    /// Proposals from a Markdown file shaped like a post, read as sync reads another
    /// list: its `# Title` holding every section is not a section, and its table of
    /// contents (`[Tools](#tools)`) and other links into the file or its site (relative
    /// links) are its own furniture, not resources to propose.
    public static func markdown(_ bytes: [UInt8], path: String) throws -> [Proposal] {
        let post = try PostReader.parse(bytes, path: path)
        return post.entries.compactMap { entry in
            guard !isOwnLink(entry.url) else { return nil }
            let headings = entry.section.map(post.headingsBelowTitle(of:))
            return Proposal(
                entry, section: headings?.joined(separator: " / ") ?? "", origin: "\(path):\(entry.line)",
                headings: headings)
        }
    }

    /// A link into the file itself (`#anchor`) or relative to it: no URL scheme. A link
    /// with any scheme, an empty one or `//host` is proposed, and review says what is wrong.
    static func isOwnLink(_ url: String) -> Bool {
        if url.isEmpty || url.hasPrefix("//") { return false }
        guard let colon = url.firstIndex(of: ":") else { return true }
        let scheme = url[..<colon]
        let isScheme =
            scheme.first.map { $0.isASCII && $0.isLetter } == true
            && scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
        return !isScheme
    }
}
