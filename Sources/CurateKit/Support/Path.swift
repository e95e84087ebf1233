/// File paths as strings, lexically. (swift-corelibs-foundation's NSString path methods
/// crash on some one-character paths, and a path is user input: it must never crash.)
public enum Path {
    /// The folder part: `a/b` for `a/b/c.md`, `.` for `c.md`, `/` for `/c.md`.
    public static func directory(of path: String) -> String {
        let trimmed = dropTrailingSlashes(path)
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        let folder = String(trimmed[..<slash])
        return folder.isEmpty ? "/" : folder
    }

    /// The last component: `c.md` for `a/b/c.md`.
    public static func lastComponent(of path: String) -> String {
        let trimmed = dropTrailingSlashes(path)
        guard trimmed != "/", let slash = trimmed.lastIndex(of: "/") else { return trimmed }
        return String(trimmed[trimmed.index(after: slash)...])
    }

    /// `base/name`, or `name` when it is absolute.
    public static func join(_ base: String, _ name: String) -> String {
        if name.hasPrefix("/") || base.isEmpty { return name }
        return base.hasSuffix("/") ? base + name : base + "/" + name
    }

    /// `.` and `..` resolved and repeated slashes collapsed, lexically (`/a/./b/../c` →
    /// `/a/c`); a relative path keeps leading `..`.
    public static func standardized(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
                continue
            }
            if part == "..", absolute { continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    private static func dropTrailingSlashes(_ path: String) -> String {
        var result = Substring(path)
        while result.count > 1, result.hasSuffix("/") { result = result.dropLast() }
        return String(result)
    }
}
