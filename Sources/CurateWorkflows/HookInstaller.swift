import CurateGit
import CurateKit
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `curate hooks install`: curate's pre-commit hook in the hooks folder git uses
/// (`core.hooksPath` honoured), never silently over a hook that is not curate's; and,
/// optionally, `curate merge-driver` registered for the configured posts.
public struct HookInstaller: Sendable {
    /// The curate binary the hook falls back to when none is on PATH.
    public var executable: String
    /// Keep a foreign pre-commit hook as pre-commit.local and chain to it.
    public var force: Bool
    /// Also register the merge driver (repository config and .gitattributes).
    public var mergeDriver: Bool
    public var selection: PostSelection

    public init(executable: String, force: Bool = false, mergeDriver: Bool = false, selection: PostSelection) {
        self.executable = executable
        self.force = force
        self.mergeDriver = mergeDriver
        self.selection = selection
    }

    /// What an installation did.
    public struct Report: Sendable, Equatable {
        public enum Action: Sendable, Equatable {
            case installed
            /// The same hook was already there.
            case alreadyInstalled
        }

        /// The hook's path.
        public var hook: String
        public var action: Action
        /// Where a foreign hook was kept (with `force`).
        public var keptForeignHook: String?
        /// The posts the merge driver was registered for (in the repository), when asked.
        public var mergeDriverPosts: [String]?
    }

    public func install() throws -> Report {
        let repository = try discoverRepository(from: selection.directory)
        let posts = mergeDriver ? try registerMergeDriver(repository) : nil
        let folder = try hooksFolder(repository)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), !isFolder.boolValue {
            throw CurateError.writeFailed(path: folder, reason: "the hooks folder (core.hooksPath) is a file")
        }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw CurateError.writeFailed(path: folder, reason: "cannot create the hooks folder (core.hooksPath)")
        }
        let hook = folder + "/pre-commit"
        let script = Array(
            PreCommitHook.template.replacingOccurrences(of: PreCommitHook.placeholder, with: executable).utf8)
        var kept: String?
        if FileManager.default.fileExists(atPath: hook) {
            let existing = (try? FileSystem.readAll(path: hook, displayPath: hook)) ?? []
            if !String(decoding: existing, as: UTF8.self).contains(PreCommitHook.marker) {
                guard force else { throw WorkflowError.foreignHook(hook: hook) }
                let local = folder + "/pre-commit.local"
                guard !FileManager.default.fileExists(atPath: local) else {
                    throw WorkflowError.foreignHookAndLocal(hook: hook)
                }
                guard rename(hook, local) == 0 else {
                    throw CurateError.writeFailed(path: local, reason: String(cString: strerror(errno)))
                }
                kept = local
            } else if existing == script {
                return Report(hook: hook, action: .alreadyInstalled, keptForeignHook: nil, mergeDriverPosts: posts)
            }
        }
        try FileSystem.writeAtomically(script, to: hook, displayPath: hook)
        guard chmod(hook, 0o755) == 0 else {
            throw CurateError.writeFailed(path: hook, reason: String(cString: strerror(errno)))
        }
        return Report(hook: hook, action: .installed, keptForeignHook: kept, mergeDriverPosts: posts)
    }

    /// `merge.curate.driver` in the repository's config, and `<post> merge=curate` in the
    /// working tree's .gitattributes for each configured post; the posts, in the repository.
    private func registerMergeDriver(_ repository: Repository) throws -> [String] {
        guard let root = repository.workingDirectory else {
            throw WorkflowError.bareRepositoryHasNoAttributes(gitDirectory: repository.gitDirectory)
        }
        let configuration = try selection.configuration()
        let posts = try selection.paths(configuration: configuration).map { try GitPost.path(of: $0, in: repository) }
        try repository.setConfigString("merge.curate.name", "curate: merge curated posts by entries")
        try repository.setConfigString("merge.curate.driver", "'\(executable)' merge-driver %O %A %B %P")
        let attributes = root + ".gitattributes"
        var text =
            FileSystem.fileExists(attributes)
            ? String(decoding: try FileSystem.readAll(path: attributes, displayPath: attributes), as: UTF8.self) : ""
        var added = false
        for post in posts {
            let line = GitAttributes.mergeLine(forPath: post, driver: "curate")
            guard !text.split(separator: "\n").contains(where: { $0.trimmingCharacters(in: .whitespaces) == line }) else {
                continue
            }
            if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
            text += line + "\n"
            added = true
        }
        if added { try FileSystem.writeAtomically(Array(text.utf8), to: attributes, displayPath: attributes) }
        return posts
    }

    /// `core.hooksPath` when set (relative values from the working tree's root, as git
    /// resolves them), else the hooks folder of the common git folder.
    private func hooksFolder(_ repository: Repository) throws -> String {
        if let configured = try repository.configString("core.hooksPath"), !configured.isEmpty {
            var path = configured
            // ~ is $HOME, as git expands it (not the user database's home).
            let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
            if path == "~" || path.hasPrefix("~/") { path = home + path.dropFirst(1) }
            if !path.hasPrefix("/") {
                let base = repository.workingDirectory ?? repository.gitDirectory
                path = (base.hasSuffix("/") ? base : base + "/") + path
            }
            return Path.standardized(path)
        }
        let common = repository.commonDirectory
        return (common.hasSuffix("/") ? common : common + "/") + "hooks"
    }
}
