import Foundation

/// A scripted HTTP server on a loopback address (127.0.0.1, or 127.0.0.2, 127.0.0.3 ... as
/// distinct hosts), for tests of link checking: each path answers with a list of replies
/// in turn (the last one repeats), and every request is logged. It is a small Python
/// program (python3 is on every machine the tests run on), stopped when the value goes.
public final class LoopbackServer: @unchecked Sendable {
    /// One scripted answer.
    public struct Reply: Sendable {
        public var status: Int
        public var headers: [String: String]
        public var body: String
        /// Seconds to wait before answering.
        public var delay: Double
        /// `reset`: close the connection with a TCP reset; `stall`: never answer (for `seconds`).
        public var action: String?
        public var seconds: Double
        /// How the body is encoded on the wire (a Python codec name: `utf-8`, `latin-1`).
        public var encoding: String

        public init(
            _ status: Int = 200, headers: [String: String] = [:], body: String = "", delay: Double = 0,
            action: String? = nil, seconds: Double = 5, encoding: String = "utf-8"
        ) {
            self.encoding = encoding
            self.status = status
            self.headers = headers
            self.body = body
            self.delay = delay
            self.action = action
            self.seconds = seconds
        }

        public static func redirect(_ status: Int = 302, to location: String) -> Reply {
            Reply(status, headers: ["Location": location])
        }

        public static let reset = Reply(action: "reset")
        public static func stall(_ seconds: Double = 5) -> Reply { Reply(action: "stall", seconds: seconds) }

        var json: [String: Any] {
            var object: [String: Any] = [
                "status": status, "headers": headers, "body": body, "delay": delay, "seconds": seconds, "encoding": encoding,
            ]
            if let action { object["action"] = action }
            return object
        }
    }

    /// A request the server saw.
    public struct Request: Sendable, Equatable {
        public var time: Double
        public var method: String
        public var path: String
        public var userAgent: String
    }

    public let host: String
    public let port: Int
    private let process: Process
    private let input: Pipe
    private let log: URL

    /// Starts a server on `host`; `routes` maps a path (or `"HEAD /path"` for one method,
    /// `"HEAD *"` for every path of one method) to its replies; other paths get `fallback`.
    public init(host: String = "127.0.0.1", routes: [String: [Reply]], fallback: Reply = Reply(404)) throws {
        self.host = host
        log = FileManager.default.temporaryDirectory.appendingPathComponent("curate-loopback-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let config: [String: Any] = [
            "host": host, "routes": routes.mapValues { $0.map(\.json) }, "default": fallback.json, "log": log.path,
        ]
        let configuration = String(decoding: try JSONSerialization.data(withJSONObject: config), as: UTF8.self)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.script, configuration]
        input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var line = Data()
        while !line.contains(0x0A) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw TestFailure("the loopback server on \(host) did not start")
        }
        self.port = port
    }

    deinit {
        stop()
    }

    /// `http://host:port` + `path`.
    public func url(_ path: String = "/") -> String {
        "http://\(host):\(port)\(path)"
    }

    /// The requests seen so far, in order.
    public var requests: [Request] {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
            guard fields.count >= 3, let time = Double(fields[0]) else { return nil }
            return Request(
                time: time, method: String(fields[1]), path: String(fields[2]),
                userAgent: fields.count > 3 ? String(fields[3]) : "")
        }
    }

    public func stop() {
        if process.isRunning {
            try? input.fileHandleForWriting.close()
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: log)
    }

    static let script = #"""
        import json, socket, struct, sys, threading, time
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        config = json.loads(sys.argv[1])
        routes = config.get("routes", {})
        default = config.get("default", {"status": 404})
        log_path = config.get("log")
        counts = {}
        lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def answer(self):
                path = self.path
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                key = self.command + " " + path
                if key not in routes:
                    key = path if path in routes else None
                if key is None and self.command + " *" in routes:
                    key = self.command + " *"
                with lock:
                    if log_path:
                        with open(log_path, "a") as log:
                            log.write("%.3f %s %s %s\n" % (time.time(), self.command, path, self.headers.get("User-Agent", "")))
                    n = counts.get(key, 0)
                    counts[key] = n + 1
                spec = routes[key] if key is not None else default
                if isinstance(spec, list):
                    spec = spec[min(n, len(spec) - 1)]
                time.sleep(spec.get("delay", 0))
                action = spec.get("action")
                if action == "reset":
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    self.connection.close()
                    self.close_connection = True
                    return
                if action == "stall":
                    time.sleep(spec.get("seconds", 5))
                    self.close_connection = True
                    return
                body = spec.get("body", "").encode(spec.get("encoding", "utf-8"))
                self.send_response(spec.get("status", 200))
                for name, value in spec.get("headers", {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            do_GET = answer
            do_HEAD = answer
            do_POST = answer

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = 256

        server = Server((config.get("host", "127.0.0.1"), 0), Handler)
        print(server.server_address[1], flush=True)
        threading.Thread(target=lambda: (sys.stdin.read(), server.shutdown()), daemon=True).start()
        server.serve_forever()
        """#
}
