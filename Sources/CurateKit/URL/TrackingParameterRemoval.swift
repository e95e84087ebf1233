import CurateMarkdown

/// Removing tracking parameters from a URL as written, for `curate fmt`: everything else
/// (case, order, escapes, fragment) stays byte for byte.
extension URLIdentity {
    /// `url` exactly as written but without its tracking parameters; nil when it has none.
    public func removingTrackingParameters(from url: String) -> String? {
        let bytes = Array(url.utf8)
        guard let query = Self.query(of: bytes) else { return nil }
        // The parameters are read where they are, between `&`s (fmt asks this of every link
        // with a query: a large post has tens of thousands).
        func forEachParameter(_ body: (Range<Int>) -> Void) {
            var start = query.lowerBound
            for index in query where bytes[index] == UInt8(ascii: "&") {
                body(start..<index)
                start = index + 1
            }
            body(start..<query.upperBound)
        }
        func name(_ parameter: Range<Int>) -> ArraySlice<UInt8> {
            bytes[parameter.lowerBound..<(bytes[parameter].firstIndex(of: UInt8(ascii: "=")) ?? parameter.upperBound)]
        }
        // Most queries (`?v=…`, `?page=2`) hold no name that tracks anywhere: answered
        // without parsing the URL for its host.
        var mightTrack = false
        forEachParameter { if !mightTrack { mightTrack = tracking.mightTrack(name($0)) } }
        guard mightTrack, let parsed = try? ParsedURL.parse(utf8: bytes) else { return nil }
        // The names that track on this host, looked up once for all its parameters.
        let hostNames = tracking.perHostNames(for: Self.droppingWWW(parsed.host))
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        result.append(contentsOf: bytes[..<(query.lowerBound - 1)])
        var removed = false
        var kept = 0
        forEachParameter { parameter in
            if tracking.isTracking(name(parameter), hostNames: hostNames) {
                removed = true
            } else if !parameter.isEmpty {
                result.append(kept == 0 ? UInt8(ascii: "?") : UInt8(ascii: "&"))
                result.append(contentsOf: bytes[parameter])
                kept += 1
            }
        }
        guard removed else { return nil }
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
