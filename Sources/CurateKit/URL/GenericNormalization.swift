/// The generic ladder every URL goes through before the domain rules: RFC 3986 section 6
/// plus policy (`www.`, mobile hosts, default ports, percent-encoding, dot segments,
/// tracking parameters, parameter order, trailing `/`, `index.html`, fragments).
extension URLIdentity {
    /// `example.com` for `www.example.com` (and `www.www.example.com`); a host that is
    /// `www.` and one label (`www.watch`) keeps it.
    public static func droppingWWW(_ host: String) -> String {
        let dropped = host.withUTF8Bytes { bytes in
            var offset = 0
            while offset + 4 < bytes.count, bytes[offset] == UInt8(ascii: "w"), bytes[offset + 1] == UInt8(ascii: "w"),
                bytes[offset + 2] == UInt8(ascii: "w"), bytes[offset + 3] == UInt8(ascii: "."),
                bytes[(offset + 4)...].contains(UInt8(ascii: "."))
            {
                offset += 4
            }
            return offset
        }
        return dropped == 0 ? host : String(host[host.utf8.index(host.startIndex, offsetBy: dropped)...])
    }

    /// Drops `m.`/`mobile.` from known hosts (`en.m.wikipedia.org` too).
    private func droppingMobilePrefix(_ host: String, trace: inout [String]?) -> String {
        guard Self.hasMobileLabel(host) else { return host }
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

    /// Whether the first label of `host` is `m` or `mobile`, or its second is `m`: the only
    /// hosts ``droppingMobilePrefix(_:trace:)`` may change, found on the bytes (nearly no
    /// host is one, and then no Substring is made).
    private static func hasMobileLabel(_ host: String) -> Bool {
        host.withUTF8Bytes { bytes in
            guard let dot = bytes.firstIndex(of: UInt8(ascii: ".")) else { return false }
            if dot == 1 && bytes[0] == UInt8(ascii: "m") { return true }
            if dot == 6 && bytes[..<6].elementsEqual("mobile".utf8) { return true }
            return dot + 2 < bytes.count && bytes[dot + 1] == UInt8(ascii: "m") && bytes[dot + 2] == UInt8(ascii: ".")
        }
    }

    /// Applies the generic ladder.
    func normalize(
        _ url: inout ParsedURL, trace: inout [String]?, tracking found: inout [String]?, rules: inout RuleSet
    ) -> NormalizedURL {
        var none = HostMemo.none
        return normalize(&url, trace: &trace, tracking: &found, rules: &rules, memo: &none, place: 0)
    }

    /// The ladder, what it makes of the host remembered in `memo` at the host's `place`
    /// (``ParsedURL/parse(utf8:memo:)``) and read from there when it was made before (not
    /// with a trace, which says how it is made).
    func normalize(
        _ url: inout ParsedURL, trace: inout [String]?, tracking found: inout [String]?, rules: inout RuleSet,
        memo: inout HostMemo, place: Int
    ) -> NormalizedURL {
        trace?.append("scheme: http and https are one resource")
        let remembered = trace == nil ? memo.normalized(at: place, host: url.host) : nil
        let read = remembered ?? normalizedHost(of: url.host, trace: &trace)
        if remembered == nil, trace == nil { memo.remember(read, at: place, host: url.host) }
        let host = read.host
        let policy = read.policy
        let facts = (tracking: read.tracking, rules: read.rules)
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
        if Self.hasDotSegment(path) {
            let resolved = Self.removeDotSegments(path)
            if resolved != path {
                path = resolved
                trace?.append("path: dot segments resolved")
            }
        }
        var query: [[UInt8]] = []
        if let raw = url.query {
            let ignoreQuery = policy?.ignoreQuery == true
            if ignoreQuery { trace?.append("query: ignored on this host (curate.yml)") }
            let hostParameters = facts.tracking
            if !ignoreQuery {
                // Counted in a loop without an exit, which the compiler makes wide.
                var separators = 0
                for byte in raw { separators &+= byte == UInt8(ascii: "&") ? 1 : 0 }
                query.reserveCapacity(separators + 1)
            }
            let amp = UInt8(ascii: "&")
            var start = raw.startIndex
            while start < raw.endIndex {
                let end = raw.withUnsafeBufferPointer { bytes in
                    raw.startIndex
                        + WordScan.firstIndex(in: bytes, from: start - raw.startIndex, to: bytes.count, amp, amp, amp, amp)
                }
                let parameter = raw[start..<end]
                start = end + 1
                if parameter.isEmpty { continue }
                let name = parameter.prefix { $0 != UInt8(ascii: "=") }
                if tracking.isTracking(name, hostNames: hostParameters) {
                    found?.append(String(decoding: name, as: UTF8.self))
                    trace?.append("query: tracking parameter \(String(decoding: name, as: UTF8.self)) dropped")
                    continue
                }
                if !ignoreQuery { query.append(PercentEncoding.normalize(parameter)) }
            }
            // Sorted only when out of order (equal parameters are the same bytes in any order).
            if query.count > 1, zip(query, query.dropFirst()).contains(where: { $1.lexicographicallyPrecedes($0) }) {
                query.sort { $0.lexicographicallyPrecedes($1) }
                trace?.append("query: parameters sorted")
            }
        }
        var fragment: [UInt8]?
        if let raw = url.fragment, keepsFragments && policy?.keepFragment != true, Self.namesPart(raw) {
            fragment = PercentEncoding.normalize(Self.partOfPage(raw))
        } else if let raw = url.fragment, policy?.keepFragment == true, !raw.isEmpty {
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
            if let index = Self.indexFile(endingPath: path) {
                path.removeLast(index.utf8CodeUnitCount - 1)
                trace?.append("path: \(String(decoding: index.bytes.dropFirst(), as: UTF8.self)) dropped")
                changed = true
            }
        }
        return NormalizedURL(host: host, port: port, path: path, query: query, fragment: fragment)
    }

    /// The host of the key (`www.` and mobile prefixes dropped, the configuration's alias),
    /// its policy, and its tracking names and domain rules.
    private func normalizedHost(of parsedHost: String, trace: inout [String]?) -> HostMemo.Normalized {
        var host = Self.droppingWWW(parsedHost)
        if host != parsedHost { trace?.append("host: www. dropped") }
        if !mobileHosts.isEmpty { host = droppingMobilePrefix(host, trace: &trace) }
        let policy = policy(for: host)
        if let alias = policy?.sameAs, alias != host {
            trace?.append("host: \(host) is \(alias) (curate.yml)")
            host = alias
        }
        let facts = facts(for: host)
        return HostMemo.Normalized(host: host, policy: policy, tracking: facts.tracking, rules: facts.rules)
    }

    /// The final path segment that names its folder (`/index.html` or `/index.htm`, in
    /// any case) that ends `path`, if one does.
    static func indexFile(endingPath path: [UInt8]) -> StaticString? {
        // Most paths do not end in `.htm` or `.html`: decided from the last bytes.
        guard let last = path.last, last | 0x20 == UInt8(ascii: "l") || last | 0x20 == UInt8(ascii: "m") else { return nil }
        for index: StaticString in ["/index.html", "/index.htm"] where path.count >= index.utf8CodeUnitCount {
            let suffix = path[(path.count - index.utf8CodeUnitCount)...]
            if suffix.elementsEqual(index.bytes, by: { $0 | (isAlpha($0) ? 0x20 : 0) == $1 }) { return index }
        }
        return nil
    }

    /// RFC 3986 section 5.2.4, on the segments between `/`s: `.` is dropped, `..` drops
    /// the segment before it (never the first), and either one last leaves the path
    /// ending in `/`. Built in one buffer, where the segment to drop is the text after
    /// its last `/` (a segment holds no `/`).
    static func removeDotSegments(_ path: [UInt8]) -> [UInt8] {
        guard hasDotSegment(path) else { return path }
        var result: [UInt8] = []
        result.reserveCapacity(path.count + 1)
        var segments = 0
        var start = 0
        while true {
            let end = path[start...].firstIndex(of: UInt8(ascii: "/")) ?? path.count
            let segment = path[start..<end]
            let isLast = end == path.count
            let isDotSegment = segment.elementsEqual(".") || segment.elementsEqual("..")
            if segment.elementsEqual(".."), segments > 1, let slash = result.lastIndex(of: UInt8(ascii: "/")) {
                result.removeSubrange(slash...)  // the segment before
                segments -= 1
            }
            if !isDotSegment || isLast {
                // A segment, or the empty one that a last `.` or `..` leaves.
                if segments > 0 { result.append(UInt8(ascii: "/")) }
                if !isDotSegment { result.append(contentsOf: segment) }
                segments += 1
            }
            if isLast { break }
            start = end + 1
        }
        if path.first == UInt8(ascii: "/") && result.first != UInt8(ascii: "/") { result.insert(UInt8(ascii: "/"), at: 0) }
        return result
    }

    /// Whether a segment of `path` is `.` or `..`.
    static func hasDotSegment(_ path: [UInt8]) -> Bool {
        path.withUnsafeBufferPointer(hasDotSegment)
    }

    private static func hasDotSegment(_ path: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = path.count
        let dot = UInt8(ascii: ".")
        // From one `.` to the next, eight bytes a step: most paths have none or few.
        var index = 0
        while index < count {
            let at = WordScan.firstIndex(in: path, from: index, to: count, dot, dot, dot, dot)
            guard at < count else { return false }
            if at == 0 || path[at - 1] == UInt8(ascii: "/") {
                var end = at + 1
                if end < count, path[end] == UInt8(ascii: ".") { end += 1 }
                if end == count || path[end] == UInt8(ascii: "/") { return true }
            }
            index = at + 1
        }
        return false
    }
}
