/// One thing wrong with a post: a plain value that every output format renders.
public struct Finding: Sendable, Equatable, Codable {
    public var rule: String
    public var severity: Severity
    public var path: String
    public var line: Int
    /// 1-based column; rules report byte columns, ``Checker`` turns them into characters.
    public var column: Int
    public var message: String
    /// Other lines the finding is about (the earlier entry a duplicate repeats); empty
    /// for most findings.
    public var relatedLines: [Int]

    public init(
        rule: String, severity: Severity, path: String, line: Int, column: Int, message: String, relatedLines: [Int] = []
    ) {
        self.rule = rule
        self.severity = severity
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        self.relatedLines = relatedLines
    }

    /// Whether the finding is on, or about, one of `lines` (`check --since`: a new
    /// duplicate placed above the entry it repeats is reported on the old entry's line,
    /// and involves the new one).
    public func involves(_ lines: Set<Int>) -> Bool {
        lines.contains(line) || relatedLines.contains { lines.contains($0) }
    }
}
