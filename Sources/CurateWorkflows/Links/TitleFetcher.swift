import CurateKit
import Foundation

/// Titles for proposals given by URL only, from the best source for each site: arXiv's
/// API, DOI content negotiation, GitHub's API (name and description), YouTube's oEmbed,
/// else the page's `og:title` or `<title>` (its charset and entities handled, a site
/// suffix such as " | Site" stripped). Placeholder titles (a bot challenge's "Just a
/// moment…", a bare "- YouTube") are refused, never proposed.
public final class TitleFetcher: @unchecked Sendable {
    /// Where each API lives: the real services by default, loopback servers in tests.
    public struct Sources: Sendable, Equatable {
        public var arXiv = "https://export.arxiv.org/api/query"
        public var doi = "https://doi.org"
        public var gitHub = "https://api.github.com"
        public var youTubeOEmbed = "https://www.youtube.com/oembed"

        public init() {}
    }

    /// Where a title came from (the review says so).
    public enum Source: String, Sendable, Codable {
        case arXiv = "arXiv API"
        case doi = "DOI metadata"
        case gitHub = "GitHub API"
        case oEmbed = "oEmbed"
        case openGraph = "og:title"
        case htmlTitle = "<title>"
    }

    public struct Fetched: Sendable, Equatable {
        public var title: String
        public var description: String?
        public var source: Source
    }

    /// Why no title came.
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        /// The page's title is a placeholder (a bot challenge, a login wall, an error page).
        case placeholder(String)
        case noTitle
        case status(Int)
        case network(String)

