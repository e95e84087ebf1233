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

    /// A large file is read in two halves at once: every byte in its place, whatever the
    /// size's parity; a file without a size (a FIFO) and an empty one read whole too.
    @Test(arguments: [0, 1, 4 << 20, (4 << 20) + 1, (5 << 20) + 12_345])
    func readAllReadsEveryByteInPlace(size: Int) throws {
        let path = try folder() + "/large.md"
        var bytes = [UInt8](repeating: 0, count: size)
        var state: UInt32 = 7
        for index in bytes.indices {
            state = state &* 1_103_515_245 &+ 12_345
            bytes[index] = UInt8(truncatingIfNeeded: state >> 16)
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(try FileSystem.readAll(path: path, displayPath: "large.md") == bytes)
        if size > 0 {
            #expect(throws: CurateError.self) { try FileSystem.readAll(path: path, displayPath: "large.md", limit: size - 1) }
        }
    }

    @Test func readAllReadsAFileWithoutASize() throws {
        let path = try folder() + "/fifo"
        #expect(mkfifo(path, 0o600) == 0)
        let text = Array(String(repeating: "1. [a](https://a.example)\n", count: 5000).utf8)
        let writer = Thread {
            let fd = open(path, O_WRONLY)
            text.withUnsafeBytes { _ = write(fd, $0.baseAddress, $0.count) }
            close(fd)
        }
        writer.start()
        #expect(try FileSystem.readAll(path: path, displayPath: "fifo") == text)
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
