import CurateTestSupport
import Foundation
import Testing

/// `curate sync` with real remotes the tests start on loopback: git-daemon, a smart-HTTP
/// server with Basic authentication and TLS, and sshd when it is installed.
@Suite(.serialized) struct RemoteSyncTests {
    let awesome = """
        # Awesome Interpretability

        ## Tools

        - [SAELens](https://github.com/jbloomAus/SAELens) - Train sparse autoencoders

        """

    /// A bare repository `list.git` under a served folder, and our repository.
    func repositories() throws -> (served: URL, ours: GitRepository) {
        let served = try temporaryDirectory()
        let seed = try GitRepository.make(files: ["README.md": awesome])
        try seed.git("clone", "-q", "--bare", seed.root.path, served.appendingPathComponent("list.git").path)
        let bare = GitRepository(root: served.appendingPathComponent("list.git"))
        try bare.git("config", "http.receivepack", "true")
        let ours = try GitRepository.make(files: [
            "list.md": samplePost, "curate.yml": "posts:\n  - list.md\n",
        ])
        return (served, ours)
    }

    /// Runs curate with no terminal and a HOME of its own (no credential helper, no keys).
    func curate(_ arguments: [String], in repository: GitRepository, environment: [String: String] = [:]) throws
        -> ProcessResult
    {
        let home = try temporaryDirectory()
        var env = [
            "HOME": home.path, "GIT_CONFIG_NOSYSTEM": "1", "SSH_AUTH_SOCK": "", "CURATE_GIT_TOKEN": "", "GITHUB_TOKEN": "",
        ]
        env.merge(environment) { _, new in new }
        return try CLI.run(arguments, in: repository.root, environment: env)
    }

    @Test func pullsAndPushesOverGitDaemon() throws {
        let (served, ours) = try repositories()
        let daemon = try LoopbackServer.gitDaemon(base: served)
        defer { daemon.stop() }
        let url = "git://127.0.0.1:\(daemon.port)/list.git"
        let pull = try curate(["sync", "pull", url, "--path", "README.md", "--commit"], in: ours)
        #expect(pull.status == 0, "\(pull.stderr)")
        #expect(try ours.read("list.md").contains("[SAELens](https://github.com/jbloomAus/SAELens)"))
        #expect(try ours.git("log", "-1", "--format=%B").contains("Curate-Synced-From: \(url) "))
        try ours.write("list.md", try ours.read("list.md") + "4. [nnsight docs](https://nnsight.net/docs/)\n")
        try ours.git("commit", "-qam", "add docs")
        let push = try curate(["sync", "push", url, "--path", "README.md", "--branch", "from-ours"], in: ours)
        #expect(push.status == 0, "\(push.stderr)")
        let bare = GitRepository(root: served.appendingPathComponent("list.git"))
        #expect(try bare.git("show", "from-ours:README.md").contains("- [nnsight docs](https://nnsight.net/docs/)"))
        try bare.expectHealthy()
        // Pushed again with nothing new: no commit, the branch stays.
        let tip = try bare.head("from-ours")
        let again = try curate(["sync", "push", url, "--path", "README.md", "--branch", "from-ours"], in: ours)
        #expect(again.status == 0 && again.stderr.contains("up to date"))
        #expect(try bare.head("from-ours") == tip)
    }

    @Test func httpLogsInWithoutEverWritingTheSecret() throws {
        let (served, ours) = try repositories()
        let secret = "s3cr%t-t0ken"
        let server = try LoopbackServer.smartHTTP(root: served, user: "curator", password: secret)
        defer { server.stop() }
        let plain = "http://127.0.0.1:\(server.port)/list.git"
        // No credentials and no terminal: a clear error, never a prompt.
        let refused = try curate(["sync", "pull", plain, "--path", "README.md", "--commit"], in: ours)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("authentication to 127.0.0.1 failed"))
        #expect(refused.stderr.contains("CURATE_GIT_TOKEN"))

        // The password in the URL logs in.
        let withSecret = "http://curator:s3cr%25t-t0ken@127.0.0.1:\(server.port)/list.git"
        let pull = try curate(["sync", "pull", withSecret, "--path", "README.md", "--commit"], in: ours)
        #expect(pull.status == 0, "\(pull.stderr)")
        // A token from the environment logs in too (the user name from the URL).
        try ours.write("list.md", try ours.read("list.md") + "4. [nnsight docs](https://nnsight.net/docs/)\n")
        try ours.git("commit", "-qam", "add docs")
        let push = try curate(
            ["sync", "push", "http://curator@127.0.0.1:\(server.port)/list.git", "--path", "README.md", "--format", "json"],
            in: ours, environment: ["CURATE_GIT_TOKEN": secret])
        #expect(push.status == 0, "\(push.stderr)")
        // And git's credential helpers, through git credential.
        let store = try temporaryDirectory().appendingPathComponent("credentials")
        try Data("http://curator:\(secret.replacingOccurrences(of: "%", with: "%25"))@127.0.0.1:\(server.port)\n".utf8)
            .write(to: store)
        let config = try temporaryDirectory().appendingPathComponent("gitconfig")
        try Data("[credential]\n\thelper = store --file=\(store.path)\n".utf8).write(to: config)
        let helped = try curate(
            ["sync", "pull", plain, "--path", "README.md", "--commit"], in: ours,
            environment: ["GIT_CONFIG_GLOBAL": config.path])
        #expect(helped.status == 0, "\(helped.stderr)")

