import Foundation
import Testing

@testable import CurateGit

/// The libgit2 layer's part of issue 11: an edit saved while a commit is made, git's line
/// merge, history walks that stop at a shallow boundary, and links in the tree.
@Suite struct NoLostEditGitTests {
    func repository(_ files: [String: String] = ["list.md": "a\n"]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("curate-git-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        _ = try git(["init", "-q", "-b", "main"], in: root)
        for (path, text) in files { try Data(text.utf8).write(to: root.appendingPathComponent(path)) }
        _ = try git(["add", "."], in: root)
        _ = try git(["commit", "-q", "-m", "initial"], in: root)
        return root
    }

    let author = Signature(name: "Curate", email: "c@example.com")

    @Test func anEditSavedWhileCuratePreparesTheCommitIsKeptAndNothingIsCommitted() throws {
        let root = try repository()
        let repository = try Repository.discover(from: root.path)
        let head = try git(["rev-parse", "HEAD"], in: root)
        let file = root.appendingPathComponent("list.md")
        #expect(throws: FileCommitError.changedDuringCommit(path: "list.md")) {
            try repository.commitFile(at: "list.md", target: .checkedOutBranch, author: author) { current, _ in
                try Data("a\nsaved by an editor\n".utf8).write(to: file)  // the editor saves meanwhile
                return FileChange(bytes: current + Array("b\n".utf8), message: "add b")
            }
        }
        #expect(try String(contentsOf: file, encoding: .utf8) == "a\nsaved by an editor\n")
        #expect(try git(["rev-parse", "HEAD"], in: root) == head)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent(".git/index.lock").path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.contains(".curate-") }
        #expect(leftovers.isEmpty)
    }

