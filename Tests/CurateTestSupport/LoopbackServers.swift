import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A server a test started on loopback; stopped when the value is released or `stop()`.
public final class LoopbackServer: @unchecked Sendable {
    public let port: Int
    let process: SpawnedProcess
    let cleanup: [URL]
    private let lock = NSLock()
    private var stopped = false

    init(port: Int, process: SpawnedProcess, cleanup: [URL] = []) {
        self.port = port
        self.process = process
        self.cleanup = cleanup
    }

    public func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        kill(process.pid, SIGKILL)
        _ = process.wait()
        for url in cleanup { try? FileManager.default.removeItem(at: url) }
    }

    deinit { stop() }

    /// A port nobody listens on now (the kernel's choice).
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket: \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else { throw TestFailure("bind: \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Waits (at most `seconds`) until something accepts connections on `port`.
    static func waitUntilListening(_ port: Int, process: SpawnedProcess, seconds: Double = 10) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            var status: Int32 = 0
            if waitpid(process.pid, &status, WNOHANG) == process.pid { throw TestFailure("the server exited (\(status))") }
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                }
            }
            close(fd)
            if connected { return }
            usleep(20_000)
        }
        throw TestFailure("nothing listens on 127.0.0.1:\(port) after \(seconds) s")
    }

    static func start(
        _ executable: String, _ arguments: [String], port: Int, environment: [String: String] = [:], cleanup: [URL] = []
    )
        throws -> LoopbackServer
    {
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { _, new in new }
        let process = try SpawnedProcess.spawn(executable, arguments, environment: env)
        let server = LoopbackServer(port: port, process: process, cleanup: cleanup)
        try waitUntilListening(port, process: process)
        return server
    }

    /// `git daemon` serving the repositories under `base` (`git://127.0.0.1:PORT/name`),
    /// pushes allowed.
    public static func gitDaemon(base: URL) throws -> LoopbackServer {
        let port = try freePort()
        return try start(
            "/usr/lib/git-core/git-daemon",
            [
                "--base-path=\(base.path)", "--export-all", "--enable=receive-pack", "--reuseaddr", "--listen=127.0.0.1",
                "--port=\(port)", base.path,
            ], port: port)
    }

    /// git's smart HTTP protocol (`git http-backend`) for the repositories under `root`
    /// (`http(s)://127.0.0.1:PORT/name`), with Basic authentication when `user` is given
    /// and TLS when `certificate` (PEM certificate and key files) is.
    public static func smartHTTP(root: URL, user: String? = nil, password: String? = nil, certificate: (URL, URL)? = nil)
        throws -> LoopbackServer
    {
        let port = try freePort()
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("curate-http-\(UUID().uuidString).py")
        try Data(smartHTTPScript.utf8).write(to: script)
        var arguments = [script.path, String(port), root.path]
        arguments += [user ?? "", password ?? ""]
        if let certificate { arguments += [certificate.0.path, certificate.1.path] }
        return try start("/usr/bin/env", ["python3"] + arguments, port: port, cleanup: [script])
    }

    /// `sshd` on loopback for the key in `clientKey` (its `.pub` beside it), or nil when
    /// sshd is not installed. The server's host key is written to `knownHosts`.
    public static func sshd(clientKey: URL, knownHosts: URL) throws -> LoopbackServer? {
        let sshd = "/usr/sbin/sshd"
        guard FileManager.default.isExecutableFile(atPath: sshd) else { return nil }
        let port = try freePort()
        let folder = try temporaryDirectory()
        let hostKey = folder.appendingPathComponent("host_ed25519")
        try runProcess(
            URL(fileURLWithPath: "/usr/bin/ssh-keygen"), ["-q", "-t", "ed25519", "-N", "", "-f", hostKey.path]
        ).checked()
        let authorized = folder.appendingPathComponent("authorized_keys")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: clientKey.path + ".pub"), to: authorized)
        let hostPublic = try String(contentsOfFile: hostKey.path + ".pub", encoding: .utf8).split(separator: " ")
        try Data("[127.0.0.1]:\(port) \(hostPublic[0]) \(hostPublic[1])\n".utf8).write(to: knownHosts)
        let config = folder.appendingPathComponent("sshd_config")
        try Data(
            """
            Port \(port)
            ListenAddress 127.0.0.1
            HostKey \(hostKey.path)
            AuthorizedKeysFile \(authorized.path)
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PubkeyAuthentication yes
            PermitRootLogin yes
            StrictModes no
            UsePAM no
            PidFile \(folder.appendingPathComponent("sshd.pid").path)

            """.utf8
        ).write(to: config)
        try? FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        return try start(sshd, ["-D", "-e", "-f", config.path], port: port, cleanup: [folder])
    }

    /// A certificate authority and a certificate for `localhost` signed by it: (CA
    /// certificate, server certificate, server key), PEM files.
    public static func makeCertificates(in folder: URL) throws -> (ca: URL, certificate: URL, key: URL) {
        let openssl = URL(fileURLWithPath: "/usr/bin/openssl")
        let ca = folder.appendingPathComponent("ca.pem")
        let caKey = folder.appendingPathComponent("ca.key")
        let key = folder.appendingPathComponent("server.key")
        let request = folder.appendingPathComponent("server.csr")
        let certificate = folder.appendingPathComponent("server.pem")
        let extensions = folder.appendingPathComponent("server.ext")
        try Data("subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n".utf8).write(to: extensions)
        for arguments in [
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", caKey.path, "-out", ca.path, "-days", "2", "-subj",
                "/CN=curate test CA",
            ],
            ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", key.path, "-out", request.path, "-subj", "/CN=localhost"],
            [
                "x509", "-req", "-in", request.path, "-CA", ca.path, "-CAkey", caKey.path, "-CAcreateserial", "-out",
                certificate.path, "-days", "2", "-extfile", extensions.path,
            ],
        ] {
            try runProcess(openssl, arguments).checked()
        }
        return (ca, certificate, key)
    }
}

