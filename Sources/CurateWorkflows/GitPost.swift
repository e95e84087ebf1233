import CurateGit
import CurateKit
import Foundation

/// A post and the repository that holds it: what every git-backed workflow starts from.
struct GitPost {
    var configuration: Configuration
    /// The post as the user named it (for messages and the working file).
    var post: String
    var repository: Repository
    /// The post's path inside the repository's tree.
    var path: String

    /// The configuration, the one selected post, its repository and its path there.
    static func locate(_ selection: PostSelection) throws -> GitPost {
        var configuration = try selection.configuration()
        // These workflows key the same lists several times (base, both sides, the merge
        // and its check): each URL is keyed once (our post's perhaps ahead, with the post
        // read ahead: ``PostPrefetch``).
        configuration.identity.memo = configuration.identity.sharedKeys
        let post = try selection.singlePath(configuration: configuration)
        let repository = try repository(containing: post, from: selection.directory)
        return GitPost(
            configuration: configuration, post: post, repository: repository,
            path: try path(of: post, in: repository))
    }

    /// The repository holding `post`: searched upward from the post's folder (or from
    /// `directory` when the post is not on disk, as in a bare repository).
    static func repository(containing post: String, from directory: String) throws -> Repository {
        let folder = Path.directory(of: post)
        return try discoverRepository(from: FileSystem.directoryExists(folder) ? folder : directory)
    }

    /// The post's path inside the repository's tree.
    static func path(of post: String, in repository: Repository) throws -> String {
        if repository.isBare { return post.hasPrefix("./") ? String(post.dropFirst(2)) : post }
        guard let path = repository.pathInWorkingTree(post) else {
            throw FileCommitError.outsideWorkingTree(
                path: post, repository: repository.workingDirectory ?? repository.gitDirectory)
        }
        return path
    }

    /// Refuses a post reached through a symbolic link (its own, a folder's, a link's
    /// link) that the working tree points elsewhere than HEAD does (re-pointed, a link
    /// made a file or a file made a link): a commit would edit a file that is not the
    /// post as committed. As git sees it, the post has uncommitted changes.
    static func checkLinkCommitted(_ post: String, in repository: Repository) throws {
        guard let head = try repository.headCommitUnlessUnborn(), let real = repository.pathInWorkingTree(post),
            let written = logicalPath(of: post, in: repository)
        else { return }
        let committed = try repository.resolvingLinks(written, in: head)
        if committed == real { return }
        // A post HEAD does not have (through these links or at all) is no link change.
        guard let committed, try repository.file(at: committed, in: head) != nil || written != real else { return }
        // The file HEAD's links name is outside the sparse checkout: nothing changed.
        if try repository.indexedFile(at: committed)?.skipsWorktree == true {
            throw FileCommitError.outsideSparseCheckout(path: committed)
        }
        throw FileCommitError.uncommittedChanges(path: written, place: "working tree (a symbolic link changed)")
    }

    /// The path the other list is looked for at when sync names none: the post's as
    /// written (where its links lead here is this repository's business).
    var sourcePath: String {
        Self.logicalPath(of: post, in: repository) ?? path
    }

    /// The post's path for a commit on another branch: as written, its links followed in
    /// that branch's tree (``Repository/commitFile(at:target:author:attempts:change:)``),
    /// not in the working tree.
    static func branchPath(of post: String, in repository: Repository) throws -> String {
        try logicalPath(of: post, in: repository) ?? path(of: post, in: repository)
    }

    /// The post's path for a commit: on another branch ``branchPath(of:in:)``; on the
    /// checked-out one where the working tree's links lead, which must be where HEAD's do
    /// (``checkLinkCommitted(_:in:)``).
    static func commitPath(of post: String, in repository: Repository, onBranch: Bool) throws -> String {
        if onBranch { return try branchPath(of: post, in: repository) }
        try checkLinkCommitted(post, in: repository)
        return try path(of: post, in: repository)
    }

    /// The post's path from the working tree's root as written, no symbolic link
    /// followed (a folder that is a link included); nil outside the working tree.
    static func logicalPath(of post: String, in repository: Repository) -> String? {
        guard !repository.isBare, let root = repository.workingDirectory else { return nil }
        let absolute = Path.standardized(Path.join(FileSystem.currentDirectory, post))
        let prefix = root.hasSuffix("/") ? root : root + "/"
        guard absolute.hasPrefix(prefix) else { return nil }
        return String(absolute.dropFirst(prefix.count))
    }

    /// The symbolic links of the working tree the post is reached through (its own, a
    /// folder's, a link's link), from the working tree's root; nil when one leaves it.
    static func linkHops(of post: String, in repository: Repository) -> [String]? {
        guard let root = repository.workingDirectory, let logical = logicalPath(of: post, in: repository) else { return nil }
        // A link whose text cannot be read leads nowhere.
        struct Unreadable: Error {}
        var hops: [String] = []
        let resolved = try? Repository.resolvingLinks(logical) { path in
            var info = stat()
            guard lstat(Path.join(root, path), &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return nil }
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: Path.join(root, path)) else {
                throw Unreadable()
            }
            hops.append(path)
            return target
        }
        return resolved == nil ? nil : hops
    }

    /// The post's path inside the working tree as written: its folders resolved, its last
    /// component kept (a symbolic link is staged as itself); nil outside the working tree.
    static func writtenPath(of post: String, in repository: Repository) -> String? {
        guard let workingDirectory = repository.workingDirectory else { return nil }
        let root = URL(fileURLWithPath: workingDirectory).resolvingSymlinksInPath().path
        let prefix = root.hasSuffix("/") ? root : root + "/"
        let absolute = Path.standardized(Path.join(FileSystem.currentDirectory, post))
        let folder = URL(fileURLWithPath: Path.directory(of: absolute)).resolvingSymlinksInPath().path
        let written = Path.join(folder, Path.lastComponent(of: absolute))
        guard written.hasPrefix(prefix) else { return nil }
        return String(written.dropFirst(prefix.count))
    }
}

/// The repository containing `folder`, with a clear error outside one.
func discoverRepository(from folder: String) throws -> Repository {
    do {
        return try Repository.discover(from: folder)
    } catch let error as GitError where error.isNotFound {
        throw WorkflowError.notInRepository(folder: folder)
    }
}
