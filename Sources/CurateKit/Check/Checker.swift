/// Runs the rules on a post: configured severities, ignore directives, character columns,
/// findings in order.
public struct Checker: Sendable {
    public var configuration: Configuration

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// The findings on `post` of every rule that is not off (or of `rules` only, whatever
    /// their severity). `location` is where the post lives (``PostLocation/discover(_:file:configuration:)``);
    /// without it, the post's kind comes from the configuration and the file itself, and
    /// links to other files are not checked.
    public func check(_ post: Post, rules: [any Rule.Type]? = nil, location: PostLocation? = nil) -> [Finding] {
        let context = RuleContext(configuration: configuration, post: post, location: location)
        let selected: [(rule: any Rule.Type, severity: Severity)] = (rules ?? RuleRegistry.all).compactMap { rule in
            let severity = rules == nil ? configuration.severity(of: rule.description) : rule.description.defaultSeverity
            return severity != .off || rules != nil ? (rule, severity == .off ? .warning : severity) : nil
        }
        // Rules are independent: run them side by side.
        var perRule = Parallel.map(selected, minimumChunk: 1) { rule, severity in
            rule.init().check(post, context: context).compactMap { finding -> Finding? in
                guard !isIgnored(finding, in: post) else { return nil }
                var finding = finding
                finding.severity = severity
                finding.column = post.characterColumn(line: finding.line, byteColumn: finding.column)
                return finding
            }
        }
        var findings: [Finding] = []
        findings.reserveCapacity(perRule.reduce(0) { $0 + $1.count })
        for index in perRule.indices {
            findings += perRule[index]
            perRule[index] = []  // freed as they are merged
        }
        findings.sort { ($0.line, $0.column, $0.rule) < ($1.line, $1.column, $1.rule) }
        return findings
    }

    /// `<!-- curate-ignore rule-id -->` on the line before (or the same line) silences it.
    private func isIgnored(_ finding: Finding, in post: Post) -> Bool {
        guard !post.ignoreDirectives.isEmpty else { return false }
        for line in [finding.line - 1, finding.line] {
            if let ids = post.ignoreDirectives[line], ids.isEmpty || ids.contains(finding.rule) { return true }
        }
        return false
    }
}

/// Counts of findings by severity.
public struct FindingSummary: Sendable, Equatable {
    public var errors = 0
    public var warnings = 0

    public init(_ findings: [Finding]) {
        for finding in findings {
            if finding.severity == .error { errors += 1 } else if finding.severity == .warning { warnings += 1 }
        }
    }
}
