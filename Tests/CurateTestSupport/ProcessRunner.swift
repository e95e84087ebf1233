import Foundation

#if canImport(Glibc)
    import Glibc
#endif

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

/// A child process started with `posix_spawn`: its signals reset (a test runner may hand
/// its children signals blocked), waited for with `waitpid` (not through a SIGCHLD
/// monitor, which can miss children that exit while others are running).
public struct SpawnedProcess: Sendable {
    public let pid: pid_t

    /// Starts `executable`; `stdin`, `stdout`, `stderr` are descriptors for the child
    /// (-1: /dev/null).
    public static func spawn(
        _ executable: String, _ arguments: [String], in directory: String? = nil, environment: [String: String],
        stdin: Int32 = -1, stdout: Int32 = -1, stderr: Int32 = -1, closeInChild: [Int32] = []
    ) throws -> SpawnedProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (descriptor, target) in [(stdin, Int32(0)), (stdout, 1), (stderr, 2)] {
            if descriptor >= 0 {
                posix_spawn_file_actions_adddup2(&actions, descriptor, target)
            } else {
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", target == 0 ? O_RDONLY : O_WRONLY, 0)
            }
        }
        for descriptor in closeInChild { posix_spawn_file_actions_addclose(&actions, descriptor) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGPIPE, SIGCHLD, SIGHUP] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        // Through bash, which closes every descriptor this process had open (posix_spawn
        // keeps those without close-on-exec, and a server holding a test's half-written
        // hook open makes git's exec of it fail with "Text file busy"), changes to
        // `directory` (glibc's addchdir_np is not visible to Swift), and execs.
        let script =
            #"for fd in /proc/$$/fd/*; do fd=${fd##*/}; if [ "$fd" -gt 2 ]; then eval "exec $fd>&-"; fi; done; if [ -n "$CURATE_SPAWN_DIR" ]; then cd "$CURATE_SPAWN_DIR" || exit 127; fi; exec "$@""#
        let command = ["/bin/bash", "-c", script, "curate-spawn", executable]
        var environment = environment
        environment["CURATE_SPAWN_DIR"] = directory ?? ""
        let argv = (command + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        let code = posix_spawn(&pid, command[0], &actions, &attributes, argv, envp)
        guard code == 0 else { throw TestFailure("cannot start \(executable): \(String(cString: strerror(code)))") }
        return SpawnedProcess(pid: pid)
    }

    /// Waits for the process; its exit status (128 + the signal when a signal ended it).
    public func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return -1 }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}

/// Runs `executable` with `arguments`, feeding `stdin` and draining stdout and stderr on
/// their own threads (a large input or output must not fill a pipe while this thread
/// waits on another).
public func runProcess(
    _ executable: URL, _ arguments: [String], in directory: URL? = nil, stdin: String? = nil,
    environment: [String: String] = [:]
) throws -> ProcessResult {
    var env = ProcessInfo.processInfo.environment
    env.merge(environment) { _, new in new }
    var input: [Int32] = [0, 0]
    var output: [Int32] = [0, 0]
    var errors: [Int32] = [0, 0]
    guard pipe(&input) == 0, pipe(&output) == 0, pipe(&errors) == 0 else { throw TestFailure("pipe: \(errno)") }
    for descriptor in [input[1], output[0], errors[0]] { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
    let child: SpawnedProcess
    do {
        child = try SpawnedProcess.spawn(
            executable.path, arguments, in: directory?.path, environment: env, stdin: input[0], stdout: output[1],
            stderr: errors[1], closeInChild: [input[1], output[0], errors[0]])
    } catch {
        for descriptor in input + output + errors { close(descriptor) }
        throw error
    }
    close(input[0])
    close(output[1])
    close(errors[1])
    let writeEnd = input[1]
    let stdinBytes = Array((stdin ?? "").utf8)
    let writer = Thread {
        var offset = 0
        while offset < stdinBytes.count {
            let written = stdinBytes[offset...].withUnsafeBytes { write(writeEnd, $0.baseAddress, $0.count) }
            if written <= 0 { if errno == EINTR { continue } else { break } }
            offset += written
        }
        close(writeEnd)
    }
    writer.start()
    nonisolated(unsafe) var errorBytes: [UInt8] = []
    let errorsRead = DispatchSemaphore(value: 0)
    let errorEnd = errors[0]
    Thread {
        errorBytes = readAll(errorEnd)
        errorsRead.signal()
    }.start()
    let outputBytes = readAll(output[0])
    errorsRead.wait()
    let status = child.wait()
    return ProcessResult(
        status: status, stdout: String(decoding: outputBytes, as: UTF8.self),
        stderr: String(decoding: errorBytes, as: UTF8.self))
}

/// Everything until end of file, then the descriptor closed.
private func readAll(_ descriptor: Int32) -> [UInt8] {
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count < 0 && errno == EINTR { continue }
        if count <= 0 { break }
        bytes.append(contentsOf: buffer[0..<count])
    }
    close(descriptor)
    return bytes
}

/// A new, empty temporary folder, removed when the test process exits (a run of the
/// suite made about 600 of them, and left them all in /tmp).
public func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("curate-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    TemporaryDirectories.shared.add(url)
    return url
}

/// The folders ``temporaryDirectory()`` made, removed at exit (servers the tests start on
/// them have stopped by then).
private final class TemporaryDirectories: @unchecked Sendable {
    static let shared = TemporaryDirectories()
    private let lock = NSLock()
    private var paths: [String] = []
    private var registered = false

    func add(_ url: URL) {
        lock.lock()
        defer { lock.unlock() }
        paths.append(url.path)
        if !registered {
            registered = true
            atexit { TemporaryDirectories.shared.removeAll() }
        }
    }

    func removeAll() {
        lock.lock()
        let all = paths
        paths = []
        lock.unlock()
        for path in all { try? FileManager.default.removeItem(atPath: path) }
    }
}

/// The package's root folder (where Package.swift is).
public let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
