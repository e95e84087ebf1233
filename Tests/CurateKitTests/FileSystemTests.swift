import Foundation
import Testing

@testable import CurateKit

/// `FileSystem.writeAtomically`: never over an edit saved meanwhile, through symbolic
/// links, and no temporary file of a killed writer left behind.
@Suite struct FileSystemTests {
    func folder() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("curate-fs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    @Test func anEditSavedSinceTheReadIsNotOverwritten() throws {
        let path = try folder() + "/list.md"
        try Data("read\n".utf8).write(to: URL(fileURLWithPath: path))
        try Data("saved meanwhile\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: CurateError.self) {
            try FileSystem.writeAtomically(Array("new\n".utf8), to: path, displayPath: "list.md", replacing: Array("read\n".utf8))
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "saved meanwhile\n")
        try FileSystem.writeAtomically(
            Array("new\n".utf8), to: path, displayPath: "list.md", replacing: Array("saved meanwhile\n".utf8))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: Path.directory(of: path)) == ["list.md"])
    }

    @Test func aLinkIsWrittenThroughAndKept() throws {
        let root = try folder()
        try Data("old\n".utf8).write(to: URL(fileURLWithPath: root + "/real.md"))
        try FileManager.default.createSymbolicLink(atPath: root + "/link.md", withDestinationPath: "real.md")
        try FileSystem.writeAtomically(Array("new\n".utf8), to: root + "/link.md", displayPath: "link.md")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: root + "/link.md") == "real.md")
        #expect(try String(contentsOfFile: root + "/real.md", encoding: .utf8) == "new\n")
    }

    @Test func temporariesOfEndedWritersAreRemoved() throws {
        let root = try folder()
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        let stale = root + "/.list.md.curate-\(ended.processIdentifier)-abcdef"
        let running = root + "/.list.md.curate-1-abcdef"  // pid 1 runs
        for path in [stale, running] { try Data("x".utf8).write(to: URL(fileURLWithPath: path)) }
        try FileSystem.writeAtomically(Array("new\n".utf8), to: root + "/list.md", displayPath: "list.md")
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(FileManager.default.fileExists(atPath: running), "a running writer's file is left alone")
    }
}
