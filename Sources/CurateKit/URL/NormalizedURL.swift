/// A URL after the generic ladder: what domain rules read and return.
public struct NormalizedURL: Sendable, Equatable {
    public var host: String
    public var port: Int?
    /// Percent-normalized; starts with `/` or is empty.
    public var path: [UInt8]
    /// Parameters (`name=value`), normalized and sorted.
    public var query: [[UInt8]]
    public var fragment: [UInt8]?
    /// Path segments, without empty ones.
    public var segments: [Substring] {
        let count = path.count
        guard count > 1 else { return [] }
        // The path is ASCII after percent-normalization: no validation needed to read it.
        let text = String(unsafeUninitializedCapacity: count) { buffer in
            _ = buffer.initialize(from: path)
            return count
        }
        return path.withUnsafeBufferPointer { bytes in
            // Counted in a loop without an exit, which the compiler makes wide.
            var slashes = 0
            for byte in bytes { slashes &+= byte == UInt8(ascii: "/") ? 1 : 0 }
            var result: [Substring] = []
            result.reserveCapacity(slashes + 1)
            // Split on the byte offsets; an offset is an index of the text in constant time.
            let utf8 = text.utf8
            var start = utf8.startIndex
            var offset = 0
            var segmentStart = 0
            while offset < count {
                if bytes[offset] == UInt8(ascii: "/") {
                    if offset > segmentStart {
                        let end = utf8.index(start, offsetBy: offset - segmentStart)
                        result.append(Substring(utf8[start..<end]))
                        start = end
                    }
                    start = utf8.index(after: start)
                    segmentStart = offset + 1
                }
                offset += 1
            }
            if segmentStart < count { result.append(Substring(utf8[start...])) }
            return result
        }
    }

    public init(host: String, port: Int? = nil, path: [UInt8], query: [[UInt8]] = [], fragment: [UInt8]? = nil) {
        self.host = host
        self.port = port
        self.path = path
        self.query = query
        self.fragment = fragment
    }

    /// A canonical form built by a domain rule; `parameters` (`name=value`) are sorted.
    public init<S: StringProtocol>(host: String, path: S, parameters: [String] = []) {
        let query: [[UInt8]]
        switch parameters.count {
        case 0: query = []
        case 1: query = [Array(parameters[0].utf8)]
        default: query = parameters.sorted().map { Array($0.utf8) }
        }
        self.init(host: host, path: Array(path.utf8), query: query)
    }

    /// The key: `host[:port]path[?query][#fragment]`.
    public var serialized: String {
        String(unsafeUninitializedCapacity: serializedCapacity) { buffer in
            var writer = BufferWriter(buffer: buffer)
            write(to: &writer)
            return writer.count
        }
    }

    /// Appends ``serialized``'s bytes to `output`, without making a String of them.
    func serialize(into output: inout [UInt8]) {
        write(to: &output)
    }

    /// At least the length of ``serialized`` (a port counts as its longest).
    private var serializedCapacity: Int {
        var count = host.utf8.count + path.count + (fragment.map { $0.count + 1 } ?? 0)
        if port != nil { count += 6 }
        for parameter in query { count += parameter.count + 1 }
        return count
    }

    /// The one definition of the key's layout, for both destinations. (A separator is
    /// put as one byte: as a one-element collection it cost a call on every key.)
    private func write<Writer: ByteWriter>(to writer: inout Writer) {
        var host = host
        host.withUTF8 { writer.put($0) }
        if let port {
            writer.put(byte: UInt8(ascii: ":"))
            writer.put(String(port).utf8)
        }
        writer.put(path)
        var separator = UInt8(ascii: "?")
        for index in query.indices {
            writer.put(byte: separator)
            writer.put(query[index])
            separator = UInt8(ascii: "&")
        }
        if let fragment {
            writer.put(byte: UInt8(ascii: "#"))
            writer.put(fragment)
        }
    }

    /// The value of the first query parameter `name` (normalized, not decoded).
    public func parameter(_ name: String) -> String? {
        for parameter in query {
            let key = parameter.prefix { $0 != UInt8(ascii: "=") }
            if key.elementsEqual(name.utf8) {
                return String(decoding: parameter.dropFirst(key.count + 1), as: UTF8.self)
            }
        }
        return nil
    }
}

/// Where a key's bytes are written: a new String's storage or an output buffer.
protocol ByteWriter {
    mutating func put<Bytes: Collection<UInt8>>(_ bytes: Bytes)
    mutating func put(byte: UInt8)
}

extension [UInt8]: ByteWriter {
    mutating func put<Bytes: Collection<UInt8>>(_ bytes: Bytes) { append(contentsOf: bytes) }
    mutating func put(byte: UInt8) { append(byte) }
}

/// Writes into uninitialized memory large enough for everything written.
struct BufferWriter: ByteWriter {
    let buffer: UnsafeMutableBufferPointer<UInt8>
    private(set) var count = 0

    init(buffer: UnsafeMutableBufferPointer<UInt8>) {
        self.buffer = buffer
    }

    mutating func put<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
        // Contiguous bytes (an array, a String's own) copied at once.
        let copied = bytes.withContiguousStorageIfAvailable { source -> Int in
            if let from = source.baseAddress, let to = buffer.baseAddress { (to + count).update(from: from, count: source.count) }
            return source.count
        }
        if let copied {
            count += copied
            return
        }
        for byte in bytes {
            buffer[count] = byte
            count += 1
        }
    }

    mutating func put(byte: UInt8) {
        buffer[count] = byte
        count += 1
    }
}