        public var description: String {
            switch self {
            case let .placeholder(text): return "the page's title is a placeholder (\(text.debugDescription))"
            case .noTitle: return "the page has no title"
            case let .status(code): return "the server answered \(code)"
            case let .network(message): return message
            }
        }
    }

    let sources: Sources
    let timeout: Double
    let userAgent: String
    let gitHubToken: String?
    private let curl: CurlLibrary
    private let lock = NSLock()

    public init(
        sources: Sources = Sources(), timeout: Double = 15, userAgent: String = "curate (titles for curated lists)",
        gitHubToken: String? = ProcessInfo.processInfo.environment["GITHUB_TOKEN"]
    ) throws {
        self.sources = sources
        self.timeout = timeout
        self.userAgent = userAgent
        self.gitHubToken = gitHubToken.flatMap { $0.isEmpty ? nil : $0 }
        curl = try CurlLibrary.shared.get()
    }

    /// The title of the resource at `url`.
    public func title(for url: String) -> Result<Fetched, Problem> {
        guard let parts = URLParts(url) else { return .failure(.network("not an http(s) URL")) }
        let host = URLIdentity.droppingWWW(parts.host)
        let segments = parts.path.split(separator: "/").map(String.init)
        if host == "arxiv.org", segments.count >= 2, ["abs", "pdf"].contains(segments[0]) {
            var id = segments[1...].joined(separator: "/")
            if id.hasSuffix(".pdf") { id.removeLast(4) }
            return arXiv(id)
        }
        if host == "doi.org" || host == "dx.doi.org", !segments.isEmpty {
            return doi(segments.joined(separator: "/"))
        }
        if host == "github.com", segments.count == 2 {
            return gitHub(owner: segments[0], repository: segments[1])
        }
        if host == "youtube.com" || host == "m.youtube.com" || host == "youtu.be" {
            return oEmbed(url)
        }
        return page(url)
    }

    // MARK: - Sources

    func arXiv(_ id: String) -> Result<Fetched, Problem> {
        let versionless = id.replacingOccurrences(of: #"v[0-9]+$"#, with: "", options: .regularExpression)
        return get(sources.arXiv + "?id_list=" + percentEncoded(versionless)).flatMap { body in
            let text = String(decoding: body, as: UTF8.self)
            guard let entry = text.range(of: "<entry>"),
                let title = Self.element("title", in: String(text[entry.upperBound...]))
            else { return .failure(.noTitle) }
            return .success(Fetched(title: Self.collapse(HTMLText.decodeEntities(title)), description: nil, source: .arXiv))
        }
    }

    func doi(_ doi: String) -> Result<Fetched, Problem> {
        get(sources.doi + "/" + doi, headers: ["Accept: application/vnd.citationstyles.csl+json"]).flatMap { body in
            guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
                return .failure(.noTitle)
            }
            let title = (object["title"] as? String) ?? (object["title"] as? [String])?.first
            guard let title, !title.isEmpty else { return .failure(.noTitle) }
            return .success(Fetched(title: Self.collapse(title), description: nil, source: .doi))
        }
    }

    func gitHub(owner: String, repository: String) -> Result<Fetched, Problem> {
        var headers = ["Accept: application/vnd.github+json"]
        if let gitHubToken { headers.append("Authorization: Bearer \(gitHubToken)") }
        return get(sources.gitHub + "/repos/\(owner)/\(repository)", headers: headers).flatMap { body in
            guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
                let name = object["name"] as? String, !name.isEmpty
            else { return .failure(.noTitle) }
            let description = (object["description"] as? String).map(Self.collapse).flatMap { $0.isEmpty ? nil : $0 }
            return .success(Fetched(title: name, description: description, source: .gitHub))
        }
    }

    func oEmbed(_ url: String) -> Result<Fetched, Problem> {
        get(sources.youTubeOEmbed + "?format=json&url=" + percentEncoded(url)).flatMap { body in
            guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
                let title = object["title"] as? String
            else { return .failure(.noTitle) }
            return Self.checked(Self.collapse(title)).map { Fetched(title: $0, description: nil, source: .oEmbed) }
        }
    }

    func page(_ url: String) -> Result<Fetched, Problem> {
        fetch(url, headers: ["Accept: text/html,application/xhtml+xml"], bodyLimit: 512 << 10).flatMap { response in
            let html = HTMLText.decode(response.body, contentType: response.header("content-type"))
            if let og = HTMLText.meta(property: "og:title", in: html) {
                return Self.checked(Self.collapse(og)).map { Fetched(title: $0, description: nil, source: .openGraph) }
            }
            guard let title = Self.element("title", in: html) else { return .failure(.noTitle) }
            let siteName = HTMLText.meta(property: "og:site_name", in: html)
            let cleaned = HTMLText.strippingSiteSuffix(Self.collapse(HTMLText.decodeEntities(title)), siteName: siteName)
            return Self.checked(cleaned).map { Fetched(title: $0, description: nil, source: .htmlTitle) }
        }
    }

    // MARK: - Helpers

    /// Titles that say nothing about the page.
    static let placeholders: Set<String> = [
        "just a moment...", "just a moment…", "attention required!", "attention required! | cloudflare", "access denied",
        "403 forbidden", "404 not found", "not found", "page not found", "sign in", "log in", "login", "youtube",
        "- youtube", "error", "untitled", "loading...", "please wait...", "are you a robot?", "security check",
    ]

    static func checked(_ title: String) -> Result<String, Problem> {
        let folded = title.lowercased().trimmingWhitespace()
        if folded.isEmpty { return .failure(.noTitle) }
        if placeholders.contains(folded) || folded.hasPrefix("just a moment") { return .failure(.placeholder(title)) }
        return .success(title)
    }

    static func collapse(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// The text of the first `<name>` element (case-insensitive, attributes allowed).
    static func element(_ name: String, in text: String) -> String? {
        guard let open = text.range(of: "<\(name)(\\s[^>]*)?>", options: [.regularExpression, .caseInsensitive]),
            let close = text.range(
                of: "</\(name)\\s*>", options: [.regularExpression, .caseInsensitive], range: open.upperBound..<text.endIndex)
        else { return nil }
        return String(text[open.upperBound..<close.lowerBound])
    }

    func percentEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    func get(_ url: String, headers: [String] = []) -> Result<[UInt8], Problem> {
        fetch(url, headers: headers, bodyLimit: 4 << 20).map(\.body)
    }

    func fetch(_ url: String, headers: [String], bodyLimit: Int) -> Result<HTTPResponse, Problem> {
        guard let parts = URLParts(url) else { return .failure(.network("not an http(s) URL: \(url)")) }
        let handle: CurlHandle
        do { handle = try CurlHandle(curl) } catch { return .failure(.network("\(error)")) }
        var request = HTTPRequest(method: .get, url: parts.absolute, timeout: timeout, userAgent: userAgent, headers: headers)
        request.bodyLimit = bodyLimit
        request.followRedirects = true
        switch handle.perform(request) {
        case let .failure(failure): return .failure(.network(failure.message))
        case let .success(response):
            guard (200...299).contains(response.status) else { return .failure(.status(response.status)) }
            return .success(response)
        }
    }
}

