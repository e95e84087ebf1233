import CurateGit
import CurateKit
import Foundation

/// The trailer that records the last sync in a commit message:
/// `Curate-Synced-From: <source id> <commit id>`.
enum SyncTrailer {
    static let key = "Curate-Synced-From: "

    static func line(source: String, commit: ObjectID) -> String {
        key + source + " " + commit.description
    }

    /// The commit recorded for `source` in `message`, if any.
    static func commit(in message: String, source: String) -> ObjectID? {
        for line in message.split(separator: "\n").reversed() where line.hasPrefix(key) {
            let rest = line.dropFirst(key.count)
            guard let space = rest.lastIndex(of: " "), rest[..<space] == source,
                let id = ObjectID(hex: String(rest[rest.index(after: space)...]).trimmingCharacters(in: .whitespaces))
            else { continue }
            return id
        }
        return nil
    }

    /// The commit message of a sync: a summary line, one line per change, the trailer.
    /// A nil `trailer` records no sync base (the note says why).
    static func message(plan: SyncPlan, source: String, trailer: String?) -> String {
        var counts: [ReviewStatus: Int] = [:]
        for result in plan.results { counts[result.status, default: 0] += 1 }
        let added = plan.edits.additions.count
        let summary = [
            added > 0 ? "add \(added)" : nil, counts[.updated].map { "update \($0)" }, counts[.removed].map { "remove \($0)" },
        ].compactMap { $0 }.joined(separator: ", ")
        var text = "curate: sync from \(source): \(summary.isEmpty ? "no entry changes" : summary)\n\n"
        for result in plan.results where [.new, .updated, .removed, .conflict].contains(result.status) {
            text += "- \(result.status.rawValue): \(result.proposal.title) <\(result.proposal.url)>\n"
        }
        guard let trailer else {
            return text + "\nNo Curate-Synced-From trailer: this shallow clone's history ends "
                + "before the last sync, so only additions were taken; git fetch --unshallow and pull again.\n"
        }
        return text + "\n" + trailer + "\n"
    }
}

extension Repository {
    /// The last sync from `source` that the history of `tip` records: the version of
    /// `path` at the source commit its trailer names (read from `store`, which holds the
    /// source's objects), and the version of `ownPath` in the commit that carries the
    /// trailer (this side as that sync left it), parsed.
    func lastSync(from tip: ObjectID?, source: String, path: String, store: Repository, ownPath: String, name: String)
        throws -> (base: Post, own: Post?)?
    {
        guard let tip,
            let (commit, recorded) = try firstInHistory(
                from: tip, { id, message in SyncTrailer.commit(in: message, source: source).map { (id, $0) } }),
            store.contains(recorded), let file = try store.file(at: path, in: recorded)
        else { return nil }
        let base = try PostReader.parse(try store.blob(file.blob), path: name + " (base)")
        let own = try self.file(at: ownPath, in: commit).map {
            try PostReader.parse(try blob($0.blob), path: ownPath + " (last sync)")
        }
        return (base, own)
    }
}
