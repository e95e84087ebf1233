import CGit2
import Foundation
import Testing

@testable import CurateGit

/// A file whose blob is known is staged without being hashed again
/// (``IndexLock/add(_:at:statOf:to:)``): the entry must be the one libgit2's
/// `git_index_add_bypath` makes from the file, field for field.
@Suite struct IndexStagingTests {
    private struct Fields: Equatable {
        var ctime: [UInt32], mtime: [UInt32], dev, ino, mode, uid, gid, size: UInt32, id: ObjectID, flags: [UInt16]

        init(_ entry: UnsafePointer<git_index_entry>) {
            let e = entry.pointee
            ctime = [UInt32(bitPattern: e.ctime.seconds), e.ctime.nanoseconds]
            mtime = [UInt32(bitPattern: e.mtime.seconds), e.mtime.nanoseconds]
            (dev, ino, mode, uid, gid, size) = (e.dev, e.ino, e.mode, e.uid, e.gid, e.file_size)
            id = ObjectID(e.id)
            flags = [e.flags, e.flags_extended]
        }
    }

    /// The entry staged for `path` both ways, from the index on disk each time.
    private func entries(_ path: String, in root: URL) throws -> (bypath: Fields, known: Fields) {
        let repository = try Repository.discover(from: root.path)
        var index: OpaquePointer?
        #expect(git_repository_index(&index, repository.pointer) == 0)
        defer { git_index_free(index) }
        #expect(git_index_read(index, 1) == 0)
        #expect(git_index_add_bypath(index, path) == 0)
        let bypath = Fields(try #require(git_index_get_bypath(index, path, 0)))
        #expect(git_index_read(index, 1) == 0)  // the index on disk again
        let bytes = try [UInt8](Data(contentsOf: root.appendingPathComponent(path)))
        let blob = try repository.createBlob(bytes)
        #expect(try IndexLock.add(blob, at: path, statOf: root.appendingPathComponent(path).path, to: index!))
        let known = Fields(try #require(git_index_get_bypath(index, path, 0)))
        return (bypath, known)
    }

    /// Files committed as 644 and made executable, and committed as 755 and made 644 (a
    /// tester's find: where git distrusts the executable bits, the mode staged before
    /// stays, 755 included).
    @Test(arguments: [true, false], [false, true])
    func theEntryIsTheOneLibgit2MakesFromTheFile(trustsFileMode: Bool, committedExecutable: Bool) throws {
        let root = try temporaryDirectory()
        try FileManager.default.createDirectory(at: root.appendingPathComponent("_posts"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try git(["init", "-q"], in: root)
        let paths = ["_posts/list.md", "run.sh"]
        try Data("1. [A](https://a.example/)\n".utf8).write(to: root.appendingPathComponent("_posts/list.md"))
        try Data("#!/bin/sh\n".utf8).write(to: root.appendingPathComponent("run.sh"))
        for path in paths {
            #expect(chmod(root.appendingPathComponent(path).path, committedExecutable ? 0o755 : 0o644) == 0)
        }
        try git(["add", "."], in: root)
        try git(["commit", "-q", "-m", "c"], in: root)
        try git(["config", "core.fileMode", trustsFileMode ? "true" : "false"], in: root)
        // Changed since: new bytes, and the modes turned round (a mode git takes only when
        // it trusts the file system's).
        try Data("1. [A](https://a.example/)\n2. [B](https://b.example/)\n".utf8)
            .write(to: root.appendingPathComponent("_posts/list.md"))
        try Data("#!/bin/sh\necho\n".utf8).write(to: root.appendingPathComponent("run.sh"))
        for path in paths {
            #expect(chmod(root.appendingPathComponent(path).path, committedExecutable ? 0o644 : 0o755) == 0)
        }
        for path in paths {
            let (bypath, known) = try entries(path, in: root)
            #expect(bypath == known, "\(path)")
            let executable = trustsFileMode ? !committedExecutable : committedExecutable
            #expect(known.mode == (executable ? 0o100755 : 0o100644), "\(path)")
            #expect(known.size > 0 && known.ino != 0)
        }
    }

    @Test func aFileThatIsNotRegularIsLeftToLibgit2() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try git(["init", "-q"], in: root)
        try FileManager.default.createSymbolicLink(
            atPath: root.appendingPathComponent("link.md").path, withDestinationPath: "x.md")
        let repository = try Repository.discover(from: root.path)
        var index: OpaquePointer?
        #expect(git_repository_index(&index, repository.pointer) == 0)
        defer { git_index_free(index) }
        let blob = try repository.createBlob(Array("x.md".utf8))
        #expect(try !IndexLock.add(blob, at: "link.md", statOf: root.appendingPathComponent("link.md").path, to: index!))
        #expect(git_index_get_bypath(index, "link.md", 0) == nil)
    }
}
