import Foundation
import Yams

/// How serious a finding is. `off` silences a rule.
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    case error, warning, off

    public static func < (a: Severity, b: Severity) -> Bool {
        a.rank < b.rank
    }

    private var rank: Int {
        switch self {
        case .off: return 0
        case .warning: return 1
        case .error: return 2
        }
    }
}

/// The project's `curate.yml`. See Documentation/Configuration.md.
public struct Configuration: Sendable {
    /// The file it was read from; nil for the built-in defaults.
    public var file: String?
    /// Post paths are relative to this folder: the repository root, or the configuration's
    /// folder outside a repository.
    public var root: String
    public var posts: [String] = []
    /// Kinds set per post (`posts: [{path: README.md, kind: list}]`), by the post's
    /// standardized absolute path.
    public var postKinds: [String: PostKind] = [:]
    /// Severities set per rule id.
    public var severities: [String: Severity] = [:]
    /// Front-matter keys every post must have: `front-matter.required`, or by default
    /// layout, title and date.
    public var requiredFrontMatter: [String] {
        get { writtenRequiredFrontMatter ?? ["layout", "title", "date"] }
        set { writtenRequiredFrontMatter = newValue }
    }
    /// `front-matter.required` as written in `curate.yml` (or set by a caller); nil for the
    /// default, under which a post's title may come from its file name, as Jekyll makes it.
    public var writtenRequiredFrontMatter: [String]?
    public var identity = URLIdentity()
    /// `sync.sections`: another list's heading → ours, as written.
    public var syncSectionPairs: [(theirs: String, ours: String)] = []
    /// `links:`: how `curate links` judges links.
    public var links = LinksSettings()
    /// `sync.sources`: the lists the post syncs with (`curate sync pull --all`).
    public var syncSources: [SyncSourceSettings] = []
    /// `sync.ca-file`: certificate authorities trusted for https remotes (absolute).
    public var syncCAFile: String?
    /// `proposals.form`: which issue-form field is which part of a proposal.
    public var formMapping = FormMapping()

    /// The same mapping the other way, for `sync push`.
    public func reversingSyncSections() -> Configuration {
        var reversed = self
        reversed.syncSectionPairs = syncSectionPairs.map { (theirs: $0.ours, ours: $0.theirs) }
        return reversed
    }

    public init(root: String) {
        self.root = root
    }

    /// The severity of `rule`: the configured one, else the rule's default.
    public func severity(of rule: RuleDescription) -> Severity {
        severities[rule.id] ?? rule.defaultSeverity
    }

    /// The kind the configuration gives the post at `path` (relative to the current folder,
    /// or absolute), if it names one.
    public func configuredKind(of path: String) -> PostKind? {
        guard !postKinds.isEmpty else { return nil }
        return postKinds[Path.standardized(Path.join(FileSystem.currentDirectory, path))]
    }

    /// The posts' paths as they can be opened.
    public var postPaths: [String] {
        posts.map { Path.join(root, $0) }
    }

    // MARK: - Finding the file

    /// The names looked up in each folder, in order.
    public static let fileNames = ["curate.yml", "curation/curate.yml"]

    /// Looks for `curate.yml`, then `curation/curate.yml`, in `directory` and each parent up
    /// to the repository root (only `directory` outside a repository).
    public static func discover(from directory: String) throws -> Configuration? {
        let start = Path.standardized(Path.join(FileSystem.currentDirectory, directory))
        let repository = repositoryRoot(containing: start)
        for candidate in candidates(from: start) where FileSystem.fileExists(candidate) {
            return try load(path: candidate, root: repository ?? start)
        }
        return nil
    }

    /// Every path ``discover(from:)`` looks at, absolute and in order: a file at one of them
    /// takes precedence over the files at the later ones.
    public static func candidates(from directory: String) -> [String] {
        let start = Path.standardized(Path.join(FileSystem.currentDirectory, directory))
        let repository = repositoryRoot(containing: start)
        var current = start
        var paths: [String] = []
        while true {
            paths += fileNames.map { Path.join(current, $0) }
            guard let repository, current != repository, current != "/" else { return paths }
            current = Path.directory(of: current)
        }
    }

