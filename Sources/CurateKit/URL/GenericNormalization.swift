/// The generic ladder every URL goes through before the domain rules: RFC 3986 section 6
/// plus policy (`www.`, mobile hosts, default ports, percent-encoding, dot segments,
/// tracking parameters, parameter order, trailing `/`, `index.html`, fragments).
extension URLIdentity {
    /// `example.com` for `www.example.com` (and `www.www.example.com`); a host that is
    /// `www.` and one label (`www.watch`) keeps it.
    public static func droppingWWW(_ host: String) -> String {
        var result = Substring(host)
        while result.utf8.starts(with: "www.".utf8), result.utf8.dropFirst(4).contains(UInt8(ascii: ".")) {
            result = result[result.utf8.index(result.startIndex, offsetBy: 4)...]
        }
        return String(result)
    }

    /// Drops `m.`/`mobile.` from known hosts (`en.m.wikipedia.org` too).
    private func droppingMobilePrefix(_ host: String, trace: inout [String]?) -> String {
        let bytes = host.utf8
        guard let dot = bytes.firstIndex(of: UInt8(ascii: ".")) else { return host }
        let label = host[..<dot]
        let afterDot = bytes.index(after: dot)
        let labelBytes = bytes[..<dot]
        if labelBytes.elementsEqual("m".utf8) || labelBytes.elementsEqual("mobile".utf8) {
            let rest = String(host[afterDot...])
            if isMobileHost(rest) {
                trace?.append("host: mobile \(label). dropped on \(rest)")
                return rest
            }
        }
        if host.utf8[afterDot...].starts(with: "m.".utf8) {
            let parent = String(host[bytes.index(afterDot, offsetBy: 2)...])
            if mobileHosts.contains(parent) {
                trace?.append("host: mobile m. dropped on \(parent)")
                return String(label) + "." + parent
            }
        }
        return host
    }

    /// Whether `host` or a parent domain of it is one of ``mobileHosts``.
    private func isMobileHost(_ host: String) -> Bool {
        var found = false
        forEachSuffix(of: host) { domain in
            found = mobileHosts.contains(String(domain))
            return found
        }
        return found
    }

    /// Applies the generic ladder.
    func normalize(
        _ url: inout ParsedURL, trace: inout [String]?, tracking found: inout [String], rules: inout [Int]
    ) -> NormalizedURL {
        trace?.append("scheme: http and https are one resource")
        var host = Self.droppingWWW(url.host)
        if host != url.host { trace?.append("host: www. dropped") }
        if !mobileHosts.isEmpty { host = droppingMobilePrefix(host, trace: &trace) }
        let policy = policy(for: host)
        if let alias = policy?.sameAs, alias != host {
            trace?.append("host: \(host) is \(alias) (curate.yml)")
            host = alias
        }
        let facts = facts(for: host)
        rules = facts.rules
        var port = url.port
        if port == 80 || port == 443 {
            port = nil
            trace?.append("port: default port dropped")
        }
        var path = PercentEncoding.normalize(url.path)
        if trace != nil, !path.elementsEqual(url.path) { trace?.append("path: percent-encoding normalized") }
        if policy?.ignorePathCase == true {
            path = path.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
            trace?.append("path: case ignored on this host (curate.yml)")
        }
        let resolved = Self.removeDotSegments(path)
        if resolved != path {
            path = resolved
            trace?.append("path: dot segments resolved")
        }
        var query: [[UInt8]] = []
        if let raw = url.query {
            let ignoreQuery = policy?.ignoreQuery == true
            if ignoreQuery { trace?.append("query: ignored on this host (curate.yml)") }
            let hostParameters = facts.tracking
            var start = raw.startIndex
            while start < raw.endIndex {
                var end = start
                while end < raw.endIndex && raw[end] != UInt8(ascii: "&") { end += 1 }
                let parameter = raw[start..<end]
                start = end + 1
                if parameter.isEmpty { continue }
                let name = parameter.prefix { $0 != UInt8(ascii: "=") }
                if tracking.isTracking(name, hostNames: hostParameters) {
                    found.append(String(decoding: name, as: UTF8.self))
                    trace?.append("query: tracking parameter \(String(decoding: name, as: UTF8.self)) dropped")
                    continue
                }
                if !ignoreQuery { query.append(PercentEncoding.normalize(parameter)) }
            }
            if query.count > 1 {
                let sorted = query.sorted { $0.lexicographicallyPrecedes($1) }
                if sorted != query { trace?.append("query: parameters sorted") }
                query = sorted
            }
        }
        var fragment: [UInt8]?
        if let raw = url.fragment, policy?.keepFragment == true, !raw.isEmpty {
            fragment = PercentEncoding.normalize(raw)
            trace?.append("fragment: kept on this host (curate.yml)")
        } else if let raw = url.fragment, let first = raw.first, first == UInt8(ascii: "/") || first == UInt8(ascii: "!") {
            fragment = PercentEncoding.normalize(raw)
            trace?.append("fragment: kept, it is a route (#/ or #!)")
        } else if url.fragment != nil {
            trace?.append("fragment: dropped")
        }
        // A final index.html or index.htm names the folder, and a trailing / is the
        // same page; repeated until neither applies (`/a/index.html//`).
        var changed = true
        while changed {
            changed = false
            if path.last == UInt8(ascii: "/") {
                while path.last == UInt8(ascii: "/") { path.removeLast() }
                trace?.append("path: trailing / dropped")
                changed = true
            }
            for index in Self.indexFiles where path.count >= index.utf8.count {
                let suffix = path[(path.count - index.utf8.count)...]
                if suffix.elementsEqual(index.utf8, by: { $0 | (isAlpha($0) ? 0x20 : 0) == $1 }) {
                    path.removeLast(index.utf8.count - 1)
                    trace?.append("path: \(index.dropFirst()) dropped")
                    changed = true
                    break
                }
            }
        }
        return NormalizedURL(host: host, port: port, path: path, query: query, fragment: fragment)
    }

    /// Final path segments that name their folder.
    static let indexFiles = ["/index.html", "/index.htm"]

    /// RFC 3986 section 5.2.4.
    static func removeDotSegments(_ path: [UInt8]) -> [UInt8] {
        guard hasDotSegment(path) else { return path }
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

    /// Whether a segment of `path` is `.` or `..`.
    private static func hasDotSegment(_ path: [UInt8]) -> Bool {
        var index = 0
        let count = path.count
        while index < count {
            if path[index] == UInt8(ascii: "."), index == 0 || path[index - 1] == UInt8(ascii: "/") {
                var end = index + 1
                if end < count, path[end] == UInt8(ascii: ".") { end += 1 }
                if end == count || path[end] == UInt8(ascii: "/") { return true }
            }
            index += 1
        }
        return false
    }
}
