import CurateGit
import CurateKit
import Foundation

/// The other repository of a sync: a path on this machine or a git URL, and how it is
/// named in trailers, refs and messages: never with the user name or password a URL
/// carries (those only log in).
struct SyncSource: Equatable {
    var address: RemoteAddress
    /// How it is named in `Curate-Synced-From` trailers and messages: a URL without its
    /// credentials, a path as its absolute, resolved form (so `../list` and
    /// `/home/me/list` are one source).
    var id: String
    /// A git URL (`https://…`, `ssh://…`, `git@host:path`), not a path or `file://`.
    var isURL: Bool { address.isNetwork }

    /// How messages name it: a URL without credentials, a path as the user gave it.
    var display: String

    /// `ref`: the revision synced, when not the source's HEAD: two branches of one
    /// repository are two sources, each with its own base (`<url>#<ref>` in trailers).
    init(_ given: String, ref: String? = nil) {
        address = RemoteAddress(given)
        display = address.isNetwork ? address.redacted : given
        if address.isNetwork {
            id = address.redacted
        } else {
            let path = address.kind == .file ? address.path : given
            id = URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
        }
        if let ref, ref != "HEAD" {
            id += "#" + ref
            display += "#" + ref
        }
    }

    /// Where the fetch goes; `slot` keeps two fetches of one source apart (`pull --all`).
    func fetchedReference(slot: Int?) -> String {
        "refs/curate/sync/\(name)\(slot.map { "-\($0)" } ?? "")/head"
    }

    /// What libgit2 fetches from: the resolved path, or the URL.
    var fetchAddress: RemoteAddress {
        guard !isURL else { return address }
        let path = address.kind == .file ? address.path : address.redacted
        return RemoteAddress(URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path)
    }

    /// Where fetches from this source go: `refs/curate/sync/<name>/head`.

    /// A ref-safe name for the source (`awesome-list-1a2b3c4d`): its last path component
    /// and a hash of its id.
    var name: String {
        var base = Path.lastComponent(of: id)
        if base.hasSuffix(".git") { base = String(base.dropLast(4)) }
        let safe = String(
            base.unicodeScalars.map { scalar -> Character in
                CharacterSet.alphanumerics.contains(scalar) && scalar.isASCII ? Character(scalar) : "-"
            })
        return (safe.isEmpty ? "source" : safe) + "-" + String(StableHash.fnv1a(id), radix: 16).prefix(8)
    }

    /// `main` as `refs/heads/main`; HEAD and full names as they are.
    static func refspecSource(_ ref: String) -> String {
        ref == "HEAD" || ref.hasPrefix("refs/") ? ref : "refs/heads/" + ref
    }
}