    /// The nearest folder at or above `directory` that holds `.git`; with `GIT_DIR` and
    /// `GIT_WORK_TREE` in the environment (a bare repository's work tree, as git takes
    /// it), that work tree when `directory` is inside it.
    public static func repositoryRoot(containing directory: String) -> String? {
        var current = Path.standardized(Path.join(FileSystem.currentDirectory, directory))
        let environment = ProcessInfo.processInfo.environment
        if let gitDirectory = environment["GIT_DIR"], !gitDirectory.isEmpty, let workTree = environment["GIT_WORK_TREE"],
            !workTree.isEmpty
        {
            let root = Path.standardized(Path.join(FileSystem.currentDirectory, workTree))
            if current == root || current.hasPrefix(root == "/" ? "/" : root + "/") { return root }
        }
        while true {
            if FileManager.default.fileExists(atPath: Path.join(current, ".git")) {
                return current
            }
            if current == "/" || current.isEmpty { return nil }
            current = Path.directory(of: current)
        }
    }

    /// Reads the configuration at `path`; `root` defaults to its repository root.
    public static func load(path: String, root: String? = nil) throws -> Configuration {
        let bytes = try FileSystem.readAll(path: path, displayPath: path, limit: sizeLimit)
        return try load(bytes: bytes, path: path, root: root)
    }

    /// The configuration in `bytes`, as if read from `path` (another version of that file,
    /// such as the one staged in git's index); `root` defaults to its repository root.
    public static func load(bytes: [UInt8], path: String, root: String? = nil) throws -> Configuration {
        let directory = Path.directory(of: Path.standardized(Path.join(FileSystem.currentDirectory, path)))
        let base = root ?? repositoryRoot(containing: directory) ?? directory
        return try parse(String(decoding: bytes, as: UTF8.self), file: path, root: base)
    }

    /// The largest configuration file read.
    public static let sizeLimit = 1 << 20

    // MARK: - Parsing

    static let topLevelKeys = ["posts", "rules", "front-matter", "urls", "sync", "proposals", "links"]

    /// The configuration `text` holds, read as the file `file` in the repository `root`.
    /// Parsed once a process: the command's warm-up (on another core, while the command
    /// line is parsed) reads the configuration found from the current folder, and the
    /// command then finds it here (parsing is a function of these three alone).
    public static func parse(_ text: String, file: String, root: String) throws -> Configuration {
        let key = ParsedKey(text: text, file: file, root: root)
        if let parsed = parsed.cached(key) { return parsed }
        let configuration = try parseText(text, file: file, root: root)
        parsed.store(configuration, for: key)
        return configuration
    }

    /// The configurations parsed in this process (a few: its own, a sync source's).
    private static let parsed = ConcurrentMemo<ParsedKey, Configuration>()

    private struct ParsedKey: Hashable {
        var text: String
        var file: String
        var root: String
    }

