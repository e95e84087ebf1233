import Foundation

/// Repository links checked in batches through GitHub's GraphQL API when a token is
/// given: one request for up to 50 repositories instead of 50 polite page fetches, and
/// answers a page cannot give: a renamed or transferred repository (a permanent move to
/// its new URL), an archived one (alive, reason `archived`). One the API does not know is
/// fetched as a page, which says whether it is gone or one of github.com's own pages. Without a token, or when the
/// API fails, the links are fetched as any other.
struct GitHubRepositories {
    var endpoint: String
    var token: String
    var timeout: Double
    var userAgent: String
    var batchSize = 50

    /// `owner/name` of a link to a repository's own page (not an issue, a file ...).
    static func repository(in url: String) -> (owner: String, name: String)? {
        guard let parts = URLParts(url), parts.host == "github.com" || parts.host == "www.github.com",
            parts.query == nil
        else { return nil }
        let segments = parts.path.split(separator: "/").map(String.init)
        guard segments.count == 2 else { return nil }
        var name = segments[1]
        if name.hasSuffix(".git") { name.removeLast(4) }
        let allowed = { (text: String) in
            !text.isEmpty && text.utf8.allSatisfy { $0.isASCIIAlphanumeric || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E }
        }
        guard allowed(segments[0]), allowed(name), !reservedOwners.contains(segments[0].lowercased()) else { return nil }
        return (segments[0], name)
    }

    /// The first segments of github.com's own pages (`/topics/llm`, `/sponsors/someone`,
    /// `/orgs/x`): no account can take these names, so no repository lives under them.
    static let reservedOwners: Set<String> = [
        "about", "account", "apps", "blog", "codespaces", "collections", "contact", "customer-stories", "enterprise",
        "events", "explore", "features", "github", "issues", "login", "logout", "marketplace", "new", "notifications",
        "orgs", "organizations", "pricing", "pulls", "readme", "search", "security", "settings", "signup", "site",
        "sponsors", "stars", "team", "topics", "trending", "users", "watching",
    ]

    /// A verdict for each URL the API could answer for (by index into `urls`).
    func verdicts(for urls: [String], curl: CurlLibrary) -> [Int: LinkVerdict] {
        let candidates = urls.enumerated().compactMap { index, url in
            Self.repository(in: url).map { (index: index, owner: $0.owner, name: $0.name) }
        }
        guard !candidates.isEmpty, let handle = try? CurlHandle(curl) else { return [:] }
        var verdicts: [Int: LinkVerdict] = [:]
        for start in stride(from: 0, to: candidates.count, by: batchSize) {
            let batch = Array(candidates[start..<min(start + batchSize, candidates.count)])
            let fields = batch.enumerated().map { offset, repository in
                "r\(offset): repository(owner: \"\(repository.owner)\", name: \"\(repository.name)\") { nameWithOwner url isArchived }"
            }
            let query = "query { " + fields.joined(separator: " ") + " }"
            guard let body = try? JSONSerialization.data(withJSONObject: ["query": query]) else { continue }
            var request = HTTPRequest(
                method: .post, url: endpoint, timeout: timeout, userAgent: userAgent,
                headers: ["Authorization: Bearer \(token)", "Content-Type: application/json"])
            request.body = Array(body)
            request.bodyLimit = 8 << 20
            guard case let .success(response) = handle.perform(request), response.status == 200,
                let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
                let data = object["data"] as? [String: Any]
            else { continue }  // rate-limited, a bad token, an outage: fetched as pages instead
            for (offset, repository) in batch.enumerated() {
                let alias = "r\(offset)"
                if let found = data[alias] as? [String: Any] {
                    let nameWithOwner = found["nameWithOwner"] as? String ?? ""
                    let newURL = found["url"] as? String
                    if nameWithOwner.lowercased() != "\(repository.owner)/\(repository.name)".lowercased(), let newURL {
                        verdicts[repository.index] = LinkVerdict(
                            .alive, code: 200, reason: .movedPermanently, detail: "renamed to \(nameWithOwner) on GitHub",
                            finalURL: newURL)
                    } else if found["isArchived"] as? Bool == true {
                        verdicts[repository.index] = LinkVerdict(
                            .alive, code: 200, reason: .archived, detail: "archived on GitHub (read-only)")
                    } else {
                        verdicts[repository.index] = LinkVerdict(.alive, code: 200)
                    }
                }
                // Not found as a repository: fetched as a page, which says whether it is one
                // of github.com's own (`/advisories/GHSA-…`) or gone (a 404 confirmed by GET).
            }
        }
        return verdicts
    }
}

extension UInt8 {
    fileprivate var isASCIIAlphanumeric: Bool {
        (0x30...0x39).contains(self) || (0x41...0x5A).contains(self) || (0x61...0x7A).contains(self)
    }
}
