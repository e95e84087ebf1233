/// Why a string cannot be a web link.
public enum URLProblem: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case whitespace
    case tab
    case lineBreak
    case controlCharacter
    case notHTTP(scheme: String)
    case relative
    case noHost
    case badHost(String, reason: HostProblem)
    case badPort(String)

    public var description: String {
        switch self {
        case .empty: return "it is empty"
        case .whitespace: return "it contains a space; percent-encode it as %20"
        case .tab: return "it contains a tab; a link has none (remove it, or percent-encode it as %09)"
        case .lineBreak: return "it contains a line break; a link is on one line"
        case .controlCharacter: return "it contains a control character"
        case let .notHTTP(scheme):
            return "its scheme is \(scheme.count > 40 ? scheme.quotedForMessage(limit: 40) : scheme):, not http: or https:"
        case .relative: return "it is not absolute (no http:// or https://)"
        case .noHost: return "it has no host"
        case let .badHost(host, reason): return "its host \(host.quotedForMessage()) is not valid: \(reason)"
        case let .badPort(port): return "its port \(port.quotedForMessage()) is not a number from 0 to 65535"
        }
    }
}

/// The parts of an http(s) URL, split on the bytes (RFC 3986, section 3). The path, query
/// and fragment are ranges of one byte buffer: parsing copies the URL once.
public struct ParsedURL: Sendable, Equatable {
    /// Lowercased: `http` or `https`.
    public var scheme: String
    /// As the URL Standard reads it (``WebHost``): lowercased, IDN labels in their `xn--`
    /// form, IPv4 in dotted decimal, IPv6 compressed, no trailing dot.
    public var host: String
    public var port: Int?
    /// The URL's bytes, trimmed (with `\` in the path read as `/`, as browsers do): a slice
    /// of the caller's buffer, copied only when a `\` is rewritten. The ranges below are
    /// indices of this slice.
    let bytes: ArraySlice<UInt8>
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
        try parse(utf8: Array(string.utf8)[...])
    }

    /// Parses the UTF-8 bytes of a URL (see ``parse(_:)``).
    public static func parse(utf8 bytes: [UInt8]) throws(URLProblem) -> ParsedURL {
        try parse(utf8: bytes[...])
    }

    /// Parses the UTF-8 bytes of a URL in a larger buffer (a line of input) without copying
    /// them (see ``parse(_:)``).
    public static func parse(utf8 line: ArraySlice<UInt8>) throws(URLProblem) -> ParsedURL {
        try parse(utf8: line) { raw throws(URLProblem) in try WebHost.parse(raw) }
    }

    /// Parses the UTF-8 bytes of a URL (see ``parse(utf8:)-(ArraySlice<UInt8>)``), its host read
    /// through `memo`; also returns the host's place there.
    static func parse(utf8 line: ArraySlice<UInt8>, memo: inout HostMemo) throws(URLProblem) -> (ParsedURL, place: Int) {
        var place = 0
        let parsed = try parse(utf8: line) { raw throws(URLProblem) in
            let (found, host) = raw.withUnsafeBufferPointer { memo.lookUp($0) }
            place = found
            if let host { return host }
            let read = try WebHost.parse(raw)
            raw.withUnsafeBufferPointer { memo.remember($0, host: read, at: found) }
            return read
        }
        return (parsed, place)
    }

    private static func parse(
        utf8 line: ArraySlice<UInt8>, host readHost: (ArraySlice<UInt8>) throws(URLProblem) -> String
    ) throws(URLProblem) -> ParsedURL {
        // The parts are found on the buffer's memory (no bounds checks, no slice
        // retained per byte), as offsets from the slice's start.
        let found = line.withUnsafeBufferPointer { buffer -> Result<Layout, URLProblem> in
            do throws(URLProblem) { return .success(try layout(of: buffer)) } catch { return .failure(error) }
        }
        let parts = try found.get()
        let base = line.startIndex
        let host = try readHost(line[(base + parts.host.lowerBound)..<(base + parts.host.upperBound)])
        var bytes = line[(base + parts.start)..<(base + parts.end)]
        // `\` is `/` to browsers (the slice is copied, not the caller's buffer changed).
        if parts.hasBackslash {
            for index in (base + parts.path.lowerBound)..<(base + parts.path.upperBound) where bytes[index] == 0x5C {
                bytes[index] = 0x2F
            }
        }
        func shifted(_ range: Range<Int>) -> Range<Int> { (base + range.lowerBound)..<(base + range.upperBound) }
        return ParsedURL(
            scheme: parts.scheme, host: host, port: parts.port, bytes: bytes, pathRange: shifted(parts.path),
            queryRange: parts.query.map(shifted), fragmentRange: parts.fragment.map(shifted))
    }

    /// Where the parts of a URL are, as offsets in its buffer.
    private struct Layout {
        /// The URL without surrounding whitespace.
        var start: Int
        var end: Int
        var scheme: String
        var host: Range<Int>
        var port: Int?
        var hasBackslash: Bool
        var path: Range<Int>
        var query: Range<Int>?
        var fragment: Range<Int>?
    }

    private static func layout(of bytes: UnsafeBufferPointer<UInt8>) throws(URLProblem) -> Layout {
        // Trim ASCII whitespace.
        var start = 0
        var end = bytes.count
        while end > start && isSpace(bytes[end - 1]) { end -= 1 }
        while start < end && isSpace(bytes[start]) { start += 1 }
        guard start < end else { throw .empty }
        // Whether any byte is a space or a control character, in a loop without an exit
        // (the compiler makes it wide); which one, only when one is.
        var control: UInt8 = 0
        for index in start..<end {
            let byte = bytes[index]
            control |= (byte <= 0x20 ? 1 : 0) | (byte == 0x7F ? 1 : 0)
        }
        if control != 0 {
            for index in start..<end {
                let byte = bytes[index]
                guard byte <= 0x20 || byte == 0x7F else { continue }
                switch byte {
                case 0x20: throw .whitespace
                case 0x09: throw .tab
                case 0x0A, 0x0D: throw .lineBreak
                default: throw .controlCharacter
                }
            }
        }
        let url = bytes[start..<end]

        // Scheme.
        var i = start
        var scheme = ""
        if let colon = schemeEnd(url) {
            let name = bytes[start..<colon]
            if name.equalsIgnoringCase("https") {
                scheme = "https"
            } else if name.equalsIgnoringCase("http") {
                scheme = "http"
            } else {
                throw .notHTTP(scheme: String(decoding: name, as: UTF8.self).lowercased())
            }
            i = colon + 1
            // `http:/x` and `http:x` are not accepted: a web link has `//` and a host (`\\`
            // is `//` to browsers, as the URL Standard says).
            guard i + 1 < end, bytes[i] == 0x2F || bytes[i] == 0x5C, bytes[i + 1] == 0x2F || bytes[i + 1] == 0x5C
            else { throw .noHost }
            i += 2
        } else if url.starts(with: "//") {
            scheme = "https"
            i = start + 2
        } else if url.count > 4, url.prefix(4).equalsIgnoringCase("www.") {
            scheme = "https"
        } else {
            throw .relative
        }

        // Authority: up to the first `/`, `?`, `#` or `\`.
        // Whether it holds an `@` or a `:` is found in the same pass: most hold neither.
        let (authorityEnd, hasUserOrPort) = WordScan.firstIndex(
            in: bytes, from: i, to: end, 0x2F, 0x3F, 0x23, 0x5C, flagging: 0x40, or: 0x3A)
        var hostStart = i
        var hostEnd = authorityEnd
        var port: Int?
        if hasUserOrPort, let at = bytes[i..<authorityEnd].lastIndex(of: UInt8(ascii: "@")) { hostStart = at + 1 }
        if hostStart < authorityEnd && bytes[hostStart] == UInt8(ascii: "[") {
            // IPv6 literal.
            guard let close = bytes[hostStart..<authorityEnd].firstIndex(of: UInt8(ascii: "]")) else {
                throw .badHost(String(decoding: bytes[hostStart..<authorityEnd], as: UTF8.self), reason: .notIPv6("no closing ]"))
            }
            hostEnd = close + 1
            if hostEnd < authorityEnd {
                guard bytes[hostEnd] == UInt8(ascii: ":") else {
                    throw .badHost(
                        String(decoding: bytes[hostStart..<authorityEnd], as: UTF8.self),
                        reason: .notIPv6("text after ] that is not a port"))
                }
                port = try parsePort(bytes[(hostEnd + 1)..<authorityEnd])
            }
        } else if hasUserOrPort, let colon = bytes[hostStart..<authorityEnd].lastIndex(of: UInt8(ascii: ":")) {
            hostEnd = colon
            port = try parsePort(bytes[(colon + 1)..<authorityEnd])
        }

        // Path, query, fragment.
        let (pathEnd, hasBackslash) = WordScan.firstIndex(in: bytes, from: authorityEnd, to: end, 0x3F, 0x23, flagging: 0x5C)
        var query: Range<Int>?
        var fragment: Range<Int>?
        var cursor = pathEnd
        if cursor < end && bytes[cursor] == 0x3F {
            let queryEnd = WordScan.firstIndex(in: bytes, from: cursor + 1, to: end, 0x23, 0x23, 0x23, 0x23)
            query = (cursor + 1)..<queryEnd
            cursor = queryEnd
        }
        if cursor < end && bytes[cursor] == 0x23 {
            fragment = (cursor + 1)..<end
        }
        return Layout(
            start: start, end: end, scheme: scheme, host: hostStart..<hostEnd, port: port, hasBackslash: hasBackslash,
            path: authorityEnd..<pathEnd, query: query, fragment: fragment)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
    }

    /// Index of the `:` that ends a scheme (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`).
    private static func schemeEnd(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
        guard let first = bytes.first, isAlpha(first) else { return nil }
        var i = bytes.startIndex + 1
        while i < bytes.endIndex {
            let byte = bytes[i]
            if byte == UInt8(ascii: ":") { return i }
            guard isAlpha(byte) || isDigit(byte) || byte == 0x2B || byte == 0x2D || byte == 0x2E else { return nil }
            i += 1
        }
        return nil
    }

    private static func parsePort(_ digits: Slice<UnsafeBufferPointer<UInt8>>) throws(URLProblem) -> Int? {
        if digits.isEmpty { return nil }
        var value = 0
        for digit in digits {
            // Leading zeros are allowed (`:0080` is 80), as the URL Standard reads ports.
            guard isDigit(digit), value <= 65535 else { throw .badPort(String(decoding: digits, as: UTF8.self)) }
            value = value * 10 + Int(digit - 0x30)
        }
        guard value <= 65535 else { throw .badPort(String(decoding: digits, as: UTF8.self)) }
        return value
    }
}

extension Collection<UInt8> {
    /// Whether the bytes are `lowercase` (ASCII) but for letter case.
    @inline(__always)
    func equalsIgnoringCase(_ lowercase: StaticString) -> Bool {
        let other = lowercase.bytes
        return count == other.count && elementsEqual(other) { lowercasedASCII($0) == $1 }
    }

    /// Whether the bytes are `text`'s (compared without a String.UTF8View, which is slower
    /// to walk than a buffer).
    @inline(__always)
    func elementsEqual(_ text: StaticString) -> Bool {
        let other = text.bytes
        return count == other.count && elementsEqual(other)
    }

    /// Whether the bytes start with `text`'s.
    @inline(__always)
    func starts(with text: StaticString) -> Bool {
        starts(with: text.bytes)
    }
}

extension StaticString {
    /// The UTF-8 bytes of a literal (static memory, valid for the life of the program).
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: utf8Start, count: utf8CodeUnitCount) }
}

@inline(__always) func isAlpha(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
@inline(__always) func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
