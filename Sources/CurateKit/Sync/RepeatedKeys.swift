/// Entries that share a key within one version of a list (a resource filed under two
/// sections on purpose, or a duplicate the list already has) are each an entry of their
/// own in a merge: their identities differ, so an edit or a removal of the second copy
/// is not lost, and a copy added in another section is an addition, not a move of ours.
///
/// The reference version (the base; without one, ours) numbers its copies in document
/// order (``inDocumentOrder(_:)``: the first keeps the key, the next are `key\0#2` ...,
/// the names the post editor finds its entries by). Each other
/// version's copies take the identity of the reference's copy they are most like: pairs
/// are made best first, a pair's likeness counted from the same section (most), the same
/// title, the same description, then the nearest place among the copies. A copy the
/// reference lacks (more copies than it has) is new to that version (`key\0+` and the
/// version's tag and a number). A key no version repeats keeps its key as identity.
enum RepeatedKeys {
    /// What a copy is matched by: its section and its title, both folded, and its
    /// description as written.
    struct Signature: Equatable {
        var section: String
        var title: String
        var description: String

        /// How alike two copies are: the same section counts most, then the same title,
        /// then the same description.
        func likeness(_ other: Signature) -> Int {
            (section == other.section ? 4 : 0) + (title == other.title ? 2 : 0) + (description == other.description ? 1 : 0)
        }
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

    /// `keys` (of another version) with each repeated key's copies given the identity of
    /// the reference's copy they are most like (`reference`: its keys, identities and
    /// signatures).
    static func matched(
        _ keys: [String], signature: (Int) -> Signature, tag: String,
        to reference: (keys: [String], ids: [String], signature: (Int) -> Signature), repeated: Set<String>
    ) -> [String] {
        var ids = keys
        var mine: [String: [Int]] = [:]
        for (index, key) in keys.enumerated() where repeated.contains(key) { mine[key, default: []].append(index) }
        guard !mine.isEmpty else { return ids }
        var referenceCopies: [String: [Int]] = [:]
        for (index, key) in reference.keys.enumerated() where mine[key] != nil {
            referenceCopies[key, default: []].append(index)
        }
        for (key, copies) in mine.sorted(by: { $0.value[0] < $1.value[0] }) {
            let others = referenceCopies[key] ?? []
            let otherMarks = others.map(reference.signature)
            // Every pair, the most alike first; then the nearest places among the copies;
            // then document order.
            var pairs: [(copy: Int, other: Int, likeness: Int, distance: Int)] = []
            for (place, copy) in copies.enumerated() {
                let mark = signature(copy)
                for (otherPlace, other) in others.enumerated() {
                    pairs.append((copy, other, mark.likeness(otherMarks[otherPlace]), abs(place - otherPlace)))
                }
            }
            pairs.sort {
                ($0.likeness, -$0.distance, -$0.copy, -$0.other) > ($1.likeness, -$1.distance, -$1.copy, -$1.other)
            }
            var pairedCopies: Set<Int> = []
            var pairedOthers: Set<Int> = []
            for pair in pairs where !pairedCopies.contains(pair.copy) && !pairedOthers.contains(pair.other) {
                ids[pair.copy] = reference.ids[pair.other]
                pairedCopies.insert(pair.copy)
                pairedOthers.insert(pair.other)
            }
            for (n, copy) in copies.filter({ !pairedCopies.contains($0) }).enumerated() {
                ids[copy] = key + "\u{0}+" + tag + String(n + 1)
            }
        }
        return ids
    }

    /// Each entry's identity in document order: the first copy of a key is the key, the
    /// next `key\0#2`, `key\0#3` ... (the reference's identities, and the names the post
    /// editor finds its entries by).
    static func inDocumentOrder(_ keys: [String]) -> [String] {
        var count: [String: Int] = [:]
        return keys.map { key in
            let n = count[key, default: 0] + 1
            count[key] = n
            return n == 1 ? key : key + "\u{0}#\(n)"
        }
    }

    /// Each entry of `post` by the name the post editor finds it by (``inDocumentOrder(_:)``).
    static func editorKeys(of post: Post, identity: URLIdentity) -> [String] {
        inDocumentOrder(post.entries.map { EntryMerge.key($0, identity) })
    }

    /// The key an identity is of (an identity without its copy's mark).
    static func key(of identity: String) -> String {
        guard let mark = identity.firstIndex(of: "\u{0}") else { return identity }
        return String(identity[..<mark])
    }
}
