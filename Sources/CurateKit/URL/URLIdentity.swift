/// Decides when two URLs name the same resource: two URLs are duplicates exactly when
/// their keys are equal.
///
/// The generic ladder follows RFC 3986 section 6 plus policy: scheme and host case,
/// `www.`, default ports, user info, percent-encoding, dot segments, tracking
/// parameters, parameter order, trailing `/` and `index.html`, fragments that are not
/// routes. Domain rules (``HostRules``) then turn known sites into typed keys.
public struct URLIdentity: Sendable {
    public var tracking: TrackingParameters
    public var hostRules: HostRules

    public init(tracking: TrackingParameters = .default, hostRules: HostRules = .default) {
        self.tracking = tracking
        self.hostRules = hostRules
    }

    /// The dedupe key of `url`.
    public func key(for url: String) throws(URLProblem) -> String {
        var trace: [String]?
        return try key(for: url, trace: &trace)
    }

    /// The key and the rules that produced it, in order.
    public func explain(_ url: String) throws(URLProblem) -> (key: String, steps: [String]) {
        var trace: [String]? = []
        let key = try key(for: url, trace: &trace)
        return (key, trace ?? [])
    }

    private func key(for url: String, trace: inout [String]?) throws(URLProblem) -> String {
        if let typed = hostRules.identifierKey(for: url, trace: &trace) { return typed }
        var parsed = try ParsedURL.parse(url)
        var normalized = normalize(&parsed, trace: &trace)
        if let typed = hostRules.key(for: &normalized, trace: &trace) { return typed }
        return normalized.serialized
    }

