import CGit2
import CGit2Shim
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Why a remote operation failed, with what to do about it.
public enum RemoteError: Error, Equatable, CustomStringConvertible {
    /// The server refused to update these references (`push_update_reference`).
    case pushRejected(remote: String, references: [String: String])

    /// Whether the refusal is a non-fast-forward (another writer got there first), which
    /// a fetch, merge and push again can settle; a hook's or a policy's refusal cannot.
    public var isNonFastForward: Bool {
        guard case let .pushRejected(_, references) = self else { return false }
        return references.values.allSatisfy { status in
            let lower = status.lowercased()
            return lower.contains("non-fast-forward") || lower.contains("fetch first") || lower.contains("stale")
        }
    }
    case untrustedCertificate(host: String, reason: String)
    case unknownHostKey(host: String)
    case caFile(path: String, reason: String)
    /// The server was silent for `seconds`: a read or a write waited that long (before its
    /// first answer, or in the middle of one).
    case timedOut(host: String, seconds: Int)
    /// `CURATE_GIT_TIMEOUT` is not a whole number of seconds.
    case badTimeout(value: String)

    public var what: String {
        switch self {
        case let .pushRejected(_, references):
            return "the remote refused the push: "
                + references.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", ")
        case let .untrustedCertificate(host, reason): return "the TLS certificate of \(host) is not trusted: \(reason)"
        case let .unknownHostKey(host): return "the ssh host key of \(host) is not in ~/.ssh/known_hosts (or changed)"
        case let .caFile(_, reason): return "cannot use the certificate authority file: \(reason)"
        case let .timedOut(_, seconds): return "the server was silent for \(seconds) s: curate gave up"
        case let .badTimeout(value): return "CURATE_GIT_TIMEOUT is not a whole number of seconds: '\(value)'"
        }
    }

    public var location: String {
        switch self {
        case let .pushRejected(remote, _): return remote
        case let .untrustedCertificate(host, _), let .unknownHostKey(host), let .timedOut(host, _): return host
        case let .caFile(path, _): return path
        case .badTimeout: return "environment"
        }
    }

    public var hint: String? {
        switch self {
        case .pushRejected: return "check the branch's protection rules, or push to another --branch"
        case .untrustedCertificate:
            return "pass --ca-file PATH (or sync.ca-file in curate.yml) with the certificate authority that signed it"
        case let .unknownHostKey(host):
            let parts = host.split(separator: ":")
            let scan = parts.count == 2 ? "-p \(parts[1]) \(parts[0])" : host
            return "check the host's fingerprint, then: ssh-keyscan -t ed25519 \(scan) >> ~/.ssh/known_hosts"
        case .caFile: return "give a readable PEM file of certificate authorities"
        case .timedOut:
            return "check the address and that the server is up, then try again (CURATE_GIT_TIMEOUT=SECONDS waits longer)"
        case .badTimeout: return "set it to the seconds to wait (60 by default), or 0 to wait for ever"
        }
    }

    public var description: String { "\(what) (\(location))" }
}

