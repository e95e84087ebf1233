/// Keys that name different resources the URL rules deliberately keep apart, but that a
/// reviewer would call the same thing: a page inside a repository and the repository,
/// a project's github.io site and its repository, a comment and its post, a path that
/// differs only in letter case.
extension URLIdentity {
    /// The keys related to `key`, each with the relation in words.
    public func relatedKeys(of key: String) -> [(key: String, relation: String)] {
        var result: [(String, String)] = []
        let segments = key.split(separator: "/", omittingEmptySubsequences: true)
        guard let host = segments.first else { return [] }
        if host == "github.com", segments.count > 3 {
            result.append(("github.com/\(segments[1])/\(segments[2])", "a page of the repository"))
        } else if host.hasSuffix(".github.io"), host.count > ".github.io".count {
            let owner = host.dropLast(".github.io".count)
            if segments.count > 1, !segments[1].contains("?") {
                result.append(("github.com/\(owner)/\(segments[1].lowercased())", "the GitHub Pages site of the repository"))
            } else {
                result.append(("github.com/\(owner)", "the GitHub Pages site of the account"))
            }
        }
        if let query = key.firstIndex(of: "?") {
            let base = key[..<query]
            if base.hasPrefix("lesswrong.com/posts/") || base.hasPrefix("forum.effectivealtruism.org/posts/") {
                result.append((String(base), "a comment on the post"))
            } else if base == "openreview.net/forum", let id = key[query...].split(separator: "&").first {
                result.append(("openreview.net/forum" + id, "a comment on the paper"))
            }
        }
        let lowered = key.lowercased()
        if lowered != key { result.append((lowered, "the same address but for letter case")) }
        return result
    }
}
