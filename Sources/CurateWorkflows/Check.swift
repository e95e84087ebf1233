import CurateGit
import CurateKit
import Foundation

/// `curate check`: the posts' findings, read from the working tree, from the git index
/// (`staged`, what the pre-commit hook checks), and kept to the lines changed since a
/// revision (`since`).
public struct Check: Sendable {
    public var selection: PostSelection
    /// Posts named as arguments, instead of the selection's.
    public var paths: [String]
    /// Read the versions staged in the index (the one `GIT_INDEX_FILE` names during `git
    /// commit`), and only posts whose staged version differs from HEAD's.
    public var staged: Bool
    /// Keep only findings on lines added or changed since this revision.
    public var since: String?
    /// Compute a stable fingerprint for each finding (SARIF's `partialFingerprints`).
    public var fingerprints = false
    /// With `staged`: record the paths whose staged change this check looks at, for the
    /// pre-commit hook's fast path (``HookPaths``).
    public var recordsHookPaths = false
    /// The process exits once the check is done: the last post read, and the work of its
    /// check, are kept until then (``UntilExit``) rather than freed piece by piece.
    public var keepsPostsUntilExit = false

    public init(selection: PostSelection, paths: [String] = [], staged: Bool = false, since: String? = nil) {
        self.selection = selection
        self.paths = paths
        self.staged = staged
        self.since = since
    }

    /// One post's findings.
    public struct CheckedPost: Sendable {
        public var path: String
        public var findings: [Finding]
        /// Parallel to `findings` when asked for: the rule and the dedupe key involved.
        public var fingerprints: [String] = []
    }

    public func run() throws -> [CheckedPost] {
        var configuration = try selection.configuration()
        if staged, let file = configuration.file, let staged = try Self.stagedConfiguration(file) {
            configuration = try Configuration.load(bytes: staged, path: file, root: configuration.root)
        }
        var checker = Checker(configuration: configuration)
        let postPaths = try selection.paths(paths, configuration: configuration)
        // The repository of the posts (the first one's; a post elsewhere is an error).
        let repository =
            staged || since != nil
            ? try postPaths.first.map { try GitPost.repository(containing: $0, from: selection.directory) }
                ?? discoverRepository(from: selection.directory) : nil
        let baseline = try since.map { try repository!.resolveRevision($0) }
        if recordsHookPaths, staged, let repository, paths.isEmpty, selection.posts.isEmpty,
            selection.configurationFile == nil, let file = configuration.file
        {
            let candidates = Configuration.candidates(from: selection.directory)
            let absolute = Path.standardized(Path.join(FileSystem.currentDirectory, file))
            HookPaths.record(
                posts: postPaths, configuration: file, precedence: Array(candidates.prefix { $0 != absolute }),
                in: repository)
        }
        var checked: [CheckedPost] = []
        for path in postPaths {
            let bytes: [UInt8]
            if let repository, staged {
                guard let stagedBytes = try Self.stagedPost(path, repository: repository) else { continue }
                bytes = stagedBytes
            } else {
                bytes = try FileSystem.readPost(path: path, displayPath: path, limit: PostReader.sizeLimit)
            }
            let post = try PostReader.parse(bytes, path: path)
            // The repository and Jekyll site around the file: what its links may point at.
            let location = try PostLocation.discover(post, configuration: configuration)
            if keepsPostsUntilExit && path == postPaths.last {
                UntilExit.keep((post, location))
                checker.keepsWorkUntilExit = true
            }
            var findings = checker.check(post, location: location)
            if let repository, let baseline {
                let changed = try Self.changedLines(of: path, bytes: bytes, since: baseline, in: repository)
                findings.removeAll { !$0.involves(changed) }
            }
            let prints = fingerprints ? SARIFRenderer.fingerprints(findings, post: post, identity: configuration.identity) : []
            checked.append(CheckedPost(path: path, findings: findings, fingerprints: prints))
        }
        return checked
    }

    /// The lines of `post` (whose current text is `bytes`) added or changed since `baseline`:
    /// all of them when the post did not exist then.
    static func changedLines(of post: String, bytes: [UInt8], since baseline: ObjectID, in repository: Repository) throws
        -> Set<Int>
    {
        let inRepository = try GitPost.path(of: post, in: repository)
        let old = try repository.file(at: inRepository, in: baseline).map { try repository.blob($0.blob) } ?? []
        return UnifiedDiff.changedLines(old: old, new: bytes)
    }

