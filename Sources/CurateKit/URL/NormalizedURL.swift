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
        guard path.count > 1 else { return [] }
        // The path is ASCII after percent-normalization: no validation needed to read it.
        let text = String(unsafeUninitializedCapacity: path.count) { buffer in
            _ = buffer.initialize(from: path)
            return path.count
        }
        var result: [Substring] = []
        var start = text.utf8.startIndex
        var index = start
        let end = text.utf8.endIndex
        while index < end {
            if text.utf8[index] == UInt8(ascii: "/") {
                if index > start { result.append(text[start..<index]) }
                start = text.utf8.index(after: index)
            }
            index = text.utf8.index(after: index)
        }
        if start < end { result.append(text[start..<end]) }
        return result
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

    public var serialized: String {
        var count = host.utf8.count + path.count + (fragment.map { $0.count + 1 } ?? 0)
        if let port { count += 6 + (port > 9999 ? 1 : 0) }
        for parameter in query { count += parameter.count + 1 }
        return String(unsafeUninitializedCapacity: count) { buffer in
            var index = 0
            func put<C: Collection>(_ bytes: C) where C.Element == UInt8 {
                for byte in bytes {
                    buffer[index] = byte
                    index += 1
                }
            }
            put(host.utf8)
            if let port {
                put(CollectionOfOne(UInt8(ascii: ":")))
                put(String(port).utf8)
            }
            put(path)
            for (position, parameter) in query.enumerated() {
                put(CollectionOfOne(position == 0 ? UInt8(ascii: "?") : UInt8(ascii: "&")))
                put(parameter)
            }
            if let fragment {
                put(CollectionOfOne(UInt8(ascii: "#")))
                put(fragment)
            }
            return index
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
