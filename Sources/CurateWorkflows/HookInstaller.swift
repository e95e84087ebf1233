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

    /// The hooks installed, each the same script: `pre-commit` for commits, and
    /// `pre-merge-commit` for the merge commits `git merge` makes itself (git runs no
    /// pre-commit hook for those, so a clean line merge that lists a link twice would
    /// land unchecked).
    public static let hookNames = ["pre-commit", "pre-merge-commit"]

    /// What an installation did.
    public struct Report: Sendable, Equatable {
        public enum Action: Sendable, Equatable {
            case installed
            /// The same hook was already there.
            case alreadyInstalled
        }

        /// The pre-commit hook's path.
        public var hook: String
        public var action: Action
        /// Where a foreign hook was kept (with `force`).
        public var keptForeignHook: String?
        /// The posts the merge driver was registered for (in the repository), when asked.
        public var mergeDriverPosts: [String]?
        /// Every hook installed (``HookInstaller/hookNames``), with what was done, and
        /// where a foreign hook of that name was kept.
        public var hooks: [(path: String, action: Action, kept: String?)] = []

        public static func == (a: Report, b: Report) -> Bool {
            a.hook == b.hook && a.action == b.action && a.keptForeignHook == b.keptForeignHook
                && a.mergeDriverPosts == b.mergeDriverPosts
                && a.hooks.map(\.path) == b.hooks.map(\.path) && a.hooks.map(\.action) == b.hooks.map(\.action)
                && a.hooks.map(\.kept) == b.hooks.map(\.kept)
        }
    }

    public func install() throws -> Report {
        let repository = try discoverRepository(from: selection.directory)
        let folder = try hooksFolder(repository)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), !isFolder.boolValue {
            throw CurateError.writeFailed(path: folder, reason: "the hooks folder (core.hooksPath) is a file")
        }
        let script = Array(
            PreCommitHook.template.replacingOccurrences(of: PreCommitHook.placeholder, with: executable).utf8)
        // Every hook is looked at before any is written: a foreign one refuses the whole
        // installation, not half of it.
        var plans: [(path: String, foreign: Bool, same: Bool, linkedTo: String?)] = []
        for name in Self.hookNames {
            let hook = folder + "/" + name
            guard FileManager.default.fileExists(atPath: hook) else {
                plans.append((hook, false, false, nil))
                continue
            }
            // A hook that is a link to another of these (pre-merge-commit → pre-commit, a
            // common set-up): kept, it follows that hook to its `.local`.
            let linkedTo = (try? FileManager.default.destinationOfSymbolicLink(atPath: hook)).flatMap { target -> String? in
                let other = Path.lastComponent(of: target)
                let resolved = Path.standardized(target.hasPrefix("/") ? target : folder + "/" + target)
                return other != name && Self.hookNames.contains(other) && resolved == Path.standardized(folder + "/" + other)
                    ? other : nil
            }
            let existing = (try? FileSystem.readAll(path: hook, displayPath: hook)) ?? []
            let foreign = !String(decoding: existing, as: UTF8.self).contains(PreCommitHook.marker)
            if foreign {
                guard force else { throw WorkflowError.foreignHook(hook: hook) }
                guard !FileManager.default.fileExists(atPath: hook + ".local") else {
                    throw WorkflowError.foreignHookAndLocal(hook: hook)
                }
            }
            plans.append((hook, foreign, existing == script, linkedTo))
        }
        let posts = mergeDriver ? try registerMergeDriver(repository) : nil
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw CurateError.writeFailed(path: folder, reason: "cannot create the hooks folder (core.hooksPath)")
        }
        var done: [(path: String, action: Report.Action, kept: String?)] = []
        for plan in plans {
            // A link to curate's own hook from an earlier installation, whose target kept a
            // foreign hook as `.local`: this name runs that one too, as it did before (the
            // hook runs `<its name>.local`).
            var followed: String?
            if !plan.foreign, let other = plan.linkedTo, FileSystem.fileExists(folder + "/" + other + ".local"),
                !FileSystem.fileExists(plan.path + ".local"),
                (try? FileManager.default.destinationOfSymbolicLink(atPath: plan.path + ".local")) == nil
            {
                do {
                    try FileManager.default.createSymbolicLink(
                        atPath: plan.path + ".local", withDestinationPath: other + ".local")
                } catch {
                    throw CurateError.writeFailed(path: plan.path + ".local", reason: "cannot make the link to \(other).local")
                }
                followed = plan.path + ".local"
            }
            if plan.same {
                done.append((plan.path, .alreadyInstalled, followed))
                continue
            }
            var kept = followed
            if plan.foreign {
                let local = plan.path + ".local"
                if let other = plan.linkedTo {
                    // The link's target is kept as its own `.local`: so is the link.
                    do {
                        try FileManager.default.createSymbolicLink(atPath: local, withDestinationPath: other + ".local")
                    } catch {
                        throw CurateError.writeFailed(path: local, reason: "cannot make the link to \(other).local")
                    }
                    unlink(plan.path)
                } else {
                    guard rename(plan.path, local) == 0 else {
                        throw CurateError.writeFailed(path: local, reason: String(cString: strerror(errno)))
                    }
                }
                kept = local
            }
            try FileSystem.writeAtomically(script, to: plan.path, displayPath: plan.path)
            guard chmod(plan.path, 0o755) == 0 else {
                throw CurateError.writeFailed(path: plan.path, reason: String(cString: strerror(errno)))
            }
            done.append((plan.path, .installed, kept))
        }
        var report = Report(
            hook: done[0].path, action: done[0].action, keptForeignHook: done[0].kept, mergeDriverPosts: posts)
        report.hooks = done
        return report
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
