import CGit2

/// A git object id (SHA-1), as a value.
public struct ObjectID: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    init(_ oid: git_oid) {
        var oid = oid
        bytes = withUnsafeBytes(of: &oid.id) { Array($0) }
    }

    init?(_ pointer: UnsafePointer<git_oid>?) {
        guard let pointer else { return nil }
        self.init(pointer.pointee)
    }

    /// Parses 40 hexadecimal digits.
    public init?(hex: String) {
        var oid = git_oid()
        guard hex.utf8.count == 40, git_oid_fromstr(&oid, hex) == 0 else { return nil }
        self.init(oid)
    }

    var raw: git_oid {
        var oid = git_oid()
        withUnsafeMutableBytes(of: &oid.id) { $0.copyBytes(from: bytes) }
        return oid
    }

    public var description: String {
        bytes.map { byte in
            let digits = Array("0123456789abcdef".utf8)
            return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0xF)]], as: UTF8.self)
        }.joined()
    }

    /// The first seven hexadecimal digits.
    public var short: String { String(description.prefix(7)) }
}