extension Repository {
    /// Fetches `refspecs` (`+HEAD:refs/curate/sync/x/head`) from `address` without adding a
    /// remote, logging in with `access`.
    public func fetch(from address: RemoteAddress, refspecs: [String], access: RemoteAccess) throws {
        try withRemote(address, access: access, operation: "fetch from \(address.redacted)") { remote, session, callbacks in
            var options = git_fetch_options()
            try GitError.check(git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)), "prepare the fetch")
            options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
            // No FETCH_HEAD: it would record the address as given (user name included).
            options.update_fetchhead = 0
            options.callbacks = callbacks
            options.proxy_opts.type = GIT_PROXY_AUTO
            try withStrings(refspecs) { array in
                try check(
                    git_remote_fetch(remote, &array, &options, "curate: fetch \(address.redacted)"), session, address,
                    "fetch from \(address.redacted)")
            }
        }
    }

    /// Pushes `refspecs` (`refs/curate/x:refs/heads/b`, no `+`: never forced) to `address`.
    /// A reference the server refuses (a non-fast-forward, a protected branch) is a
    /// `RemoteError.pushRejected`: libgit2 reports it only through a callback.
    public func push(to address: RemoteAddress, refspecs: [String], access: RemoteAccess) throws {
        try withRemote(address, access: access, operation: "push to \(address.redacted)") { remote, session, callbacks in
            var options = git_push_options()
            try GitError.check(git_push_options_init(&options, UInt32(GIT_PUSH_OPTIONS_VERSION)), "prepare the push")
            options.callbacks = callbacks
            options.callbacks.push_update_reference = { reference, status, payload in
                guard let reference, let status, let payload else { return 0 }
                let session = Unmanaged<CredentialSession>.fromOpaque(payload).takeUnretainedValue()
                session.rejections[String(cString: reference)] = String(cString: status)
                return 0
            }
            options.proxy_opts.type = GIT_PROXY_AUTO
            try withStrings(refspecs) { array in
                let code = git_remote_push(remote, &array, &options)
                if code == GIT_ENONFASTFORWARD.rawValue {
                    // libgit2 saw, before sending, that the branch moved since the fetch.
                    throw RemoteError.pushRejected(
                        remote: address.redacted,
                        references: Dictionary(uniqueKeysWithValues: refspecs.map { ($0, "non-fast-forward") }))
                }
                try check(code, session, address, "push to \(address.redacted)")
            }
            if !session.rejections.isEmpty {
                throw RemoteError.pushRejected(remote: address.redacted, references: session.rejections)
            }
        }
    }

    /// An anonymous remote for `address`, with callbacks for credentials and certificates
    /// whose state lives in one `CredentialSession` for the whole operation.
    private func withRemote(
        _ address: RemoteAddress, access: RemoteAccess, operation: String,
        _ body: (OpaquePointer?, CredentialSession, git_remote_callbacks) throws -> Void
    ) throws {
        if let value = LibGit2.invalidNetworkTimeout { throw RemoteError.badTimeout(value: value) }
        if let caFile = access.caFile { try Self.trust(caFile: caFile) }
        _ = curate_git_take_timed_out()  // nothing left from an earlier operation of this thread
        var remote: OpaquePointer?
        try GitError.check(
            git_remote_create_anonymous(&remote, pointer, address.forTransport),
            "open \(address.redacted) as a remote")
        defer { git_remote_free(remote) }
        let session = CredentialSession(address: address, access: access)
        var callbacks = git_remote_callbacks()
        try GitError.check(git_remote_init_callbacks(&callbacks, UInt32(GIT_REMOTE_CALLBACKS_VERSION)), operation)
        callbacks.credentials = { out, url, usernameFromURL, allowed, payload in
            guard let payload else { return GIT_EAUTH.rawValue }
            let session = Unmanaged<CredentialSession>.fromOpaque(payload).takeUnretainedValue()
            return session.acquire(
                out, url: url.map { String(cString: $0) }, usernameFromURL: usernameFromURL.map { String(cString: $0) },
                allowed: allowed)
        }
        callbacks.certificate_check = { certificate, valid, host, payload in
            if valid != 0 { return 0 }
            guard let payload else { return GIT_ECERTIFICATE.rawValue }
            let session = Unmanaged<CredentialSession>.fromOpaque(payload).takeUnretainedValue()
            let name = host.map { String(cString: $0) } ?? session.address.host
            let isSSH = certificate?.pointee.cert_type == GIT_CERT_HOSTKEY_LIBSSH2
            session.certificateProblem = isSSH ? "ssh:" + name : "tls:" + name
            return GIT_ECERTIFICATE.rawValue
        }
        callbacks.payload = Unmanaged.passUnretained(session).toOpaque()
        var succeeded = false
        defer { session.finish(succeeded: succeeded) }
        try withExtendedLifetime(session) {
            try body(remote, session, callbacks)
        }
        succeeded = true
    }

    /// Turns a failing libgit2 code into the clearest error: a refused certificate or
    /// host key (libgit2 only says the callback refused it), else libgit2's message
    /// without the address's credentials.
    private func check(_ code: Int32, _ session: CredentialSession, _ address: RemoteAddress, _ operation: String) throws {
        guard code < 0 else { return }
        if curate_git_take_timed_out() != 0 {
            throw RemoteError.timedOut(host: address.host, seconds: LibGit2.networkTimeout)
        }
        let message = address.redacting(GitError.lastMessage(code))
        if let problem = session.certificateProblem {
            let host = String(problem.drop { $0 != ":" }.dropFirst())
            if problem.hasPrefix("ssh:") { throw RemoteError.unknownHostKey(host: host) }
            throw RemoteError.untrustedCertificate(
                host: host, reason: "it is not signed by a trusted certificate authority, or not for this host name")
        }
        throw GitError(code: code, message: message, operation: address.redacting(operation))
    }

    private func withStrings(_ strings: [String], _ body: (inout git_strarray) throws -> Void) throws {
        let cStrings = strings.map { strdup($0) }
        defer { cStrings.forEach { free($0) } }
        var pointers: [UnsafeMutablePointer<CChar>?] = cStrings
        try pointers.withUnsafeMutableBufferPointer { buffer in
            var array = git_strarray(strings: buffer.baseAddress, count: buffer.count)
            try body(&array)
        }
    }

    /// Trusts the certificate authorities in `caFile` for https (process-wide, as libgit2
    /// keeps it).
    static func trust(caFile: String) throws {
        _ = LibGit2.initialized
        guard FileManager.default.isReadableFile(atPath: caFile) else {
            throw RemoteError.caFile(path: caFile, reason: "no such readable file")
        }
        let code = curate_git_set_ssl_cert_file(caFile)
        if code < 0 { throw RemoteError.caFile(path: caFile, reason: GitError.lastMessage(code)) }
    }
}
