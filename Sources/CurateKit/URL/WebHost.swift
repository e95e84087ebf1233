import Foundation

/// Why a host is refused: the WHATWG URL Standard's reasons, then curate's own.
public enum HostProblem: Error, Equatable, Sendable, CustomStringConvertible {
    /// A character no host may contain (WHATWG's forbidden domain code points: `%`, `/`,
    /// `:`, `@`, `[`, `<`, `|`, a space, a control character ...).
    case forbiddenCharacter(String)
    /// Its percent-escapes do not decode to UTF-8 text.
    case notUTF8
    /// UTS #46 refuses it (a character no domain may hold, a broken joiner or bidi rule).
    case notIDNA
    /// It ends in a number, so it must be an IPv4 address, and is not one.
    case notIPv4(String)
    /// Written in brackets, it is not an IPv6 address.
    case notIPv6(String)
    /// curate's policy for what WHATWG accepts: a character other than a letter, a digit,
    /// `-` or `_` (`http://a!b/` is a valid URL but no DNS name).
    case notDNSCharacter(String)
    /// curate's policy: an empty label (`a..b`, `.`), which DNS cannot resolve.
    case emptyLabel
    /// curate's policy: a label longer than DNS's 63 characters.
    case longLabel

    /// Whether the URL Standard accepts what curate refuses here.
    public var isPolicy: Bool {
        switch self {
        case .notDNSCharacter, .emptyLabel, .longLabel: return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case let .forbiddenCharacter(character): return "a host cannot contain \(character)"
        case .notUTF8: return "its percent-escapes are not UTF-8"
        case .notIDNA: return "it is not a valid internationalized domain name (UTS #46)"
        case let .notIPv4(why): return "it ends in a number but is not an IPv4 address: \(why)"
        case let .notIPv6(why): return "it is not an IPv6 address: \(why)"
        case let .notDNSCharacter(character):
            return "\(character) is not a letter, digit, - or _, so it is no DNS name"
        case .emptyLabel: return "it has an empty label (two dots in a row, or only a dot)"
        case .longLabel: return "a label is longer than 63 characters"
        }
    }
}

/// The host of an http(s) URL as the WHATWG URL Standard reads it ("host parsing" for
/// special schemes), in the one form that identity keys use: `127.0.0.1` for
/// `0x7f.1`, `[::1]` for `[0:0::1]`, `go.com` for `Ｇｏ.com`, `example.com` for
/// `ex%61mple.com`; lowercase, without a trailing dot.
///
/// Beyond the standard, curate refuses hosts that cannot be DNS names (``HostProblem/isPolicy``).
/// The common case, an ASCII name, is checked and lowercased on its bytes in one pass.
enum WebHost {
    /// `mapping` is UTS #46 "to ASCII" for non-ASCII names (``IDNA/toASCII(_:)``; the
    /// tests pass ``IDNA/approximateToASCII(_:)`` to check it gives the same hosts).
    /// `shortcut: false` reads every host the long way (the tests hold both readings equal).
    static func parse(
        _ raw: ArraySlice<UInt8>, mapping: (String) -> String? = IDNA.toASCII, shortcut: Bool = true
    ) throws(URLProblem) -> String {
        guard !raw.isEmpty else { throw .noHost }
        if shortcut, let host = plainName(raw) { return host }
        func refuse(_ reason: HostProblem) -> URLProblem {
            .badHost(String(decoding: raw, as: UTF8.self), reason: reason)
        }
        if raw.first == UInt8(ascii: "[") {
            guard raw.last == UInt8(ascii: "]") else { throw refuse(.notIPv6("no closing ]")) }
            guard raw.count > 2 else { throw refuse(.notIPv6("nothing between [ and ]")) }
            do throws(HostProblem) {
                return "[" + IPv6.serialize(try IPv6.parse(raw.dropFirst().dropLast())) + "]"
            } catch {
                throw refuse(error)
            }
        }
        var bytes = raw
        if bytes.contains(UInt8(ascii: "%")) { bytes = PercentEncoding.decodeAll(Array(bytes))[...] }
        do throws(HostProblem) {
            if bytes.allSatisfy({ $0 < 0x80 }) { return try ascii(bytes) }
            guard let text = utf8Text(bytes) else { throw .notUTF8 }
            // ASCII is its own UTS #46 mapping: what would be refused after it is refused now,
            // and so is what compatibility forms map to (`％` is `%`, `／` is `/`).
            for byte in bytes where byte < 0x80 && !isNameByte(byte) && byte != UInt8(ascii: ".") { throw problem(byte) }
            for byte in text.precomposedStringWithCompatibilityMapping.utf8
            where byte < 0x80 && !isNameByte(byte) && byte != UInt8(ascii: ".") {
                throw problem(byte)
            }
            guard let mapped = mapping(text) else { throw .notIDNA }
            return try ascii(Array(mapped.utf8)[...])
        } catch {
            throw refuse(error)
        }
    }

