/// Why a string cannot be a web link.
public enum URLProblem: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case whitespace
    case controlCharacter
    case notHTTP(scheme: String)
    case relative
    case noHost
    case badHost(String)
    case badPort(String)

    public var description: String {
        switch self {
        case .empty: return "it is empty"
        case .whitespace: return "it contains a space; percent-encode it as %20"
        case .controlCharacter: return "it contains a control character"
        case let .notHTTP(scheme): return "its scheme is \(scheme):, not http: or https:"
        case .relative: return "it is not absolute (no http:// or https://)"
        case .noHost: return "it has no host"
        case let .badHost(host): return "its host \(host.debugDescription) is not a valid host name"
        case let .badPort(port): return "its port \(port.debugDescription) is not a number from 0 to 65535"
        }
    }
}

/// The parts of an http(s) URL, split on the bytes (RFC 3986, section 3). The path, query
/// and fragment are ranges of one byte buffer: parsing copies the URL once.
public struct ParsedURL: Sendable, Equatable {
    /// Lowercased: `http` or `https`.
    public var scheme: String
    /// Lowercased, IDN labels in their `xn--` form, no trailing dot.
    public var host: String
    public var port: Int?
    /// The URL's bytes, trimmed (with `\` in the path read as `/`, as browsers do).
    let bytes: [UInt8]
    let pathRange: Range<Int>
    let queryRange: Range<Int>?
    let fragmentRange: Range<Int>?

    /// The path as written (not yet normalized), starting with `/` or empty.
    public var path: ArraySlice<UInt8> { bytes[pathRange] }
    /// The query without `?`; nil when there is no `?`.
    public var query: ArraySlice<UInt8>? { queryRange.map { bytes[$0] } }
    /// The fragment without `#`; nil when there is no `#`.
    public var fragment: ArraySlice<UInt8>? { fragmentRange.map { bytes[$0] } }

    /// Parses an absolute http(s) URL. Leading and trailing whitespace is ignored;
    /// `www.example.com/...` without a scheme is read as https.
    public static func parse(_ string: String) throws(URLProblem) -> ParsedURL {
        try parse(utf8: Array(string.utf8))
    }

    /// Parses the UTF-8 bytes of a URL (see ``parse(_:)``).
    public static func parse(utf8 bytes: [UInt8]) throws(URLProblem) -> ParsedURL {
        var bytes = bytes
        // Trim ASCII whitespace.
        while let last = bytes.last, isSpace(last) { bytes.removeLast() }
        var start = 0
        while start < bytes.count && isSpace(bytes[start]) { start += 1 }
        if start > 0 { bytes.removeFirst(start) }
        guard !bytes.isEmpty else { throw .empty }
        for byte in bytes where byte <= 0x20 || byte == 0x7F {
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { throw .whitespace }
            throw .controlCharacter
        }

        // Scheme.
        var i = 0
        var scheme = ""
        if let colon = schemeEnd(bytes) {
            let name = bytes[0..<colon]
            if name.elementsEqual("https".utf8, by: { lowercasedASCII($0) == $1 }) {
                scheme = "https"
            } else if name.elementsEqual("http".utf8, by: { lowercasedASCII($0) == $1 }) {
                scheme = "http"
            } else {
                throw .notHTTP(scheme: String(decoding: name, as: UTF8.self).lowercased())
            }
            i = colon + 1
            // `http:/x` and `http:x` are not accepted: a web link has `//` and a host.
            guard i + 1 < bytes.count, bytes[i] == 0x2F, bytes[i + 1] == 0x2F else { throw .noHost }
            i += 2
        } else if bytes.starts(with: "//".utf8) {
            scheme = "https"
            i = 2
        } else if bytes.count > 4, bytes[0..<4].map({ $0 | 0x20 }).elementsEqual("www.".utf8) {
            scheme = "https"
        } else {
            throw .relative
        }

        // Authority: up to the first `/`, `?` or `#`.
        var authorityEnd = i
        while authorityEnd < bytes.count {
            let byte = bytes[authorityEnd]
            if byte == 0x2F || byte == 0x3F || byte == 0x23 || byte == 0x5C { break }
            authorityEnd += 1
        }
        var hostStart = i
        if let at = bytes[i..<authorityEnd].lastIndex(of: UInt8(ascii: "@")) { hostStart = at + 1 }
        var hostEnd = authorityEnd
        var port: Int?
        if hostStart < authorityEnd && bytes[hostStart] == UInt8(ascii: "[") {
            // IPv6 literal.
            guard let close = bytes[hostStart..<authorityEnd].firstIndex(of: UInt8(ascii: "]")) else {
                throw .badHost(String(decoding: bytes[hostStart..<authorityEnd], as: UTF8.self))
            }
            hostEnd = close + 1
            if hostEnd < authorityEnd {
                guard bytes[hostEnd] == UInt8(ascii: ":") else {
                    throw .badHost(String(decoding: bytes[hostStart..<authorityEnd], as: UTF8.self))
                }
                port = try parsePort(bytes[(hostEnd + 1)..<authorityEnd])
            }
        } else if let colon = bytes[hostStart..<authorityEnd].lastIndex(of: UInt8(ascii: ":")) {
            hostEnd = colon
            port = try parsePort(bytes[(colon + 1)..<authorityEnd])
        }
        let host = try normalizeHost(bytes[hostStart..<hostEnd])

        // Path, query, fragment.
        var pathEnd = authorityEnd
        while pathEnd < bytes.count && bytes[pathEnd] != 0x3F && bytes[pathEnd] != 0x23 { pathEnd += 1 }
        for index in authorityEnd..<pathEnd where bytes[index] == 0x5C { bytes[index] = 0x2F }  // `\` is `/` to browsers
        var queryRange: Range<Int>?
        var fragmentRange: Range<Int>?
        var cursor = pathEnd
        if cursor < bytes.count && bytes[cursor] == 0x3F {
            var queryEnd = cursor + 1
            while queryEnd < bytes.count && bytes[queryEnd] != 0x23 { queryEnd += 1 }
            queryRange = (cursor + 1)..<queryEnd
            cursor = queryEnd
        }
        if cursor < bytes.count && bytes[cursor] == 0x23 {
            fragmentRange = (cursor + 1)..<bytes.count
        }
        return ParsedURL(
            scheme: scheme, host: host, port: port, bytes: bytes, pathRange: authorityEnd..<pathEnd,
            queryRange: queryRange, fragmentRange: fragmentRange)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
    }

