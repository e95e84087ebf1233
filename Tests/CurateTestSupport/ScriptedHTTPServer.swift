import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A scripted HTTP/1.1 server on a loopback address (127.0.0.1, or 127.0.0.2, 127.0.0.3 ...
/// as distinct hosts), in the test process, for tests of link checking: each path answers
/// with a list of replies in turn (the last one repeats), and every request is recorded.
/// A thread accepts, a thread serves each connection (keep-alive); `stop()` (or the value
/// going away) closes the listening socket.
public final class ScriptedHTTPServer: @unchecked Sendable {
    /// One scripted answer.
    public struct Reply: Sendable {
        public var status: Int
        public var headers: [String: String]
        public var body: String
        /// Seconds to wait before answering.
        public var delay: Double
        /// `reset`: close the connection with a TCP reset; `stall`: never answer (for `seconds`);
        /// `drip`: the head, then one byte of the body and nothing more (for `seconds`).
        public var action: String?
        public var seconds: Double
        /// How the head and body are encoded on the wire: `utf-8` or `latin-1`.
        public var encoding: String

        public init(
            _ status: Int = 200, headers: [String: String] = [:], body: String = "", delay: Double = 0,
            action: String? = nil, seconds: Double = 5, encoding: String = "utf-8"
        ) {
            self.status = status
            self.headers = headers
            self.body = body
            self.delay = delay
            self.action = action
            self.seconds = seconds
            self.encoding = encoding
        }

        public static func redirect(_ status: Int = 302, to location: String) -> Reply {
            Reply(status, headers: ["Location": location])
        }

        public static let reset = Reply(action: "reset")
        public static func stall(_ seconds: Double = 5) -> Reply { Reply(action: "stall", seconds: seconds) }
        /// A head that promises a longer body than is sent: the connection closes after 5 bytes.
        public static func short(status: Int = 200) -> Reply {
            Reply(status, body: String(repeating: "x", count: 100), action: "short")
        }
        /// The whole head at once, then one byte of a longer body, then nothing for `seconds`.
        public static func drip(status: Int = 200, seconds: Double = 5) -> Reply {
            Reply(status, body: String(repeating: "x", count: 64), action: "drip", seconds: seconds)
        }

        var bodyBytes: [UInt8] {
            encoding == "latin-1" ? body.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) } : Array(body.utf8)
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
    private let routes: [String: [Reply]]
    private let fallback: Reply
    private let listener: Int32
    private let lock = NSLock()
    private var seen: [Request] = []
    private var counts: [String: Int] = [:]
    private var stopped = false

    /// Starts a server on `host`; `routes` maps a path (or `"HEAD /path"` for one method,
    /// `"HEAD /app/*"` for the paths under one of one method, `"HEAD *"` for every path of
    /// one method) to its replies; other paths get `fallback`.
    public init(host: String = "127.0.0.1", routes: [String: [Reply]], fallback: Reply = Reply(404)) throws {
        self.host = host
        self.routes = routes
        self.fallback = fallback
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw TestFailure("socket: \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        inet_pton(AF_INET, host, &address.sin_addr)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(socket, 128) == 0 else {
            close(socket)
            throw TestFailure("the loopback server could not listen on \(host): \(String(cString: strerror(errno)))")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        listener = socket
        let accepting = Thread { [self] in acceptLoop() }
        accepting.start()
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
        lock.lock()
        defer { lock.unlock() }
        return seen
    }

    public func stop() {
        lock.lock()
        let wasStopped = stopped
        stopped = true
        lock.unlock()
        guard !wasStopped else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                return
            }
            let serving = Thread { [self] in serve(connection) }
            serving.start()
        }
    }

    /// Answers requests on one connection until the client closes it or a reply ends it.
    private func serve(_ connection: Int32) {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        defer { close(connection) }
        while true {
            guard let end = headEnd(buffer) else {
                let count = read(connection, &chunk, chunk.count)
                if count <= 0 { return }
                buffer.append(contentsOf: chunk[0..<count])
                continue
            }
            let head = String(decoding: buffer[0..<end], as: UTF8.self)
            let lines = head.components(separatedBy: "\r\n")
            let requestLine = lines[0].split(separator: " ")
            guard requestLine.count >= 2 else { return }
            let method = String(requestLine[0])
            let path = String(requestLine[1])
            var headers: [String: String] = [:]
            for line in lines.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            let bodyLength = Int(headers["content-length"] ?? "") ?? 0
            while buffer.count < end + 4 + bodyLength {
                let count = read(connection, &chunk, chunk.count)
                if count <= 0 { return }
                buffer.append(contentsOf: chunk[0..<count])
            }
            buffer.removeFirst(end + 4 + bodyLength)
            let reply = answer(method: method, path: path, userAgent: headers["user-agent"] ?? "")
            if reply.delay > 0 { Thread.sleep(forTimeInterval: reply.delay) }
            switch reply.action {
            case "reset":
                var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
                setsockopt(connection, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
                return
            case "stall":
                Thread.sleep(forTimeInterval: reply.seconds)
                return
            default:
                break
            }
            let body = reply.bodyBytes
            var response = "HTTP/1.1 \(reply.status) \(reply.status < 400 ? "OK" : "Error")\r\n"
            for (name, value) in reply.headers { response += "\(name): \(value)\r\n" }
            response += "Content-Length: \(body.count)\r\n\r\n"
            // The head in the reply's encoding too (a Latin-1 `Location`, as old servers send).
            var bytes =
                reply.encoding == "latin-1"
                ? response.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) } : Array(response.utf8)
            if method != "HEAD" {
                bytes += reply.action == "drip" ? Array(body.prefix(1)) : reply.action == "short" ? Array(body.prefix(5)) : body
            }
            var written = 0
            while written < bytes.count {
                let count = bytes[written...].withUnsafeBytes {
                    send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
                }
                if count <= 0 { return }
                written += count
            }
            if reply.action == "drip" {
                Thread.sleep(forTimeInterval: reply.seconds)
                return
            }
            if reply.action == "short" { return }
        }
    }

    private func headEnd(_ buffer: [UInt8]) -> Int? {
        guard buffer.count >= 4 else { return nil }
        for index in 0...(buffer.count - 4)
        where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
            return index
        }
        return nil
    }

    /// Records the request and picks its reply.
    private func answer(method: String, path: String, userAgent: String) -> Reply {
        lock.lock()
        defer { lock.unlock() }
        seen.append(Request(time: Date().timeIntervalSince1970, method: method, path: path, userAgent: userAgent))
        // The most specific route: method and path, path, method and a path prefix
        // (`HEAD /app/*`), method alone (`HEAD *`).
        let prefixed = routes.keys.filter { route in
            route.hasPrefix("\(method) /") && route.hasSuffix("/*")
                && path.hasPrefix(route.dropFirst(method.count + 1).dropLast())
        }.max { $0.count < $1.count }
        let key = ["\(method) \(path)", path, prefixed, "\(method) *"].compactMap { $0 }.first { routes[$0] != nil }
        guard let key, let replies = routes[key], !replies.isEmpty else { return fallback }
        let count = counts[key, default: 0]
        counts[key] = count + 1
        return replies[min(count, replies.count - 1)]
    }
}
