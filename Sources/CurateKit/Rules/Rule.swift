import Foundation

/// A validation rule: one small type with a self-describing ``RuleDescription``.
public protocol Rule: Sendable {
    static var description: RuleDescription { get }
    init()
    /// The findings on `post`, with byte columns and the rule's default severity.
    func check(_ post: Post, context: RuleContext) -> [Finding]
}

extension Rule {
    /// A finding of this rule on `post`.
    func finding(_ post: Post, line: Int, column: Int, _ message: String, relatedLines: [Int] = []) -> Finding {
        Finding(
            rule: Self.description.id, severity: Self.description.defaultSeverity, path: post.path, line: line,
            column: column, message: message, relatedLines: relatedLines)
    }
}

/// What a rule may need beyond the post.
public struct RuleContext: Sendable {
    public var configuration: Configuration
    public var identity: URLIdentity { configuration.identity }
    /// The hash of each link's dedupe key (same indices as ``Post/links``); nil when its
    /// URL cannot be keyed. Computed once for all rules, on all cores.
    public let keyHashes: [Int?]
    /// Why a link's URL is not a web link, for the links whose URL is not one.
    public let problems: [Int: URLProblem]
    /// The tracking parameters of the links that have some.
    public let trackingParameters: [Int: [String]]
    /// What the rules look for in each link (same indices as ``Post/links``), read once:
    /// a rule that went through every link itself copied each one (its two strings
    /// retained and released), which on 100k links cost more than the rules' own work.
    public let linkTraits: [LinkTraits]
    /// The post's kind, and its repository and Jekyll site when they are on disk.
    public let location: PostLocation
    /// What more than one rule computes from the post, made once by the first rule that
    /// asks (rules run side by side).
    let shared = SharedResults()

    public init(configuration: Configuration, post: Post, location: PostLocation? = nil) {
        self.configuration = configuration
        self.location = location ?? .detached(post, configuration: configuration)
        let identity = configuration.identity
        // Compact per-link results (an empty list of tracking names takes no memory); the
        // rare problems are found again, for the links that have one.
        // Each core remembers the hosts its links name.
        // By index: a link handed to the closure is a copy (its strings retained and released).
        let analyses = Parallel.map(post.links.indices, state: { HostMemo() }) {
            hosts, index -> (hash: Int?, hasProblem: Bool, tracking: [String], traits: LinkTraits) in
            let analysis = identity.analyze(post.webAddress(ofLink: index), hosts: &hosts)
            return (
                analysis.keyHash, analysis.problem != nil, analysis.trackingParameters,
                LinkTraits(url: post.links[index].url, text: post.links[index].text)
            )
        }
        let unusual = analyses.indices.filter { analyses[$0].hasProblem }
        let found = Parallel.map(unusual, minimumChunk: 512) { identity.analyze(post.webAddress(ofLink: $0)).problem }
        var problems: [Int: URLProblem] = [:]
        for (index, problem) in zip(unusual, found) { problems[index] = problem }
        var tracking: [Int: [String]] = [:]
        for index in analyses.indices where !analyses[index].tracking.isEmpty { tracking[index] = analyses[index].tracking }
        self.keyHashes = analyses.map(\.hash)
        self.linkTraits = analyses.map(\.traits)
        self.problems = problems
        self.trackingParameters = tracking
    }

    /// The links of `post` (its lists' then its prose's) whose URL is not plainly
    /// `http(s)://`: those the rules about anchors, paths and Liquid look at.
    public func linksNotPlainlyWeb(in post: Post) -> [Link] {
        post.links.indices.filter { linkTraits[$0].contains(.notPlainWeb) }.map { post.links[$0] } + post.proseLinks
    }
}

/// Results of a post that several rules use (``RuleContext/shared``): computed by the
/// first rule that asks, under a lock, and handed to the others.
final class SharedResults: @unchecked Sendable {
    private let found = Once<[EntryDuplicates.Duplicate]>()

    /// The post's duplicate entries (duplicate-link and duplicate-across-sections both
    /// read them; on a list that repeats its links they are the larger part of check).
    func duplicates(_ find: () -> [EntryDuplicates.Duplicate]) -> [EntryDuplicates.Duplicate] {
        found.value(find)
    }
}

/// Everything known about a rule: the source of `curate rules`, the README's table and
/// the generic example test.
///
/// Examples are posts' text; `↓` marks where each finding is expected (the marker is
/// removed before the example is read). Each example knows where it is written, so a
/// failing example is reported at its rule's source.
public struct RuleDescription: Sendable {
    public struct Correction: Sendable {
        public var before: String
        public var after: String
        /// Where the correction is written (a rule's source file and line).
        public var file: String
        public var line: Int

        public init(_ before: String, _ after: String, file: String = #filePath, line: Int = #line) {
            self.before = before
            self.after = after
            self.file = file
            self.line = line
        }
    }

    /// Stable identifier, kebab-case (`duplicate-link`).
    public let id: String
    /// One line: what the rule finds.
    public let summary: String
    /// Why it matters.
    public let rationale: String
    public let defaultSeverity: Severity
    /// Whether `curate fmt` fixes what it finds.
    public let fixable: Bool
    public let triggeringExamples: [RuleExample]
    public let nonTriggeringExamples: [RuleExample]
    /// Text before and after `curate fmt`, for fixable rules.
    public let corrections: [Correction]
    /// For rules that look at a Jekyll site: the site the examples are checked in, as
    /// file paths and their text (`_config.yml` among them).
    public let exampleSite: [String: String]
    /// Where the description is written.
    public let file: String
    public let line: Int

