/// Percent-encoding normalization (RFC 3986, sections 2.1, 2.3 and 6.2.2).
enum PercentEncoding {
    /// Decodes escapes of unreserved characters, uppercases the hex of the others, and
    /// escapes bytes that may not appear in a URL (non-ASCII, space, `"<>\^`{|}`).
    static func normalize(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        // The common case: nothing to decode or escape (found on the buffer's memory).
        // A table lookup a byte, in a loop without an exit.
        let clean = bytes.withUnsafeBufferPointer { buffer in
            flagged.withUnsafeBufferPointer { table in
                var any: UInt8 = 0
                for byte in buffer { any |= table[Int(byte)] }
                return any == 0
            }
        }
        if clean { return Array(bytes) }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let byte = bytes[i]
            if byte == UInt8(ascii: "%") {
                if i + 2 < bytes.endIndex, let high = hexValue(bytes[i + 1]), let low = hexValue(bytes[i + 2]) {
                    let value = high << 4 | low
                    if isUnreserved(value) {
                        result.append(value)
                    } else {
                        result.append(UInt8(ascii: "%"))
                        result.append(hexDigit(value >> 4))
                        result.append(hexDigit(value & 0xF))
                    }
                    i += 3
                    continue
                }
                result.append(contentsOf: [UInt8(ascii: "%"), UInt8(ascii: "2"), UInt8(ascii: "5")])
                i += 1
                continue
            }
            if needsEscape(byte) {
                result.append(UInt8(ascii: "%"))
                result.append(hexDigit(byte >> 4))
                result.append(hexDigit(byte & 0xF))
            } else {
                result.append(byte)
            }
            i += 1
        }
        return result
    }

    /// Decodes every valid escape (for hosts, where escapes are rare and mean the byte).
    static func decodeAll(_ bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count,
                let high = hexValue(bytes[i + 1]), let low = hexValue(bytes[i + 2])
            {
                result.append(high << 4 | low)
                i += 3
            } else {
                result.append(bytes[i])
                i += 1
            }
        }
        return result
    }

    /// 1 for the bytes of ``isPercentOrNeedsEscape(_:)``, by byte.
    private static let flagged: [UInt8] = (0...255).map { isPercentOrNeedsEscape(UInt8($0)) ? 1 : 0 }

    @inline(__always) static func isUnreserved(_ byte: UInt8) -> Bool {
        isAlpha(byte) || isDigit(byte) || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
    }

    /// `%` or ``needsEscape(_:)``, with two masks for the printable bytes.
    @inline(__always) static func isPercentOrNeedsEscape(_ byte: UInt8) -> Bool {
        if byte >= 0x7F || byte <= 0x20 { return true }
        // Bits of `"`, `%`, `<`, `>` (below 64), and of `\`, `^`, `` ` ``, `{`, `|`, `}` (from 64).
        let low: UInt64 = 1 << 0x22 | 1 << 0x25 | 1 << 0x3C | 1 << 0x3E
        let high: UInt64 =
            1 << (0x5C - 64) | 1 << (0x5E - 64) | 1 << (0x60 - 64) | 1 << (0x7B - 64) | 1 << (0x7C - 64)
            | 1 << (0x7D - 64)
        return (byte < 64 ? low : high) & (1 << UInt64(byte & 63)) != 0
    }

    @inline(__always) static func needsEscape(_ byte: UInt8) -> Bool {
        byte >= 0x7F || byte <= 0x20 || byte == 0x22 || byte == 0x3C || byte == 0x3E || byte == 0x5C
            || byte == 0x5E || byte == 0x60 || byte == 0x7B || byte == 0x7C || byte == 0x7D
    }

    @inline(__always) static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        case 0x61...0x66: return byte - 0x61 + 10
        default: return nil
        }
    }

    @inline(__always) static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? 0x30 + value : 0x41 + value - 10
    }
}