    private static func parseText(_ text: String, file: String, root: String) throws -> Configuration {
        var configuration = Configuration(root: root)
        configuration.file = file
        let node = try FrontMatter.compose(text) { line, column, message in
            .configuration(
                path: file, line: line, column: column, message: "not valid YAML: \(message)",
                hint: "fix the YAML syntax of the configuration")
        }
        guard let node else {
            throw CurateError.configuration(
                path: file, line: 1, column: 1, message: "the configuration is empty", hint: "add a posts: list")
        }
        let reader = NodeReader(file: file)
        for (key, value) in try reader.mapping(node, what: "the configuration") {
            switch key.string {
            case "posts":
                for (path, kind) in try reader.posts(value) {
                    configuration.posts.append(path)
                    if let kind {
                        configuration.postKinds[Path.standardized(Path.join(root, path))] = kind
                    }
                }
            case "rules":
                for (rule, severity) in try reader.mapping(value, what: "rules") {
                    let id = rule.string ?? ""
                    guard let description = RuleRegistry.description(of: id) else {
                        throw reader.error(
                            rule, "unknown rule \(id.debugDescription)",
                            hint:
                                "curate rules lists the rule ids"
                                + (RuleRegistry.closest(to: id).map { "; did you mean \($0)?" } ?? "")
                        )
                    }
                    guard let parsed = severity.string.flatMap(Severity.init(rawValue:)) else {
                        throw reader.error(
                            severity, "bad severity \((severity.string ?? "").debugDescription) for \(description.id)",
                            hint: "use error, warning or off")
                    }
                    configuration.severities[description.id] = parsed
                }
            case "front-matter":
                for (subkey, subvalue) in try reader.mapping(value, what: "front-matter") {
                    guard subkey.string == "required" else {
                        throw reader.unknownKey(subkey, known: ["required"], in: "front-matter")
                    }
                    configuration.requiredFrontMatter = try reader.strings(subvalue, what: "front-matter.required")
                }
            case "urls":
                for (subkey, subvalue) in try reader.mapping(value, what: "urls") {
                    switch subkey.string {
                    case "tracking-parameters":
                        configuration.identity.tracking.add(try reader.strings(subvalue, what: "urls.tracking-parameters"))
                    case "hosts":
                        for (hostNode, rules) in try reader.mapping(subvalue, what: "urls.hosts") {
                            let host = try reader.host(hostNode)
                            var policy = configuration.identity.hostPolicies[host] ?? HostPolicy()
                            for (hostKey, hostValue) in try reader.mapping(rules, what: "urls.hosts.\(host)") {
                                switch hostKey.string {
                                case "tracking-parameters":
                                    configuration.identity.tracking.add(
                                        try reader.strings(hostValue, what: "tracking-parameters"), host: host)
                                case "same-as":
                                    policy.sameAs = try reader.host(hostValue)
                                case "path-case":
                                    policy.ignorePathCase =
                                        try reader.choice(hostValue, ["sensitive", "insensitive"], what: "path-case")
                                        == "insensitive"
                                case "query":
                                    policy.ignoreQuery =
                                        try reader.choice(hostValue, ["keep", "ignore"], what: "query") == "ignore"
                                case "fragment":
                                    policy.keepFragment =
                                        try reader.choice(hostValue, ["drop", "keep"], what: "fragment") == "keep"
                                default:
                                    throw reader.unknownKey(
                                        hostKey, known: ["tracking-parameters", "same-as", "path-case", "query", "fragment"],
                                        in: "urls.hosts.\(host)")
                                }
                            }
                            if policy != HostPolicy() { configuration.identity.hostPolicies[host] = policy }
                        }
                    default:
                        throw reader.unknownKey(subkey, known: ["tracking-parameters", "hosts"], in: "urls")
                    }
                }
            case "sync":
                for (subkey, subvalue) in try reader.mapping(value, what: "sync") {
                    switch subkey.string {
                    case "sections": configuration.syncSectionPairs = try reader.sectionPairs(subvalue, what: "sync.sections")
                    case "ca-file":
                        guard case let .scalar(file) = subvalue, !file.string.isEmpty else {
                            throw reader.error(subvalue, "sync.ca-file is the path of a PEM file", hint: nil)
                        }
                        configuration.syncCAFile = Path.standardized(Path.join(root, file.string))
                    case "sources":
                        guard case let .sequence(sources) = subvalue else {
                            throw reader.error(
                                subvalue, "sync.sources must be a list", hint: "write - url: https://…  (and ref, path, sections)"
                            )
                        }
                        configuration.syncSources = try sources.map { try reader.syncSource($0) }
                    default: throw reader.unknownKey(subkey, known: ["sections", "sources", "ca-file"], in: "sync")
                    }
                }
            case "links":
                configuration.links = try LinksSettings.read(value, reader)
            case "proposals":
                for (subkey, subvalue) in try reader.mapping(value, what: "proposals") {
                    guard subkey.string == "form" else { throw reader.unknownKey(subkey, known: ["form"], in: "proposals") }
                    configuration.formMapping = try reader.formMapping(subvalue)
                }
            default:
                throw reader.unknownKey(key, known: topLevelKeys, in: "the configuration")
            }
        }
        return configuration
    }
}

/// `links:` in curate.yml: what `curate links` takes as dead, skips and accepts.
public struct LinksSettings: Sendable, Equatable {
    /// A failure that persists across runs this long (seconds) makes a link dead.
    public var deadAfter: Double = 7 * 86400
    /// Regular expressions: URLs matching one are not checked.
    public var exclude: [String] = []
    /// Statuses taken as alive, lychee's way (`200..=299, 403`); nil for 1xx and 2xx.
    public var accept: String?

