import Foundation

/// Internationalized host names to their one ASCII form, as the URL Standard's "domain to
/// ASCII" does: UTS #46 mapping (`Ｇｏ.com` → `go.com`, `Bücher` → `bücher`, soft hyphens
/// and zero-width spaces dropped), nontransitional (`ß` stays `ß`), then Punycode
/// (`bücher.de` → `xn--bcher-kva.de`); nil when UTS #46 refuses the name.
///
/// UTS #46 is a table of every Unicode code point. Foundation on Linux (swift-foundation)
/// parses URL hosts through ICU's UTS #46 with the URL Standard's options (CheckBidi,
/// CheckJoiners, nontransitional, hyphen and DNS-length errors allowed), and ICU's data is
/// already linked with Foundation: curate asks Foundation rather than carrying its own copy
/// of the table. Where Foundation does not map hosts (the static release binary: with
/// --static-swift-stdlib the ICU hook is not linked; other platforms' Foundation), an
/// approximation is used: NFKC with lowercasing (which covers full-width and compatibility
/// forms), default-ignorable characters dropped, unassigned, private-use, control and
/// replacement characters refused, RFC 5893's Bidi rule kept. A test requires both to give
/// the same hosts on the URL Standard's tests and the usual scripts. Only non-ASCII hosts
/// come here: ASCII is its own mapping.
public enum IDNA {
    public static func toASCII(_ host: String) -> String? {
        guard usesFoundation else { return approximateToASCII(host) }
        guard let mapped = URL(string: "http://" + host + "/")?.host(percentEncoded: false), !mapped.isEmpty,
            mapped.utf8.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: "%") })
        else { return nil }
        return mapped.lowercased()
    }

    /// Whether this platform's Foundation maps URL hosts with UTS #46.
    static let usesFoundation: Bool =
        URL(string: "http://Bücher.example/")?.host(percentEncoded: false)?.lowercased() == "xn--bcher-kva.example"

    /// UTS #46's mapping approximated with Unicode normalization (see ``IDNA``).
    static func approximateToASCII(_ host: String) -> String? {
        var scalars = String.UnicodeScalarView()
        for scalar in host.precomposedStringWithCompatibilityMapping.lowercased().unicodeScalars {
            switch scalar.value {
            case 0xAD, 0x34F, 0x180B...0x180F, 0x200B, 0x2060, 0xFE00...0xFE0F, 0xFEFF: continue
            case 0x3002, 0xFF61: scalars.append(".")
            default:
                switch scalar.properties.generalCategory {
                case .control, .surrogate, .privateUse, .unassigned, .spaceSeparator, .lineSeparator,
                    .paragraphSeparator:
                    return nil
                default:
                    guard scalar.value != 0xFFFD, !scalar.properties.isNoncharacterCodePoint else { return nil }
                    scalars.append(scalar)
                }
            }
        }
        let folded = String(scalars).precomposedStringWithCompatibilityMapping
        guard Bidi.allowsLabels(of: folded) else { return nil }
        var labels: [String] = []
        for label in folded.split(separator: ".", omittingEmptySubsequences: false) {
            if label.unicodeScalars.allSatisfy(\.isASCII) {
                labels.append(String(label))
                continue
            }
            if let first = label.unicodeScalars.first,
                [.nonspacingMark, .spacingMark, .enclosingMark].contains(first.properties.generalCategory)
            {
                return nil
            }
            guard let encoded = punycode(String(label)) else { return nil }
            labels.append("xn--" + encoded)
        }
        return labels.joined(separator: ".")
    }

    /// RFC 3492 encoding of one label.
    static func punycode(_ label: String) -> String? {
        let base = 36
        let tMin = 1
        let tMax = 26
        let skew = 38
        let damp = 700
        let input = label.unicodeScalars.map { Int($0.value) }
        var output: [UInt8] = input.filter { $0 < 0x80 }.map { UInt8($0) }
        let basicCount = output.count
        var handled = basicCount
        if basicCount > 0 { output.append(UInt8(ascii: "-")) }
        var n = 0x80
        var delta = 0
        var bias = 72

        func digit(_ d: Int) -> UInt8 {
            d < 26 ? UInt8(0x61 + d) : UInt8(0x30 + d - 26)
        }
        func adapt(_ delta: Int, _ points: Int, _ first: Bool) -> Int {
            var delta = first ? delta / damp : delta / 2
            delta += delta / points
            var k = 0
            while delta > ((base - tMin) * tMax) / 2 {
                delta /= base - tMin
                k += base
            }
            return k + (base - tMin + 1) * delta / (delta + skew)
        }

        while handled < input.count {
            guard let m = input.filter({ $0 >= n }).min() else { return nil }
            let (product, overflow) = (m - n).multipliedReportingOverflow(by: handled + 1)
            guard !overflow else { return nil }
            delta += product
            n = m
            for c in input {
                if c < n { delta += 1 }
                if c == n {
                    var q = delta
                    var k = base
                    while true {
                        let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                        if q < t { break }
                        output.append(digit(t + (q - t) % (base - t)))
                        q = (q - t) / (base - t)
                        k += base
                    }
                    output.append(digit(q))
                    bias = adapt(delta, handled + 1, handled == basicCount)
                    delta = 0
                    handled += 1
                }
            }
            delta += 1
            n += 1
        }
        return String(decoding: output, as: UTF8.self)
    }
}

