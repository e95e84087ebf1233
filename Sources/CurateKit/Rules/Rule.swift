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

    public init(configuration: Configuration, post: Post) {
        self.configuration = configuration
        let identity = configuration.identity
        // Compact per-link results; the rare problems and tracking names are kept aside.
        let analyses = Parallel.map(post.links) { link -> (hash: Int?, unusual: Bool) in
            let analysis = identity.analyze(link.url)
            return (analysis.keyHash, analysis.problem != nil || !analysis.trackingParameters.isEmpty)
        }
        let unusual = analyses.indices.filter { analyses[$0].unusual }
        let details = Parallel.map(unusual, minimumChunk: 512) { identity.analyze(post.links[$0].url) }
        var problems: [Int: URLProblem] = [:]
        var tracking: [Int: [String]] = [:]
        for (index, full) in zip(unusual, details) {
            if let problem = full.problem { problems[index] = problem }
            if !full.trackingParameters.isEmpty { tracking[index] = full.trackingParameters }
        }
        self.keyHashes = analyses.map(\.hash)
        self.problems = problems
        self.trackingParameters = tracking
    }
}

/// Everything known about a rule: the source of `curate rules`, the README's table and
/// the generic example test.
///
/// Examples are posts' text; `↓` marks where each finding is expected (the marker is
/// removed before the example is read).
public struct RuleDescription: Sendable {
    public struct Correction: Sendable {
        public var before: String
        public var after: String

        public init(_ before: String, _ after: String) {
            self.before = before
            self.after = after
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
    public let triggeringExamples: [String]
    public let nonTriggeringExamples: [String]
    /// Text before and after `curate fmt`, for fixable rules.
    public let corrections: [Correction]

    public init(
        id: String, summary: String, rationale: String, defaultSeverity: Severity, fixable: Bool = false,
        triggeringExamples: [String], nonTriggeringExamples: [String], corrections: [Correction] = []
    ) {
        self.id = id
        self.summary = summary
        self.rationale = rationale
        self.defaultSeverity = defaultSeverity
        self.fixable = fixable
        self.triggeringExamples = triggeringExamples
        self.nonTriggeringExamples = nonTriggeringExamples
        self.corrections = corrections
    }
}

/// Every rule curate has, in the order `curate rules` lists them.
public enum RuleRegistry {
    public static let all: [any Rule.Type] = [
        DuplicateLinkRule.self,
        EmptyItemRule.self,
        EmptyLinkRule.self,
        InvalidURLRule.self,
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