    /// The common host, a DNS name of ASCII letters, digits, `-` and `_` whose last label
    /// does not start with a digit, checked and lowercased in one pass over its bytes; nil
    /// for every other host (escapes, non-ASCII, an IP address, a final dot, a problem),
    /// which the full reading below takes, as it would take this one to the same name.
    private static func plainName(_ raw: ArraySlice<UInt8>) -> String? {
        raw.withUnsafeBufferPointer { bytes in
            var label = 0
            var lastLabelStart = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: ".") {
                    guard label > 0 else { return nil }
                    label = 0
                    lastLabelStart = index + 1
                } else {
                    guard isNameByte(byte), label < 63 else { return nil }
                    label += 1
                }
            }
            guard label > 0, !isDigit(bytes[lastLabelStart]) else { return nil }
            return String(unsafeUninitializedCapacity: bytes.count) { buffer in
                for index in 0..<bytes.count { buffer[index] = lowercasedASCII(bytes[index]) }
                return bytes.count
            }
        }
    }

    /// An ASCII host: checked, lowercased, and read as IPv4 when it ends in a number.
    private static func ascii(_ bytes: ArraySlice<UInt8>) throws(HostProblem) -> String {
        var bytes = bytes
        // One trailing dot is the DNS root: the same host.
        if bytes.count > 1, bytes.last == UInt8(ascii: ".") { bytes = bytes.dropLast() }
        var label = 0
        var lastLabelStart = bytes.startIndex
        for index in bytes.indices {
            let byte = bytes[index]
            if byte == UInt8(ascii: ".") {
                guard label > 0 else { throw .emptyLabel }
                label = 0
                lastLabelStart = index + 1
            } else {
                guard isNameByte(byte) else { throw problem(byte) }
                label += 1
                guard label <= 63 else { throw .longLabel }
            }
        }
        guard label > 0 else { throw .emptyLabel }
        // Ends in a number: a last label of digits, or 0x and hex digits.
        let last = bytes[lastLabelStart...]
        if isDigit(last.first!), last.allSatisfy(isDigit) || IPv4.number(last) != nil {
            return try IPv4.serialize(IPv4.parse(bytes))
        }
        return String(unsafeUninitializedCapacity: bytes.count) { buffer in
            for (offset, byte) in bytes.enumerated() { buffer[offset] = lowercasedASCII(byte) }
            return bytes.count
        }
    }

    /// The text of UTF-8 bytes; nil when they are not UTF-8 (`%80` decodes to no character).
    private static func utf8Text(_ bytes: ArraySlice<UInt8>) -> String? {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var text = ""
        while true {
            switch decoder.decode(&iterator) {
            case let .scalarValue(scalar): text.unicodeScalars.append(scalar)
            case .emptyInput: return text
            case .error: return nil
            }
        }
    }

    @inline(__always) private static func isNameByte(_ byte: UInt8) -> Bool {
        isAlpha(byte) || isDigit(byte) || byte == 0x2D || byte == 0x5F
    }

    /// Why an ASCII byte is refused in a host.
    private static func problem(_ byte: UInt8) -> HostProblem {
        let shown =
            byte < 0x21 || byte == 0x7F ? "U+\(String(byte, radix: 16, uppercase: true))" : "“\(Character(UnicodeScalar(byte)))”"
        // WHATWG's forbidden domain code points.
        if byte <= 0x20 || byte == 0x7F || "#%/:<>?@[\\]^|".utf8.contains(byte) { return .forbiddenCharacter(shown) }
        return .notDNSCharacter(shown)
    }
}

/// IPv4 addresses as the URL Standard reads them: one to four numbers, each decimal,
/// octal (`0…`) or hex (`0x…`), the last filling the remaining bytes (`127.1`, `0x7f000001`).
enum IPv4 {
    static func parse(_ host: ArraySlice<UInt8>) throws(HostProblem) -> UInt32 {
        var parts = host.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        if parts.count > 1, parts.last!.isEmpty { parts.removeLast() }
        guard parts.count <= 4 else { throw .notIPv4("more than four parts") }
        var numbers: [UInt64] = []
        for part in parts {
            guard let number = number(part) else {
                throw .notIPv4("\(String(decoding: part, as: UTF8.self).debugDescription) is not a number")
            }
            numbers.append(number)
        }
        for number in numbers.dropLast() where number > 255 { throw .notIPv4("\(number) is more than 255") }
        let last = numbers.last!
        guard last < (1 << (8 * (5 - UInt64(numbers.count)))) else {
            throw .notIPv4("\(last) is too large for the last \(5 - numbers.count) bytes")
        }
        var address = last
        for (index, number) in numbers.dropLast().enumerated() { address += number << (8 * (3 - UInt64(index))) }
        return UInt32(address)
    }

