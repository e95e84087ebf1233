import CurateGit
import CurateKit
import Foundation

/// Which posts a command works on and which configuration it reads: `--post` paths and
/// `--config`, else `curate.yml` found from the current folder.
public struct PostSelection: Sendable, Equatable {
    /// Posts named on the command line (`--post`), instead of the configuration's. A
    /// relative path is relative to `directory`.
    public var posts: [String]
    /// The configuration file (`--config`); nil to look it up from the current folder.
    public var configurationFile: String?
    /// The folder the command runs in: `curate.yml` and the repository are looked up from it.
    public var directory: String

    public init(posts: [String] = [], configurationFile: String? = nil, directory: String = FileSystem.currentDirectory) {
        self.posts = posts
        self.configurationFile = configurationFile
        self.directory = directory
    }

    /// The configuration: the named file, else the one found from the current folder,
    /// else the defaults (rooted at the repository holding the current folder).
    public func configuration() throws -> Configuration {
        if let configurationFile {
            guard FileSystem.fileExists(configurationFile) else {
                throw CurateError.noSuchConfigurationFile(path: configurationFile)
            }
            return try Configuration.load(path: configurationFile)
        }
        return try Configuration.discover(from: directory)
            ?? Configuration(root: Configuration.repositoryRoot(containing: directory) ?? directory)
    }

    /// The posts to work on: `positional` paths, else `posts`, else the configuration's
    /// (as the user would type them from the current folder).
    public func paths(_ positional: [String] = [], configuration: Configuration) throws -> [String] {
        if !positional.isEmpty { return Self.distinct(positional.map(resolve)) }
        if !posts.isEmpty { return Self.distinct(posts.map(resolve)) }
        guard configuration.file != nil else {
            throw CurateError.noConfiguration(directory: directory)
        }
        guard !configuration.posts.isEmpty else {
            throw CurateError.noPosts(path: configuration.file ?? "curate.yml")
        }
        // A configuration (perhaps a pull request's) may only name posts inside its own
        // repository: fmt, propose and sync write them. A path typed with --post is the
        // user's own.
        let root = URL(fileURLWithPath: configuration.root).resolvingSymlinksInPath().standardizedFileURL.path
        for (written, path) in zip(configuration.posts, configuration.postPaths) {
            let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
            guard real == root || real.hasPrefix(root.hasSuffix("/") ? root : root + "/") else {
                throw CurateError.postOutsideRepository(
                    post: written, configuration: configuration.file ?? "curate.yml", root: configuration.root)
            }
        }
        return Self.distinct(configuration.postPaths.map(displayPath))
    }

    /// `paths` without a second mention of one file (`post.md` and `./post.md`, or a
    /// link to it): each post is read, reported and written once.
    static func distinct(_ paths: [String]) -> [String] {
        var seen = Set<String>()
        return paths.filter { seen.insert(URL(fileURLWithPath: $0).resolvingSymlinksInPath().standardizedFileURL.path).inserted }
    }

    /// The one post `diff`, `propose` and `sync` work on.
    public func singlePath(configuration: Configuration) throws -> String {
        let paths = try paths(configuration: configuration)
        guard paths.count == 1 else {
            throw CurateError.severalPosts(configuration: configuration.file ?? "curate.yml", count: paths.count)
        }
        return paths[0]
    }

    /// `path` relative to `directory` when it is relative and `directory` is not the
    /// process's current folder (the command line's paths stay as the user typed them).
    public func resolve(_ path: String) -> String {
        guard !path.hasPrefix("/"), !path.contains("://"), directory != FileSystem.currentDirectory else { return path }
        if RemoteAddress(path).isNetwork { return path }
        return Path.standardized(Path.join(directory, path))
    }

    /// A configured post as the user would type it: relative to the current folder when
    /// inside it (so it reads from there), else absolute.
    func displayPath(_ path: String) -> String {
        let cwd = FileSystem.currentDirectory
        let standardized = Path.standardized(path)
        if standardized.hasPrefix(cwd + "/") { return String(standardized.dropFirst(cwd.count + 1)) }
        return standardized
    }
}
