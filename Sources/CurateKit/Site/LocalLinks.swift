/// Links to files of the repository or the Jekyll site, judged on disk: the one answer
/// `check` (broken-local-link, unknown-site-path) and `curate links` share.
public enum LocalLinks {
    /// What the disk says about a link's target.
    public enum Verdict: Sendable, Equatable {
        /// Not a local link, or nothing on disk to judge it against (no site around a
        /// Jekyll post, a list outside a work tree, a path that leaves the work tree).
        case unknown
        /// The file, post or page is there.
        case present
        /// It is not: why, in a sentence.
        case missing(String)
    }

    /// The verdict on `target` for a post at `location`.
    public static func verdict(_ target: LinkTarget, at location: PostLocation) -> Verdict {
        switch target {
        case let .postURL(name, _):
            guard let site = location.site else { return .unknown }
            return site.hasPost(name)
                ? .present
                : .missing("{% post_url \(name) %} finds no post \(name).* in the site's _posts (Jekyll stops the build)")
        case let .liquidLink(path, _):
            guard let site = location.site else { return .unknown }
            return site.hasFile(path)
                ? .present : .missing("{% link \(path) %} finds no file \(path) in the site (Jekyll stops the build)")
        case let .path(path, _) where location.kind == .jekyll:
            guard let site = location.site, path.hasPrefix("/"), !path.hasPrefix("//") else { return .unknown }
            return site.publishes(path) ? .present : .missing("no page, post or file of the site is published at \(path)")
        case let .path(path, _):
            guard location.kind == .list, !path.isEmpty, !InvalidURLRule.looksLikeHost(path),
                let root = location.repositoryRoot, let relative = repositoryPath(path, at: location)
            else { return .unknown }
            let target = Path.join(root, relative)
            return FileSystem.fileExists(target) || FileSystem.directoryExists(target)
                ? .present : .missing("\(path) is not a file of the repository")
        default:
            return .unknown
        }
    }

    /// The file a list's link `path` names (`/docs/x.md` from the work tree's top,
    /// `docs/x.md` from the list's folder), relative to the work tree; nil when the list
    /// is in none, or the path leaves it (`../../issues` is one of GitHub's pages).
    public static func repositoryPath(_ path: String, at location: PostLocation) -> String? {
        guard let file = location.file, let root = location.repositoryRoot else { return nil }
        let target = Path.standardized(
            path.hasPrefix("/") ? Path.join(root, String(path.dropFirst())) : Path.join(Path.directory(of: file), path))
        guard target.hasPrefix(root + "/") else { return nil }
        return String(target.dropFirst(root.count + 1))
    }
}
