import CGit2
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// How curate may log in to remotes and which authorities it trusts.
public struct RemoteAccess: Sendable {
    /// A PEM file of certificate authorities trusted for https, in place of the system's.
    public var caFile: String?
    /// Where tokens are read from (`CURATE_GIT_TOKEN`, `GITHUB_TOKEN` for github.com).
    public var environment: [String: String]
    /// git's credential helpers are asked (through `git credential`) when git is installed.
    public var useCredentialHelpers: Bool
    /// The home folder (default keys in `~/.ssh`).
    public var home: String

    public init(
        caFile: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment,
        useCredentialHelpers: Bool = true, home: String? = nil
    ) {
        self.caFile = caFile
        self.environment = environment
        self.useCredentialHelpers = useCredentialHelpers
        self.home = home ?? environment["HOME"] ?? NSHomeDirectory()
    }
}

/// The credentials of one operation, each tried once: libgit2 asks again after every
/// failure, so what was tried is remembered (or it would ask forever).
final class CredentialSession {
    let address: RemoteAddress
    let access: RemoteAccess
    /// What was offered, in order, for the error when all fail.
    private(set) var tried: [String] = []
    private var steps: Set<String> = []
    /// The helper's answer in use, to approve or reject after the operation.
    private var helperCredential: [String: String]?
    /// Why a certificate was refused, for the error.
    var certificateProblem: String?
    /// Servers' refusals of pushed references (`push_update_reference`).
    var rejections: [String: String] = [:]

    init(address: RemoteAddress, access: RemoteAccess) {
        self.address = address
        self.access = access
    }

    /// libgit2's credentials callback: the next untried credential, or GIT_EAUTH.
    func acquire(
        _ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>?, usernameFromURL: String?, allowed: UInt32
    ) -> Int32 {
        let username = address.username ?? usernameFromURL
        if allowed & GIT_CREDENTIAL_USERNAME.rawValue != 0 {
            return git_credential_username_new(out, username ?? "git")
        }
        if allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT.rawValue != 0 {
            if let helper = helperCredential {
                // The helper's credential was refused: tell it, and do not offer it again.
                runCredentialHelper("reject", helper)
                helperCredential = nil
            }
            if let password = address.password, once("url") {
                tried.append("the user name and password in the URL")
                return git_credential_userpass_plaintext_new(out, username ?? "", password)
            }
            if let token = token(), once("token") {
                tried.append(token.name)
                return git_credential_userpass_plaintext_new(out, username ?? "x-access-token", token.value)
            }
            if access.useCredentialHelpers, once("helper"), let answer = fillFromCredentialHelper(username: username),
                let user = answer["username"], let password = answer["password"]
            {
                tried.append("git's credential helper")
                helperCredential = answer
                return git_credential_userpass_plaintext_new(out, user, password)
            }
        }
        if allowed & GIT_CREDENTIAL_SSH_KEY.rawValue != 0 {
            let user = username ?? "git"
            if access.environment["SSH_AUTH_SOCK"].map({ !$0.isEmpty }) == true, once("agent") {
                tried.append("ssh-agent")
                return git_credential_ssh_key_from_agent(out, user)
            }
            for name in ["id_ed25519", "id_ecdsa", "id_rsa"] {
                let key = access.home + "/.ssh/" + name
                guard FileManager.default.fileExists(atPath: key), once("key:" + name) else { continue }
                tried.append("~/.ssh/" + name)
                let publicKey = FileManager.default.fileExists(atPath: key + ".pub") ? key + ".pub" : nil
                return git_credential_ssh_key_new(out, user, publicKey, key, nil)
            }
        }
        let what = tried.isEmpty ? "no credentials were found" : "tried " + tried.joined(separator: ", ")
        git_error_set_str(
            Int32(GIT_ERROR_NET.rawValue),
            "authentication to \(address.host) failed (\(what)); set CURATE_GIT_TOKEN, configure a git credential helper, or load an ssh key into ssh-agent"
        )
        return GIT_EAUTH.rawValue
    }

    /// After the operation: a helper's credential that worked is approved (stored).
    func finish(succeeded: Bool) {
        if let helper = helperCredential { runCredentialHelper(succeeded ? "approve" : "reject", helper) }
        helperCredential = nil
    }

    private func once(_ step: String) -> Bool {
        steps.insert(step).inserted
    }

    /// `CURATE_GIT_TOKEN`, else `GITHUB_TOKEN` for github.com only.
    private func token() -> (name: String, value: String)? {
        if let token = access.environment["CURATE_GIT_TOKEN"], !token.isEmpty { return ("CURATE_GIT_TOKEN", token) }
        if address.host.lowercased() == "github.com", let token = access.environment["GITHUB_TOKEN"], !token.isEmpty {
            return ("GITHUB_TOKEN", token)
        }
        return nil
    }

    // MARK: - git's credential protocol

    /// The request `git credential fill` reads: protocol, host, path, username.
    private func credentialRequest(username: String?) -> [String: String] {
        var request = ["protocol": address.kind.rawValue, "host": address.host]
        if let authorityEnd = address.redacted.range(of: "://").map({ address.redacted[$0.upperBound...] }),
            let slash = authorityEnd.firstIndex(of: "/")
        {
            request["host"] = String(authorityEnd[..<slash])  // with its port, as git sends it
            let path = authorityEnd[authorityEnd.index(after: slash)...]
            if !path.isEmpty { request["path"] = String(path) }
        }
        if let username { request["username"] = username }
        return request
    }

    private func fillFromCredentialHelper(username: String?) -> [String: String]? {
        guard let output = runGit(["credential", "fill"], input: credentialRequest(username: username)) else { return nil }
        var answer: [String: String] = [:]
        for line in output.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            answer[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return answer["password"] == nil ? nil : answer
    }

    private func runCredentialHelper(_ verb: String, _ credential: [String: String]) {
        _ = runGit(["credential", verb], input: credential)
    }

    /// Runs `git` (found on PATH) for credentials only, never prompting without a
    /// terminal; nil when git is absent or fails.
    private func runGit(_ arguments: [String], input: [String: String]) -> String? {
        let path = access.environment["PATH"] ?? "/usr/bin:/bin"
        guard
            let git = path.split(separator: ":").map({ $0 + "/git" }).first(where: {
                FileManager.default.isExecutableFile(atPath: $0)
            })
        else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: git)
        process.arguments = arguments
        var environment = access.environment
        if isatty(0) == 0 || isatty(2) == 0 { environment["GIT_TERMINAL_PROMPT"] = "0" }
        process.environment = environment
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let text = input.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)\n" }.joined() + "\n"
        stdin.fileHandleForWriting.write(Data(text.utf8))
        try? stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: output, as: UTF8.self)
    }
}
