import Foundation

/// A heading's text in ASCII, as kramdown's `transliterated_header_ids` writes it (with the
/// `stringex` gem's tables) as far as curate can tell: accents and other marks dropped
/// (`Café` is `Cafe`), Latin letters without a decomposition spelt out (`ß` is `ss`),
/// dashes and spaces kept. Letters of other scripts, and symbols that may be spelt out,
/// are parts curate cannot be sure of.
enum Transliteration {
    enum Part: Equatable, Sendable {
        case text(String)
        /// Text in ASCII curate does not know (`Привет` is `Privet` to kramdown).
        case unknown
    }

    struct Result: Equatable {
        var parts: [Part]
        /// The ASCII text, without the unknown parts.
        var text: String {
            parts.map { if case let .text(text) = $0 { text } else { "" } }.joined()
        }
        var isCertain: Bool { !parts.contains(.unknown) }
    }

    static func ascii(_ text: String) -> Result {
        var parts: [Part] = []
        var current = ""
        func unknown() {
            if !current.isEmpty { parts.append(.text(current)) }
            current = ""
            if parts.last != .unknown { parts.append(.unknown) }
        }
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar.isASCII {
                current.unicodeScalars.append(scalar)
                continue
            }
            if let spelt = spelling[scalar] {
                current += spelt
                continue
            }
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark, .format:
                continue
            case .spaceSeparator:
                current += " "
            case .dashPunctuation:
                current += "-"
            case .currencySymbol, .mathSymbol, .otherNumber, .letterNumber:
                unknown()
            default:
                // Punctuation and emoji come out as punctuation or nothing, which ids drop.
                if scalar.properties.isAlphabetic || scalar.properties.numericType != nil { unknown() }
            }
        }
        if !current.isEmpty { parts.append(.text(current)) }
        return Result(parts: parts)
    }

    /// Letters and signs that do not decompose into an ASCII letter and a mark, as the
    /// Unidecode tables kramdown reads spell them.
    static let spelling: [Unicode.Scalar: String] = [
        "ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th", "ð": "d",
        "Ð": "D", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ı": "i", "ħ": "h", "Ħ": "H", "ŋ": "ng", "Ŋ": "Ng",
        "\u{2014}": "--", "\u{2015}": "--", "\u{2212}": "-", "\u{A0}": " ", "©": "(c)", "®": "(r)", "™": "tm",
    ]
}

/// The shape of a kramdown id made from text with parts curate cannot transliterate: those
/// parts match any run of `a-z`, `0-9` and `-`.
struct IDPattern: Sendable, Equatable {
    enum Token: Sendable, Equatable {
        case literal([UInt8])
        case any
    }

    var prefix: [UInt8]
    var tokens: [Token]

    /// kramdown's own id (see ``Anchors/kramdownSlug(_:)``) of the ASCII `parts`, after `prefix`.
    init(kramdownIDOf parts: [Transliteration.Part], prefix: String) {
        self.prefix = Array(prefix.lowercased().utf8)
        var tokens: [Token] = []
        var literal: [UInt8] = []
        var started = false
        for part in parts {
            guard case let .text(text) = part else {
                if !literal.isEmpty { tokens.append(.literal(literal)) }
                literal = []
                tokens.append(.any)
                started = true
                continue
            }
            for byte in text.utf8 {
                let lower = byte | 0x20
                let isLetter = lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")
                // What comes before the first letter goes.
                if !started && !isLetter { continue }
                started = true
                if isLetter {
                    literal.append(lower)
                } else if (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-") {
                    literal.append(byte)
                } else if byte == 0x20 {
                    literal.append(UInt8(ascii: "-"))
                }
            }
        }
        if !literal.isEmpty { tokens.append(.literal(literal)) }
        self.tokens = tokens
    }

    /// Whether a lowercased fragment has this shape (or it with a repeat's `-1`, `-2` ...).
    func matches(_ fragment: String) -> Bool {
        let bytes = Array(fragment.utf8)
        guard bytes.starts(with: prefix) else { return false }
        var body = bytes[prefix.count...]
        if body.elementsEqual("section".utf8) { return true }
        if matchesBody(body) { return true }
        // A repeat: `-` and digits at the end.
        let digits = body.reversed().prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }.count
        guard digits > 0, body.count > digits, body[body.endIndex - digits - 1] == UInt8(ascii: "-") else { return false }
        body = body.dropLast(digits + 1)
        return matchesBody(body)
    }

    private func matchesBody(_ body: ArraySlice<UInt8>) -> Bool {
        guard let first = body.first, first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z") else { return false }
        return Self.match(tokens[...], body)
    }

    private static func match(_ tokens: ArraySlice<Token>, _ text: ArraySlice<UInt8>) -> Bool {
        guard let token = tokens.first else { return text.isEmpty }
        switch token {
        case let .literal(literal):
            return text.starts(with: literal) && match(tokens.dropFirst(), text.dropFirst(literal.count))
        case .any:
            var end = text.startIndex
            while true {
                if match(tokens.dropFirst(), text[end...]) { return true }
                guard end < text.endIndex, isIDByte(text[end]) else { return false }
                end += 1
            }
        }
    }

    private static func isIDByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || byte == UInt8(ascii: "-")
    }
}