/// A small smart-HTTP git server: Basic authentication, optional TLS, request bodies
/// read whole (chunked, as libgit2 sends pushes, or with a length) and handed to
/// `git http-backend` as CGI.
let smartHTTPScript = #"""
    import base64, os, ssl, subprocess, sys
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    port, root, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    certificate = sys.argv[5:7]

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def body(self):
            if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                data = b""
                while True:
                    size = int(self.rfile.readline().strip().split(b";")[0], 16)
                    if size == 0:
                        while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                            pass
                        return data
                    data += self.rfile.read(size)
                    self.rfile.readline()
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))

        def handle_git(self):
            data = self.body() if self.command == "POST" else b""
            remote_user = ""
            if user:
                expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
                if self.headers.get("Authorization") != expected:
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="curate test"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                remote_user = user
            path, _, query = self.path.partition("?")
            env = dict(os.environ, GIT_PROJECT_ROOT=root, GIT_HTTP_EXPORT_ALL="1", PATH_INFO=path,
                       REQUEST_METHOD=self.command, QUERY_STRING=query, CONTENT_LENGTH=str(len(data)),
                       CONTENT_TYPE=self.headers.get("Content-Type", ""), REMOTE_USER=remote_user,
                       REMOTE_ADDR="127.0.0.1", GIT_CONFIG_NOSYSTEM="1")
            if self.headers.get("Content-Encoding"):
                env["HTTP_CONTENT_ENCODING"] = self.headers["Content-Encoding"]
            if self.headers.get("Git-Protocol"):
                env["GIT_PROTOCOL"] = self.headers["Git-Protocol"]
            output = subprocess.run(["git", "http-backend"], input=data, env=env, capture_output=True).stdout
            head, _, content = output.partition(b"\r\n\r\n")
            if not _:
                head, _, content = output.partition(b"\n\n")
            status, headers = 200, []
            for line in head.decode("latin-1").splitlines():
                name, _, value = line.partition(":")
                if name.lower() == "status":
                    status = int(value.strip().split()[0])
                elif name:
                    headers.append((name, value.strip()))
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        do_GET = handle_git
        do_POST = handle_git

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    if certificate:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(certificate[0], certificate[1])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    server.serve_forever()
    """#
