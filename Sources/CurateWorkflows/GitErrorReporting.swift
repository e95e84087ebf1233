import CurateGit
import CurateKit

/// libgit2's errors, reported like every other: what libgit2 said, and what curate was doing.
extension GitError: ReportableError {
    public var what: String { "git: \(message)" }
    public var location: String { operation }
    public var hint: String? { nil }
}

extension FileCommitError: ReportableError {}

extension RemoteError: ReportableError {}
