import CGit2
import CGit2Shim
import Foundation

/// An error from libgit2, with libgit2's own message read right after the failing call.
public struct GitError: Error, Equatable, CustomStringConvertible {
    public var code: Int32
    public var message: String
    /// What curate was doing (`open the repository containing /x`).
    public var operation: String

    public init(code: Int32, message: String, operation: String) {
        self.code = code
        self.message = message
        self.operation = operation
    }

    public var description: String { "\(operation): \(message)" }

    /// A reference did not hold the value a compare-and-swap expected.
    public var isModified: Bool { code == GIT_EMODIFIED.rawValue }
    public var isNotFound: Bool { code == GIT_ENOTFOUND.rawValue }
    public var isExists: Bool { code == GIT_EEXISTS.rawValue }
    public var isLocked: Bool { code == GIT_ELOCKED.rawValue }

    /// Throws when `code` is negative, carrying `git_error_last()`'s message.
    static func check(_ code: Int32, _ operation: @autoclosure () -> String) throws {
        guard code < 0 else { return }
        throw GitError(code: code, message: lastMessage(code), operation: operation())
    }

    static func lastMessage(_ code: Int32) -> String {
        if let last = git_error_last(), let text = last.pointee.message {
            return String(cString: text)
        }
        return "libgit2 error \(code)"
    }
}

/// libgit2's global state, set up once per process. The system's certificate
/// authorities are read at the first https connection, not here (CGit2Shim).
public enum LibGit2 {
    static let initialized: Bool = {
        curate_git_init()
        curate_git_set_network_timeout(Int32(clamping: networkTimeout))
        return true
    }()

    /// Seconds a fetch or push waits for a server that sends nothing before giving up:
    /// `CURATE_GIT_TIMEOUT` (0: for ever), else 60.
    public static var networkTimeout: Int { timeoutSetting.seconds }

    /// `CURATE_GIT_TIMEOUT` as given when it is not a whole number of seconds (remote
    /// operations then refuse to start, rather than wait 60 s unannounced).
    static var invalidNetworkTimeout: String? { timeoutSetting.invalid }

    private static let timeoutSetting: (seconds: Int, invalid: String?) = {
        guard let value = ProcessInfo.processInfo.environment["CURATE_GIT_TIMEOUT"] else { return (60, nil) }
        guard let seconds = Int(value), seconds >= 0 else { return (60, value) }
        return (seconds, nil)
    }()

    /// Whether libgit2's reading of the system's certificate authorities was left for
    /// the first TLS connection (false where libgit2 does not use mbedTLS).
    public static var certificatesDeferred: Bool {
        _ = initialized
        return curate_git_certificates_deferred() != 0
    }

    /// Whether they are still to be read.
    public static var certificatesPending: Bool {
        _ = initialized
        return curate_git_certificates_pending() != 0
    }
}
