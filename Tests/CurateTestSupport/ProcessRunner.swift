import Foundation

/// What a process printed and how it ended.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    public init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }

    /// Its standard output; a `TestFailure` when it did not exit 0.
    @discardableResult
    public func checked() throws -> String {
        guard status == 0 else { throw TestFailure("exit \(status): \(stderr)") }
        return stdout
    }
}

/// A test failure with a sentence: thrown, it fails the test that called.
public struct TestFailure: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Runs `executable` with `arguments`, feeding `stdin` and draining stdout and stderr on
/// their own threads (a large input or output must not fill a pipe while this thread
/// waits on another).
public func runProcess(
    _ executable: URL, _ arguments: [String], in directory: URL? = nil, stdin: String? = nil,
    environment: [String: String] = [:]
) throws -> ProcessResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    var env = ProcessInfo.processInfo.environment
    env.merge(environment) { _, new in new }
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    let input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    let writer = Thread {
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? input.fileHandleForWriting.close()
    }
    writer.start()
    nonisolated(unsafe) var errData = Data()
    let errorsRead = DispatchSemaphore(value: 0)
    Thread {
        errData = err.fileHandleForReading.readDataToEndOfFile()
        errorsRead.signal()
    }.start()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    errorsRead.wait()
    process.waitUntilExit()
    return ProcessResult(
        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self))
}

/// A new, empty temporary folder.
public func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("curate-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The package's root folder (where Package.swift is).
public let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
