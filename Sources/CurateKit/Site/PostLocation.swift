import Foundation

/// Where a post lives: its kind and, when its file is on disk, the git work tree and the
/// Jekyll site around it. Links that are not web URLs are checked against these.
public struct PostLocation: Sendable {
    public var kind: PostKind
    /// The post's file, absolute and standardized; nil when it is not on disk.
    public var file: String?
    /// The git work tree holding the file (the folder with `.git`).
    public var repositoryRoot: String?
    /// The Jekyll site around the file, when there is one.
    public var site: JekyllSite?

    public init(kind: PostKind, file: String? = nil, repositoryRoot: String? = nil, site: JekyllSite? = nil) {
        self.kind = kind
        self.file = file
        self.repositoryRoot = repositoryRoot
        self.site = site
    }

    /// What curate knows without looking at the disk: the kind the configuration gives the
    /// post's path, else the kind its file shows.
    public static func detached(_ post: Post, configuration: Configuration) -> PostLocation {
        PostLocation(kind: configuration.configuredKind(of: post.path) ?? PostKind.detect(post))
    }

    /// Looks around the file at `path` (the post's file; `post.path` when nil): its git
    /// work tree, and the Jekyll site whose `_config.yml` is in its folder or a parent
    /// (not above the work tree). Throws when that `_config.yml` is not valid YAML.
    public static func discover(_ post: Post, file path: String? = nil, configuration: Configuration) throws -> PostLocation {
        var location = detached(post, configuration: configuration)
        let file = Path.standardized(Path.join(FileSystem.currentDirectory, path ?? post.path))
        guard FileSystem.fileExists(file) else { return location }
        location.file = file
        let folder = Path.directory(of: file)
        location.repositoryRoot = Configuration.repositoryRoot(containing: folder)
        // Only a Jekyll post reads its site (a README beside a GitHub Pages _config.yml is a list).
        if location.kind == .jekyll, let root = JekyllSite.root(containing: folder, limit: location.repositoryRoot) {
            location.site = try JekyllSite.load(root: root)
        }
        return location
    }

    /// The post's path inside its Jekyll site (`_posts/2024-01-01-x.md`), when it has one.
    public var pathInSite: String? {
        guard let site, let file, file.hasPrefix(site.root + "/") else { return nil }
        return String(file.dropFirst(site.root.count + 1))
    }
}
