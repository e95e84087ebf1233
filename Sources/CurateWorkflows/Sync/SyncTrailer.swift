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
    static func message(plan: SyncPlan, source: String, trailer: String) -> String {
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
        return text + "\n" + trailer + "\n"
    }
}

extension Repository {
    /// The version of `path` at the source commit the last sync from `source` recorded in
    /// the history of `tip` (read from `store`, which holds the source's objects), parsed.
    func syncBase(from tip: ObjectID?, source: String, path: String, store: Repository, name: String) throws -> Post? {
        guard let tip,
            let recorded = try firstInHistory(from: tip, { _, message in SyncTrailer.commit(in: message, source: source) }),
            store.contains(recorded), let file = try store.file(at: path, in: recorded)
        else { return nil }
        return try PostReader.parse(try store.blob(file.blob), path: name + " (base)")
    }
}
