import Foundation
import Testing

/// A real git repository in a temporary folder, driven by the real `git` CLI.
struct GitRepository {
    let root: URL

    /// A repository on `main` with user.name/user.email set and `files` committed.
    static func make(files: [String: String], bare: Bool = false) throws -> GitRepository {
        let root = try CLI.temporaryDirectory()
        let repository = GitRepository(root: root)
        try repository.git("init", "-q", "-b", "main")
        try repository.git("config", "user.name", "Test User")
        try repository.git("config", "user.email", "test@example.com")
        for (path, text) in files { try repository.write(path, text) }
        try repository.git("add", ".")
        try repository.git("commit", "-q", "-m", "initial")
        return repository
    }

    @discardableResult
    func git(_ arguments: String..., environment: [String: String] = [:]) throws -> String {
        try gitResult(arguments, environment: environment).checked()
    }

    func gitResult(_ arguments: [String], environment: [String: String] = [:]) throws -> CLI.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = root
        var env = ProcessInfo.processInfo.environment
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        env.merge(environment) { _, new in new }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLI.Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func read(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    func head(_ ref: String = "HEAD") throws -> String {
        try git("rev-parse", ref).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `git fsck --strict` reports nothing wrong.
    func expectHealthy(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let fsck = try gitResult(["fsck", "--strict"])
        #expect(fsck.status == 0, "git fsck --strict: \(fsck.stdout) \(fsck.stderr)", sourceLocation: sourceLocation)
    }

    /// `git status --porcelain` is empty.
    func expectClean(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let status = try git("status", "--porcelain")
        #expect(status.isEmpty, "git status: \(status)", sourceLocation: sourceLocation)
    }
}

extension CLI.Result {
    @discardableResult
    func checked() throws -> String {
        guard status == 0 else { throw TestFailure("exit \(status): \(stderr)") }
        return stdout
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A small post in the canonical post's dialect.
let samplePost = """
    ---
    layout: post
    title: Sample list
    date: 2025-05-26 00:12:00
    ---

    Intro.

    ### Libraries

    1. [Transfomer Lens](https://transformerlensorg.github.io/TransformerLens/)
    2. [nnsight](https://nnsight.net/)

    ### Papers

    1. [Toy Models of Superposition](https://transformer-circuits.pub/2022/toy_model/index.html)

    """

extension GitRepository {
    /// A branch `side` and `main` that each append a different link to the post at `path`
    /// (`samplePost`), committed; `main` is checked out after.
    func divergeOnPost(at path: String) throws {
        try git("checkout", "-q", "-b", "side")
        try write(path, samplePost + "2. [Side](https://side.example/)\n")
        try git("commit", "-q", "-am", "side adds a link")
        try git("checkout", "-q", "main")
        try write(path, samplePost + "2. [Main](https://main.example/)\n")
        try git("commit", "-q", "-am", "main adds a link")
    }
}
