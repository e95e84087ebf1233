import CurateKit
import Foundation

/// The other repository of a sync: a path on this machine or a git URL, and how it is
/// named in trailers and refs.
struct SyncSource: Equatable {
    /// As the user gave it.
    var given: String
    /// How it is named in `Curate-Synced-From` trailers: a URL as given, a path as its
    /// absolute, resolved form (so `../list` and `/home/me/list` are one source).
    var id: String
    var isURL: Bool

    init(_ given: String) {
        self.given = given
        isURL = Self.isURL(given)
        if isURL {
            id = given
        } else {
            let path = given.hasPrefix("file://") ? String(given.dropFirst(7)) : given
            id = URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
        }
    }

    /// Whether `source` is a git URL (`https://…`, `git@host:path`) rather than a path
    /// (a `file://` URL is a path).
    static func isURL(_ source: String) -> Bool {
        source.contains("://") && !source.hasPrefix("file://") || (source.contains("@") && source.contains(":"))
    }

    /// Where fetches from this source go: `refs/curate/sync/<name>/head`.
    var fetchedReference: String { "refs/curate/sync/\(name)/head" }

    /// A ref-safe name for the source (`awesome-list-1a2b3c4d`): its last path component
    /// and a hash of its id.
    var name: String {
        var base = Path.lastComponent(of: id)
        if base.hasSuffix(".git") { base = String(base.dropLast(4)) }
        let safe = String(
            base.unicodeScalars.map { scalar -> Character in
                CharacterSet.alphanumerics.contains(scalar) && scalar.isASCII ? Character(scalar) : "-"
            })
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return (safe.isEmpty ? "source" : safe) + "-" + String(hash, radix: 16).prefix(8)
    }

    /// `main` as `refs/heads/main`; HEAD and full names as they are.
    static func refspecSource(_ ref: String) -> String {
        ref == "HEAD" || ref.hasPrefix("refs/") ? ref : "refs/heads/" + ref
    }
}
