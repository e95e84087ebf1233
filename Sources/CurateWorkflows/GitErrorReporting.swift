import CurateGit
import CurateKit

/// libgit2's errors, reported like every other: what libgit2 said, and what curate was doing.
extension GitError: ReportableError {
    public var what: String { "git: \(message)" }
    public var location: String { operation }
    public var hint: String? {
        // An index in a form libgit2 1.5 cannot read (git's split index, sparse index).
        if message.contains("unsupported mandatory extension") {
            if message.contains("'link'") {
                return "the index is split (core.splitIndex); run git update-index --no-split-index, then curate again"
            }
            if message.contains("'sdir'") {
                return "the index is sparse; run git sparse-checkout set --no-sparse-index (or disable), then curate again"
            }
            return "git wrote the index in a form libgit2 cannot read; run git update-index --index-version 2, then curate again"
        }
        return nil
    }
}

extension FileCommitError: ReportableError {}

extension RemoteError: ReportableError {}