    @Test func aStagedEditWhileCuratePreparesTheCommitIsKept() throws {
        let root = try repository()
        let repository = try Repository.discover(from: root.path)
        let head = try git(["rev-parse", "HEAD"], in: root)
        #expect(throws: FileCommitError.changedDuringCommit(path: "list.md")) {
            try repository.commitFile(at: "list.md", target: .checkedOutBranch, author: author) { current, _ in
                try Data("staged\n".utf8).write(to: root.appendingPathComponent("list.md"))
                _ = try git(["add", "list.md"], in: root)
                try Data("a\n".utf8).write(to: root.appendingPathComponent("list.md"))
                return FileChange(bytes: current + Array("b\n".utf8), message: "add b")
            }
        }
        #expect(try git(["rev-parse", "HEAD"], in: root) == head)
        #expect(try git(["show", ":list.md"], in: root) == "staged\n")
    }

    @Test func theIndexFollowsTheCommitWithItsStatData() throws {
        let root = try repository()
        let repository = try Repository.discover(from: root.path)
        let outcome = try repository.commitFile(at: "list.md", target: .checkedOutBranch, author: author) { current, _ in
            FileChange(bytes: current + Array("b\n".utf8), message: "add b")
        }
        guard case .committed = outcome else {
            Issue.record("\(outcome)")
            return
        }
        #expect(try git(["status", "--porcelain"], in: root).isEmpty)
        #expect(try git(["diff-files", "--quiet"], in: root).isEmpty, "stat data is fresh: no refresh needed")
        #expect(try git(["show", ":list.md"], in: root) == "a\nb\n")
        _ = try git(["fsck", "--strict"], in: root)
    }

    /// The index is read on another thread while `change` works, before its lock: a file
    /// staged meanwhile makes that reading stale, and the commit must use the index as the
    /// lock finds it (the other file stays staged, and is not committed).
    @Test func aFileStagedWhileCuratePreparesTheCommitStaysStaged() throws {
        let root = try repository(["list.md": "a\n", "notes.txt": "n\n"])
        let repository = try Repository.discover(from: root.path)
        let outcome = try repository.commitFile(at: "list.md", target: .checkedOutBranch, author: author) { current, _ in
            Thread.sleep(forTimeInterval: 0.05)  // the index read ahead, before the edit below
            try Data("n2\n".utf8).write(to: root.appendingPathComponent("notes.txt"))
            _ = try git(["add", "notes.txt"], in: root)
            return FileChange(bytes: current + Array("b\n".utf8), message: "add b")
        }
        guard case .committed = outcome else {
            Issue.record("\(outcome)")
            return
        }
        #expect(try git(["show", ":notes.txt"], in: root) == "n2\n")
        #expect(try git(["show", "HEAD:notes.txt"], in: root) == "n\n")
        #expect(try git(["status", "--porcelain"], in: root) == "M  notes.txt\n")
        #expect(try git(["diff-files", "--quiet"], in: root).isEmpty)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(".git").path)
            .filter { $0.contains(".curate-") || $0 == "index.lock" }
        #expect(leftovers.isEmpty)
        _ = try git(["fsck", "--strict"], in: root)
    }

    @Test func aBranchCheckedOutInALinkedWorktreeIsNamed() throws {
        let root = try repository()
        let worktree = root.deletingLastPathComponent().appendingPathComponent("wt-\(UUID().uuidString)")
        _ = try git(["worktree", "add", "-q", "-b", "side", worktree.path], in: root)
        let repository = try Repository.discover(from: root.path)
        #expect(
            try repository.worktreeCheckingOut("side").map { URL(fileURLWithPath: $0).standardizedFileURL.path }
                == worktree.standardizedFileURL.path)
        #expect(try repository.worktreeCheckingOut("refs/heads/main") != nil)
        #expect(try repository.worktreeCheckingOut("other") == nil)
        let linked = try Repository.discover(from: worktree.path)
        #expect(try linked.worktreeCheckingOut("main") != nil, "seen from the linked worktree too")
    }

    @Test func linksInTheTreeAreFollowedToTheirFile() throws {
        let root = try repository(["real.md": "a\n"])
        try FileManager.default.createDirectory(at: root.appendingPathComponent("posts"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: root.appendingPathComponent("posts/list.md").path, withDestinationPath: "../real.md")
        try FileManager.default.createSymbolicLink(
            atPath: root.appendingPathComponent("out.md").path, withDestinationPath: "../../etc/passwd")
        _ = try git(["add", "."], in: root)
        _ = try git(["commit", "-q", "-m", "links"], in: root)
        let repository = try Repository.discover(from: root.path)
        let head = try repository.resolveRevision("HEAD")
        #expect(try repository.followingLinks("posts/list.md", in: head) == "real.md")
        #expect(throws: FileCommitError.self) { try repository.followingLinks("out.md", in: head) }
    }

    @Test func gitsLineMergeMergesCleanHunksAndMarksConflicts() throws {
        let base = Array("one\ntwo\nthree\nfour\nfive\n".utf8)
        let clean = try LineMerge.merge(
            base: base, ours: Array("ONE\ntwo\nthree\nfour\nfive\n".utf8), theirs: Array("one\ntwo\nthree\nfour\nFIVE\n".utf8))
        #expect(clean == LineMerge.Result(bytes: Array("ONE\ntwo\nthree\nfour\nFIVE\n".utf8), conflicts: 0))
        let conflicted = try LineMerge.merge(
            base: base, ours: Array("one\nours\nthree\nfour\nfive\n".utf8), theirs: Array("one\ntheirs\nthree\nfour\nfive\n".utf8)
        )
        #expect(conflicted.conflicts == 1)
        #expect(
            String(decoding: conflicted.bytes, as: UTF8.self)
                == "one\n<<<<<<< ours\nours\n=======\ntheirs\n>>>>>>> theirs\nthree\nfour\nfive\n")
        let noBase = try LineMerge.merge(base: [], ours: Array("a\n".utf8), theirs: Array("b\n".utf8))
        #expect(noBase.conflicts == 1)
        let binary = try LineMerge.merge(base: [0xFF, 0x0A], ours: [0xFE, 0x0A], theirs: [0xFF, 0x0A])
        #expect(binary == LineMerge.Result(bytes: [0xFE, 0x0A], conflicts: 0), "bytes, not text")
    }

    @Test func historyWalksStopAtAShallowBoundary() throws {
        let root = try repository()
        for n in 1...3 { _ = try git(["commit", "-q", "--allow-empty", "-m", "c\(n)\n\nMark: \(n)"], in: root) }
        let clone = root.deletingLastPathComponent().appendingPathComponent("shallow-\(UUID().uuidString)")
        _ = try git(["clone", "-q", "--depth", "2", "file://" + root.path, clone.path], in: root)
        let repository = try Repository.discover(from: clone.path)
        #expect(repository.isShallow)
        let tip = try repository.resolveRevision("HEAD")
        let found = try repository.searchHistory(from: tip) { _, message in message.contains("Mark: 2") ? 2 : nil }
        #expect(found.value == 2)
        let missing = try repository.searchHistory(from: tip) { _, message in message.contains("Mark: 1") ? 1 : nil }
        guard case .notFound(truncated: true) = missing else {
            Issue.record("expected a truncated search, got \(missing)")
            return
        }
        let full = try Repository.discover(from: root.path)
        let whole = try full.searchHistory(from: try full.resolveRevision("HEAD")) { _, _ -> Int? in nil }
        guard case .notFound(truncated: false) = whole else {
            Issue.record("a full history is not truncated: \(whole)")
            return
        }
    }

    @Test func aWriterMovingTheBranchAtTheLastMomentGetsTheFileAndIndexPutBack() throws {
        let root = try repository()
        let repository = try Repository.discover(from: root.path)
        var moves = 0
        repository.beforeBranchMoves = {
            moves += 1
            guard moves == 1 else { return }
            // Another writer that does not take the index lock (update-ref, a fetch).
            #expect(try String(contentsOf: root.appendingPathComponent("list.md"), encoding: .utf8) == "a\nb\n")
            let head = try git(["rev-parse", "HEAD"], in: root).trimmingCharacters(in: .whitespacesAndNewlines)
            let other = try git(["commit-tree", "HEAD^{tree}", "-p", head, "-m", "other"], in: root)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            _ = try git(["update-ref", "refs/heads/main", other, head], in: root)
        }
        var seen: [String] = []
        let outcome = try repository.commitFile(at: "list.md", target: .checkedOutBranch, author: author) { current, _ in
            seen.append(String(decoding: current, as: UTF8.self))
            return FileChange(bytes: current + Array("b\n".utf8), message: "add b")
        }
        guard case let .committed(_, _, attempts) = outcome else {
            Issue.record("\(outcome)")
            return
        }
        #expect(attempts == 2, "started again from the other writer's tip")
        #expect(try git(["log", "--format=%s"], in: root) == "add b\nother\ninitial\n")
        #expect(try git(["status", "--porcelain"], in: root).isEmpty)
        #expect(try git(["show", ":list.md"], in: root) == "a\nb\n")
        _ = try git(["fsck", "--strict"], in: root)
    }

    @Test func anEditSavedWhileTheNewVersionIsStagedIsKept() throws {
        let root = try repository()
        let repository = try Repository.discover(from: root.path)
        let path = root.appendingPathComponent("list.md").path
        let head = try git(["rev-parse", "HEAD"], in: root)
        repository.afterPlacing = {
            // Saved in place after curate wrote the file, before it was staged (found by a
            // tester: the file was put back over the edit).
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("my edit\n".utf8))
            try handle.close()
        }
        #expect(throws: FileCommitError.editedWhileCommitting(path: "list.md")) {
            try repository.commitFile(at: "list.md", target: .checkedOutBranch, author: author) { current, _ in
                FileChange(bytes: current + Array("b\n".utf8), message: "add b")
            }
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "a\nb\nmy edit\n")
        #expect(try git(["rev-parse", "HEAD"], in: root) == head, "nothing committed")
        #expect(try git(["diff", "--cached", "--name-only"], in: root).isEmpty, "nothing staged")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent(".git/index.lock").path))
        _ = try git(["fsck", "--strict"], in: root)
    }

    @Test func aKilledCommitsCopyOfTheIndexIsRemovedByTheNext() throws {
        let root = try repository()
        let repository = try Repository.discover(from: root.path)
        // What a curate killed (SIGKILL) between reading the index and committing leaves
        // beside the lock (found by a tester).
        let stale = root.appendingPathComponent(".git/index.lock.curate-4194303")
        try Data("stale".utf8).write(to: stale)
        _ = try repository.commitFile(at: "list.md", target: .checkedOutBranch, author: author) { current, _ in
            FileChange(bytes: current + Array("b\n".utf8), message: "add b")
        }
        #expect(!FileManager.default.fileExists(atPath: stale.path))
        let left = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(".git").path)
        #expect(!left.contains { $0.hasPrefix("index.lock") }, "\(left)")
        _ = try git(["fsck", "--strict"], in: root)
    }

    @Test func aBranchBeingRebasedInAWorktreeIsNotMoved() throws {
        // Found by a tester: --branch committed on it, and the rebase could not finish.
        let root = try repository(["list.md": "a\n", "a.txt": "base\n"])
        _ = try git(["checkout", "-q", "-b", "feat"], in: root)
        try Data("feat\n".utf8).write(to: root.appendingPathComponent("a.txt"))
        _ = try git(["commit", "-q", "-am", "feat"], in: root)
        _ = try git(["checkout", "-q", "main"], in: root)
        try Data("main\n".utf8).write(to: root.appendingPathComponent("a.txt"))
        _ = try git(["commit", "-q", "-am", "main"], in: root)
        let worktree = root.deletingLastPathComponent().appendingPathComponent("wt-\(UUID().uuidString)")
        _ = try git(["worktree", "add", "-q", worktree.path, "feat"], in: root)
        let rebase = Process()
        rebase.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        rebase.arguments = ["git", "-c", "user.name=O", "-c", "user.email=o@example.com", "rebase", "main"]
        rebase.currentDirectoryURL = worktree
        rebase.standardOutput = FileHandle.nullDevice
        rebase.standardError = FileHandle.nullDevice
        try rebase.run()
        rebase.waitUntilExit()
        #expect(rebase.terminationStatus != 0, "the rebase stops on its conflict")
        let feat = try git(["rev-parse", "feat"], in: root)
        let repository = try Repository.discover(from: root.path)
        do {
            _ = try repository.commitFile(at: "list.md", target: .branch("feat"), author: author) { current, _ in
                FileChange(bytes: current + Array("b\n".utf8), message: "add b")
            }
            Issue.record("committed on a branch being rebased")
        } catch let FileCommitError.branchInUse(branch, place, operation) {
            #expect(branch == "refs/heads/feat" && operation == "rebased")
            #expect(place.contains(worktree.lastPathComponent))
        }
        #expect(try git(["rev-parse", "feat"], in: root) == feat)
    }

    /// git, its exit status (no expectation on it).
    func gitStatus(_ arguments: [String], in directory: URL) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "user.name=Other", "-c", "user.email=other@example.com"] + arguments
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test(arguments: [["commit", "-q", "--allow-empty", "-m", "user"], ["reset", "-q"], ["stash", "-q"]])
    func noGitCommandWritesTheIndexWhileTheBranchMoves(_ command: [String]) throws {
        // Found by testers: a `git commit`, `reset` or `stash` between curate's index and
        // its branch move took or dropped the staged post, and the index curate put back
        // (or kept) staged the reversal of a commit. The index lock is now held until the
        // index matches the moved branch, as `git commit` holds it.
        let root = try repository(["list.md": "a\n"])
        let repository = try Repository.discover(from: root.path)
        var status: Int32 = 0
        repository.beforeBranchMoves = { status = try self.gitStatus(command, in: root) }
        let outcome = try repository.commitFile(at: "list.md", target: .checkedOutBranch, author: author) { current, _ in
            FileChange(bytes: current + Array("b\n".utf8), message: "add b")
        }
        guard case .committed = outcome else {
            Issue.record("\(outcome)")
            return
        }
        #expect(status != 0, "git waits for the index lock")
        #expect(try git(["show", "HEAD:list.md"], in: root) == "a\nb\n")
        #expect(try git(["status", "--porcelain"], in: root).isEmpty, "nothing staged or changed")
        _ = try git(["fsck", "--strict"], in: root)
    }

    @Test func anEditSavedBeforeAFailedBranchMoveIsKept() throws {
        let root = try repository()
        let repository = try Repository.discover(from: root.path)
        let path = root.appendingPathComponent("list.md").path
        repository.beforeBranchMoves = {
            try Data("a\nb\nmy edit\n".utf8).write(to: URL(fileURLWithPath: path))
            // Another writer moves the branch: curate puts the index back, not the file.
            let head = try git(["rev-parse", "HEAD"], in: root).trimmingCharacters(in: .whitespacesAndNewlines)
            let other = try git(["commit-tree", "HEAD^{tree}", "-p", head, "-m", "other"], in: root)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            _ = try git(["update-ref", "refs/heads/main", other, head], in: root)
        }
        #expect(throws: FileCommitError.editedWhileCommitting(path: "list.md")) {
            try repository.commitFile(at: "list.md", target: .checkedOutBranch, author: author) { current, _ in
                FileChange(bytes: current + Array("b\n".utf8), message: "add b")
            }
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "a\nb\nmy edit\n")
        #expect(try git(["log", "--format=%s"], in: root) == "other\ninitial\n")
        #expect(try git(["diff", "--cached", "--name-only"], in: root).isEmpty, "the index is put back")
        _ = try git(["fsck", "--strict"], in: root)
    }

    @Test func theFileIsReplacedOnlyIfItIsStillTheOneChecked() throws {
        let root = try repository()
        let path = root.appendingPathComponent("list.md").path
        func read() throws -> String { try String(contentsOfFile: path, encoding: .utf8) }
        // Saved in place meanwhile (an append).
        var pending = try PendingFile(bytes: Array("new\n".utf8), replacing: path)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("appended\n".utf8))
        try handle.close()
        #expect(try !pending.place(ifStill: Array("a\n".utf8)))
        #expect(try read() == "a\nappended\n")
        // Saved by an editor's own rename meanwhile.
        pending = try PendingFile(bytes: Array("new\n".utf8), replacing: path)
        try Data("saved\n".utf8).write(to: root.appendingPathComponent("editor.tmp"))
        #expect(rename(root.appendingPathComponent("editor.tmp").path, path) == 0)
        #expect(try !pending.place(ifStill: Array("a\nappended\n".utf8)))
        #expect(try read() == "saved\n")
        // Unchanged: replaced.
        pending = try PendingFile(bytes: Array("new\n".utf8), replacing: path)
        #expect(try pending.place(ifStill: Array("saved\n".utf8)))
        #expect(try read() == "new\n")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.contains(".curate-") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    /// Bytes equal to the committed post's, which git reads as another text (`*.md text`
    /// on a post committed with CRLF): git calls the file modified, so curate refuses as
    /// it did before the work, and writes no object.
    @Test func aFileGitReadsAsModifiedThoughItsBytesAreTheTipsIsRefused() throws {
        let root = try repository(["list.md": "a\r\nb\r\n"])
        try Data("*.md text\n".utf8).write(to: root.appendingPathComponent(".gitattributes"))
        _ = try git(["add", ".gitattributes"], in: root)
        _ = try git(["commit", "-q", "-m", "attributes"], in: root)
        let objects = try git(["count-objects"], in: root)
        let repository = try Repository.discover(from: root.path)
        #expect(throws: FileCommitError.uncommittedChanges(path: "list.md", place: "working tree")) {
            try repository.commitFile(at: "list.md", target: .checkedOutBranch, author: author) { current, _ in
                FileChange(bytes: current + Array("c\r\n".utf8), message: "add c")
            }
        }
        #expect(try git(["count-objects"], in: root) == objects, "no blob or commit written")
        #expect(try git(["rev-list", "--count", "HEAD"], in: root) == "2\n")
        #expect(try String(contentsOf: root.appendingPathComponent("list.md"), encoding: .utf8) == "a\r\nb\r\n")
    }

    /// Another branch checked out while curate worked: nothing is committed on either.
    @Test func aBranchCheckedOutWhileCurateWorksIsLeftAlone() throws {
        let root = try repository()
        let repository = try Repository.discover(from: root.path)
        let head = try git(["rev-parse", "HEAD"], in: root)
        #expect(throws: FileCommitError.changedDuringCommit(path: "list.md")) {
            try repository.commitFile(at: "list.md", target: .checkedOutBranch, author: author) { current, _ in
                _ = try git(["checkout", "-q", "-b", "other"], in: root)
                return FileChange(bytes: current + Array("b\n".utf8), message: "add b")
            }
        }
        #expect(try git(["rev-parse", "main", "other"], in: root) == head + head)
        #expect(try git(["status", "--porcelain"], in: root).isEmpty)
    }

    /// An index libgit2 cannot read is an error naming the index, and leaves no copy of it.
    @Test func anUnreadableIndexIsAnErrorThatLeavesNothingBehind() throws {
        let root = try repository()
        try Data("garbage".utf8).write(to: root.appendingPathComponent(".git/index"))
        let repository = try Repository.discover(from: root.path)
        let error = #expect(throws: GitError.self) {
            try repository.commitFile(at: "list.md", target: .checkedOutBranch, author: author) { current, _ in
                FileChange(bytes: current + Array("b\n".utf8), message: "add b")
            }
        }
        #expect(error?.description.contains(".git/index") == true, "\(String(describing: error))")
        #expect(error?.description.contains(".curate-") == false, "\(String(describing: error))")
        let left = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(".git").path)
        #expect(!left.contains { $0.hasPrefix("index.lock") }, "\(left)")
    }

    /// A post made executable since the commit is a change git shows: refused, as git
    /// would stage the new mode under the commit; with `core.fileMode` off, git does not
    /// track the bit, and the commit is made.
    @Test func aPostWhoseModeChangedIsAnUncommittedChange() throws {
        let root = try repository()
        let path = root.appendingPathComponent("list.md").path
        #expect(chmod(path, 0o755) == 0)
        // Each run opens the repository afresh, as each curate process does (libgit2
        // keeps the core settings it read for as long as the repository is open).
        func add() throws -> FileCommitOutcome {
            try Repository.discover(from: root.path).commitFile(at: "list.md", target: .checkedOutBranch, author: author) {
                current, _ in FileChange(bytes: current + Array("b\n".utf8), message: "add b")
            }
        }
        #expect(throws: FileCommitError.uncommittedChanges(path: "list.md", place: "working tree")) { try add() }
        _ = try git(["config", "core.fileMode", "false"], in: root)
        _ = try add()
        #expect(try git(["ls-files", "-s", "list.md"], in: root).hasPrefix("100644 "))
        #expect(try git(["ls-tree", "HEAD", "list.md"], in: root).hasPrefix("100644 "))
        #expect(try git(["status", "--porcelain"], in: root).isEmpty)
    }

    /// A post committed executable, in a repository where git does not track the bit (a
    /// tester's find): the index keeps the mode committed, and nothing is left staged.
    @Test func anExecutablePostStaysExecutableWhereGitDistrustsTheBit() throws {
        let root = try repository()
        let path = root.appendingPathComponent("list.md").path
        #expect(chmod(path, 0o755) == 0)
        _ = try git(["add", "list.md"], in: root)
        _ = try git(["commit", "-q", "-m", "executable"], in: root)
        _ = try git(["config", "core.fileMode", "false"], in: root)
        #expect(chmod(path, 0o644) == 0)
        _ = try Repository.discover(from: root.path).commitFile(at: "list.md", target: .checkedOutBranch, author: author) {
            current, _ in FileChange(bytes: current + Array("b\n".utf8), message: "add b")
        }
        #expect(try git(["ls-tree", "HEAD", "list.md"], in: root).hasPrefix("100755 "))
        #expect(try git(["ls-files", "-s", "list.md"], in: root).hasPrefix("100755 "))
        #expect(try git(["status", "--porcelain"], in: root).isEmpty)
    }
}
