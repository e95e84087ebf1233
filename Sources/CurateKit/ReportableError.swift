/// What every error curate reports has: what went wrong, where (a file, line, ref or
/// argument), and what to do next. The command line prints any of them the same way:
/// `curate: error: <what> (<where>)` and the hint on a second line.
///
/// `CurateError` (the engine), `URLProblem` (a URL that is not a web link), and in
/// CurateWorkflows `WorkflowError`, libgit2's `GitError` and `FileCommitError` conform.
public protocol ReportableError: Error, CustomStringConvertible {
    /// What went wrong, as a sentence fragment.
    var what: String { get }
    /// The file, line, ref or argument involved.
    var location: String { get }
    /// What to do next, when there is something useful to say.
    var hint: String? { get }
}

extension ReportableError {
    public var description: String { "\(what) (\(location))" }
}

extension CurateError: ReportableError {}

/// A URL given as an argument that is not a web link.
extension URLProblem: ReportableError {
    public var what: String { "not a web link: \(description)" }
    public var location: String { "argument" }
    public var hint: String? { "give an absolute http:// or https:// URL" }
}
