import ArgumentParser
import CurateGit
import CurateKit
import Foundation

/// What the commands that commit share: finding the repository, the post's path in it,
/// the author, and file I/O for the working tree.
enum GitSupport {
    /// The configuration, the one post to work on, its repository and its path there.
    static func postInRepository(
        _ options: PostOptions
    ) throws -> (configuration: Configuration, post: String, repository: Repository, path: String) {
        let configuration = try options.loadConfiguration()
        let post = try singlePost(options, configuration: configuration)
        let repository = try repository(containing: post)
        return (configuration, post, repository, try pathInRepository(post, repository: repository))
    }

    /// The repository holding `post`: searched upward from the post's folder (or from the
    /// current folder when the post is not on disk, as in a bare repository).
    static func repository(containing post: String) throws -> Repository {
        let folder = Path.directory(of: post)
        return try discover(from: FileSystem.directoryExists(folder) ? folder : ".")
    }

    /// The repository containing `folder`, with a clear error outside one.
    static func discover(from folder: String) throws -> Repository {
        do {
            return try Repository.discover(from: folder)
        } catch let error as GitError where error.isNotFound {
            throw CurateError.other(
                what: "not inside a git repository", location: folder == "." ? FileSystem.currentDirectory : folder,
                hint: "run curate in the repository that holds the post (git init makes one)")
        }
    }

    /// Whether `name` can be a branch (`git check-ref-format --branch`).
    static func validateBranch(_ name: String) throws {
        guard Repository.isValidReferenceName(name.hasPrefix("refs/") ? name : "refs/heads/" + name) else {
            throw ValidationError("\(name.debugDescription) is not a valid branch name")
        }
    }

    /// The post's path inside the repository's tree.
    static func pathInRepository(_ post: String, repository: Repository) throws -> String {
        if repository.isBare { return post.hasPrefix("./") ? String(post.dropFirst(2)) : post }
        guard let path = repository.pathInWorkingTree(post) else {
            throw FileCommitError.outsideWorkingTree(
                path: post, repository: repository.workingDirectory ?? repository.gitDirectory)
        }
        return path
    }

    /// The staged bytes of `post` when the index holds a version that differs from HEAD's
    /// (added or modified); nil when it is unchanged, deleted or not tracked. The index is
    /// the one `GIT_INDEX_FILE` names (git sets it during `git commit`, a temporary one for
    /// `commit -a` and `commit <paths>`), else the repository's.
    static func stagedPost(_ post: String, repository: Repository) throws -> [UInt8]? {
        let path = try pathInRepository(post, repository: repository)
        var indexFile = ProcessInfo.processInfo.environment["GIT_INDEX_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        if let file = indexFile, !file.hasPrefix("/") {
            indexFile = FileSystem.currentDirectory + "/" + file
        }
        guard let indexed = try repository.indexedFile(at: path, indexFile: indexFile) else { return nil }
        if indexed.isConflicted {
            throw CurateError.other(
                what: "the post has unresolved merge conflicts in the index", location: post,
                hint: "resolve them, git add the post, and commit again")
        }
        guard let blob = indexed.blob else { return nil }
        if let head = try? repository.resolveRevision("HEAD"), try repository.file(at: path, in: head)?.blob == blob {
            return nil
        }
        return try repository.blob(blob)
    }

    static func signature(_ author: Signature?, repository: Repository) throws -> Signature {
        if let author { return author }
        guard let configured = try repository.configuredSignature() else {
            throw CurateError.other(
                what: "git's user.name and user.email are not both set", location: repository.gitDirectory,
                hint:
                    "git config user.name \"Your Name\"; git config user.email you@example.com (or pass --author \"Name <email>\")"
            )
        }
        return configured
    }

    static func shortBranch(_ branch: String) -> String {
        branch.hasPrefix("refs/heads/") ? String(branch.dropFirst("refs/heads/".count)) : branch
    }
}

/// `--author "Name <email>"`.
extension Signature: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(parsing: argument)
    }

}
