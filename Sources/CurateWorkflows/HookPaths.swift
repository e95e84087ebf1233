import CurateGit
import CurateKit
import Foundation

/// The pre-commit hook's fast path: `curate check --staged` records the paths whose
/// staged change it looks at (the configured posts, the files their symbolic links name,
/// the configuration), and the hook starts curate only when one of them is staged or the
/// configuration changed since (hooks/pre-commit). A commit that does not touch the list
/// then costs one `git diff --cached --quiet`, not a curate process.
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
        var paths: [String] = []
        for post in posts {
            // The post as written (a symbolic link is staged as itself) and the file it names.
            guard let written = GitPost.writtenPath(of: post, in: repository) else { return }
            paths.append(written)
            guard let resolved = repository.pathInWorkingTree(post) else { return }
            paths.append(resolved)
            // Each link on the way (a link's link, a folder that is a link): staging one
            // changes which file the post is.
            guard let hops = GitPost.linkHops(of: post, in: repository) else { return }
            paths += hops
        }
        let absolute = Path.standardized(Path.join(FileSystem.currentDirectory, configuration))
        if let resolved = repository.pathInWorkingTree(absolute) { paths.append(resolved) }
        var earlier: [String] = []
        for candidate in precedence {
            // Discovery stops at the repository root, so each one is inside the work tree.
            guard let inTree = repository.pathInWorkingTree(candidate) else { return }
            earlier.append(inTree)
        }
        let named = [absolute] + earlier + paths
        guard !named.contains(where: { $0.isEmpty || $0.contains("\n") || $0.contains("\r") }) else { return }
        let lines = [header, absolute] + earlier + [""] + Array(Set(paths)).sorted()
        let file = file(in: repository)
        let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        // Written at every check: the file's time says when the configuration was last read.
        try? FileManager.default.createDirectory(atPath: Path.directory(of: file), withIntermediateDirectories: true)
        try? FileSystem.writeAtomically(bytes, to: file, displayPath: file)
    }
}