    /// `file` and `line` default to the place the description is written; examples given as
    /// plain string literals are placed there too.
    public init(
        id: String, summary: String, rationale: String, defaultSeverity: Severity, fixable: Bool = false,
        triggeringExamples: [RuleExample], nonTriggeringExamples: [RuleExample], corrections: [Correction] = [],
        exampleSite: [String: String] = [:], file: String = #filePath, line: Int = #line
    ) {
        self.exampleSite = exampleSite
        self.id = id
        self.summary = summary
        self.rationale = rationale
        self.defaultSeverity = defaultSeverity
        self.fixable = fixable
        self.triggeringExamples = triggeringExamples.map { $0.placed(file: file, line: line) }
        self.nonTriggeringExamples = nonTriggeringExamples.map { $0.placed(file: file, line: line) }
        self.corrections = corrections
        self.file = file
        self.line = line
    }
}

/// One example of a rule: a post's text, with `↓` before each expected finding in a
/// triggering example, and the place it is written.
///
/// A string literal is an example (`"- [A](↓http://a.example)\n"`), placed at its
/// description; `RuleExample("…")` records its own line. The generic test also runs every
/// triggering example inside a fenced code block and after `<!-- curate-ignore rule-id -->`
/// lines, where it must find nothing. An example that is about the whole file (front
/// matter on the first line, the newline at the end) cannot be moved into those contexts:
/// it says so with ``RuleExample/init(_:onlyAsWritten:file:line:)`` and why. Use that
/// sparingly: a rule that looks inside code blocks is a bug, not an exception.
public struct RuleExample: Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var text: String
    /// Why this example is run only as written, never in a code block or after an ignore
    /// directive; nil for examples that must hold in every context.
    public var onlyAsWritten: String?
    /// Where the example is written; empty and 0 for a string literal until its
    /// description places it.
    public var file: String
    public var line: Int

    public init(_ text: String, onlyAsWritten reason: String? = nil, file: String = #filePath, line: Int = #line) {
        self.text = text
        self.onlyAsWritten = reason
        self.file = file
        self.line = line
    }

    public init(stringLiteral text: String) {
        self.text = text
        self.file = ""
        self.line = 0
    }

    public var description: String { text }

    /// The example, at `file`:`line` when it does not know its own place.
    func placed(file: String, line: Int) -> RuleExample {
        guard self.file.isEmpty else { return self }
        var placed = self
        placed.file = file
        placed.line = line
        return placed
    }
}

/// Every rule curate has, in the order `curate rules` lists them.
public enum RuleRegistry {
    public static let all: [any Rule.Type] = [
        DuplicateLinkRule.self,
        DuplicateAcrossSectionsRule.self,
        EmptyItemRule.self,
        EmptyLinkRule.self,
        InvalidURLRule.self,
        BrokenAnchorRule.self,
        BrokenLocalLinkRule.self,
        UnknownSitePathRule.self,
        InsecureURLRule.self,
        TrackingParametersRule.self,
        ListNumberingRule.self,
        ItemFormatRule.self,
        UnbalancedBracketsRule.self,
        TrailingWhitespaceRule.self,
        BlankLinesRule.self,
        FrontMatterRule.self,
        BareURLRule.self,
        SortOrderRule.self,
        ConflictMarkersRule.self,
    ]

    public static var descriptions: [RuleDescription] { all.map { $0.description } }

    public static func description(of id: String) -> RuleDescription? {
        descriptions.first { $0.id == id }
    }

    /// The rule id nearest to a misspelt one.
    public static func closest(to id: String) -> String? {
        let scored = descriptions.map { ($0.id, EditDistance.levenshtein(Array($0.id.utf8), Array(id.utf8))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, id.count / 3) else { return nil }
        return best.0
    }
}

/// What the rules look for in a link's strings, so that they need not read them.
public struct LinkTraits: OptionSet, Sendable {
    public let rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// The URL starts with `http://` (in any case).
    public static let insecure = LinkTraits(rawValue: 1)
    /// The URL does not start with `http://` or `https://`: an anchor, a path, Liquid, a
    /// scheme-relative or other URL (``LinkTarget/classify(_:)`` says which).
    public static let notPlainWeb = LinkTraits(rawValue: 2)
    /// No URL.
    public static let emptyURL = LinkTraits(rawValue: 4)
    /// No text but spaces.
    public static let blankText = LinkTraits(rawValue: 8)

    /// The traits of a link with `url` and `text` (read from the post in place: a link
    /// copied retains its strings).
    init(url: String, text: String) {
        var traits: LinkTraits = []
        var url = url
        // On the URL's bytes in memory (the UTF8View's generic prefix comparisons showed in profiles).
        url.withUTF8 { url in
            if url.isEmpty { traits.insert(.emptyURL) }
            if url.count > 7, url.prefix(7).elementsEqual(("http://" as StaticString).bytes, by: { $0 | 0x20 == $1 }) {
                traits.insert(.insecure)
            }
            if !url.starts(with: "https://") && !url.starts(with: "http://") { traits.insert(.notPlainWeb) }
        }
        // Blank when every byte is a space, a tab or a line break (no String made of it).
        if text.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) { traits.insert(.blankText) }
        self = traits
    }
}
