import CurateGit
import CurateKit
import Foundation

/// `curate links`: each resource the posts link (one dedupe key) checked once and
/// reported with every line that links it; `since` keeps the links on lines added or
/// changed since a revision.
public struct LinkCheck {
    public var selection: PostSelection
    /// Posts named as arguments, instead of the selection's.
    public var paths: [String]
    public var since: String?
    public var options: LinkCheckOptions

    public init(selection: PostSelection, paths: [String] = [], since: String? = nil, options: LinkCheckOptions = .init()) {
        self.selection = selection
        self.paths = paths
        self.since = since
        self.options = options
    }

    public struct Result: Sendable {
        /// One report per resource, in the order the posts first link them.
        public var reports: [LinkReport]
        /// Links skipped by `--exclude` or `links.exclude`.
        public var excluded: Int
        /// The cache read and written, if any.
        public var cachePath: String?
    }

    /// The resources to check, each with its first URL and the lines that link it.
    public struct Resource: Sendable, Equatable {
        public var url: String
        public var key: String
        public var lines: [LinkLine]
    }

    public func run(progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> Result {
        let configuration = try selection.configuration()
        let postPaths = try selection.paths(paths, configuration: configuration)
        let exclusions = try (configuration.links.exclude + options.exclude).map { pattern in
            do { return try Regex(pattern) } catch { throw LinkCheckError.badExclude(pattern: pattern) }
        }
        let repository = try? Repository.discover(from: selection.directory)
        if since != nil && repository == nil { throw WorkflowError.notInRepository(folder: selection.directory) }
        let baseline = try since.map { try repository!.resolveRevision($0) }

        var resources: [Resource] = []
        var indexByKey: [String: Int] = [:]
        // Links to files of the repository or the Jekyll site, judged on disk (never
        // fetched, never cached), each with its place among the resources.
        var local: [(report: LinkReport, before: Int)] = []
        var localByKey: [String: Int] = [:]
        var excluded = 0
        for path in postPaths {
            let bytes = try FileSystem.readPost(path: path, displayPath: path, limit: PostReader.sizeLimit)
            let post = try PostReader.parse(bytes, path: path)
            let changed = try baseline.map { try Check.changedLines(of: path, bytes: bytes, since: $0, in: repository!) }
            var location: PostLocation?
            for link in post.links {
                if let changed, !changed.contains(link.line) { continue }
                let url = link.url.trimmingWhitespace()
                let line = LinkLine(path: path, line: link.line)
                guard URLParts(url) != nil, let key = try? configuration.identity.key(for: url) else {
                    if location == nil { location = try PostLocation.discover(post, file: path, configuration: configuration) }
                    guard let (key, verdict) = Self.localVerdict(url, at: location!),
                        !exclusions.contains(where: { url.contains($0) })
                    else { continue }
                    if let index = localByKey[key] {
                        if !local[index].report.lines.contains(line) { local[index].report.lines.append(line) }
                    } else {
                        localByKey[key] = local.count
                        local.append((LinkReport(url: url, key: key, verdict: verdict, lines: [line]), resources.count))
                    }
                    continue
                }
                if exclusions.contains(where: { url.contains($0) }) {
                    excluded += 1
                    continue
                }
                if let index = indexByKey[key] {
                    if !resources[index].lines.contains(line) { resources[index].lines.append(line) }
                } else {
                    indexByKey[key] = resources.count
                    resources.append(Resource(url: url, key: key, lines: [line]))
                }
            }
        }

        let cachePath =
            options.useCache ? options.cachePath ?? repository.map { Path.join($0.commonDirectory, "curate/links.json") } : nil
        let fetched = try verdicts(for: resources, configuration: configuration, cachePath: cachePath, progress: progress)
        var reports: [LinkReport] = []
        reports.reserveCapacity(fetched.count + local.count)
        var next = local[...]
        for (index, report) in fetched.enumerated() {
            while let first = next.first, first.before <= index {
                reports.append(first.report)
                next = next.dropFirst()
            }
            reports.append(report)
        }
        reports += next.map(\.report)
        return Result(reports: reports, excluded: excluded, cachePath: cachePath)
    }

    /// A link to a file of the repository or the site (`/docs/x/`, `{% post_url %}`,
    /// `docs/x.md`): its key (the target, resolved where it can be) and what the disk
    /// says; nil when the disk cannot say (no site around the post ...).
    static func localVerdict(_ url: String, at location: PostLocation) -> (key: String, verdict: LinkVerdict)? {
        let target = LinkTarget.classify(url)
        let key: String
        switch target {
        case let .postURL(name, _): key = "post_url:" + name
        case let .liquidLink(path, _): key = "link:" + path
        case let .path(path, _) where location.kind == .jekyll: key = "site:" + path
        case let .path(path, _): key = "file:" + (LocalLinks.repositoryPath(path, at: location) ?? path)
        default: return nil
        }
        switch LocalLinks.verdict(target, at: location) {
        case .unknown: return nil
        case .present: return (key, LinkVerdict(.alive, detail: "on disk"))
        case let .missing(message): return (key, LinkVerdict(.dead, reason: .notFound, detail: message))
        }
    }

    /// Checks URLs that are in no post yet (the proposals `diff` and `propose` review):
    /// one report per resource, in order, with the cache and politeness of a post's check.
    public func check(urls: [String], progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> [LinkReport] {
        let configuration = try selection.configuration()
        var resources: [Resource] = []
        var seen: Set<String> = []
        for url in urls.map({ $0.trimmingWhitespace() }) {
            guard URLParts(url) != nil, let key = try? configuration.identity.key(for: url), seen.insert(key).inserted
            else { continue }
            resources.append(Resource(url: url, key: key, lines: []))
        }
        let repository = try? Repository.discover(from: selection.directory)
        let cachePath =
            options.useCache ? options.cachePath ?? repository.map { Path.join($0.commonDirectory, "curate/links.json") } : nil
        return try verdicts(for: resources, configuration: configuration, cachePath: cachePath, progress: progress)
    }

    /// The verdict on each resource: from the cache when recent enough (or `offline`),
    /// else fetched; the cache updated with what was fetched.
    func verdicts(
        for resources: [Resource], configuration: Configuration, cachePath: String?,
        progress: (@Sendable (Int, Int) -> Void)?
    ) throws -> [LinkReport] {
        var cache = try cachePath.map(LinkCache.load) ?? LinkCache()
        let now = options.now()
        var reports = resources.map { LinkReport(url: $0.url, key: $0.key, verdict: LinkVerdict(.unverified), lines: $0.lines) }
        var toFetch: [Int] = []
        for (index, resource) in resources.enumerated() {
            if options.offline {
                let last = cache.last(resource.key)
                reports[index].verdict =
                    last
                    ?? LinkVerdict(.unverified, reason: .offline, detail: "not checked: --offline and no verdict in the cache")
                reports[index].cached = last != nil
            } else if let recent = cache.recent(resource.key, now: now, maxAge: options.maxCacheAge) {
                reports[index].verdict = recent
                reports[index].cached = true
            } else {
                toFetch.append(index)
            }
        }
        guard !toFetch.isEmpty else { return reports }
        let curl = try CurlLibrary.shared.get()
        var checkerOptions = options
        checkerOptions.accept = options.accept ?? configuration.links.accept.flatMap(AcceptedStatuses.init(parsing:))
        let identity = configuration.identity
        let checker = LinkChecker(options: checkerOptions, curl: curl) { try? identity.key(for: $0) }
        let verdicts = checker.check(toFetch.map { resources[$0].url }, progress: progress)
        let deadAfter = options.deadAfter ?? configuration.links.deadAfter
        for (index, verdict) in zip(toFetch, verdicts) {
            reports[index].verdict = cache.record(resources[index].key, verdict, now: now, deadAfter: deadAfter)
        }
        if let cachePath { try cache.save(path: cachePath) }
        return reports
    }
}
