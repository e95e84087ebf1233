import CurateGit
import CurateKit

/// Applies the permanent moves `curate links` found as a reviewed change, never silently:
/// each inline link whose resource moved gets the new URL, written to the post, committed
/// (on the checked-out branch or another one, for a pull request), or only shown as a diff.
public struct MovedLinks {
    public var selection: PostSelection
    /// The form fetched (its dedupe key and its URL as a server tells it from others, see
    /// `LinkCheck.fetchedForm`) → new URL, from the reports with a `finalURL`. Only links
    /// written in the form that was fetched move: another form of the resource was not
    /// asked where it lives.
    public var moves: [String: String]
    public var commit: CommitSettings
    public var dryRun: Bool

    public init(selection: PostSelection, reports: [LinkReport], commit: CommitSettings = .init(), dryRun: Bool = false) {
        self.selection = selection
        let identity = (try? selection.configuration().identity) ?? URLIdentity()
        moves = Dictionary(
            reports.compactMap { report in
                report.verdict.finalURL.map { (Self.form(report.key, report.url, identity), $0) }
            }, uniquingKeysWith: { a, _ in a })
        self.commit = commit
        self.dryRun = dryRun
    }

    /// What happened to one post.
    public struct Outcome: Sendable {
        public var post: String
        public var before: [UInt8]
        public var after: [UInt8]
        /// The links rewritten: line, old URL, new URL.
        public var updates: [(line: Int, old: String, new: String)]
        /// Moves not made, with why (the new URL is listed already, or cannot be written inline).
        public var skipped: [(line: Int, new: String, reason: String)] = []
        public var wroteFile: Bool
        public var commit: CommitRecord?
    }

    /// Rewrites `posts` (as `curate links` read them). Posts with no moved link are left alone.
    public func run(posts: [String]) throws -> [Outcome] {
        let configuration = try selection.configuration()
        var outcomes: [Outcome] = []
        for path in Set(posts).sorted() {
            if commit.destination != .workingFile && !dryRun {
                outcomes.append(try commitThroughGit(path, configuration: configuration))
                continue
            }
            let post = try PostReader.read(path: path)
            let (after, updates, skipped) = Self.apply(moves, to: post, identity: configuration.identity)
            let write = !dryRun && !updates.isEmpty
            if write { try FileSystem.writeAtomically(after, to: path, displayPath: path) }
            outcomes.append(
                Outcome(
                    post: path, before: post.bytes, after: after, updates: updates, skipped: skipped, wroteFile: write,
                    commit: nil))
        }
        return outcomes
    }

    private func commitThroughGit(_ post: String, configuration: Configuration) throws -> Outcome {
        let repository = try GitPost.repository(containing: post, from: selection.directory)
        let path = try GitPost.path(of: post, in: repository)
        let signature = try commit.signature(in: repository)
        var before: [UInt8] = []
        var after: [UInt8] = []
        var updates: [(line: Int, old: String, new: String)] = []
        var skipped: [(line: Int, new: String, reason: String)] = []
        let target: CommitTarget
        if case let .branch(name) = commit.destination { target = .branch(name) } else { target = .checkedOutBranch }
        let outcome = try repository.commitFile(at: path, target: target, author: signature) {
            current, _ in
            let parsed = try PostReader.parse(current, path: post)
            before = current
            (after, updates, skipped) = Self.apply(moves, to: parsed, identity: configuration.identity)
            guard !updates.isEmpty else { return nil }
            return FileChange(bytes: after, message: commit.message(Self.message(updates, post: parsed)))
        }
        return Outcome(
            post: post, before: before, after: after, updates: updates, skipped: skipped, wroteFile: false,
            commit: outcome.record)
    }

    /// A move's key: the resource and the form fetched.
    static func form(_ key: String, _ url: String, _ identity: URLIdentity) -> String {
        key + "\u{0}" + LinkCheck.fetchedForm(url, identity)
    }

    /// The post with each inline link to a moved resource pointing at its new URL (its
    /// fragment kept, as a browser keeps it through a redirect). Links written in other
    /// forms (references, autolinks, bare URLs) are left as they are, and so is a link
    /// whose new URL the post lists already (the move would make a duplicate).
    public static func apply(_ moves: [String: String], to post: Post, identity: URLIdentity) -> (
        [UInt8], [(line: Int, old: String, new: String)], [(line: Int, new: String, reason: String)]
    ) {
        var bytes = post.bytes
        var updates: [(line: Int, old: String, new: String)] = []
        var skipped: [(line: Int, new: String, reason: String)] = []
        var listed: [String: Int] = [:]
        for link in post.links + post.proseLinks {
            if let key = try? identity.key(for: link.url), listed[key] == nil { listed[key] = link.line }
        }
        // The list's links and the prose's (an intro's, a table's), last first: the byte
        // ranges before an edit stay true.
        let links = (post.links + post.proseLinks).sorted { ($0.line, $0.column) < ($1.line, $1.column) }
        for link in links.reversed() {
            guard link.form == .inline, let range = link.urlRange, let key = try? identity.key(for: link.url),
                var new = moves[form(key, link.url, identity)]
            else { continue }
            if let problem = Self.unwritableHost(new) {
                skipped.append((link.line, new, problem))
                continue
            }
            if let hash = link.url.firstIndex(of: "#"), !new.contains("#") { new += link.url[hash...] }
            if new.utf8.contains(where: { $0 <= 0x20 }) || !EntryWriter.balancedParentheses(new) {
                skipped.append((link.line, new, "its URL cannot be written inside ( )"))
                continue
            }
            if let newKey = try? identity.key(for: new), let line = listed[newKey] {
                skipped.append((link.line, new, "line \(line) lists it already"))
                continue
            }
            bytes.replaceSubrange(range, with: Array(new.utf8))
            updates.append((link.line, link.url, new))
        }
        return (bytes, updates.reversed(), skipped.reversed())
    }

    /// Why a server's `Location` is not written into a list as it came: credentials
    /// (`user:pw@`), or a host spelt as no reader writes it (`2130706434`, `0x7f.0.0.1`,
    /// `127%2E0.0.1`); nil when it can be.
    static func unwritableHost(_ url: String) -> String? {
        guard let start = url.range(of: "://")?.upperBound else { return nil }
        let authority = url[start...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if authority.contains("@") { return "its new URL carries credentials" }
        let host = authority.hasPrefix("[") ? authority : authority.split(separator: ":").first ?? ""
        if host.contains("%") || host.allSatisfy(\.isNumber)
            || host.split(separator: ".").contains(where: { $0.lowercased().hasPrefix("0x") })
        {
            return "its new URL spells the host \(host) oddly"
        }
        return nil
    }

    /// `curate: update 2 moved links in <title>` and a body naming each move.
    static func message(_ updates: [(line: Int, old: String, new: String)], post: Post) -> String {
        let title = post.frontMatter?.title ?? Path.lastComponent(of: post.path)
        var text = "curate: update \(updates.count) moved link\(updates.count == 1 ? "" : "s") in \(title)\n\n"
        text += "Permanent redirects found by curate links:\n\n"
        for update in updates { text += "- \(update.old) -> \(update.new)\n" }
        return text
    }
}
