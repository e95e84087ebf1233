import Foundation

/// A real git repository in a temporary folder, driven by the real `git` CLI.
public struct GitRepository: Sendable {
    public let root: URL

    public init(root: URL) {
        self.root = root
    }

    /// A repository on `main` with user.name/user.email set and `files` committed.
    public static func make(files: [String: String]) throws -> GitRepository {
        let repository = GitRepository(root: try temporaryDirectory())
        try repository.git("init", "-q", "-b", "main")
        try repository.git("config", "user.name", "Test User")
        try repository.git("config", "user.email", "test@example.com")
        for (path, text) in files { try repository.write(path, text) }
        try repository.git("add", ".")
        try repository.git("commit", "-q", "-m", "initial")
        return repository
    }

    @discardableResult
    public func git(_ arguments: String..., environment: [String: String] = [:]) throws -> String {
        try gitResult(arguments, environment: environment).checked()
    }

    public func gitResult(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessResult {
        var env = environment
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        return try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["git"] + arguments, in: root, environment: env)
    }

    public func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    public func read(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    public func head(_ ref: String = "HEAD") throws -> String {
        try git("rev-parse", ref).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Throws unless `git fsck --strict` reports nothing wrong.
    public func expectHealthy() throws {
        let fsck = try gitResult(["fsck", "--strict"])
        guard fsck.status == 0 else { throw TestFailure("git fsck --strict: \(fsck.stdout) \(fsck.stderr)") }
    }

    /// Throws unless `git status --porcelain` is empty.
    public func expectClean() throws {
        let status = try git("status", "--porcelain")
        guard status.isEmpty else { throw TestFailure("git status: \(status)") }
    }

    /// A branch `side` and `main` that each append a different link to the post at `path`
    /// (`samplePost`), committed; `main` is checked out after.
    public func divergeOnPost(at path: String) throws {
        try git("checkout", "-q", "-b", "side")
        try write(path, samplePost + "2. [Side](https://side.example/)\n")
        try git("commit", "-q", "-am", "side adds a link")
        try git("checkout", "-q", "main")
        try write(path, samplePost + "2. [Main](https://main.example/)\n")
        try git("commit", "-q", "-am", "main adds a link")
    }
}

/// A small post in the canonical post's dialect.
public let samplePost = """
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
