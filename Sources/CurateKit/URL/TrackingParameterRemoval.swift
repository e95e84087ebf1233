import CurateMarkdown

/// Removing tracking parameters from a URL as written, for `curate fmt`: everything else
/// (case, order, escapes, fragment) stays byte for byte.
extension URLIdentity {
    /// `url` exactly as written but without its tracking parameters; nil when it has none.
    public func removingTrackingParameters(from url: String) -> String? {
        // Most queries (`?v=…`, `?page=2`) hold no name that tracks anywhere: answered
        // without parsing the URL for its host.
        guard mightHoldTracking(url) else { return nil }
        guard let (host, query) = hostAndQuery(url) else { return nil }
        let bytes = Array(url.utf8)
        let parameters = bytes[query].split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: false)
        let kept = parameters.filter { parameter in
            !tracking.isTracking(parameter.prefix { $0 != UInt8(ascii: "=") }, host: host)
        }
        guard kept.count < parameters.count else { return nil }
        var result = Array(bytes[..<(query.lowerBound - 1)])
        let joined = kept.filter { !$0.isEmpty }
        if !joined.isEmpty {
            result.append(UInt8(ascii: "?"))
            for (index, parameter) in joined.enumerated() {
                if index > 0 { result.append(UInt8(ascii: "&")) }
                result.append(contentsOf: parameter)
            }
        }
        result.append(contentsOf: bytes[query.upperBound...])
        return String(decoding: result, as: UTF8.self)
    }

    /// Whether a parameter of the query of `url` (as ``hostAndQuery(_:)`` finds it) is
    /// named as tracking on some host.
    private func mightHoldTracking(_ url: String) -> Bool {
        let bytes = Array(url.utf8)
        guard let mark = Self.queryMark(bytes) else { return false }
        var start = mark + 1
        while start < bytes.count && bytes[start] != UInt8(ascii: "#") {
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: "&") && bytes[end] != UInt8(ascii: "#") { end += 1 }
            var nameEnd = start
            while nameEnd < end && bytes[nameEnd] != UInt8(ascii: "=") { nameEnd += 1 }
            if nameEnd > start && tracking.mightTrack(bytes[start..<nameEnd]) { return true }
            if end < bytes.count && bytes[end] == UInt8(ascii: "#") { break }
            start = end + 1
        }
        return false
    }

    /// Where the query of a URL's bytes starts: its first `?`, unless a `#` comes before it
    /// (`#S3?x=1` is a fragment, parameters and all).
    private static func queryMark(_ bytes: [UInt8]) -> Int? {
        for (index, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "?") { return index }
            if byte == UInt8(ascii: "#") { return nil }
        }
        return nil
    }

    /// The host (normalized, without `www.`) and the byte range of the query of `url`.
    private func hostAndQuery(_ url: String) -> (String, Range<Int>)? {
        guard url.containsUTF8(UInt8(ascii: "?")), let parsed = try? ParsedURL.parse(url) else { return nil }
        let bytes = Array(url.utf8)
        guard let mark = Self.queryMark(bytes) else { return nil }
        var end = mark + 1
        while end < bytes.count && bytes[end] != UInt8(ascii: "#") { end += 1 }
        let host = Self.droppingWWW(parsed.host)
        return (host, (mark + 1)..<end)
    }
}