    public init() {}

    static func read(_ node: Node, _ reader: NodeReader) throws -> LinksSettings {
        var settings = LinksSettings()
        for (key, value) in try reader.mapping(node, what: "links") {
            switch key.string {
            case "dead-after":
                guard let text = value.string, let seconds = parseDuration(text) else {
                    throw reader.error(value, "links.dead-after must be a duration", hint: "write 7d, 36h, 90m ...")
                }
                settings.deadAfter = seconds
            case "exclude": settings.exclude = try reader.strings(value, what: "links.exclude")
            case "accept":
                // A list of codes and ranges, as one string (`200..=299, 403`) or a YAML list.
                let text = value.string ?? value.sequence.map { $0.compactMap(\.string).joined(separator: ",") }
                guard let text, AcceptedStatuses(parsing: text) != nil else {
                    throw reader.error(
                        value, "links.accept must list HTTP statuses and ranges",
                        hint: "write 200..=299, 403 (codes from 100 to 999)")
                }
                settings.accept = text
            default: throw reader.unknownKey(key, known: ["dead-after", "exclude", "accept"], in: "links")
            }
        }
        return settings
    }

    /// Seconds in `500ms`, `30s`, `5m`, `36h`, `7d` or a plain number of seconds; nil otherwise.
    public static func parseDuration(_ text: String) -> Double? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400), ("w", 604800)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            if let number = Double(text.dropLast(suffix.count)), number >= 0, number.isFinite { return number * scale }
        }
        return Double(text).flatMap { $0 >= 0 && $0.isFinite ? $0 : nil }
    }
}

/// Reads Yams nodes, turning every surprise into an error with the file, line and column.
struct NodeReader {
    /// What the YAML document is: its errors say so.
    enum Document {
        case configuration, proposals
    }

    let file: String
    var document = Document.configuration

    func mapping(_ node: Node, what: String) throws -> [(Node, Node)] {
        guard case let .mapping(mapping) = node else {
            throw error(node, "\(what) must be a mapping of keys to values", hint: nil)
        }
        return mapping.map { ($0.key, $0.value) }
    }

    func strings(_ node: Node, what: String) throws -> [String] {
        switch node {
        case let .scalar(scalar):
            return scalar.string.isEmpty ? [] : [scalar.string]
        case let .sequence(sequence):
            return try sequence.map { item in
                guard case let .scalar(scalar) = item else {
                    throw error(item, "each item of \(what) must be a string", hint: nil)
                }
                return scalar.string
            }
        default:
            throw error(node, "\(what) must be a list of strings", hint: nil)
        }
    }

    /// `posts:`: paths, or mappings of `path` and `kind` (`jekyll` or `list`).
    func posts(_ node: Node) throws -> [(path: String, kind: PostKind?)] {
        guard case let .sequence(sequence) = node else { return try strings(node, what: "posts").map { ($0, nil) } }
        return try sequence.map { item in
            if case let .scalar(scalar) = item { return (scalar.string, nil) }
            guard case .mapping = item else {
                throw error(item, "each item of posts must be a path, or a mapping of path and kind", hint: nil)
            }
            var path: String?
            var kind: PostKind?
            for (key, value) in try mapping(item, what: "a post") {
                switch key.string {
                case "path":
                    guard case let .scalar(scalar) = value, !scalar.string.isEmpty else {
                        throw error(value, "path must be the post's path", hint: nil)
                    }
                    path = scalar.string
                case "kind":
                    kind = PostKind(rawValue: try choice(value, PostKind.allCases.map(\.rawValue), what: "kind"))
                default:
                    throw unknownKey(key, known: ["path", "kind"], in: "a post")
                }
            }
            guard let path else {
                throw error(item, "a post needs its path", hint: "write  - path: README.md")
            }
            return (path, kind)
        }
    }

    /// One of `choices`, as written.
    func choice(_ node: Node, _ choices: [String], what: String) throws -> String {
        guard case let .scalar(scalar) = node, choices.contains(scalar.string) else {
            throw error(node, "\(what) must be one of \(choices.joined(separator: ", "))", hint: nil)
        }
        return scalar.string
    }

