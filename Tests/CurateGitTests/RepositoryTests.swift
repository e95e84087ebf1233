import Foundation
import Testing

@testable import CurateGit

@Suite struct RepositoryTests {
    func git(_ arguments: [String], in directory: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "git \(arguments)")
    }

    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("curate-git-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.resolvingSymlinksInPath()
    }

    @Test func discoversTheRepositoryFromASubfolder() throws {
        let root = try temporaryDirectory()
        try git(["init", "-q"], in: root)
        let sub = root.appendingPathComponent("a/b")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        let repository = try Repository.discover(from: sub.path)
        #expect(repository.workingDirectory == root.path + "/")
        #expect(!repository.isBare)
    }

    /// Debian's libgit2 (mbedTLS) reads every system certificate authority in
    /// git_libgit2_init; curate leaves that to the first TLS connection (CGit2Shim), which
    /// still reads them before any certificate is checked.
    @Test func certificateAuthoritiesAreReadAtTheFirstTLSConnection() throws {
        let root = try temporaryDirectory()
        try git(["init", "-q"], in: root)
        let repository = try Repository.discover(from: root.path)
        #expect(LibGit2.certificatesDeferred, "libgit2's calls must reach curate's mbedTLS functions")
        // Nothing listens on port 1: the connection is refused, after libgit2 has set up
        // its TLS session.
        let access = RemoteAccess(environment: [:], useCredentialHelpers: false, home: root.path)
        #expect(throws: (any Error).self) {
            try repository.fetch(from: RemoteAddress("https://127.0.0.1:1/list.git"), refspecs: [], access: access)
        }
        #expect(!LibGit2.certificatesPending)
    }

    @Test func opensBareRepositories() throws {
        let root = try temporaryDirectory()
        try git(["init", "-q", "--bare", "r.git"], in: root)
        let repository = try Repository.discover(from: root.appendingPathComponent("r.git").path)
        #expect(repository.isBare)
        #expect(repository.workingDirectory == nil)
    }

    @Test func outsideARepositoryTheErrorCarriesLibgit2sMessage() throws {
        let root = try temporaryDirectory()
        do {
            _ = try Repository.discover(from: root.path)
            Issue.record("expected an error")
        } catch let error as GitError {
            #expect(error.message.contains("could not find repository"), "\(error.message)")
            #expect(error.description.contains(root.path))
        }
    }
}