    /// Applies the generic ladder.
    func normalize(_ url: inout ParsedURL, trace: inout [String]?) -> NormalizedURL {
        trace?.append("scheme: http and https are one resource")
        var host = url.host
        if host.hasPrefix("www.") && host.count > 4 {
            host.removeFirst(4)
            trace?.append("host: www. dropped")
        }
        var port = url.port
        if port == 80 || port == 443 {
            port = nil
            trace?.append("port: default port dropped")
        }
        var path = PercentEncoding.normalize(url.path[...])
        if path != url.path { trace?.append("path: percent-encoding normalized") }
        let resolved = Self.removeDotSegments(path)
        if resolved != path {
            path = resolved
            trace?.append("path: dot segments resolved")
        }
        var query: [[UInt8]] = []
        if let raw = url.query {
            for parameter in raw.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
                let name = parameter.prefix { $0 != UInt8(ascii: "=") }
                if tracking.isTracking(name, host: host) {
                    trace?.append("query: tracking parameter \(String(decoding: name, as: UTF8.self)) dropped")
                    continue
                }
                query.append(PercentEncoding.normalize(parameter))
            }
            if query.count > 1 {
                let sorted = query.sorted { $0.lexicographicallyPrecedes($1) }
                if sorted != query { trace?.append("query: parameters sorted") }
                query = sorted
            }
        }
        var fragment: [UInt8]?
        if let raw = url.fragment, let first = raw.first, first == UInt8(ascii: "/") || first == UInt8(ascii: "!") {
            fragment = PercentEncoding.normalize(raw[...])
            trace?.append("fragment: kept, it is a route (#/ or #!)")
        } else if url.fragment != nil {
            trace?.append("fragment: dropped")
        }
        // A final index.html or index.htm names the folder.
        for index in ["/index.html", "/index.htm"] where path.count >= index.count {
            let suffix = path[(path.count - index.count)...]
            if suffix.map({ $0 | (isAlpha($0) ? 0x20 : 0) }).elementsEqual(index.utf8) {
                path.removeLast(index.count - 1)
                trace?.append("path: \(index.dropFirst()) dropped")
                break
            }
        }
        if path.last == UInt8(ascii: "/") {
            while path.last == UInt8(ascii: "/") { path.removeLast() }
            trace?.append("path: trailing / dropped")
        }
        return NormalizedURL(host: host, port: port, path: path, query: query, fragment: fragment)
    }

    /// RFC 3986 section 5.2.4.
    static func removeDotSegments(_ path: [UInt8]) -> [UInt8] {
        guard path.contains(UInt8(ascii: ".")) else { return path }
        let segments = path.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        var output: [ArraySlice<UInt8>] = []
        for (index, segment) in segments.enumerated() {
            let isLast = index == segments.count - 1
            if segment.elementsEqual(".".utf8) {
                if isLast { output.append([]) }
                continue
            }
            if segment.elementsEqual("..".utf8) {
                if output.count > 1 { output.removeLast() }
                if isLast { output.append([]) }
                continue
            }
            output.append(segment)
        }
        var result: [UInt8] = []
        for (index, segment) in output.enumerated() {
            if index > 0 { result.append(UInt8(ascii: "/")) }
            result.append(contentsOf: segment)
        }
        if path.first == UInt8(ascii: "/") && result.first != UInt8(ascii: "/") { result.insert(UInt8(ascii: "/"), at: 0) }
        return result
    }

    // MARK: - Editing URLs as written

    /// The tracking parameters in `url`, by name as written.
    public func trackingParameters(in url: String) -> [String] {
        guard let (host, query) = hostAndQuery(url) else { return [] }
        let bytes = Array(url.utf8)
        return bytes[query].split(separator: UInt8(ascii: "&")).compactMap { parameter in
            let name = parameter.prefix { $0 != UInt8(ascii: "=") }
            return tracking.isTracking(name, host: host) ? String(decoding: name, as: UTF8.self) : nil
        }
    }

    /// `url` exactly as written but without its tracking parameters; nil when it has none.
    public func removingTrackingParameters(from url: String) -> String? {
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

    /// The host (normalized, without `www.`) and the byte range of the query of `url`.
    private func hostAndQuery(_ url: String) -> (String, Range<Int>)? {
        guard url.utf8.contains(UInt8(ascii: "?")), let parsed = try? ParsedURL.parse(url) else { return nil }
        let bytes = Array(url.utf8)
        guard let mark = bytes.firstIndex(of: UInt8(ascii: "?")) else { return nil }
        var end = mark + 1
        while end < bytes.count && bytes[end] != UInt8(ascii: "#") { end += 1 }
        var host = parsed.host
        if host.hasPrefix("www.") { host.removeFirst(4) }
        return (host, (mark + 1)..<end)
    }
}

/// A URL after the generic ladder.
public struct NormalizedURL: Sendable, Equatable {
    public var host: String
    public var port: Int?
    public var path: [UInt8]
    /// Parameters, normalized and sorted.
    public var query: [[UInt8]]
    public var fragment: [UInt8]?

    public var serialized: String {
        var result = Array(host.utf8)
        if let port {
            result.append(UInt8(ascii: ":"))
            result.append(contentsOf: String(port).utf8)
        }
        result.append(contentsOf: path)
        if !query.isEmpty {
            result.append(UInt8(ascii: "?"))
            for (index, parameter) in query.enumerated() {
                if index > 0 { result.append(UInt8(ascii: "&")) }
                result.append(contentsOf: parameter)
            }
        }
        if let fragment {
            result.append(UInt8(ascii: "#"))
            result.append(contentsOf: fragment)
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Path segments (percent-normalized), without empty ones.
    public var segments: [Substring] {
        String(decoding: path, as: UTF8.self).split(separator: "/")
    }

    /// The value of query parameter `name`, as written (normalized).
    public func parameter(_ name: String) -> String? {
        for parameter in query {
            let key = parameter.prefix { $0 != UInt8(ascii: "=") }
            if key.elementsEqual(name.utf8) {
                return String(decoding: parameter.dropFirst(key.count + 1), as: UTF8.self)
            }
        }
        return nil
    }
}
