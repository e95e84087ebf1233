/// Entries that share a key within one version of a list (a resource filed under two
/// sections on purpose, or a duplicate the list already has) are each an entry of their
/// own in a merge: their identities differ, so an edit or a removal of the second copy
/// is not lost, and a copy added in another section is an addition, not a move of ours.
///
/// The reference version (the base; without one, ours) numbers its copies in document
/// order: the first keeps the key, the next are `key\0 2`, `key\0 3` ... Each other
/// version's copies take the identity of the reference's copy they match: the same
/// section and title, else the same title, else the same section, else the next one left
/// in order. A copy the reference lacks is new to that version (`key\0+` and the
/// version's tag and a number). A key no version repeats keeps its key as identity.
enum RepeatedKeys {
    /// What a copy is matched by: its section and its title, both folded.
    struct Signature: Equatable {
        var section: String
        var title: String
    }

    /// The keys that occur more than once in one of `versions`.
    static func repeated(in versions: [[String]]) -> Set<String> {
        var repeated: Set<String> = []
        for keys in versions {
            var seen: Set<String> = []
            seen.reserveCapacity(keys.count)
            for key in keys where !seen.insert(key).inserted { repeated.insert(key) }
        }
        return repeated
    }

    /// The reference's identities: each repeated key's copies numbered in document order.
    static func numbered(_ keys: [String], repeated: Set<String>) -> [String] {
        var count: [String: Int] = [:]
        return keys.map { key in
            guard repeated.contains(key) else { return key }
            let n = count[key, default: 0] + 1
            count[key] = n
            return n == 1 ? key : key + "\u{0} \(n)"
        }
    }

    /// `keys` (of another version) with each repeated key's copies given the identity of
    /// the reference's copy they match (`reference`: its keys, identities and signatures).
    static func matched(
        _ keys: [String], signature: (Int) -> Signature, tag: String,
        to reference: (keys: [String], ids: [String], signature: (Int) -> Signature), repeated: Set<String>
    ) -> [String] {
        var ids = keys
        var mine: [String: [Int]] = [:]
        for (index, key) in keys.enumerated() where repeated.contains(key) { mine[key, default: []].append(index) }
        guard !mine.isEmpty else { return ids }
        var theirs: [String: [Int]] = [:]
        for (index, key) in reference.keys.enumerated() where mine[key] != nil { theirs[key, default: []].append(index) }
        for (key, copies) in mine.sorted(by: { $0.value[0] < $1.value[0] }) {
            var left = theirs[key] ?? []
            var unmatched = copies
            let signatures = Dictionary(uniqueKeysWithValues: copies.map { ($0, signature($0)) })
            let referenceSignatures = Dictionary(uniqueKeysWithValues: left.map { ($0, reference.signature($0)) })
            // Passes from the closest match to the loosest, each in document order.
            let passes: [(Signature, Signature) -> Bool] = [
                { $0 == $1 }, { $0.title == $1.title }, { $0.section == $1.section }, { _, _ in true },
            ]
            for same in passes where !left.isEmpty && !unmatched.isEmpty {
                unmatched = unmatched.filter { copy in
                    guard let at = left.firstIndex(where: { same(signatures[copy]!, referenceSignatures[$0]!) }) else {
                        return true
                    }
                    ids[copy] = reference.ids[left.remove(at: at)]
                    return false
                }
            }
            for (n, copy) in unmatched.enumerated() { ids[copy] = key + "\u{0}+" + tag + String(n + 1) }
        }
        return ids
    }

    /// Each entry's identity as the post editor finds it in `keys`' post: the first copy of
    /// a key is the key, the next `key\0#2`, `key\0#3` ... in document order.
    static func inDocumentOrder(_ keys: [String]) -> [String] {
        var count: [String: Int] = [:]
        return keys.map { key in
            let n = count[key, default: 0] + 1
            count[key] = n
            return n == 1 ? key : key + "\u{0}#\(n)"
        }
    }

    /// A key of the editor's (``inDocumentOrder(_:)``) as the post's entries' keys give it.
    static func editorKeys(of post: Post, identity: URLIdentity) -> [String] {
        inDocumentOrder(post.entries.map { EntryMerge.key($0, identity) })
    }
}
