import Foundation
import Yams

/// A Jekyll site as curate needs it: `_config.yml` (`baseurl`, `url`, `permalink`,
/// `collections`, `defaults`, `exclude`), its source files, and the URLs its pages, posts
/// and documents are published at.
///
/// The URLs are computed the way Jekyll computes them for the common permalink styles and
/// placeholders; plugins (pagination, archives, feeds) make pages curate cannot see, which
/// is why a site-relative link that matches none is only a warning.
public struct JekyllSite: Sendable {
    /// The folder holding `_config.yml`, absolute.
    public var root: String
    public var configFile: String
    /// `baseurl`, with a leading and no trailing slash (`/blog`), or empty.
    public var baseurl = ""
    public var url = ""
    /// `permalink`, as written (`date` when not set).
    public var permalink = "date"
    public var defaults: [Default] = []
    /// Collections by label (`docs`), from `collections:`.
    public var collections: [String: Collection] = [:]
    /// `collections_dir`, or empty.
    public var collectionsDirectory = ""
    /// Source files, relative to ``root`` (`_posts/2024-01-01-x.md`, `docs/index.md`).
    public var files: Set<String> = []
    /// URLs the site publishes, percent-decoded and lowercased, without `baseurl`.
    public var urls: Set<String> = []
    /// `plugins` (or the older `gems`).
    public var plugins: [String] = []
    /// Path prefixes under which plugins publish pages curate does not compute.
    var pluginPrefixes: [String] = []
    /// Whether GitHub Pages builds the site with its own plugins: there is no `Gemfile`, or
    /// it names the `github-pages` gem.
    public var isGitHubPages = false
    /// `markdown:`, lowercased (`kramdown` when not set).
    public var markdown = "kramdown"
    /// `kramdown:`'s options for heading ids, as written (see ``headingIDs``).
    public var kramdown = KramdownOptions()

    /// The options that decide the ids of the site's headings: `kramdown:`'s when kramdown
    /// renders the site, else none (another renderer's own ids).
    public var headingIDs: KramdownOptions {
        markdown == "kramdown" ? kramdown : KramdownOptions()
    }

    /// Front-matter keys the site's plugins fill in when a file has none:
    /// `jekyll-default-layout` the layout, `jekyll-titles-from-headings` the title (both on
    /// by default on GitHub Pages).
    public var keysFromPlugins: Set<String> {
        var keys: Set<String> = []
        if isGitHubPages || plugins.contains("jekyll-default-layout") { keys.insert("layout") }
        if isGitHubPages || plugins.contains("jekyll-titles-from-headings") { keys.insert("title") }
        return keys
    }

    /// One item of `defaults:`: the scope and the keys it gives.
    public struct Default: Sendable, Equatable {
        public var path: String
        public var type: String?
        public var keys: Set<String>
        public var permalink: String?
    }

    public struct Collection: Sendable, Equatable {
        public var output: Bool
        public var permalink: String?
    }

    /// The names Jekyll reads its configuration from, in order.
    public static let configNames = ["_config.yml", "_config.yaml"]

    /// The nearest folder at or above `folder` (and not above `limit`) holding a `_config.yml`.
    public static func root(containing folder: String, limit: String?) -> String? {
        var current = Path.standardized(folder)
        while true {
            if configNames.contains(where: { FileSystem.fileExists(Path.join(current, $0)) }) { return current }
            if current == limit || current == "/" || current == "." || current.isEmpty { return nil }
            current = Path.directory(of: current)
        }
    }

    /// Reads the site at `root`: its configuration and files. A site is read once per
    /// process: checking a hundred of its posts reads it once.
    public static func load(root: String) throws -> JekyllSite {
        if let cached = cache.site(at: root) { return cached }
        let site = try read(root: root)
        cache.store(site)
        return site
    }

    private static let cache = Cache()

    private final class Cache: @unchecked Sendable {
        private let lock = NSLock()
        private var sites: [String: JekyllSite] = [:]

        func site(at root: String) -> JekyllSite? {
            lock.lock()
            defer { lock.unlock() }
            return sites[root]
        }

        func store(_ site: JekyllSite) {
            lock.lock()
            defer { lock.unlock() }
            sites[site.root] = site
        }
    }