    /// Index of the `:` that ends a scheme (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`).
    private static func schemeEnd(_ bytes: [UInt8]) -> Int? {
        guard let first = bytes.first, isAlpha(first) else { return nil }
        var i = 1
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: ":") { return i }
            guard isAlpha(byte) || isDigit(byte) || byte == 0x2B || byte == 0x2D || byte == 0x2E else { return nil }
            i += 1
        }
        return nil
    }

    private static func parsePort(_ digits: ArraySlice<UInt8>) throws(URLProblem) -> Int? {
        if digits.isEmpty { return nil }
        guard digits.count <= 5, digits.allSatisfy(isDigit) else {
            throw .badPort(String(decoding: digits, as: UTF8.self))
        }
        let value = digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        guard value <= 65535 else { throw .badPort(String(decoding: digits, as: UTF8.self)) }
        return value
    }

    private static func normalizeHost(_ raw: ArraySlice<UInt8>) throws(URLProblem) -> String {
        var bytes = raw
        guard !bytes.isEmpty else { throw .noHost }
        if bytes.contains(UInt8(ascii: "%")) {
            bytes = PercentEncoding.decodeAll(Array(bytes))[...]
        }
        if bytes.first == UInt8(ascii: "[") {
            return String(decoding: bytes.map(lowercasedASCII), as: UTF8.self)
        }
        while bytes.last == UInt8(ascii: ".") { bytes.removeLast() }
        guard !bytes.isEmpty else { throw .noHost }
        if bytes.allSatisfy({ $0 < 0x80 }) {
            // The common case: ASCII labels, lowercased and checked on the bytes.
            var label = 0
            for byte in bytes {
                if byte == UInt8(ascii: ".") {
                    guard label > 0 else { throw .badHost(String(decoding: bytes, as: UTF8.self)) }
                    label = 0
                } else {
                    guard isAlpha(byte) || isDigit(byte) || byte == 0x2D || byte == 0x5F, label < 63 else {
                        throw .badHost(String(decoding: bytes, as: UTF8.self))
                    }
                    label += 1
                }
            }
            guard label > 0 else { throw .badHost(String(decoding: bytes, as: UTF8.self)) }
            return String(unsafeUninitializedCapacity: bytes.count) { buffer in
                for (offset, byte) in bytes.enumerated() { buffer[offset] = lowercasedASCII(byte) }
                return bytes.count
            }
        }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let ascii = IDNA.toASCII(text) else { throw .badHost(text) }
        for label in ascii.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            guard !label.isEmpty, label.count <= 63,
                label.allSatisfy({ isAlpha($0) || isDigit($0) || $0 == 0x2D || $0 == 0x5F })
            else { throw .badHost(text) }
        }
        return ascii
    }
}

@inline(__always) func isAlpha(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
@inline(__always) func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
