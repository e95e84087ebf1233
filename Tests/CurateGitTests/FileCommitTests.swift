import Foundation
import Testing

@testable import CurateGit

/// `Repository.commitFile`: compare-and-swap against other writers, nested paths.
@Suite struct FileCommitTests {
    func repository() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("curate-commit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("deep/er"), withIntermediateDirectories: true)
        _ = try git(["init", "-q", "-b", "main"], in: root)
        try Data("a\n".utf8).write(to: root.appendingPathComponent("deep/er/list.md"))
        try Data("other\n".utf8).write(to: root.appendingPathComponent("other.md"))
        _ = try git(["add", "."], in: root)
        _ = try git(["commit", "-q", "-m", "initial"], in: root)
        return root
    }

    @Test func startsAgainFromTheNewTipWhenAnotherWriterMovedTheBranch() throws {
        let root = try repository()
        let repository = try Repository.discover(from: root.path)
        var seen: [String] = []
        let outcome = try repository.commitFile(
            at: "deep/er/list.md", target: .checkedOutBranch, author: Signature(name: "Curate", email: "c@example.com")
        ) { current, tip in
            seen.append(String(decoding: current, as: UTF8.self))
            if seen.count == 1 {
                // Another writer commits to the branch between our read and our update.
                _ = try git(["commit", "-q", "--allow-empty", "-m", "concurrent"], in: root)
            }
            return FileChange(bytes: current + Array("b\n".utf8), message: "add b")
        }
        guard case let .committed(id, branch, attempts) = outcome else {
            Issue.record("expected a commit, got \(outcome)")
            return
        }
        #expect(branch == "refs/heads/main")
        #expect(attempts == 2)
        #expect(seen.count == 2)
        let log = try git(["log", "--format=%s", "main"], in: root)
        #expect(log == "add b\nconcurrent\ninitial\n", "the concurrent commit is kept, ours is on top")
        #expect(try git(["rev-parse", "main"], in: root).hasPrefix(id.description))
        #expect(try git(["show", "main:deep/er/list.md"], in: root) == "a\nb\n")
        #expect(try git(["show", "main:other.md"], in: root) == "other\n")
        _ = try git(["fsck", "--strict"], in: root)
    }

    @Test func failsClearlyWhenTheBranchKeepsMoving() throws {
        let root = try repository()
        let repository = try Repository.discover(from: root.path)
        #expect(throws: FileCommitError.branchKeptMoving(branch: "refs/heads/main", attempts: 3)) {
            try repository.commitFile(
                at: "deep/er/list.md", target: .checkedOutBranch, author: Signature(name: "C", email: "c@example.com"),
                attempts: 3
            ) { current, _ in
                _ = try git(["commit", "-q", "--allow-empty", "-m", "racing"], in: root)
                return FileChange(bytes: current + [0x78, 0x0A], message: "never lands")
            }
        }
        #expect(try !git(["log", "--format=%s", "main"], in: root).contains("never lands"))
    }

    @Test func parsesAuthors() {
        #expect(Signature(parsing: "Ada Lovelace <ada@example.com>") == Signature(name: "Ada Lovelace", email: "ada@example.com"))
        #expect(Signature(parsing: "ada@example.com") == nil)
        #expect(Signature(parsing: "<ada@example.com>") == nil)
        #expect(Signature(parsing: "Ada <a@b> trailing") == nil)
    }
}
