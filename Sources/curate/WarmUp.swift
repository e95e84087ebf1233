import CurateKit
import Dispatch

#if canImport(Glibc)
    import Glibc
#endif

/// The work of the command named on the line, done once on a small post on another core
/// while the main thread parses the command line, which uses one core.
///
/// The first use of each generic type, protocol conformance and lazy table costs the
/// Swift runtime a search of the binary's 6,000 conformance records and a demangling:
/// about 13 M instructions in `propose`, paid on the main thread in the middle of the
/// work. Done here first, the main thread finds them ready (`propose --commit` on the
/// benchmark repository: 28.1 ms to 26.5 ms, median of 60; `check` of a 1,000-entry
/// post: 14.8 ms to 13.8 ms).
///
/// It also reads and parses the post the command will most likely read
/// (``PostPrefetch``): the command takes that parse when it reads the same bytes.
///
/// It has no effect but time: a post made here, with the default configuration; the
/// files read are the configuration found from the current folder, parsed once for the
/// command (``Configuration/parse(_:file:root:)``), and that one post; nothing is
/// printed or written. The process waits for it before it exits (`atexit`), so it never
/// runs while the process tears down.
enum WarmUp {
    nonisolated(unsafe) private static var running: DispatchGroup?

    /// Starts the work of the command in `arguments` (`CommandLine.arguments`), if it
    /// reads a post.
    static func start(_ arguments: [String]) {
        guard arguments.count > 1, let work = work(for: arguments[1]),
            !arguments.contains(where: { $0 == "-h" || $0 == "--help" || $0 == "--version" })
        else { return }
        let group = DispatchGroup()
        running = group
        atexit {
            PostPrefetch.shared.cancel()  // links not keyed yet are not waited for
            WarmUp.running?.wait()
        }
        let discovers = !arguments.contains { $0 == "--config" || $0.hasPrefix("--config=") }
        let named = postNamed(in: arguments)
        // (`check --staged` reads the index's versions, and only of the posts staged: the
        // working file would be read for nothing, the process waiting for it at exit.)
        let prefetches = arguments[1] != "merge-driver" && !arguments.contains("--staged")
        if prefetches { PostPrefetch.expect() }
        let keysLinks = discovers && (arguments[1] == "propose" || arguments[1] == "sync")
        DispatchQueue.global(qos: .userInitiated).async(group: group) {
            // The configuration found from the current folder, parsed for the command
            // (unless it names its own).
            let configuration = discovers ? try? Configuration.discover(from: FileSystem.currentDirectory) : nil
            // The post the command will most likely read: the one named on the line, else
            // the configuration's first.
            if prefetches, let path = named ?? configuration?.postPaths.first {
                // propose and sync key the post's links with the configuration's shared memo.
                let keys = keysLinks ? configuration?.identity : nil
                PostPrefetch.shared.prefetch(path: path, keys: keys)
            }
            work()
        }
    }

    /// The post named on the command line: `--post`'s value, else the first argument
    /// that names a Markdown file (`check README.md`); nil when there is none.
    static func postNamed(in arguments: [String]) -> String? {
        for (index, argument) in arguments.enumerated().dropFirst(2) {
            if argument == "--post", index + 1 < arguments.count { return arguments[index + 1] }
            if argument.hasPrefix("--post=") { return String(argument.dropFirst("--post=".count)) }
        }
        return arguments.dropFirst(2).first {
            !$0.hasPrefix("-") && ($0.hasSuffix(".md") || $0.hasSuffix(".markdown")) && FileSystem.fileExists($0)
        }
    }

    private static func work(for command: String) -> (@Sendable () -> Void)? {
        switch command {
        case "check", "fmt", "diff": return { _ = try? checked() }
        case "propose", "sync", "merge-driver": return { _ = try? proposed() }
        default: return nil
        }
    }

    private static let text = """
        ---
        layout: post
        title: Warm-up
        ---

        A list.

        ### Papers

        1. [A paper](https://arxiv.org/abs/2301.00001v2) - on circuits
        2. [A repository](https://github.com/Owner/Repo.git?utm_source=x)
        3.\u{20}

        ### Talks

        - [A talk](https://www.youtube.com/watch?v=abcdefghijk&t=42s)

        """

    private static var configuration: Configuration {
        var configuration = Configuration(root: "/")
        configuration.identity.memo = URLKeyMemo()
        return configuration
    }

    /// What `check` and `fmt` do: the rules, and fmt's pass and its proof.
    private static func checked() throws -> Int {
        let post = try PostReader.parse(Array(text.utf8), path: "warm-up.md")
        let findings = Checker(configuration: configuration).check(post)
        return findings.count + Formatter(configuration: configuration).formatted(post).bytes.count
    }

    /// What `propose` and `sync` do: a review, and its additions written and formatted.
    private static func proposed() throws -> Int {
        let post = try PostReader.parse(Array(text.utf8), path: "warm-up.md")
        let proposals = [
            Proposal(title: "Another paper", url: "https://arxiv.org/pdf/2301.00002", section: "Papers"),
            Proposal(title: "A repository", url: "https://github.com/owner/repo", section: "Papers"),
        ]
        let review = Reviewer(configuration: configuration).review(proposals, against: post)
        return try PostEditor(configuration: configuration).apply(review, to: post).count
    }
}