    /// One part: decimal, `0` then octal, or `0x` then hex (`0x` alone is 0); nil when it is
    /// not one, and a value above 2³² when it is too large for any address.
    static func number(_ part: ArraySlice<UInt8>) -> UInt64? {
        guard !part.isEmpty else { return nil }
        var digits = part
        var radix: UInt64 = 10
        if digits.count >= 2, digits.first == UInt8(ascii: "0"), digits.dropFirst().first! | 0x20 == UInt8(ascii: "x") {
            digits = digits.dropFirst(2)
            radix = 16
        } else if digits.count >= 2, digits.first == UInt8(ascii: "0") {
            digits = digits.dropFirst()
            radix = 8
        }
        var value: UInt64 = 0
        for byte in digits {
            let digit: UInt64
            switch byte {
            case 0x30...0x39: digit = UInt64(byte - 0x30)
            case 0x61...0x66, 0x41...0x46: digit = UInt64((byte | 0x20) - 0x61 + 10)
            default: return nil
            }
            guard digit < radix else { return nil }
            // Saturate: anything above 2³² is refused the same way.
            value = min(value * radix + digit, 1 << 40)
        }
        return value
    }

    static func serialize(_ address: UInt32) -> String {
        "\(address >> 24).\(address >> 16 & 0xFF).\(address >> 8 & 0xFF).\(address & 0xFF)"
    }
}

/// IPv6 addresses as the URL Standard reads and writes them: eight pieces, `::` for the
/// longest run of zero pieces, an embedded IPv4 address as two pieces.
enum IPv6 {
    static func parse(_ input: ArraySlice<UInt8>) throws(HostProblem) -> [UInt16] {
        var address = [UInt16](repeating: 0, count: 8)
        var pieceIndex = 0
        var compress: Int?
        var i = input.startIndex
        let end = input.endIndex
        func at(_ index: Int) -> UInt8? { index < end ? input[index] : nil }
        if at(i) == UInt8(ascii: ":") {
            guard at(i + 1) == UInt8(ascii: ":") else { throw .notIPv6("it starts with a single :") }
            i += 2
            pieceIndex += 1
            compress = pieceIndex
        }
        while i < end {
            guard pieceIndex < 8 else { throw .notIPv6("more than eight pieces") }
            if input[i] == UInt8(ascii: ":") {
                guard compress == nil else { throw .notIPv6(":: appears twice") }
                i += 1
                pieceIndex += 1
                compress = pieceIndex
                continue
            }
            var value: UInt16 = 0
            var length = 0
            while length < 4, let byte = at(i), let digit = PercentEncoding.hexValue(byte) {
                value = value << 4 | UInt16(digit)
                i += 1
                length += 1
            }
            if at(i) == UInt8(ascii: ".") {
                guard length > 0 else { throw .notIPv6("an IPv4 part starts with .") }
                i -= length
                guard pieceIndex <= 6 else { throw .notIPv6("no room for the IPv4 part") }
                var numbersSeen = 0
                while i < end {
                    var piece: Int?
                    if numbersSeen > 0 {
                        guard input[i] == UInt8(ascii: "."), numbersSeen < 4 else {
                            throw .notIPv6("the IPv4 part is not four numbers")
                        }
                        i += 1
                    }
                    guard let first = at(i), isDigit(first) else { throw .notIPv6("the IPv4 part is not four numbers") }
                    while let byte = at(i), isDigit(byte) {
                        let number = Int(byte - 0x30)
                        if piece == 0 { throw .notIPv6("an IPv4 number starts with 0") }
                        piece = (piece ?? 0) * 10 + number
                        guard piece! <= 255 else { throw .notIPv6("an IPv4 number is more than 255") }
                        i += 1
                    }
                    address[pieceIndex] = address[pieceIndex] << 8 | UInt16(piece!)
                    numbersSeen += 1
                    if numbersSeen == 2 || numbersSeen == 4 { pieceIndex += 1 }
                }
                guard numbersSeen == 4 else { throw .notIPv6("the IPv4 part is not four numbers") }
                break
            } else if at(i) == UInt8(ascii: ":") {
                i += 1
                guard i < end else { throw .notIPv6("it ends with a single :") }
            } else if i < end {
                throw .notIPv6("\(String(decoding: input[i...i], as: UTF8.self).debugDescription) is not a hex digit")
            }
            address[pieceIndex] = value
            pieceIndex += 1
        }
        if let compress {
            var swaps = pieceIndex - compress
            pieceIndex = 7
            while pieceIndex != 0 && swaps > 0 {
                address.swapAt(pieceIndex, compress + swaps - 1)
                pieceIndex -= 1
                swaps -= 1
            }
        } else if pieceIndex != 8 {
            throw .notIPv6("fewer than eight pieces and no ::")
        }
        return address
    }

    /// Lowercase hex pieces without leading zeros; the first longest run of two or more
    /// zero pieces as `::`.
    static func serialize(_ address: [UInt16]) -> String {
        var bestStart = -1
        var bestLength = 1
        var index = 0
        while index < 8 {
            if address[index] == 0 {
                var end = index
                while end < 8 && address[end] == 0 { end += 1 }
                if end - index > bestLength {
                    bestStart = index
                    bestLength = end - index
                }
                index = end
            } else {
                index += 1
            }
        }
        var output = ""
        var ignoring = false
        for piece in 0..<8 {
            if ignoring && address[piece] == 0 { continue }
            ignoring = false
            if piece == bestStart {
                output += piece == 0 ? "::" : ":"
                ignoring = true
                continue
            }
            output += String(address[piece], radix: 16)
            if piece != 7 { output += ":" }
        }
        return output
    }
}
