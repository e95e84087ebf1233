/// A redirect's `Location` resolved against the URL that answered it, as browsers resolve
/// it (the WHATWG URL standard, for http and https): `\` is `/`, `http:/path` on an http
/// page is relative, percent escapes stay as written (`%zz` too), and spaces and bytes
/// outside ASCII are percent-encoded. Nil for another scheme (`ftp:`, `javascript:`).
enum RedirectLocation {
    static func resolve(_ location: String, against base: String) -> String? {
        // Leading and trailing spaces and controls go; tabs and line breaks inside too.
        var text = Substring(location).drop { $0.asciiValue.map { $0 <= 0x20 } ?? false }
        while let last = text.last, last.asciiValue.map({ $0 <= 0x20 }) ?? false { text = text.dropLast() }
        var written = String(text.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" })
        guard let base = Parts(base) else { return nil }
        if let scheme = scheme(of: written) {
            guard scheme == "http" || scheme == "https" else { return nil }
            let rest = slashed(String(written.dropFirst(scheme.count + 1)))
            if scheme == base.scheme && !rest.hasPrefix("//") {
                written = rest  // relative, on the same scheme
            } else {
                return encoded(scheme + "://" + rest.drop { $0 == "/" })
            }
        }
        written = slashed(written)
        let resolved: String
        if written.hasPrefix("//") {
            resolved = base.scheme + ":" + written
        } else if written.hasPrefix("/") {
            resolved = base.origin + removingDotSegments(written)
        } else if written.hasPrefix("?") {
            resolved = base.origin + base.path + written
        } else if written.hasPrefix("#") {
            resolved = base.origin + base.path + base.query + written
        } else if written.isEmpty {
            resolved = base.origin + base.path + base.query
        } else {
            let directory = base.path[...(base.path.lastIndex(of: "/") ?? base.path.startIndex)]
            resolved = base.origin + removingDotSegments(String(directory) + written)
        }
        return encoded(resolved)
    }

    /// The scheme of an absolute URL reference, lowercased; nil for a relative one.
    private static func scheme(of text: String) -> String? {
        guard let colon = text.firstIndex(of: ":"), let first = text.first, first.isASCII, first.isLetter else { return nil }
        let name = text[..<colon]
        guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else { return nil }
        return name.lowercased()
    }

    /// `/a/./b/../c` is `/a/c`, in the path only (the query and fragment as written).
    private static func removingDotSegments(_ reference: String) -> String {
        let end = reference.firstIndex { $0 == "?" || $0 == "#" } ?? reference.endIndex
        var output: [Substring] = []
        let segments = reference[..<end].split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        for (index, segment) in segments.enumerated() {
            let last = index == segments.count - 1
            switch segment.lowercased() {
            case ".", "%2e":
                if last { output.append("") }
            case "..", ".%2e", "%2e.", "%2e%2e":
                if !output.isEmpty { output.removeLast() }
                if last { output.append("") }
            default:
                output.append(segment)
            }
        }
        return "/" + output.joined(separator: "/") + reference[end...]
    }

    /// `\` read as `/` where the standard reads it so: before the query and fragment.
    private static func slashed(_ text: String) -> String {
        let end = text.firstIndex { $0 == "?" || $0 == "#" } ?? text.endIndex
        return text[..<end].replacingOccurrences(of: "\\", with: "/") + text[end...]
    }

    /// `url` as it is sent: the bytes the standard percent-encodes (controls, spaces, bytes
    /// outside ASCII, `"<>`; in the path also `` ` ``, `{`, `}`, `^`; in the query `'`)
    /// encoded, the rest as written, `%` included (an escape stays one, `%zz` too).
    static func encoded(_ url: String) -> String {
        var result = ""
        var inPath = true
        var afterAuthority = false
        var slashes = 0
        for byte in url.utf8 {
            if !afterAuthority {
                if byte == UInt8(ascii: "/") { slashes += 1 }
                if slashes == 3 { afterAuthority = true }
            }
            if byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") { inPath = false }
            let always =
                byte <= 0x20 || byte >= 0x7F || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "<")
                || byte == UInt8(ascii: ">") || (!inPath && byte == UInt8(ascii: "'"))
            let path =
                inPath && afterAuthority
                && (byte == UInt8(ascii: "`") || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}")
                    || byte == UInt8(ascii: "^"))
            if always || path {
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            } else {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return result
    }

    /// An http(s) URL split as written: scheme, origin (`scheme://authority`), path (at
    /// least `/`) and query (with its `?`, or empty).
    private struct Parts {
        var scheme: String
        var origin: String
        var path: String
        var query: String

        init?(_ url: String) {
            guard let separator = url.range(of: "://") else { return nil }
            scheme = url[..<separator.lowerBound].lowercased()
            let afterAuthority =
                url[separator.upperBound...].firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? url.endIndex
            origin = String(url[..<afterAuthority])
            let rest = url[afterAuthority...]
            let fragment = rest.firstIndex(of: "#") ?? rest.endIndex
            let queryStart = rest[..<fragment].firstIndex(of: "?") ?? fragment
            let path = String(rest[..<queryStart])
            self.path = path.isEmpty ? "/" : path
            query = String(rest[queryStart..<fragment])
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: Swift.max(0, width - count)) + self
    }
}