    /// A host name (`example.com`, lowercased; `www.` dropped as the URL identity does).
    func host(_ node: Node) throws -> String {
        guard case let .scalar(scalar) = node, let parsed = try? ParsedURL.parse("https://" + scalar.string + "/"),
            parsed.path.elementsEqual("/".utf8), parsed.port == nil
        else {
            throw error(
                node, "\((node.string ?? "").debugDescription) is not a host name", hint: "write the host alone: example.com")
        }
        return URLIdentity.droppingWWW(parsed.host)
    }

    /// `proposals.form`: a field id or label for each of title, url, section, description.
    func formMapping(_ node: Node) throws -> FormMapping {
        var mapping = FormMapping()
        let known = ["title", "url", "section", "description"]
        for (key, value) in try self.mapping(node, what: "proposals.form") {
            guard let name = key.string, known.contains(name) else { throw unknownKey(key, known: known, in: "proposals.form") }
            guard case let .scalar(field) = value, !field.string.isEmpty else {
                throw error(value, "proposals.form.\(name) is a field's id or label", hint: nil)
            }
            switch name {
            case "title": mapping.title = field.string
            case "url": mapping.url = field.string
            case "section": mapping.section = field.string
            default: mapping.description = field.string
            }
        }
        return mapping
    }

    /// `Their Heading: Our Heading` pairs.
    func sectionPairs(_ node: Node, what: String) throws -> [(theirs: String, ours: String)] {
        try mapping(node, what: what).map { theirs, ours in
            guard case let .scalar(from) = theirs, case let .scalar(to) = ours, !to.string.isEmpty else {
                throw error(ours, "\(what) maps a heading to a heading", hint: "write  Their Heading: Our Heading")
            }
            return (theirs: from.string, ours: to.string)
        }
    }

    /// One of `sync.sources`: `url` (a git URL or a path), and optional `ref`, `path`, `sections`.
    func syncSource(_ node: Node) throws -> SyncSourceSettings {
        let known = ["url", "ref", "path", "sections"]
        var source = SyncSourceSettings(location: "")
        for (key, value) in try mapping(node, what: "a sync source") {
            guard let name = key.string, known.contains(name) else { throw unknownKey(key, known: known, in: "a sync source") }
            if name == "sections" {
                source.sectionPairs = try sectionPairs(value, what: "sections")
                continue
            }
            guard case let .scalar(scalar) = value, !scalar.string.isEmpty else {
                throw error(value, "\(name) must be text", hint: nil)
            }
            switch name {
            case "url": source.location = scalar.string
            case "ref": source.ref = scalar.string
            default: source.path = scalar.string
            }
        }
        guard !source.location.isEmpty else {
            throw error(node, "a sync source needs a url (a git URL or a path)", hint: "write - url: https://…")
        }
        return source
    }

    func unknownKey(_ key: Node, known: [String], in place: String) -> CurateError {
        error(
            key, "unknown key \((key.string ?? "").debugDescription) in \(place)",
            hint: "known keys: \(known.joined(separator: ", "))")
    }

    func error(_ node: Node, _ message: String, hint: String?) -> CurateError {
        let line = node.mark?.line ?? 1
        let column = node.mark?.column ?? 1
        switch document {
        case .configuration: return .configuration(path: file, line: line, column: column, message: message, hint: hint)
        case .proposals: return .proposals(path: file, line: line, column: column, message: message, hint: hint)
        }
    }
}

/// A list the post syncs with (`sync.sources` in curate.yml).
public struct SyncSourceSettings: Sendable, Equatable {
    /// A git URL or a path (relative paths from the repository root).
    public var location: String
    /// Its revision (default: its HEAD).
    public var ref: String?
    /// The list's path in it (default: the same as the post's).
    public var path: String?
    /// Its headings → ours, for this source (in addition to `sync.sections`).
    public var sectionPairs: [(theirs: String, ours: String)] = []

    public init(location: String, ref: String? = nil, path: String? = nil) {
        self.location = location
        self.ref = ref
        self.path = path
    }

    public static func == (a: SyncSourceSettings, b: SyncSourceSettings) -> Bool {
        a.location == b.location && a.ref == b.ref && a.path == b.path
            && a.sectionPairs.map { [$0.theirs, $0.ours] } == b.sectionPairs.map { [$0.theirs, $0.ours] }
    }
}
