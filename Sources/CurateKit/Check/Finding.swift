/// One thing wrong with a post: a plain value that every output format renders.
public struct Finding: Sendable, Equatable, Codable {
    public var rule: String
    public var severity: Severity
    public var path: String
    public var line: Int
    /// 1-based column; rules report byte columns, ``Checker`` turns them into characters.
    public var column: Int
    public var message: String

    public init(rule: String, severity: Severity, path: String, line: Int, column: Int, message: String) {
        self.rule = rule
        self.severity = severity
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }
}
