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
        // Per resource, the lines of each form it is written in (`/docs` and `/docs/` are one
        // resource, which a server may still answer differently).
        var forms: [Int: [String: [LinkLine]]] = [:]
        for path in postPaths {
            let bytes = try FileSystem.readPost(path: path, displayPath: path, limit: PostReader.sizeLimit)
            let post = try PostReader.parse(bytes, path: path)
            let changed = try baseline.map { try Check.changedLines(of: path, bytes: bytes, since: $0, in: repository!) }
            var location: PostLocation?
            // Every link of the post, its prose's too (an intro's, a heading's), in order.
            let links = (post.links + post.proseLinks).sorted { ($0.line, $0.column) < ($1.line, $1.column) }
            for link in links {
                if let changed, !changed.contains(link.line) { continue }
                // As a browser requests it (a `<…>` destination's space as %20).
                let url = post.webAddress(of: link).trimmingWhitespace()
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
                forms[indexByKey[key]!, default: [:]][Self.fetchedForm(url, configuration.identity), default: []].append(line)
            }
        }

        let cachePath =
            options.useCache ? options.cachePath ?? repository.map { Path.join($0.commonDirectory, "curate/links.json") } : nil
        // A resource written in several forms is fetched again, not taken from the cache:
        // the verdict kept is its first form's, which says nothing of the others.
        let severalForms = Set(forms.filter { $0.value.count > 1 }.keys)
        let checker = CheckerBox()
        var cache = try openCache(cachePath)
        var fetched = try verdicts(
            for: resources, configuration: configuration, cache: &cache, fresh: severalForms, checker: checker,
            progress: progress)
        let otherForms =
            options.offline
            ? Self.otherFormsOffline(&fetched, forms: forms, cache: cache, identity: configuration.identity)
            : try confirmOtherForms(of: &fetched, forms: forms, configuration: configuration, cache: &cache, checker: checker)
        if let cachePath, !options.offline { try cache.save(path: cachePath) }
        var reports: [LinkReport] = []
        reports.reserveCapacity(fetched.count + local.count)
        var next = local[...]
        for (index, report) in fetched.enumerated() {
            while let first = next.first, first.before <= index {
                reports.append(first.report)
                next = next.dropFirst()
            }
            reports.append(report)
            reports += otherForms[index] ?? []
        }
        reports += next.map(\.report)
        return Result(reports: reports, excluded: excluded, cachePath: cachePath)
    }

    /// A URL as a server tells it from others: without its fragment, which never reaches
    /// the server, and without tracking parameters, which no server routes by.
    static func fetchedForm(_ url: String, _ identity: URLIdentity) -> String {
        let url = identity.removingTrackingParameters(from: url) ?? url
        return url.firstIndex(of: "#").map { String(url[..<$0]) } ?? url
    }

    /// A resource the posts write in several forms (`/docs` and `/docs/`, `www.` or not):
    /// each other form is fetched too, and the lines of a form whose verdict differs from
    /// the first form's are reported on their own, after it (never a line called dead, or
    /// alive, for a URL it does not contain). Returns those reports by the index of the
    /// first one.
    func confirmOtherForms(
        of reports: inout [LinkReport], forms: [Int: [String: [LinkLine]]], configuration: Configuration,
        cache: inout LinkCache, checker: CheckerBox
    ) throws -> [Int: [LinkReport]] {
        var others: [(resource: Int, url: String, lines: [LinkLine])] = []
        for (index, report) in reports.enumerated() where !report.cached {
            let fetchedURL = Self.fetchedForm(report.url, configuration.identity)
            for (url, lines) in (forms[index] ?? [:]).sorted(by: { $0.value[0].line < $1.value[0].line }) where url != fetchedURL
            {
                others.append((index, url, lines))
            }
        }
        guard !others.isEmpty else { return [:] }
        let fetched = try fetch(others.map(\.url), configuration: configuration, checker: checker, progress: nil)
        let now = options.now()
        let deadAfter = options.deadAfter ?? configuration.links.deadAfter
        let verdicts = zip(others, fetched).map { other, verdict in
            cache.record(reports[other.resource].key, verdict, now: now, deadAfter: deadAfter, form: other.url)
        }
        var split: [Int: [LinkReport]] = [:]
        for (other, verdict) in zip(others, verdicts) where verdict.status != reports[other.resource].verdict.status {
            reports[other.resource].lines.removeAll { other.lines.contains($0) }
            split[other.resource, default: []].append(
                LinkReport(url: other.url, key: reports[other.resource].key, verdict: verdict, lines: other.lines))
        }
        return split
    }

    /// `--offline`: the lines of a resource's other forms are reported apart, each with the
    /// cache's verdict about that form, or as not checked in it.
    static func otherFormsOffline(
        _ reports: inout [LinkReport], forms: [Int: [String: [LinkLine]]], cache: LinkCache, identity: URLIdentity
    ) -> [Int: [LinkReport]] {
        var split: [Int: [LinkReport]] = [:]
        for (index, written) in forms where written.count > 1 {
            let first = fetchedForm(reports[index].url, identity)
            for (url, lines) in written.sorted(by: { $0.value[0].line < $1.value[0].line }) where url != first {
                reports[index].lines.removeAll { lines.contains($0) }
                let known = cache.last(reports[index].key, form: url)
                split[index, default: []].append(
                    LinkReport(
                        url: url, key: reports[index].key,
                        verdict: known ?? LinkVerdict(.unverified, reason: .offline, detail: "not checked in this form"),
                        lines: lines, cached: known != nil))
            }
        }
        return split
    }

    /// The cache at `cachePath` (none: an empty one), after making sure a run that fetches
    /// can write it there.
    func openCache(_ cachePath: String?) throws -> LinkCache {
        guard let cachePath else { return LinkCache() }
        if !options.offline { try LinkCache.prepare(path: cachePath) }
        return try LinkCache.load(path: cachePath)
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
        var cache = try openCache(cachePath)
        let reports = try verdicts(for: resources, configuration: configuration, cache: &cache, progress: progress)
        if let cachePath, !options.offline { try cache.save(path: cachePath) }
        return reports
    }

    /// The verdict on each resource: from the cache when recent enough (or `offline`),
    /// else fetched; the cache updated with what was fetched.
    func verdicts(
        for resources: [Resource], configuration: Configuration, cache: inout LinkCache, fresh: Set<Int> = [],
        checker: CheckerBox = CheckerBox(), progress: (@Sendable (Int, Int) -> Void)?
    ) throws -> [LinkReport] {
        let now = options.now()
        let forms = resources.map { Self.fetchedForm($0.url, configuration.identity) }
        var reports = resources.map { LinkReport(url: $0.url, key: $0.key, verdict: LinkVerdict(.unverified), lines: $0.lines) }
        var toFetch: [Int] = []
        for (index, resource) in resources.enumerated() {
            if options.offline {
                let last = cache.last(resource.key, form: forms[index])
                reports[index].verdict =
                    last
                    ?? LinkVerdict(.unverified, reason: .offline, detail: "not checked: --offline and no verdict in the cache")
                reports[index].cached = last != nil
            } else if !fresh.contains(index),
                let recent = cache.recent(resource.key, form: forms[index], now: now, maxAge: options.maxCacheAge)
            {
                reports[index].verdict = recent
                reports[index].cached = true
            } else {
                toFetch.append(index)
            }
        }
        guard !toFetch.isEmpty else { return reports }
        // The form fetched is the one a server tells apart: no tracking parameters (which
        // no line's verdict should hang on) and no fragment.
        let verdicts = try fetch(toFetch.map { forms[$0] }, configuration: configuration, checker: checker, progress: progress)
        let deadAfter = options.deadAfter ?? configuration.links.deadAfter
        for (index, verdict) in zip(toFetch, verdicts) {
            reports[index].verdict = cache.record(
                resources[index].key, verdict, now: now, deadAfter: deadAfter, form: forms[index])
        }
        return reports
    }

    /// `urls` fetched, politely, one verdict each, by the run's checker (made at the first
    /// fetch): its hosts' request intervals and what it learnt hold across the run's fetches.
    func fetch(
        _ urls: [String], configuration: Configuration, checker box: CheckerBox, progress: (@Sendable (Int, Int) -> Void)?
    ) throws -> [LinkVerdict] {
        if box.checker == nil {
            let curl = try CurlLibrary.shared.get()
            var checkerOptions = options
            checkerOptions.accept = options.accept ?? configuration.links.accept.flatMap(AcceptedStatuses.init(parsing:))
            let identity = configuration.identity
            box.checker = LinkChecker(options: checkerOptions, curl: curl) { try? identity.key(for: $0) }
        }
        return box.checker!.check(urls, progress: progress)
    }
}

/// The link checker of one run, made when first needed.
final class CheckerBox {
    var checker: LinkChecker?
}
