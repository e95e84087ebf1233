/// The two kinds of post curate reads, told apart by the file and overridable per post in
/// `curate.yml` (`posts: [{path: README.md, kind: list}]`).
///
/// - `jekyll`: a Jekyll post or page: front matter, Liquid, links relative to the site,
///   kramdown's heading ids.
/// - `list`: a Markdown list such as an awesome README: no front matter expected, GitHub's
///   heading ids, links relative to the repository.
public enum PostKind: String, Sendable, Codable, CaseIterable {
    case jekyll, list

    /// The kind a file is when the configuration does not say: `jekyll` when it starts with
    /// front matter or sits in a `_posts` or `_drafts` folder (a Jekyll post that lost its
    /// front matter), else `list`. The folder is the file's, however its path is written:
    /// `_posts/../README.md` is not in one, `x.md` from inside `_posts` is.
    public static func detect(hasFrontMatter: Bool, path: String) -> PostKind {
        if hasFrontMatter { return .jekyll }
        return folders(of: path, from: startFolders).contains { $0 == "_posts" || $0 == "_drafts" } ? .jekyll : .list
    }

    /// The folders of the folder the process started in, which curate never leaves:
    /// relative paths are relative to it.
    private static let startFolders = folders(of: FileSystem.currentDirectory + "/file", from: [])

    /// The folders `path` is in, `.` and `..` resolved as written (a relative path from
    /// the folder whose folders, its own last, are `directory`).
    static func folders(of path: String, from directory: [Substring]) -> [Substring] {
        var parts: [Substring] = path.hasPrefix("/") ? [] : directory
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(part)
        }
        return Array(parts.dropLast())
    }

    /// The kind of `post` by ``detect(hasFrontMatter:path:)``.
    public static func detect(_ post: Post) -> PostKind {
        detect(hasFrontMatter: post.frontMatter != nil, path: post.path)
    }
}
