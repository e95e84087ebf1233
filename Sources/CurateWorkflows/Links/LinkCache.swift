import CurateKit
import Foundation

/// Verdicts with the time they were reached, and streaks of failures, kept between runs
/// (by default in the repository's `.git/curate/links.json`, one per clone).
///
/// Only definitive verdicts (alive, dead) are kept as verdicts: a transient failure is
/// never replayed as one. It starts or extends a streak instead; a streak of failures
/// that makes a site unreachable, seen in two runs or more and lasting the configured
/// span (`links.dead-after`), makes the link dead.
public struct LinkCache: Sendable, Equatable, Codable {
    public struct Entry: Sendable, Equatable, Codable {
        public var verdict: LinkVerdict?
        public var checked: Date?
        public var failures: Streak?
        /// The URL the verdict is about, as a server tells it from others (see
        /// `LinkCheck.fetchedForm`): one resource can be written in forms a server answers
        /// differently (`/docs`, `/docs/`). Nil in caches written before it was kept.
        public var url: String?
    }

    /// Failures in consecutive runs, from the first to the last.
    public struct Streak: Sendable, Equatable, Codable {
        public var first: Date
        public var last: Date
        public var runs: Int
        public var reason: LinkReason
    }

    /// 2 since each verdict names the form it is about; a version-1 cache is read, its
    /// verdicts about no known form.
    public var version = 2
    public var links: [String: Entry] = [:]
    /// The entries this run recorded: what a save puts over the file as another run left it.
    private var recorded: Set<String> = []

    enum CodingKeys: String, CodingKey {
        case version, links
    }

    public init() {}

    /// The cache at `path`; empty when there is none yet.
    public static func load(path: String) throws -> LinkCache {
        guard FileSystem.fileExists(path) else { return LinkCache() }
        do {
            let bytes = try FileSystem.readAll(path: path, displayPath: path, limit: 256 << 20)
            // An empty file (created by hand, or by a CI cache step) is an empty cache.
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return LinkCache() }
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .secondsSince1970
            let cache = try decoder.decode(LinkCache.self, from: Data(bytes))
            guard cache.version <= 2 else {
                throw LinkCheckError.cacheUnreadable(path: path, message: "version \(cache.version), written by a newer curate")
            }
            return cache
        } catch let error as DecodingError {
            throw LinkCheckError.cacheUnreadable(path: path, message: "\(error)")
        }
    }

    /// Creates the cache's folder and makes sure a cache can be written at `path`, before
    /// a run spends its time fetching: the error names the path and what is wrong.
    public static func prepare(path: String) throws {
        let folder = Path.directory(of: Path.standardized(Path.join(FileSystem.currentDirectory, path)))
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            var isFolder: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder)
            let reason = exists && !isFolder.boolValue ? "\(folder) is not a folder" : "\(folder) cannot be created"
            throw LinkCheckError.cacheUnwritable(path: path, message: reason)
        }
        guard access(folder, W_OK) == 0 else {
            throw LinkCheckError.cacheUnwritable(path: path, message: "\(folder): \(String(cString: strerror(errno)))")
        }
        // It is replaced by a new file: it must be one already, or nothing yet (never a
        // folder, a device such as /dev/null, a pipe).
        var info = stat()
        if lstat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG, info.st_mode & S_IFMT != S_IFLNK {
            throw LinkCheckError.cacheUnwritable(path: path, message: "it is not a regular file")
        }
        if stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
            throw LinkCheckError.cacheUnwritable(path: path, message: "it is not a regular file")
        }
    }

    /// Writes the cache atomically, creating its folder. Another run may have saved it
    /// since this one read it (two worktrees of a clone share it): under a lock, the file
    /// as it is now is read again and this run's entries put over it, so neither run's
    /// verdicts are lost and no streak a verdict ended comes back.
    public func save(path: String) throws {
        try Self.prepare(path: path)
        guard !recorded.isEmpty else { return }  // nothing to add to the file as it is
        let lock = open(path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lock >= 0 else {
            throw LinkCheckError.cacheUnwritable(path: path, message: "\(path).lock: \(String(cString: strerror(errno)))")
        }
        defer { close(lock) }
        while flock(lock, LOCK_EX) != 0 && errno == EINTR {}
        var merged = (try? Self.load(path: path)) ?? LinkCache()
        merged.version = 2
        for key in recorded { merged.links[key] = links[key] }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(merged)
        try FileSystem.writeAtomically(Array(data), to: path, displayPath: path)
    }

    /// The entry of `key` about the URL `form`: the key's own when it is about that form
    /// (or says of none), else the one kept for that form of the key.
    func entry(_ key: String, form: String?) -> Entry? {
        // An entry that names no form (a version-1 cache's) is about none of them.
        if let entry = links[key], form == nil || entry.url == form { return entry }
        return form.flatMap { links[Self.key(key, form: $0)] }
    }

    /// Where the verdict on another form of a resource is kept.
    static func key(_ key: String, form: String) -> String {
        key + "\u{0}" + form
    }

    /// A verdict recent enough to reuse: alive and checked less than `maxAge` ago, about
    /// this form of the resource. A dead link is always fetched again, so a fix shows at once.
    public func recent(_ key: String, form: String? = nil, now: Date, maxAge: Double) -> LinkVerdict? {
        guard let entry = entry(key, form: form), let verdict = entry.verdict, let checked = entry.checked,
            verdict.status == .alive, now.timeIntervalSince(checked) < maxAge, checked <= now
        else { return nil }
        return verdict
    }

    /// What `--offline` reports: the last definitive verdict about this form, whatever its age.
    public func last(_ key: String, form: String? = nil) -> LinkVerdict? {
        entry(key, form: form)?.verdict
    }

    /// Records a fresh verdict and returns the one to report: a definitive verdict is
    /// kept; a transient failure extends its streak, and is reported dead once the streak
    /// spans `deadAfter` seconds over two runs or more.
    public mutating func record(_ key: String, _ verdict: LinkVerdict, now: Date, deadAfter: Double, form: String? = nil)
        -> LinkVerdict
    {
        // Another form than the key's own keeps its verdict apart.
        let slot = links[key].map { form != nil && $0.url != nil && $0.url != form } ?? false ? Self.key(key, form: form!) : key
        var entry = links[slot] ?? Entry()
        recorded.insert(slot)
        defer { links[slot] = entry }
        if let form { entry.url = form }
        guard verdict.status == .unverified else {
            entry.verdict = verdict
            entry.checked = now
            entry.failures = nil
            return verdict
        }
        guard let reason = verdict.reason, reason.countsTowardStreak else { return verdict }
        var streak = entry.failures ?? Streak(first: now, last: now, runs: 0, reason: reason)
        streak.runs += 1
        streak.last = max(streak.last, now)
        streak.reason = reason
        entry.failures = streak
        guard streak.runs >= 2, now.timeIntervalSince(streak.first) >= deadAfter else { return verdict }
        let since = ISO8601DateFormatter().string(from: streak.first)
        return LinkVerdict(
            .dead, code: verdict.code, reason: .persistentFailure,
            detail: "unreachable since \(since), in \(streak.runs) runs (last: \(reason.rawValue))")
    }
}
