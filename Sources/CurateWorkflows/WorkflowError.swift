import CurateKit

/// Why a git-backed workflow could not run, with what to do about it.
public enum WorkflowError: Error, Equatable {
    case notInRepository(folder: String)
    /// A sync source or target that is neither a repository on this machine nor a git URL.
    case noRepository(path: String, urlAllowed: Bool)
    case sourceLacksRef(source: String, ref: String)
    /// `--ref` given something that is not a branch or ref name.
    case invalidSourceRef(String)
    /// A sync source on this machine that is a shallow clone, whose fetch failed: libgit2
    /// 1.5 walks to the commits the clone does not have.
    case shallowSource(source: String)
    case noSyncSources(configuration: String)
    /// The merged list would have errors `check` reports: nothing is written.
    case syncWouldBreak(list: String, problems: [String])
    case sourceLacksFile(source: String, path: String, ref: String, commit: String)
    case branchCheckedOut(branch: String, repository: String)
    case invalidBranchName(String)
    case stagedConflict(post: String)
    case identityMissing(gitDirectory: String)
    case foreignHook(hook: String)
    case foreignHookAndLocal(hook: String)
    case bareRepositoryHasNoAttributes(gitDirectory: String)
}

extension WorkflowError: ReportableError {
    public var what: String {
        switch self {
        case .notInRepository: return "not inside a git repository"
        case .noRepository: return "no repository at this path"
        case let .sourceLacksRef(_, ref): return "the source has no \(ref)"
        case let .invalidSourceRef(ref): return "\(ref.debugDescription) is not a branch or ref name"
        case .shallowSource: return "the source is a shallow clone, which curate (libgit2 1.5) cannot fetch from"
        case .noSyncSources: return "the configuration names no sync sources"
        case let .syncWouldBreak(_, problems):
            return "the merged list would not pass curate check, so nothing was written: "
                + problems.prefix(5).joined(separator: "; ") + (problems.count > 5 ? " (and \(problems.count - 5) more)" : "")
        case let .sourceLacksFile(_, path, ref, commit): return "the source has no \(path) at \(ref) (\(commit))"
        case let .branchCheckedOut(branch, _): return "\(branch) is checked out in the target"
        case let .invalidBranchName(name): return "\(name.debugDescription) is not a valid branch name"
        case .stagedConflict: return "the post has unresolved merge conflicts in the index"
        case .identityMissing: return "git's user.name and user.email are not both set"
        case let .foreignHook(hook): return "a \(Path.lastComponent(of: hook)) hook that is not curate's is already installed"
        case let .foreignHookAndLocal(hook):
            return "both a foreign \(Path.lastComponent(of: hook)) hook and \(Path.lastComponent(of: hook)).local exist"
        case .bareRepositoryHasNoAttributes: return "a bare repository has no .gitattributes to register the merge driver in"
        }
    }

    public var location: String {
        switch self {
        case let .notInRepository(folder): return folder
        case let .noRepository(path, _): return path
        case let .sourceLacksRef(source, _), let .sourceLacksFile(source, _, _, _), let .shallowSource(source): return source
        case let .noSyncSources(configuration): return configuration
        case let .syncWouldBreak(list, _): return list
        case let .branchCheckedOut(_, repository): return repository
        case .invalidSourceRef: return "--ref"
        case .invalidBranchName: return "--branch"
        case let .stagedConflict(post): return post
        case let .identityMissing(gitDirectory), let .bareRepositoryHasNoAttributes(gitDirectory): return gitDirectory
        case let .foreignHook(hook), let .foreignHookAndLocal(hook): return hook
        }
    }

    public var hint: String? {
        switch self {
        case .notInRepository: return "run curate in the repository that holds the post (git init makes one)"
        case let .noRepository(_, urlAllowed):
            return urlAllowed ? "give the path of a git repository, or a git URL" : "give the path of a git repository"
        case .sourceLacksRef: return "name one of its branches with --ref (or a full refs/... name)"
        case .sourceLacksFile: return "name the list's path in the source with --path"
        case .invalidSourceRef:
            return "--ref takes a branch (main), a ref (refs/tags/v1) or HEAD: a fetch names refs, not revisions like HEAD~1"
        case .shallowSource:
            return "run git fetch --unshallow in it, or sync from the repository it was cloned from"
        case .syncWouldBreak: return "fix those entries in the other list (or here), then sync again"
        case .noSyncSources:
            return "list them under sync: sources: (url, and optional ref, path, sections); see Documentation/Sync.md"
        case .branchCheckedOut: return "curate never commits into a checked-out working tree: choose another --branch"
        case .invalidBranchName: return "branch names follow git check-ref-format --branch"
        case .stagedConflict: return "resolve them, git add the post, and commit again"
        case .identityMissing:
            return
                "git config user.name \"Your Name\"; git config user.email you@example.com (or pass --author \"Name <email>\")"
        case let .foreignHook(hook):
            return
                "curate hooks install --force keeps it as \(Path.lastComponent(of: hook)).local and runs it after curate's check"
        case let .foreignHookAndLocal(hook):
            let name = Path.lastComponent(of: hook)
            return "merge them into \(name).local by hand, remove \(name), and install again"
        case .bareRepositoryHasNoAttributes: return "run it in a clone with a working tree"
        }
    }
}
