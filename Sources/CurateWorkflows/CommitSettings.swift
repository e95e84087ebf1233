import CurateGit
import CurateKit

/// Who a commit is by: `Name <email>` (`init?(parsing:)` reads that form).
public typealias CommitAuthor = Signature

/// Where a workflow's result goes.
public enum CommitDestination: Sendable, Equatable {
    /// Written to the working file only.
    case workingFile
    /// Committed on the checked-out branch; index and working file updated after.
    case checkedOutBranch
    /// Committed on this branch (made from HEAD if missing); checkout left alone.
    case branch(String)
}

/// How `propose` and `sync` commit: `--commit`, `--branch`, `--message`, `--author`.
public struct CommitSettings: Sendable, Equatable {
    public var destination: CommitDestination
    /// The commit's subject line, instead of curate's.
    public var subject: String?
    /// Author and committer; nil for git's user.name and user.email.
    public var author: CommitAuthor?

    public init(destination: CommitDestination = .workingFile, subject: String? = nil, author: CommitAuthor? = nil) {
        self.destination = destination
        self.subject = subject
        self.author = author
    }

    /// Whether `name` can be a branch (`git check-ref-format --branch`): not `HEAD`, not
    /// an option-like `-x`, and under `refs/heads/` when written in full (never a tag, a
    /// remote-tracking ref or curate's own `refs/curate/`).
    public static func isValidBranch(_ name: String) -> Bool {
        if name == "HEAD" || name.hasPrefix("-") || name == "@" { return false }
        if name.hasPrefix("refs/") && !name.hasPrefix("refs/heads/") { return false }
        return Repository.isValidReferenceName(fullBranch(name))
    }

    /// `refs/heads/B` for `B`; a full name as it is.
    static func fullBranch(_ name: String) -> String {
        name.hasPrefix("refs/") ? name : "refs/heads/" + name
    }

    /// `main` for `refs/heads/main`.
    static func shortBranch(_ branch: String) -> String {
        branch.hasPrefix("refs/heads/") ? String(branch.dropFirst("refs/heads/".count)) : branch
    }

    /// The author, else the repository's user.name and user.email.
    func signature(in repository: Repository) throws -> Signature {
        if let author { return author }
        guard let configured = try repository.configuredSignature() else {
            throw WorkflowError.identityMissing(gitDirectory: repository.gitDirectory)
        }
        return configured
    }

    /// Throws `WorkflowError.invalidBranchName` for a branch git would refuse (the
    /// library checks what the command line's validation checks).
    func validate() throws {
        if case let .branch(name) = destination, !Self.isValidBranch(name) {
            throw WorkflowError.invalidBranchName(name)
        }
    }

    /// `subject` in place of the first line of curate's own `message`.
    func message(_ message: String) -> String {
        guard let subject else { return message }
        return subject + "\n" + message.drop { $0 != "\n" }
    }
}

/// A commit a workflow made.
public struct CommitRecord: Sendable, Equatable {
    /// The commit's full id.
    public var id: String
    /// The branch it is on, short (`main`, `curate/new`).
    public var branch: String
    /// How many times it was made: more than one when another writer moved the branch.
    public var attempts: Int

    /// The id abbreviated as git shows it.
    public var shortID: String { String(id.prefix(7)) }
}

extension FileCommitOutcome {
    var record: CommitRecord? {
        guard case let .committed(id, branch, attempts) = self else { return nil }
        return CommitRecord(id: id.description, branch: CommitSettings.shortBranch(branch), attempts: attempts)
    }

    var branch: String {
        switch self {
        case let .committed(_, branch, _), let .unchanged(branch): return CommitSettings.shortBranch(branch)
        }
    }
}