    private static func read(root: String) throws -> JekyllSite {
        let name = configNames.first { FileSystem.fileExists(Path.join(root, $0)) } ?? configNames[0]
        let configFile = Path.join(root, name)
        var site = JekyllSite(root: root, configFile: configFile)
        let bytes = try FileSystem.readAll(path: configFile, displayPath: configFile, limit: 4 << 20)
        try site.readConfiguration(String(decoding: bytes, as: UTF8.self))
        let gemfile = Path.join(root, "Gemfile")
        site.isGitHubPages =
            !FileSystem.fileExists(gemfile)
            || (try? FileSystem.readAll(path: gemfile, displayPath: gemfile, limit: 1 << 20)).map {
                String(decoding: $0, as: UTF8.self).contains("github-pages")
            } == true
        site.files = site.listFiles()
        site.urls = site.publishedURLs()
        return site
    }

    /// A site from its configuration text and file list, for tests and callers that have them.
    public static func make(root: String, config: String, files: [String: String]) throws -> JekyllSite {
        var site = JekyllSite(root: root, configFile: Path.join(root, "_config.yml"))
        try site.readConfiguration(config)
        site.files = Set(files.keys)
        site.urls = site.publishedURLs { files[$0].map { Array($0.utf8) } }
        return site
    }

    init(root: String, configFile: String) {
        self.root = root
        self.configFile = configFile
    }

    private var excluded: [String] = []

    // MARK: - Configuration

    mutating func readConfiguration(_ text: String) throws {
        let node = try FrontMatter.compose(text, typed: true) { line, column, message in
            .configuration(
                path: configFile, line: line, column: column, message: "the Jekyll configuration is not valid YAML: \(message)",
                hint: "Jekyll cannot build the site either; fix the YAML")
        }
        guard case let .mapping(mapping)? = node else { return }
        for (key, value) in mapping {
            switch key.string {
            case "baseurl":
                let trimmed = (value.string ?? "").trimmingSpaces()
                var base = trimmed.hasPrefix("/") || trimmed.isEmpty ? trimmed : "/" + trimmed
                while base.hasSuffix("/") { base.removeLast() }
                baseurl = base
            case "url": url = value.string ?? ""
            case "permalink": permalink = value.string ?? "date"
            case "collections_dir": collectionsDirectory = Path.standardized(value.string ?? "")
            case "exclude": excluded = value.sequence?.compactMap(\.string) ?? []
            case "plugins", "gems": plugins += value.sequence?.compactMap(\.string) ?? []
            // A theme gem publishes its own assets (`/assets/main.css`), which are not in the
            // site's folder: curate cannot tell which.
            case "theme", "remote_theme": if value.string.map({ !$0.isEmpty }) ?? false { pluginPrefixes.append("/assets/") }
            case "markdown": markdown = (value.string ?? "kramdown").lowercased()
            case "kramdown":
                guard let options = value.mapping else { break }
                let flag = { (name: String) in
                    options[name].flatMap { $0.bool ?? $0.string.map { $0.lowercased() == "true" } }
                }
                kramdown.autoIDs = flag("auto_ids") ?? true
                kramdown.transliteratedHeaderIDs = flag("transliterated_header_ids") ?? false
                kramdown.autoIDPrefix = options["auto_id_prefix"]?.string ?? ""
            case "collections":
                if case let .mapping(collections) = value {
                    for (label, settings) in collections {
                        guard let label = label.string else { continue }
                        let output = settings.mapping?["output"]?.bool ?? false
                        self.collections[label] = Collection(output: output, permalink: settings.mapping?["permalink"]?.string)
                    }
                } else if case let .sequence(labels) = value {
                    for label in labels.compactMap(\.string) { collections[label] = Collection(output: false, permalink: nil) }
                }
            case "defaults":
                for item in value.sequence ?? [] {
                    guard let values = item.mapping?["values"]?.mapping else { continue }
                    let scope = item.mapping?["scope"]?.mapping
                    // YAML merge keys (`<<: *base`) bring their mapping's keys in.
                    var keys = Set(values.keys.compactMap(\.string))
                    var permalink = values["permalink"]?.string
                    if let merged = values["<<"] {
                        keys.remove("<<")
                        for mapping in merged.mapping.map({ [$0] }) ?? merged.sequence?.compactMap(\.mapping) ?? [] {
                            keys.formUnion(mapping.keys.compactMap(\.string))
                            permalink = permalink ?? mapping["permalink"]?.string
                        }
                    }
                    defaults.append(
                        Default(
                            path: scope?["path"]?.string ?? "", type: scope?["type"]?.string.map(Self.scopeType), keys: keys,
                            permalink: permalink))
                }
            default: break
            }
        }
        if collectionsDirectory == "." { collectionsDirectory = "" }
        for plugin in plugins {
            switch plugin {
            case "jekyll-paginate", "jekyll-paginate-v2": pluginPrefixes.append("/page")
            case "jekyll-archives": pluginPrefixes += ["/tag", "/categor", "/archive", "/19", "/20"]
            case "jekyll-feed": pluginPrefixes.append("/feed")
            case "jekyll-sitemap": pluginPrefixes += ["/sitemap.xml", "/robots.txt"]
            case "jekyll-redirect-from": pluginPrefixes.append("/redirects.json")
            default: break
            }
        }
    }

