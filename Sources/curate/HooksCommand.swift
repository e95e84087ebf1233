import ArgumentParser
import CurateGit
import CurateKit
import Foundation

struct HooksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hooks",
        abstract: "Install curate's git hooks.",
        subcommands: [InstallHook.self])
}

struct InstallHook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install the pre-commit hook into the hooks folder git uses (core.hooksPath honoured).",
        discussion: """
            A pre-commit hook that is not curate's is never replaced silently: curate refuses, \
            or with --force keeps it as pre-commit.local and runs it after its own check.
            """)

    @Flag(help: "Keep an existing, foreign pre-commit hook as pre-commit.local and chain to it.")
    var force = false

    @Flag(help: "Also register `curate merge-driver` for the configured posts (git config and .gitattributes).")
    var mergeDriver = false

    @OptionGroup var options: PostOptions

    func run() throws {
        try runReportingErrors {
            let repository = try GitSupport.discover(from: FileSystem.currentDirectory)
            if mergeDriver { try registerMergeDriver(repository) }
            let folder = try hooksFolder(repository)
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let hook = folder + "/pre-commit"
            let script = PreCommitHook.template.replacingOccurrences(of: PreCommitHook.placeholder, with: Self.executablePath)
            if FileSystem.fileExists(hook) || FileManager.default.fileExists(atPath: hook) {
                let existing = (try? FileSystem.readAll(path: hook, displayPath: hook)) ?? []
                let isCurates = String(decoding: existing, as: UTF8.self).contains(PreCommitHook.marker)
                if !isCurates {
                    guard force else {
                        throw CurateError.other(
                            what: "a pre-commit hook that is not curate's is already installed", location: hook,
                            hint: "curate hooks install --force keeps it as pre-commit.local and runs it after curate's check")
                    }
                    let local = folder + "/pre-commit.local"
                    guard !FileManager.default.fileExists(atPath: local) else {
                        throw CurateError.other(
                            what: "both a foreign pre-commit hook and pre-commit.local exist", location: hook,
                            hint: "merge them into pre-commit.local by hand, remove pre-commit, and install again")
                    }
                    guard rename(hook, local) == 0 else {
                        throw CurateError.writeFailed(path: local, reason: String(cString: strerror(errno)))
                    }
                    Terminal.out("kept the existing hook as \(local)")
                } else if existing == Array(script.utf8) {
                    Terminal.out("curate's pre-commit hook is already installed: \(hook)")
                    Terminal.flush()
                    return
                }
            }
            try FileSystem.writeAtomically(Array(script.utf8), to: hook, displayPath: hook)
            guard chmod(hook, 0o755) == 0 else {
                throw CurateError.writeFailed(path: hook, reason: String(cString: strerror(errno)))
            }
            Terminal.out("installed curate's pre-commit hook: \(hook)")
            Terminal.flush()
        }
    }

    /// `merge.curate.driver` in the repository's config, and `<post> merge=curate` in the
    /// working tree's .gitattributes for each configured post.
    private func registerMergeDriver(_ repository: Repository) throws {
        guard let root = repository.workingDirectory else {
            throw CurateError.other(
                what: "a bare repository has no .gitattributes to register the merge driver in",
                location: repository.gitDirectory, hint: "run it in a clone with a working tree")
        }
        let configuration = try options.loadConfiguration()
        let posts = try options.postPaths([], configuration: configuration).map {
            try GitSupport.pathInRepository($0, repository: repository)
        }
        try repository.setConfigString("merge.curate.name", "curate: merge curated posts by entries")
        try repository.setConfigString("merge.curate.driver", "'\(Self.executablePath)' merge-driver %O %A %B %P")
        let attributes = root + ".gitattributes"
        var text =
            FileSystem.fileExists(attributes)
            ? String(decoding: try FileSystem.readAll(path: attributes, displayPath: attributes), as: UTF8.self) : ""
        var added: [String] = []
        for post in posts {
            let line = GitAttributes.mergeLine(forPath: post, driver: "curate")
            guard !text.split(separator: "\n").contains(where: { $0.trimmingCharacters(in: .whitespaces) == line }) else {
                continue
            }
            if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
            text += line + "\n"
            added.append(post)
        }
        if !added.isEmpty { try FileSystem.writeAtomically(Array(text.utf8), to: attributes, displayPath: attributes) }
        Terminal.out(
            "registered curate's merge driver for \(posts.joined(separator: ", ")) (merge.curate.driver, .gitattributes)")
    }

    /// `core.hooksPath` when set (relative values from the working tree's root, as git
    /// resolves them), else the hooks folder of the common git folder.
    private func hooksFolder(_ repository: Repository) throws -> String {
        if let configured = try repository.configString("core.hooksPath"), !configured.isEmpty {
            var path = configured
            if path.hasPrefix("~/") { path = NSHomeDirectory() + path.dropFirst(1) }
            if !path.hasPrefix("/") {
                let base = repository.workingDirectory ?? repository.gitDirectory
                path = (base.hasSuffix("/") ? base : base + "/") + path
            }
            return Path.standardized(path)
        }
        let common = repository.commonDirectory
        return (common.hasSuffix("/") ? common : common + "/") + "hooks"
    }

    /// The absolute path of this curate binary.
    static var executablePath: String {
        let link = "/proc/self/exe"
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: link) { return resolved }
        return CommandLine.arguments[0]
    }
}