    /// The staged bytes of `post` when the index holds a version that differs from HEAD's
    /// (added or modified); nil when it is unchanged, deleted or not tracked. The index is
    /// the one `GIT_INDEX_FILE` names (git sets it during `git commit`, a temporary one for
    /// `commit -a` and `commit <paths>`), else the repository's.
    ///
    /// A post that is a symbolic link is changed when the link itself is (repointed, or
    /// replaced by a file): then the file the staged link names is checked.
    static func stagedPost(_ post: String, repository: Repository) throws -> [UInt8]? {
        let path = try GitPost.path(of: post, in: repository)
        let indexFile = Self.indexFile
        let head = try repository.headCommitUnlessUnborn()
        // A link on the way staged otherwise than HEAD has it (a link's link, a folder that
        // is a link): the post is the staged file the staged links name. (Asked only of a
        // post reached through links, here or in HEAD.)
        if let head, let logical = GitPost.logicalPath(of: post, in: repository),
            case let committed = try repository.resolvingLinks(logical, in: head), committed != logical || path != logical,
            let staged = try repository.resolvingIndexLinks(logical, indexFile: indexFile), staged != committed,
            let indexed = try repository.indexedFile(at: staged, indexFile: indexFile), indexed.mode != 0o120000
        {
            if indexed.isConflicted { throw WorkflowError.stagedConflict(post: post) }
            if let blob = indexed.blob { return try repository.blob(blob) }
        }
        if let written = GitPost.writtenPath(of: post, in: repository), written != path,
            let link = try repository.indexedFile(at: written, indexFile: indexFile)
        {
            if link.isConflicted { throw WorkflowError.stagedConflict(post: post) }
            let old = try head.flatMap { try repository.file(at: written, in: $0) }
            if let blob = link.blob, old?.blob != blob || old?.mode != link.mode {
                return try stagedTarget(
                    ofLink: written, blob: blob, mode: link.mode, post: post, repository: repository, indexFile: indexFile)
            }
        }
        guard let indexed = try repository.indexedFile(at: path, indexFile: indexFile) else { return nil }
        if indexed.isConflicted { throw WorkflowError.stagedConflict(post: post) }
        guard let blob = indexed.blob else { return nil }
        if let head, try repository.file(at: path, in: head)?.blob == blob {
            return nil
        }
        return try repository.blob(blob)
    }

    /// The index `git commit` is about to commit: the one `GIT_INDEX_FILE` names, else nil
    /// for the repository's.
    static var indexFile: String? {
        guard let file = ProcessInfo.processInfo.environment["GIT_INDEX_FILE"], !file.isEmpty else { return nil }
        return file.hasPrefix("/") ? file : FileSystem.currentDirectory + "/" + file
    }

    /// The staged bytes of the configuration `file` when it is tracked (the working tree is
    /// not what is committed); nil when the index has no version of it.
    static func stagedConfiguration(_ file: String) throws -> [UInt8]? {
        let folder = Path.directory(of: Path.standardized(Path.join(FileSystem.currentDirectory, file)))
        guard let repository = try? Repository.discover(from: folder), !repository.isBare,
            let path = repository.pathInWorkingTree(file),
            let indexed = try repository.indexedFile(at: path, indexFile: indexFile)
        else { return nil }
        // A conflicted one (git commits no unmerged file) or a link: the working tree's.
        guard !indexed.isConflicted, let blob = indexed.blob, indexed.mode != 0o120000 else { return nil }
        let bytes = try repository.blob(blob)
        guard bytes.count <= Configuration.sizeLimit else { return nil }
        return bytes
    }

    /// What a changed staged entry at `written` (the post as written) holds: the staged file
    /// itself, else the staged version of the file the staged link names (resolved inside
    /// the working tree from the link's text), else the post as it reads on disk.
    private static func stagedTarget(
        ofLink written: String, blob: ObjectID, mode: UInt32, post: String, repository: Repository, indexFile: String?
    ) throws -> [UInt8]? {
        guard mode == 0o120000 else { return try repository.blob(blob) }
        let text = String(decoding: try repository.blob(blob), as: UTF8.self)
        let folder = written.contains("/") ? Path.directory(of: written) : ""
        let target = Path.standardized(folder.isEmpty ? text : Path.join(folder, text))
        if !text.hasPrefix("/"), target != "..", !target.hasPrefix("../"),
            let indexed = try repository.indexedFile(at: target, indexFile: indexFile), indexed.mode != 0o120000
        {
            if indexed.isConflicted { throw WorkflowError.stagedConflict(post: post) }
            if let staged = indexed.blob { return try repository.blob(staged) }
        }
        // The link names a file outside the index (or another link): read it from disk.
        guard FileSystem.fileExists(post) else { return nil }
        return try FileSystem.readPost(path: post, displayPath: post, limit: PostReader.sizeLimit)
    }
}