    /// A scope's `type` as Jekyll reads it: the singular `post`, `page` and `draft` it still
    /// accepts (with a deprecation warning) are `posts`, `pages` and `drafts`.
    static func scopeType(_ written: String) -> String {
        switch written {
        case "post": return "posts"
        case "page": return "pages"
        case "draft": return "drafts"
        default: return written
        }
    }

    // MARK: - What a file is

    /// The `type` Jekyll's defaults match a file by: `posts`, `drafts`, a collection's
    /// label, or `pages`.
    public func type(of path: String) -> String {
        let parts = path.split(separator: "/").map(String.init)
        if parts.dropLast().contains("_posts") { return "posts" }
        if parts.dropLast().contains("_drafts") { return "drafts" }
        if let label = collectionLabel(of: path) { return label }
        return "pages"
    }

    /// The collection a file belongs to, if any.
    func collectionLabel(of path: String) -> String? {
        var relative = Substring(path)
        if !collectionsDirectory.isEmpty {
            guard relative.hasPrefix(collectionsDirectory + "/") else { return nil }
            relative = relative.dropFirst(collectionsDirectory.count + 1)
        }
        guard let first = relative.split(separator: "/").first, first.hasPrefix("_"), relative.contains("/") else { return nil }
        let label = String(first.dropFirst())
        return collections[label] != nil ? label : nil
    }

    /// The defaults that apply to the file at `path` (relative to the site), in order. A
    /// document under `collections_dir` is matched as Jekyll names it, without that folder
    /// (`_posts/x.md`), by scopes written with or without it.
    public func defaults(for path: String) -> [Default] {
        let type = type(of: path)
        let document = documentPath(path)
        return defaults.filter { item in
            if let scopeType = item.type, scopeType != type { return false }
            return Self.scope(item.path, matches: path)
                || (document != path && Self.scope(documentPath(Path.standardized(item.path)), matches: document))
        }
    }

    /// A file's path without `collections_dir` when it is inside it: how Jekyll names the
    /// documents of its collections (posts included).
    func documentPath(_ path: String) -> String {
        guard !collectionsDirectory.isEmpty, path.hasPrefix(collectionsDirectory + "/") else { return path }
        return String(path.dropFirst(collectionsDirectory.count + 1))
    }

    /// Jekyll's scope paths: a folder or file prefix, `*` matching within one component.
    static func scope(_ scope: String, matches path: String) -> Bool {
        let pattern = Path.standardized(scope)
        if pattern == "." || pattern.isEmpty || pattern == "/" { return true }
        if !pattern.contains("*") {
            return path == pattern || path.hasPrefix(pattern + "/")
        }
        let patternParts = pattern.split(separator: "/")
        let pathParts = path.split(separator: "/")
        guard pathParts.count >= patternParts.count else { return false }
        for (wanted, actual) in zip(patternParts, pathParts) where !glob(String(wanted), matches: String(actual)) {
            return false
        }
        return true
    }