/// RFC 5893's Bidi rule, which UTS #46 checks with CheckBidi, on bidirectional classes
/// read from Unicode block ranges (the standard library has no bidi class): enough for
/// the approximation to refuse what ICU refuses in the usual right-to-left scripts.
enum Bidi {
    enum Class { case l, r, al, an, en, nsm, other }

    static func `class`(of scalar: Unicode.Scalar) -> Class {
        let value = scalar.value
        switch value {
        case 0x30...0x39, 0xB2, 0xB3, 0xB9, 0x6F0...0x6F9: return .en
        case 0x600...0x605, 0x660...0x669, 0x66B, 0x66C, 0x6DD, 0x890, 0x891, 0x8E2, 0x10D30...0x10D39, 0x10E60...0x10E7E:
            return .an
        default: break
        }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark: return .nsm
        default: break
        }
        switch value {
        case 0x590...0x5FF, 0x7C0...0x85F, 0xFB1D...0xFB4F, 0x10800...0x10CFF, 0x10D40...0x10E5F, 0x10E80...0x10FFF,
            0x1E800...0x1EDFF, 0x1EF00...0x1EFFF:
            return .r
        case 0x600...0x7BF, 0x860...0x8FF, 0xFB50...0xFDFF, 0xFE70...0xFEFF, 0x10D00...0x10D2F, 0x1EE00...0x1EEFF:
            return .al
        default: break
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .spacingMark,
            .letterNumber:
            return .l
        default: return .other
        }
    }

    /// Whether every label of `domain` keeps the Bidi rule (always, for a domain with no
    /// right-to-left character or Arabic digit).
    static func allowsLabels(of domain: String) -> Bool {
        let labels = domain.split(separator: ".").map { $0.unicodeScalars.map(`class`(of:)) }
        guard labels.contains(where: { $0.contains { $0 == .r || $0 == .al || $0 == .an } }) else { return true }
        for label in labels {
            guard let first = label.first, first == .l || first == .r || first == .al else { return false }
            let end = label.last { $0 != .nsm } ?? first
            if first == .l {
                guard label.allSatisfy({ $0 == .l || $0 == .en || $0 == .nsm || $0 == .other }),
                    end == .l || end == .en
                else { return false }
            } else {
                guard label.allSatisfy({ $0 != .l }), end == .r || end == .al || end == .en || end == .an,
                    !(label.contains(.en) && label.contains(.an))
                else { return false }
            }
        }
        return true
    }
}
