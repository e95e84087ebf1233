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
        // A repository made with `git init --object-format=sha256`.
        if message.contains("extensions.objectformat") {
            return
                "the repository names its objects with SHA-256, which libgit2 1.5 cannot read; curate works in SHA-1 repositories"
        }
        return nil
    }
}

extension FileCommitError: ReportableError {}

extension RemoteError: ReportableError {}