    private static func glob(_ pattern: String, matches text: String) -> Bool {
        let pieces = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        guard pieces.count > 1 else { return pattern == text }
        guard text.hasPrefix(pieces[0]), text.hasSuffix(pieces[pieces.count - 1]) else { return false }
        var rest = Substring(text.dropFirst(pieces[0].count))
        for piece in pieces.dropFirst().dropLast() where !piece.isEmpty {
            guard let found = rest.range(of: piece) else { return false }
            rest = rest[found.upperBound...]
        }
        return rest.count >= pieces[pieces.count - 1].count
    }

    // MARK: - Links

    /// Whether `{% link path %}` finds a file.
    public func hasFile(_ path: String) -> Bool {
        let standardized = Path.standardized(path.hasPrefix("/") ? String(path.dropFirst()) : path)
        return files.contains(standardized)
    }

    /// Whether `{% post_url name %}` finds a post: `2024-01-02-title`, optionally after
    /// the folders that hold the post's `_posts` (`news/2024-01-02-title`).
    public func hasPost(_ name: String) -> Bool {
        let trimmed = name.hasPrefix("/") ? String(name.dropFirst()) : name
        let wanted = Path.lastComponent(of: trimmed)
        let folders = trimmed.contains("/") ? Path.directory(of: trimmed) : nil
        return files.contains { file in
            let parts = file.split(separator: "/")
            guard let postsIndex = parts.lastIndex(of: "_posts"), postsIndex < parts.count - 1 else { return false }
            let base = String(parts[parts.count - 1])
            let stem = base.lastIndex(of: ".").map { String(base[..<$0]) } ?? base
            guard stem == wanted else { return false }
            guard let folders else { return true }
            // The folders before `_posts` (a category's) or inside it (`_posts/tutorials/`).
            let inside = parts[(postsIndex + 1)..<(parts.count - 1)].joined(separator: "/")
            return file.hasPrefix(folders + "/") || inside == folders
        }
    }

    /// Whether a site-relative path (`/docs/history/`, with or without the `baseurl`) is a
    /// page, post, document or file the site publishes. `path` is percent-decoded, without
    /// query or fragment.
    public func publishes(_ path: String) -> Bool {
        var candidates = [path]
        if !baseurl.isEmpty, path == baseurl || path.hasPrefix(baseurl + "/") {
            candidates.append(String(path.dropFirst(baseurl.count)))
        }
        for candidate in candidates {
            let lower = candidate.lowercased()
            let forms = [
                lower, lower + "/", lower.hasSuffix("/") ? String(lower.dropLast()) : lower, lower + ".html",
                lower.hasSuffix("/") ? lower + "index.html" : lower + "/index.html",
                lower.hasSuffix(".html") ? String(lower.dropLast(5)) : lower,
                lower.hasSuffix("/index.html") ? String(lower.dropLast(10)) : lower,
            ]
            if forms.contains(where: { urls.contains($0) }) { return true }
            if lower == "/" || lower.isEmpty { return true }
            if pluginPrefixes.contains(where: { lower.hasPrefix($0) }) { return true }
            let file = String(candidate.drop(while: { $0 == "/" }))
            if hasFile(file) || (file.hasSuffix("/") && files.contains { $0.hasPrefix(file) }) { return true }
        }
        return false
    }

    // MARK: - Files and URLs

    private static let skippedFolders: Set<String> = [
        "_site", ".git", ".jekyll-cache", ".sass-cache", ".bundle", "node_modules", "vendor", ".jekyll-metadata",
    ]

