import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What looking up a host name found.
public enum NameResolution: Sendable, Equatable {
    case addresses([String])
    /// The name does not exist (NXDOMAIN): a definitive answer.
    case noSuchName
    /// The lookup itself failed (no DNS server, a timeout): says nothing about the name.
    case failed(String)
}

/// Turns host names into addresses. The checker looks each host up once and hands the
/// addresses to libcurl, so "no such name" is told apart from "no answer" (which libcurl
/// reports alike), and tests can point names at loopback servers.
public protocol NameResolver: Sendable {
    func resolve(_ host: String) -> NameResolution
}

/// The system's resolver (`getaddrinfo`: /etc/hosts, DNS ...).
public struct SystemResolver: NameResolver {
    public init() {}

    public func resolve(_ host: String) -> NameResolution {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &result)
        defer { if let result { freeaddrinfo(result) } }
        guard status == 0 else {
            if status == EAI_NONAME { return .noSuchName }
            return .failed(String(cString: gai_strerror(status)))
        }
        var addresses: [String] = []
        var current = result
        while let info = current {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(
                info.pointee.ai_addr, info.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0
            {
                let address = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                if !addresses.contains(address) { addresses.append(address) }
            }
            current = info.pointee.ai_next
        }
        return addresses.isEmpty ? .noSuchName : .addresses(addresses)
    }
}

/// Fixed answers, for tests and for pinning names: a name not listed does not exist.
public struct StaticResolver: NameResolver {
    public var hosts: [String: String]

    public init(_ hosts: [String: String]) {
        self.hosts = hosts
    }

    public func resolve(_ host: String) -> NameResolution {
        hosts[host].map { .addresses([$0]) } ?? .noSuchName
    }
}

/// Whether `host` is an IP address (no lookup needed).
func isAddressLiteral(_ host: String) -> Bool {
    if host.contains(":") { return true }
    var address = in_addr()
    return inet_pton(AF_INET, host, &address) == 1
}