        // The secret is nowhere: output, commits, refs, config, reflogs, either repository.
        let bare = GitRepository(root: served.appendingPathComponent("list.git"))
        var everything = [refused, pull, push, helped].map { $0.stdout + $0.stderr }
        for repository in [ours, bare] {
            everything.append(try repository.git("log", "--all", "--format=%H %s%n%b%n%N"))
            everything.append(try repository.git("for-each-ref"))
            everything.append(try repository.git("reflog", "--all"))
            everything.append(try repository.git("config", "--list", "--local"))
        }
        let files = FileManager.default.enumerator(atPath: ours.root.appendingPathComponent(".git").path)
        while let file = files?.nextObject() as? String {
            if let text = try? String(contentsOfFile: ours.root.appendingPathComponent(".git/" + file).path, encoding: .utf8) {
                everything.append(text)
            }
        }
        for text in everything {
            #expect(!text.contains(secret) && !text.contains("s3cr%25t"), "the secret leaked: \(text.prefix(300))")
        }
        // The source is one source whatever the credentials: one ref for it.
        let refs = try ours.git("for-each-ref", "--format=%(refname)", "refs/curate/sync/")
        #expect(Set(refs.split(separator: "\n").map { $0.split(separator: "/")[3] }).count == 1, "\(refs)")
    }

    @Test func aRefusedPushIsAnErrorNotASilentSuccess() throws {
        let (served, ours) = try repositories()
        let bare = GitRepository(root: served.appendingPathComponent("list.git"))
        let hook = served.appendingPathComponent("list.git/hooks/pre-receive")
        try Data("#!/bin/sh\necho 'protected by policy' >&2\nexit 1\n".utf8).write(to: hook)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
        let daemon = try LoopbackServer.gitDaemon(base: served)
        defer { daemon.stop() }
        try ours.write("list.md", samplePost + "3. [New](https://new.example/)\n")
        try ours.git("commit", "-qam", "add")
        let push = try curate(
            ["sync", "push", "git://127.0.0.1:\(daemon.port)/list.git", "--path", "README.md", "--branch", "b"], in: ours)
        #expect(push.status == 2)
        #expect(push.stderr.contains("the remote refused the push"), "\(push.stderr)")
        #expect(try bare.gitResult(["rev-parse", "--verify", "-q", "refs/heads/b"]).status != 0)
    }

    @Test func httpsWithAPrivateCertificateAuthority() throws {
        let (served, ours) = try repositories()
        let certificates = try LoopbackServer.makeCertificates(in: try temporaryDirectory())
        let server = try LoopbackServer.smartHTTP(root: served, certificate: (certificates.certificate, certificates.key))
        defer { server.stop() }
        let url = "https://localhost:\(server.port)/list.git"
        let untrusted = try curate(["sync", "pull", url, "--path", "README.md"], in: ours)
        #expect(untrusted.status == 2)
        #expect(untrusted.stderr.contains("TLS certificate of localhost is not trusted"), "\(untrusted.stderr)")
        #expect(untrusted.stderr.contains("--ca-file"))
        let trusted = try curate(["sync", "pull", url, "--path", "README.md", "--ca-file", certificates.ca.path], in: ours)
        #expect(trusted.status == 0, "\(trusted.stderr)")
        #expect(try ours.read("list.md").contains("[SAELens]"))
        // Or from curate.yml.
        try ours.write("curate.yml", "posts:\n  - list.md\nsync:\n  ca-file: \(certificates.ca.path)\n")
        try ours.git("checkout", "--", "list.md")
        let configured = try curate(["sync", "pull", url, "--path", "README.md"], in: ours)
        #expect(configured.status == 0, "\(configured.stderr)")
    }

    /// A server that takes the connection and never answers: libgit2 1.5 alone waits for
    /// ever; curate gives up after CURATE_GIT_TIMEOUT seconds and says why.
    @Test func aServerThatNeverAnswersIsGivenUpOn() throws {
        let (_, ours) = try repositories()
        // Listening, never accepting: the kernel completes the connection, nothing is sent.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(listener >= 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.6")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(listener, pointer, length) == 0 && listen(listener, 8) == 0
                    && getsockname(listener, pointer, &length) == 0
            }
        }
        #expect(bound)
        let port = UInt16(bigEndian: address.sin_port)
        for url in [
            "http://127.0.0.6:\(port)/list.git", "https://127.0.0.6:\(port)/list.git", "git://127.0.0.6:\(port)/list.git",
        ] {
            let result = try curate(
                ["sync", "pull", url, "--path", "README.md"], in: ours, environment: ["CURATE_GIT_TIMEOUT": "1"])
            #expect(result.status == 2, "\(url): \(result.stderr)")
            #expect(result.stderr.contains("the server was silent for 1 s"), "\(url): \(result.stderr)")
        }
        // A wait that is no number of seconds is refused, not replaced by 60 s unannounced.
        let wrong = try curate(
            ["sync", "pull", "git://127.0.0.6:\(port)/list.git", "--path", "README.md"], in: ours,
            environment: ["CURATE_GIT_TIMEOUT": "5s"])
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("CURATE_GIT_TIMEOUT is not a whole number of seconds: '5s'"), "\(wrong.stderr)")
    }

    @Test func sshWithKeysAndKnownHosts() throws {
        let (served, ours) = try repositories()
        let home = try temporaryDirectory()
        let ssh = home.appendingPathComponent(".ssh")
        try FileManager.default.createDirectory(at: ssh, withIntermediateDirectories: true)
        let key = ssh.appendingPathComponent("id_ed25519")
        try runProcess(URL(fileURLWithPath: "/usr/bin/ssh-keygen"), ["-q", "-t", "ed25519", "-N", "", "-f", key.path])
            .checked()
        let knownHosts = ssh.appendingPathComponent("known_hosts")
        guard let server = try LoopbackServer.sshd(clientKey: key, knownHosts: knownHosts) else {
            print("SKIPPED sshWithKeysAndKnownHosts: sshd is not installed (apt-get install openssh-server)")
            return
        }
        defer { server.stop() }
        let user = ProcessInfo.processInfo.environment["USER"] ?? "root"
        let url = "ssh://\(user)@127.0.0.1:\(server.port)\(served.appendingPathComponent("list.git").path)"
        let pull = try curate(
            ["sync", "pull", url, "--path", "README.md", "--commit"], in: ours, environment: ["HOME": home.path])
        #expect(pull.status == 0, "\(pull.stderr)")
        #expect(try ours.read("list.md").contains("[SAELens]"))
        #expect(!(try ours.git("log", "-1", "--format=%B")).contains("\(user)@"), "the user name is not written")
        // An unknown host key: an error naming the host and the fix.
        try Data().write(to: knownHosts)
        let unknown = try curate(["sync", "pull", url, "--path", "README.md"], in: ours, environment: ["HOME": home.path])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("ssh host key of 127.0.0.1"), "\(unknown.stderr)")
        #expect(unknown.stderr.contains("ssh-keyscan"))
    }
}

