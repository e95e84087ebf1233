import Foundation

/// A remote repository as the user wrote it (`https://user:token@host/list.git`,
/// `git@host:org/list`, `ssh://host:2222/list`, `git://host/list`, a path or `file://`),
/// split into what identifies it and the credentials written in it. The credentials log
/// in and are never part of `redacted`, which is what trailers, refs, messages and
/// errors show.
public struct RemoteAddress: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case path, file, git, http, https, ssh
        /// `user@host:path`, ssh in scp's form.
        case scp
    }

    public var kind: Kind
    /// The address without user name or password: the repository's identity.
    public var redacted: String
    /// The user name written in it, percent-decoded.
    public var username: String?
    /// The password (or token) written in it, percent-decoded.
    public var password: String?
    /// The host (empty for a path).
    public var host: String
    /// The path on the host (or the local path).
    public var path: String
    /// What libgit2 is given: no password ever, and no user name but for scp's form
    /// (the user name of a URL comes through the credentials callback instead).
    var forTransport: String

    public var isNetwork: Bool { kind != .path && kind != .file }

    public init(_ given: String) {
        if let schemeEnd = given.range(of: "://") {
            let scheme = given[..<schemeEnd.lowerBound].lowercased()
            kind = Kind(rawValue: scheme == "git+ssh" || scheme == "ssh+git" ? "ssh" : scheme) ?? .https
            let rest = given[schemeEnd.upperBound...]
            let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
            var authority = rest[..<authorityEnd]
            if let at = authority.lastIndex(of: "@") {
                let userinfo = authority[..<at]
                authority = authority[authority.index(after: at)...]
                if let colon = userinfo.firstIndex(of: ":") {
                    username = Self.percentDecoded(userinfo[..<colon])
                    password = Self.percentDecoded(userinfo[userinfo.index(after: colon)...])
                } else {
                    username = Self.percentDecoded(userinfo)
                }
                if username?.isEmpty == true { username = nil }
            }
            host = String(authority.split(separator: ":").first ?? "")
            path = String(rest[authorityEnd...])
            redacted = given[..<schemeEnd.upperBound] + authority + path
            forTransport = redacted
            if kind == .file { path = String(rest) }
        } else if let colon = given.firstIndex(of: ":"), !given.hasPrefix("/"), !given.hasPrefix("."),
            !given[..<colon].contains("/")
        {
            // scp's form: [user@]host:path (a path has a / before any :).
            kind = .scp
            var authority = given[..<colon]
            if let at = authority.lastIndex(of: "@") {
                username = String(authority[..<at])
                authority = authority[authority.index(after: at)...]
            }
            host = String(authority)
            path = String(given[given.index(after: colon)...])
            redacted = host + ":" + path
            forTransport = given
        } else {
            kind = .path
            host = ""
            path = given
            redacted = given
            forTransport = given
        }
    }

    private static func percentDecoded(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var index = text.utf8.startIndex
        let utf8 = text.utf8
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%"), let first = utf8.index(index, offsetBy: 1, limitedBy: utf8.endIndex),
                first < utf8.endIndex, let second = utf8.index(first, offsetBy: 1, limitedBy: utf8.endIndex),
                second < utf8.endIndex, let high = hexValue(utf8[first]), let low = hexValue(utf8[second])
            {
                bytes.append(high << 4 | low)
                index = utf8.index(after: second)
            } else {
                bytes.append(byte)
                index = utf8.index(after: index)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// `text` with the credentials written in the address taken out (for libgit2's and
    /// git's messages, which may quote what they were given).
    public func redacting(_ text: String) -> String {
        var result = text.replacingOccurrences(of: forTransport, with: redacted)
        if let password, !password.isEmpty { result = result.replacingOccurrences(of: password, with: "***") }
        return result
    }
}