/// Reading the little of HTML a title needs: the charset, meta tags, entities.
enum HTMLText {
    /// The page as text, in the charset its header or `<meta charset>` names (UTF-8 else;
    /// ISO-8859-1 and Windows-1252 byte for byte).
    static func decode(_ bytes: [UInt8], contentType: String?) -> String {
        let head = String(decoding: bytes.prefix(2048), as: UTF8.self).lowercased()
        var charset = contentType?.lowercased().range(of: #"charset=["']?[a-z0-9_-]+"#, options: .regularExpression)
            .map { String(contentType!.lowercased()[$0]) }
        if charset == nil, let range = head.range(of: #"charset=["']?[a-z0-9_-]+"#, options: .regularExpression) {
            charset = String(head[range])
        }
        let name = charset.map { $0.replacingOccurrences(of: #"charset=["']?"#, with: "", options: .regularExpression) }
        if let name, ["iso-8859-1", "latin1", "windows-1252", "cp1252", "us-ascii"].contains(name) {
            return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The content of `<meta property="…" content="…">` (or `name=`), entities decoded.
    static func meta(property: String, in html: String) -> String? {
        let escaped = NSRegularExpression.escapedPattern(for: property)
        let patterns = [
            #"<meta[^>]+(?:property|name)\s*=\s*["']"# + escaped + #"["'][^>]*content\s*=\s*"([^"]*)""#,
            #"<meta[^>]+(?:property|name)\s*=\s*["']"# + escaped + #"["'][^>]*content\s*=\s*'([^']*)'"#,
            #"<meta[^>]+content\s*=\s*"([^"]*)"[^>]*(?:property|name)\s*=\s*["']"# + escaped + #"["']"#,
        ]
        for pattern in patterns {
            guard let expression = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]),
                let match = expression.firstMatch(in: html, range: NSRange(html.startIndex..., in: html)),
                let range = Range(match.range(at: 1), in: html)
            else { continue }
            let value = decodeEntities(String(html[range])).trimmingWhitespace()
            if !value.isEmpty { return value }
        }
        return nil
    }

    static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "ndash": "–", "mdash": "—",
        "hellip": "…", "rsquo": "’", "lsquo": "‘", "rdquo": "”", "ldquo": "“", "middot": "·", "copy": "©",
    ]

    /// `&amp;`, `&#39;`, `&#x27;` and the common named entities decoded.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            let after = rest[rest.index(after: ampersand)...]
            if let semicolon = after.prefix(10).firstIndex(of: ";") {
                let name = String(after[..<semicolon])
                var decoded: String?
                if name.hasPrefix("#x") || name.hasPrefix("#X") {
                    decoded = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String($0) }
                } else if name.hasPrefix("#") {
                    decoded = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map { String($0) }
                } else {
                    decoded = named[name]
                }
                if let decoded {
                    result += decoded
                    rest = after[after.index(after: semicolon)...]
                    continue
                }
            }
            result += "&"
            rest = after
        }
        return result + rest
    }

    /// "Attention Is All You Need | Some Site" → "Attention Is All You Need" when the
    /// suffix is the site's name (og:site_name) or a short trailing segment after " | ",
    /// " - ", " — ", " · ".
    static func strippingSiteSuffix(_ title: String, siteName: String?) -> String {
        for separator in [" | ", " — ", " – ", " - ", " · ", " :: "] {
            guard let range = title.range(of: separator, options: .backwards) else { continue }
            let head = String(title[..<range.lowerBound]).trimmingWhitespace()
            let tail = String(title[range.upperBound...]).trimmingWhitespace()
            guard !head.isEmpty else { continue }
            if let siteName, tail.caseInsensitiveCompare(siteName) == .orderedSame { return head }
            if siteName == nil, tail.split(separator: " ").count <= 3, head.count > tail.count { return head }
        }
        return title
    }
}