/// `sync pull --all`: every list sync.sources names.
@Suite struct SyncAllTests {
    @Test func pullsEverySourceInTurnWithATrailerEach() throws {
        let first = try GitRepository.make(files: ["README.md": "## Tools\n\n- [One](https://one.example/) - first\n"])
        let second = try GitRepository.make(files: ["docs/list.md": "## Gadgets\n\n- [Two](https://two.example/)\n"])
        let ours = try GitRepository.make(files: [
            "list.md": samplePost,
            "curate.yml": """
            posts:
              - list.md
            sync:
              sources:
                - url: \(first.root.path)
                  path: README.md
                  sections:
                    Tools: Libraries
                - url: \(second.root.path)
                  path: docs/list.md

            """,
        ])
        let result = try CLI.run(["sync", "pull", "--all", "--commit", "--format", "json"], in: ours.root)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        let sources = json["sources"] as? [[String: Any]] ?? []
        #expect(sources.compactMap { $0["source"] as? String } == [first.root.path, second.root.path])
        let post = try ours.read("list.md")
        #expect(post.contains("3. [One](https://one.example/) - first"), "mapped into Libraries")
        #expect(post.contains("[Two](https://two.example/)"))
        let messages = try ours.git("log", "--format=%B", "-2")
        #expect(messages.contains("Curate-Synced-From: \(first.root.resolvingSymlinksInPath().path) "))
        #expect(messages.contains("Curate-Synced-From: \(second.root.resolvingSymlinksInPath().path) "))
        try ours.expectClean()
        let none = try CLI.run(
            ["sync", "pull", "--all"],
            in: try GitRepository.make(files: ["list.md": samplePost, "curate.yml": "posts: [list.md]\n"]).root)
        #expect(none.status == 2 && none.stderr.contains("names no sync sources"))
        let both = try CLI.run(["sync", "pull", "--all", first.root.path], in: ours.root)
        #expect(both.status == 64)
        // A source that fails is named with its error; the others are still pulled.
        try ours.write(
            "curate.yml",
            "posts: [list.md]\nsync:\n  sources:\n    - url: /no/such/list\n    - url: \(first.root.path)\n      path: README.md\n"
        )
        let failing = try CLI.run(["sync", "pull", "--all"], in: ours.root)
        #expect(failing.status == 2)
        #expect(failing.stderr.contains("== /no/such/list\ncurate: error:"), "\(failing.stderr)")
        #expect(failing.stderr.contains("== \(first.root.path)"), "\(failing.stderr)")
    }
}
