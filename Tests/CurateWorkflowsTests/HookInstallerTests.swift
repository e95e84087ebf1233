import CurateKit
import CurateTestSupport
import CurateWorkflows
import Foundation
import Testing

/// `HookInstaller` in real repositories.
@Suite struct HookInstallerTests {
    func installer(_ repository: GitRepository, force: Bool = false, mergeDriver: Bool = false) -> HookInstaller {
        HookInstaller(
            executable: "/opt/curate/bin/curate", force: force, mergeDriver: mergeDriver,
            selection: PostSelection(directory: repository.root.path))
    }

    @Test func installsOnceAndRecognizesItsOwnHook() throws {
        let repository = try GitRepository.make(files: ["list.md": samplePost])
        let first = try installer(repository).install()
        #expect(first.action == .installed)
        #expect(first.hook == repository.root.appendingPathComponent(".git/hooks/pre-commit").path)
        let script = try String(contentsOfFile: first.hook, encoding: .utf8)
        #expect(script.contains("curate_installed='/opt/curate/bin/curate'"))
        #expect(FileManager.default.isExecutableFile(atPath: first.hook))
        let merge = repository.root.appendingPathComponent(".git/hooks/pre-merge-commit").path
        #expect(first.hooks.map(\.path) == [first.hook, merge])
        #expect(try String(contentsOfFile: merge, encoding: .utf8) == script)
        #expect(FileManager.default.isExecutableFile(atPath: merge))
        #expect(try installer(repository).install().hooks.map(\.action) == [.alreadyInstalled, .alreadyInstalled])
    }

    @Test func aForeignMergeHookRefusesTheWholeInstallation() throws {
        let repository = try GitRepository.make(files: ["list.md": samplePost])
        let hooks = repository.root.appendingPathComponent(".git/hooks")
        let merge = hooks.appendingPathComponent("pre-merge-commit").path
        try Data("#!/bin/sh\necho mine\n".utf8).write(to: URL(fileURLWithPath: merge))
        #expect(throws: WorkflowError.foreignHook(hook: merge)) { try installer(repository).install() }
        #expect(
            !FileManager.default.fileExists(atPath: hooks.appendingPathComponent("pre-commit").path), "nothing half-installed")
        let forced = try installer(repository, force: true).install()
        #expect(forced.hooks.map(\.kept) == [nil, merge + ".local"])
    }

    @Test func neverReplacesAForeignHookSilently() throws {
        let repository = try GitRepository.make(files: ["list.md": samplePost])
        let hook = repository.root.appendingPathComponent(".git/hooks/pre-commit").path
        try Data("#!/bin/sh\necho mine\n".utf8).write(to: URL(fileURLWithPath: hook))
        #expect(throws: WorkflowError.foreignHook(hook: hook)) { try installer(repository).install() }
        let forced = try installer(repository, force: true).install()
        #expect(forced.keptForeignHook == hook + ".local")
        #expect(try String(contentsOfFile: hook + ".local", encoding: .utf8) == "#!/bin/sh\necho mine\n")
    }

    @Test func aMergeHookLinkedToAForeignPreCommitKeepsFollowingIt() throws {
        // Found by a tester: pre-merge-commit → pre-commit; with --force, the link kept as
        // pre-merge-commit.local pointed at curate's new pre-commit, and the user's hook
        // never ran on merges again.
        let repository = try GitRepository.make(files: ["list.md": samplePost])
        let hooks = repository.root.appendingPathComponent(".git/hooks").path
        try Data("#!/bin/sh\necho mine\n".utf8).write(to: URL(fileURLWithPath: hooks + "/pre-commit"))
        try FileManager.default.createSymbolicLink(atPath: hooks + "/pre-merge-commit", withDestinationPath: "pre-commit")
        let report = try installer(repository, force: true).install()
        #expect(report.hooks.map(\.kept) == [hooks + "/pre-commit.local", hooks + "/pre-merge-commit.local"])
        #expect(
            try FileManager.default.destinationOfSymbolicLink(atPath: hooks + "/pre-merge-commit.local") == "pre-commit.local")
        #expect(try String(contentsOfFile: hooks + "/pre-merge-commit.local", encoding: .utf8) == "#!/bin/sh\necho mine\n")
        #expect(try String(contentsOfFile: hooks + "/pre-merge-commit", encoding: .utf8).contains(PreCommitHook.marker))
    }

    @Test func anEarlierInstallationsMergeLinkFollowsItsTargetsLocalHook() throws {
        // Found by a tester: an installation from before pre-merge-commit left it a link to
        // curate's pre-commit, whose foreign hook was kept as pre-commit.local; the hook
        // now runs `<its name>.local`, and merges no longer ran the user's hook.
        let repository = try GitRepository.make(files: ["list.md": samplePost])
        let hooks = repository.root.appendingPathComponent(".git/hooks").path
        try Data("#!/bin/sh\n# curate pre-commit hook (an earlier one)\n".utf8).write(
            to: URL(fileURLWithPath: hooks + "/pre-commit"))
        try Data("#!/bin/sh\necho mine\n".utf8).write(to: URL(fileURLWithPath: hooks + "/pre-commit.local"))
        try FileManager.default.createSymbolicLink(atPath: hooks + "/pre-merge-commit", withDestinationPath: "pre-commit")
        let report = try installer(repository).install()
        #expect(report.hooks.map(\.kept) == [nil, hooks + "/pre-merge-commit.local"])
        #expect(
            try FileManager.default.destinationOfSymbolicLink(atPath: hooks + "/pre-merge-commit.local") == "pre-commit.local")
        #expect(try String(contentsOfFile: hooks + "/pre-merge-commit", encoding: .utf8).contains(PreCommitHook.marker))
    }

    @Test func honoursARelativeHooksPath() throws {
        let repository = try GitRepository.make(files: ["list.md": samplePost])
        try repository.git("config", "core.hooksPath", "githooks")
        let report = try installer(repository).install()
        #expect(report.hook == repository.root.appendingPathComponent("githooks/pre-commit").path)
    }

    @Test func registersTheMergeDriverForTheConfiguredPosts() throws {
        let repository = try GitRepository.make(files: ["list.md": samplePost, "curate.yml": "posts:\n  - list.md\n"])
        let report = try installer(repository, mergeDriver: true).install()
        #expect(report.mergeDriverPosts == ["list.md"])
        #expect(try repository.git("config", "merge.curate.driver") == "'/opt/curate/bin/curate' merge-driver %O %A %B %P\n")
        #expect(try repository.git("check-attr", "merge", "list.md") == "list.md: merge: curate\n")
    }
}