    /// The site's source files, relative to its root (at most 100,000).
    private func listFiles() -> Set<String> {
        var result: Set<String> = []
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return result }
        while let next = enumerator.nextObject() as? String {
            let name = Path.lastComponent(of: next)
            if Self.skippedFolders.contains(name) || excluded.contains(next) {
                enumerator.skipDescendants()
                continue
            }
            if FileSystem.fileExists(Path.join(root, next)) { result.insert(next) }
            if result.count >= 100_000 { break }
        }
        return result
    }

    private static let textExtensions: Set<String> = markupExtensions.union([
        "xml", "json", "txt", "css", "scss", "sass", "js", "liquid", "svg", "rss", "atom", "webmanifest", "csv", "yml", "yaml",
    ])

    /// The first 64 KiB of a file: enough for its front matter.
    private static func head(of path: String) -> [UInt8]? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 1 << 16)).map { Array($0) }
    }

    private static let markupExtensions: Set<String> = ["md", "markdown", "mkd", "mkdn", "mdown", "textile", "html", "htm"]

    /// The URLs of every page, post, document and static file, lowercased.
    private func publishedURLs(read: ((String) -> [UInt8]?)? = nil) -> Set<String> {
        var urls: Set<String> = []
        let read = read ?? { path in Self.head(of: Path.join(root, path)) }
        for file in files {
            let parts = file.split(separator: "/").map(String.init)
            let name = parts[parts.count - 1]
            let folders = Array(parts.dropLast())
            let ext = name.lastIndex(of: ".").map { String(name[name.index(after: $0)...]).lowercased() } ?? ""
            let stem = name.lastIndex(of: ".").map { String(name[..<$0]) } ?? name
            let isPost = folders.contains("_posts")
            let collection = collectionLabel(of: file)
            let special = folders.contains { $0.hasPrefix("_") || ($0.hasPrefix(".") && $0 != ".well-known") }
            if special && !isPost && collection.map({ collections[$0]?.output ?? false }) != true { continue }
            // Only text files can have front matter; images and archives are static.
            let matter = Self.textExtensions.contains(ext) ? Self.frontMatter(read(file)) : nil
            let outputExt = Self.markupExtensions.contains(ext) ? ".html" : (ext == "scss" || ext == "sass" ? ".css" : ".\(ext)")
            for redirect in matter?.redirects ?? [] { urls.insert(Self.normalized(redirect)) }
            guard let matter else {
                urls.insert(("/" + file).lowercased())
                continue
            }
            let scoped = defaults(for: file).reversed().compactMap(\.permalink).first
            if isPost {
                guard let (fileDate, fileSlug) = JekyllDate.fromFileName(name) else { continue }
                // A front-matter date places the post instead of its file name's.
                let days = matter.date.map(JekyllDate.publishedDays).flatMap { $0.isEmpty ? nil : $0 } ?? [fileDate]
                // Posts under collections_dir are named without it (`my_collections/_posts/x.md`
                // is `_posts/x.md`): the folders before `_posts` are categories.
                let document = documentPath(file)
                let categoryFolders = document.split(separator: "/").dropLast().map(String.init).prefix { $0 != "_posts" }
                    .filter { !$0.hasPrefix("_") }
                let categories = categoryFolders + matter.categories
                let style = matter.permalink ?? scoped ?? collections["posts"]?.permalink ?? permalink
                let template = Self.expandStyle(style, page: false)
                let slug = matter.slug ?? fileSlug
                for date in days {
                    var values: [String: String] = [
                        "year": String(format: "%04d", date.year), "short_year": String(format: "%02d", date.year % 100),
                        "month": String(format: "%02d", date.month), "i_month": "\(date.month)",
                        "day": String(format: "%02d", date.day), "i_day": "\(date.day)",
                        "title": slug, "slug": Self.slugify(slug), "name": Self.slugify(slug), "output_ext": outputExt,
                        "collection": "posts", "path": document, "basename": stem,
                    ]
                    for joined in [
                        categories.joined(separator: "/"), categories.map { Self.slugify($0) }.joined(separator: "/"),
                    ] {
                        values["categories"] = joined
                        urls.insert(Self.normalized(Self.fill(template, values)))
                    }
                    values["title"] = Self.slugify(slug)
                    urls.insert(Self.normalized(Self.fill(template, values)))
                }
                continue
            }
            if let collection {
                let inside = file.split(separator: "/").drop { !$0.hasPrefix("_") }.dropFirst().joined(separator: "/")
                let insideStem = inside.lastIndex(of: ".").map { String(inside[..<$0]) } ?? inside
                let template =
                    matter.permalink ?? scoped ?? collections[collection]?.permalink ?? "/:collection/:path:output_ext"
                let values = [
                    "collection": collection, "path": insideStem, "name": Self.slugify(stem), "title": matter.slug ?? stem,
                    "slug": Self.slugify(matter.slug ?? stem), "output_ext": outputExt, "basename": stem,
                    "categories": matter.categories.joined(separator: "/"),
                ]
                let url = Self.normalized(Self.fill(Self.expandStyle(template, page: true), values))
                urls.insert(url)
                // `installation/index.md` is also served as its folder.
                for suffix in ["/index/", "/index.html", "/index"] where url.hasSuffix(suffix) {
                    urls.insert(String(url.dropLast(suffix.count - 1)))
                }
                continue
            }
            // A page.
            let folder = folders.joined(separator: "/")
            if let own = matter.permalink ?? scoped, own.contains("/") {
                let values = ["path": folder.isEmpty ? stem : folder + "/" + stem, "basename": stem, "output_ext": outputExt]
                urls.insert(Self.normalized(Self.fill(own, values)))
                continue
            }
            let prefix = folder.isEmpty ? "/" : "/" + folder + "/"
            urls.insert((stem == "index" ? prefix : prefix + stem + outputExt).lowercased())
            if stem != "index" { urls.insert((prefix + stem + "/").lowercased()) }
        }
        return urls
    }

    /// The permalink template of a named style.
    static func expandStyle(_ style: String, page: Bool) -> String {
        switch style {
        case "date": return "/:categories/:year/:month/:day/:title:output_ext"
        case "pretty": return page ? "/:path/:basename/" : "/:categories/:year/:month/:day/:title/"
        case "ordinal": return "/:categories/:year/:y_day/:title:output_ext"
        case "weekdate": return "/:categories/:year/W:week/:short_day/:title:output_ext"
        case "none": return "/:categories/:title:output_ext"
        default: return style
        }
    }

    /// Replaces `:name` placeholders (longest names first) with their values.
    static func fill(_ template: String, _ values: [String: String]) -> String {
        var result = template
        for key in values.keys.sorted(by: { $0.count > $1.count }) {
            result = result.replacingOccurrences(of: ":" + key, with: values[key]!)
        }
        return result
    }

    /// `/a//b/` with repeated slashes collapsed, percent-decoded, lowercased.
    static func normalized(_ url: String) -> String {
        var result = ""
        for character in url.removingPercentEncoding ?? url where !(character == "/" && result.hasSuffix("/")) {
            result.append(character)
        }
        if !result.hasPrefix("/") { result = "/" + result }
        return result.lowercased()
    }

    /// Jekyll's default slugify: lowercase, runs of other than letters and digits to `-`.
    static func slugify(_ text: String) -> String {
        var result = ""
        for scalar in text.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                result.unicodeScalars.append(scalar)
            } else if !result.hasSuffix("-") {
                result.append("-")
            }
        }
        return String(result.trimmingCharacters(in: CharacterSet(charactersIn: "-")))
    }

    struct PageMatter {
        var permalink: String?
        var slug: String?
        /// `date`, as written.
        var date: String?
        var categories: [String] = []
        var redirects: [String] = []
    }

    /// The few front-matter keys that place a file, or nil when it has no front matter.
    static func frontMatter(_ bytes: [UInt8]?) -> PageMatter? {
        guard let bytes, bytes.starts(with: Array("---".utf8)) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        guard lines.first?.trimmingSpaces() == "---" else { return nil }
        lines.removeFirst()
        guard let end = lines.firstIndex(where: { $0.trimmingSpaces() == "---" || $0.trimmingSpaces() == "..." }) else {
            return nil
        }
        var matter = PageMatter()
        guard case let .mapping(mapping)? = try? Yams.compose(yaml: lines[..<end].joined(separator: "\n")) else { return matter }
        matter.permalink = mapping["permalink"]?.string
        matter.slug = mapping["slug"]?.string
        matter.date = mapping["date"]?.string
        for key in ["category", "categories"] {
            if let value = mapping[key] {
                matter.categories +=
                    value.sequence?.compactMap(\.string) ?? (value.string?.split(separator: " ").map(String.init) ?? [])
            }
        }
        if let value = mapping["redirect_from"] {
            matter.redirects = value.sequence?.compactMap(\.string) ?? value.string.map { [$0] } ?? []
        }
        return matter
    }
}
