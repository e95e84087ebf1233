/// Runs the rules on a post: configured severities, ignore directives, character columns,
/// findings in order.
public struct Checker: Sendable {
    public var configuration: Configuration
    /// Whether the work of a check (each link's analysis, each rule's findings) is kept
    /// until the process exits instead of freed: a command that checks one large post and
    /// exits spends no time freeing what the process's end frees at once.
    public var keepsWorkUntilExit = false

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// The findings on `post` of every rule that is not off (or of `rules` only, whatever
    /// their severity). `location` is where the post lives (``PostLocation/discover(_:file:configuration:)``);
    /// without it, the post's kind comes from the configuration and the file itself, and
    /// links to other files are not checked.
    public func check(_ post: Post, rules: [any Rule.Type]? = nil, location: PostLocation? = nil) -> [Finding] {
        let chosen: [(rule: any Rule.Type, severity: Severity)] = (rules ?? RuleRegistry.all).compactMap { rule in
            let severity = rules == nil ? configuration.severity(of: rule.description) : rule.description.defaultSeverity
            return severity != .off || rules != nil ? (rule, severity == .off ? .warning : severity) : nil
        }
        // The longest rules start first, so that no core runs one alone at the end while
        // the other waits (the findings are sorted after).
        let selected = chosen.sorted { Self.cost($0.rule.description.id) > Self.cost($1.rule.description.id) }
        // Links with tracking parameters make findings fmt fixes, so the spots fmt fixes are
        // asked for. They are found from the start, beside the links' analysis and the
        // rules, which they do not depend on: their serial part fills the core the others
        // leave. (The same spots are asked for after the rules when other findings need
        // them; a post without such links, a formatted one, does not pay for them.)
        let asksFmt = selected.contains { $0.rule.description.id == TrackingParametersRule.description.id }
        let formatter = Formatter(configuration: configuration)
        let identity = configuration.identity
        let keeps = keepsWorkUntilExit
        let results = Parallel.concurrently(
            {
                let context = RuleContext(configuration: configuration, post: post, location: location)
                if keeps { UntilExit.keep(context) }
                // Rules are independent: run them side by side, each on the next free core.
                return Parallel.mapEach(count: selected.count) { index in
                    let (rule, severity) = selected[index]
                    return rule.init().check(post, context: context).compactMap { finding -> (Finding, Int)? in
                        guard !isIgnored(finding, in: post) else { return nil }
                        var finding = finding
                        let byteColumn = finding.column
                        finding.severity = severity
                        finding.column = post.characterColumn(line: finding.line, byteColumn: finding.column)
                        return (finding, byteColumn)
                    }
                }
            },
            { () -> Set<Formatter.Spot>? in
                // By index: a link handed to a closure is a copy (its strings retained).
                guard asksFmt,
                    post.links.indices.contains(where: {
                        post.links[$0].url.containsUTF8(UInt8(ascii: "?"))
                            && identity.removingTrackingParameters(from: post.links[$0].url) != nil
                    })
                else { return nil }
                return formatter.fixedSpots(post, keepingWork: keeps)
            })
        let (perRule, fixed) = results
        let merged = Self.merged(perRule, ruleIDs: selected.map { $0.rule.description.id })
        if keeps { UntilExit.keep(perRule) }
        var findings = merged.findings
        sayWhatFmtCannotFix(&findings, in: post, byteColumns: merged.byteColumns, fixed: fixed)
        return findings
    }

    /// The findings of all rules (each with its byte column) in order of place: line,
    /// column, then rule, and as each rule found them. The places are sorted as numbers
    /// and each finding is copied once (a copy retains its strings, and sorting the
    /// findings themselves moved tens of thousands of them about).
    static func merged(_ perRule: [[(Finding, Int)]], ruleIDs: [String]) -> (findings: [Finding], byteColumns: [Int]) {
        // The ranks of the rules' names in their order: a finding names its rule (one
        // that names another is ranked by that name).
        var names = Set(ruleIDs)
        for rule in perRule.indices {
            for index in perRule[rule].indices where perRule[rule][index].0.rule != ruleIDs[rule] {
                names.insert(perRule[rule][index].0.rule)
            }
        }
        var ranks: [String: Int] = [:]
        for (position, name) in names.sorted().enumerated() { ranks[name] = position }
        var order: [(line: Int, column: Int, rank: Int, rule: Int, index: Int)] = []
        order.reserveCapacity(perRule.reduce(0) { $0 + $1.count })
        for rule in perRule.indices {
            let id = ruleIDs[rule]
            let rank = ranks[id]!
            perRule[rule].withUnsafeBufferPointer { found in
                // Read in place: a finding copied would retain its strings.
                for index in found.indices {
                    let named = found[index].0.rule == id ? rank : ranks[found[index].0.rule]!
                    order.append((found[index].0.line, found[index].0.column, named, rule, index))
                }
            }
        }
        order.sort { ($0.line, $0.column, $0.rank, $0.rule, $0.index) < ($1.line, $1.column, $1.rank, $1.rule, $1.index) }
        var findings: [Finding] = []
        var byteColumns: [Int] = []
        findings.reserveCapacity(order.count)
        byteColumns.reserveCapacity(order.count)
        for place in order {
            findings.append(perRule[place.rule][place.index].0)
            byteColumns.append(perRule[place.rule][place.index].1)
        }
        return (findings, byteColumns)
    }

