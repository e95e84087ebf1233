import Foundation
import Testing

@testable import CurateGit

@Suite struct RepositoryTests {
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

    /// curate reads blobs from the object database itself and checks each against its
    /// id with OpenSSL's SHA-1 (CGit2Shim), the empty blob's included.
    @Test func blobsReadAreCheckedAgainstTheirIDs() throws {
        let root = try temporaryDirectory()
        try git(["init", "-q"], in: root)
        let repository = try Repository.discover(from: root.path)
        for bytes in [[], Array("a list\n".utf8), Array(repeating: UInt8(ascii: "x"), count: 1 << 20)] {
            let id = try repository.createBlob(bytes)
            #expect(try repository.blob(id) == bytes)
        }
        #expect(try repository.createBlob([]).description == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391")
        // A loose object rewritten with other bytes (valid zlib): an error naming it.
        let id = try repository.createBlob(Array("one\n".utf8))
        let object = root.appendingPathComponent(".git/objects/\(id.description.prefix(2))/\(id.description.dropFirst(2))")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: object.path)
        let other = try Repository.discover(from: root.path)
        let otherID = try other.createBlob(Array("two\n".utf8))
        let otherObject = root.appendingPathComponent(
            ".git/objects/\(otherID.description.prefix(2))/\(otherID.description.dropFirst(2))")
        try FileManager.default.removeItem(at: object)
        try FileManager.default.copyItem(at: otherObject, to: object)
        let fresh = try Repository.discover(from: root.path)
        #expect {
            try fresh.blob(id)
        } throws: { error in
            "\(error)".contains(id.short) && "\(error)".contains("corrupt")
        }
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
