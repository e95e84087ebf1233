import CurateGit
import CurateKit
import Foundation

/// The pre-commit hook's fast path: `curate check --staged` records the paths whose
/// staged change it looks at (the configured posts, the configuration; a post reached
/// through a symbolic link is never recorded), and the hook starts curate only when one
/// of them is staged or the configuration changed since (hooks/pre-commit). A commit
/// that does not touch the list then costs one `git diff --cached --quiet`, not a
/// curate process.
///
/// The file, `curate/hook-paths` in the work tree's git folder:
///
///     curate-hook-paths 2
///     /absolute/path/of/curate.yml
///     curate.yml                   (the configuration paths discovery looks at before
///                                   the one found, relative to the work tree, one a line)
///                                  (an empty line)
///     path/of/a/post.md            (relative to the work tree, one a line)
///
/// A file at one of the earlier configuration paths (in the work tree, or staged) would
/// take precedence over the recorded configuration, so the hook then runs curate.
///
/// Nothing is recorded when a path cannot be named that way (a newline in it, a post
/// outside the work tree): the hook then always runs curate.
public enum HookPaths {
    public static let header = "curate-hook-paths 2"

    /// The file's path for `repository` (per work tree).
    public static func file(in repository: Repository) -> String {
        Path.join(repository.gitDirectory, "curate/hook-paths")
    }

    /// `precedence`: the configuration paths discovery looked at before `configuration`.
    static func record(posts: [String], configuration: String, precedence: [String], in repository: Repository) {
        let file = file(in: repository)
        guard let lines = lines(posts: posts, configuration: configuration, precedence: precedence, in: repository) else {
            // Not recorded: a record left by an earlier check would skip checks it must not.
            unlink(file)
            return
        }
        let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        // Written at every check: the file's time says when the configuration was last read.
        try? FileManager.default.createDirectory(atPath: Path.directory(of: file), withIntermediateDirectories: true)
        try? FileSystem.writeAtomically(bytes, to: file, displayPath: file)
    }

    /// The record's lines; nil when it cannot be made.
    private static func lines(posts: [String], configuration: String, precedence: [String], in repository: Repository)
        -> [String]?
    {
        var paths: [String] = []
        for post in posts {
            // A post reached through a symbolic link (its own, a folder's, a link's link):
            // which file it is depends on links another branch or the index may point
            // elsewhere, so no set of paths stands for it. The hook always runs curate.
            guard let hops = GitPost.linkHops(of: post, in: repository), hops.isEmpty,
                let written = GitPost.writtenPath(of: post, in: repository),
                let resolved = repository.pathInWorkingTree(post), written == resolved
            else { return nil }
            paths.append(resolved)
        }
        let absolute = Path.standardized(Path.join(FileSystem.currentDirectory, configuration))
        if let resolved = repository.pathInWorkingTree(absolute) { paths.append(resolved) }
        var earlier: [String] = []
        for candidate in precedence {
            // Discovery stops at the repository root, so each one is inside the work tree.
            guard let inTree = repository.pathInWorkingTree(candidate) else { return nil }
            earlier.append(inTree)
        }
        let named = [absolute] + earlier + paths
        guard !named.contains(where: { $0.isEmpty || $0.contains("\n") || $0.contains("\r") }) else { return nil }
        return [header, absolute] + earlier + [""] + Array(Set(paths)).sorted()
    }
}