    /// The rules that take the longest on a large list, by their share of the rules' work
    /// (time, the 100k-entry benchmark post); the others take less than a tenth.
    /// `duplicate-link` goes first: it finds the duplicates `duplicate-across-sections`
    /// reports too, which, started beside it, would wait for them with its core idle.
    private static func cost(_ rule: String) -> Int {
        switch rule {
        case DuplicateLinkRule.description.id: return 18
        case TrackingParametersRule.description.id: return 14
        case ItemFormatRule.description.id: return 12
        case UnbalancedBracketsRule.description.id: return 7
        default: return 0
        }
    }

    /// Findings of rules that fmt fixes, where fmt leaves the spot (its edit there would
    /// change what the post renders to), say so: check and fmt share the decision, so a
    /// finding said to be fixed by fmt is fixed by fmt.
    /// `fixed`: the spots fmt fixes, when they were found already.
    /// (Changed in place: a copy of the findings retains every string of each.)
    private func sayWhatFmtCannotFix(
        _ findings: inout [Finding], in post: Post, byteColumns: [Int], fixed: Set<Formatter.Spot>?
    ) {
        let fixable = Set(RuleRegistry.descriptions.filter(\.fixable).map(\.id))
        guard findings.indices.contains(where: { fixable.contains(findings[$0].rule) }) else { return }
        let fixed = fixed ?? Formatter(configuration: configuration).fixedSpots(post)
        let unfixed = Self.unfixed(findings, byteColumns: byteColumns, fixable: fixable, fixed: fixed)
        for index in findings.indices where unfixed[index] {
            findings[index].message = Self.cannotFix(findings[index].message)
        }
    }

    /// Whether each finding is of a rule fmt fixes and on a spot it leaves: looked up on
    /// all cores (a large post has tens of thousands of findings). The findings are read
    /// where they are, and no longer shared when this returns (their messages change next).
    private static func unfixed(
        _ findings: [Finding], byteColumns: [Int], fixable: Set<String>, fixed: Set<Formatter.Spot>
    ) -> [Bool] {
        Parallel.map(findings.indices, minimumChunk: 4096) { index -> Bool in
            guard fixable.contains(findings[index].rule) else { return false }
            let exact = Formatter.Spot(rule: findings[index].rule, line: findings[index].line, column: byteColumns[index])
            let line = Formatter.Spot(rule: findings[index].rule, line: findings[index].line)
            return !fixed.contains(exact) && !fixed.contains(line)
        }
    }

    /// A finding's message with its word on fmt replaced by "fmt cannot fix this here".
    static func cannotFix(_ message: String) -> String {
        var text = Substring(message)
        for marker in ["; curate fmt", " (curate fmt"] {
            if let range = text.range(of: marker) { text = text[..<range.lowerBound] }
        }
        return text + "; fmt cannot fix this here"
    }

    /// `<!-- curate-ignore rule-id -->` alone on the line before, or at the end of the
    /// same line, silences it (``Post/ignores(_:at:)``).
    private func isIgnored(_ finding: Finding, in post: Post) -> Bool {
        post.ignores(finding.rule, at: finding.line)
    }
}

/// Counts of findings by severity.
public struct FindingSummary: Sendable, Equatable {
    public var errors = 0
    public var warnings = 0

    public init(_ findings: [Finding]) {
        for index in findings.indices {  // by index: a finding copied retains its strings
            switch findings[index].severity {
            case .error: errors += 1
            case .warning: warnings += 1
            case .off: break
            }
        }
    }
}
