import CurateMarkdown

/// Removing tracking parameters from a URL as written, for `curate fmt`: everything else
/// (case, order, escapes, fragment) stays byte for byte.
extension URLIdentity {
    /// `url` exactly as written but without its tracking parameters; nil when it has none.
    public func removingTrackingParameters(from url: String) -> String? {
        let bytes = Array(url.utf8)
        guard let query = Self.query(of: bytes) else { return nil }
        let parameters = bytes[query].split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: false)
        func name(_ parameter: ArraySlice<UInt8>) -> ArraySlice<UInt8> { parameter.prefix { $0 != UInt8(ascii: "=") } }
        // Most queries (`?v=…`, `?page=2`) hold no name that tracks anywhere: answered
        // without parsing the URL for its host.
        guard parameters.contains(where: { tracking.mightTrack(name($0)) }), let parsed = try? ParsedURL.parse(url) else {
            return nil
        }
        let host = Self.droppingWWW(parsed.host)
        let kept = parameters.filter { !tracking.isTracking(name($0), host: host) }
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

    /// The bytes of the query of a URL's bytes: after its first `?` up to the `#` after it,
    /// unless a `#` comes before that `?` (`#S3?x=1` is a fragment, parameters and all).
    private static func query(of bytes: [UInt8]) -> Range<Int>? {
        guard let mark = bytes.firstIndex(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }),
            bytes[mark] == UInt8(ascii: "?")
        else { return nil }
        let end = bytes[(mark + 1)...].firstIndex(of: UInt8(ascii: "#")) ?? bytes.count
        return (mark + 1)..<end
    }
}
