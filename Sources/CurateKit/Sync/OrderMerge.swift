/// The three-way merge of one list's order, over the entries (by key) that every side
/// lists in it. An entry theirs moved since the base goes, here, right after the entry
/// that now precedes it there (the nearest one neither side moved); an entry ours moved
/// stays where ours put it. What moved on a side is what a longest common subsequence of
/// its order before and after leaves out, so entries added or removed around it, or two
/// lists that order their entries differently, are not moves.
struct OrderMerge: Equatable {
    /// The merged order.
    var order: [String]
    /// What to move in ours to get `order`, in that order.
    var moves: [EntryMove] = []
    /// Entries theirs moved and the merge moves here (and will say so).
    var moved: [String] = []
    /// Entries both sides moved, to different places.
    var conflicts: [String] = []

    /// `base`, `theirs` and `ours` hold the same keys; `oursBefore` is ours' order at the
    /// last sync (the base, when there is nothing better), without what ours added since.
    init(base: [String], theirs: [String], ours: [String], oursBefore: [String], preference: EntryMerge.Preference?) {
        order = ours
        // Nothing moved there (the common case: most lists are not reordered).
        guard base != theirs else { return }
        let stayedThere = Set(Self.longestCommonSubsequence(base, theirs))
        let stayedHere = Set(Self.longestCommonSubsequence(oursBefore, ours))
        let theirPrevious = Self.previous(in: theirs)
        let ourPrevious = Self.previous(in: ours)
        var taken: [String] = []
        for key in theirs where !stayedThere.contains(key) {
            if stayedHere.contains(key) {
                taken.append(key)
            } else if theirPrevious[key] != ourPrevious[key] {
                conflicts.append(key)
                if preference == .theirs { taken.append(key) }
            }
        }
        let moving = Set(taken)
        var merged = ours.filter { !moving.contains($0) }
        // Each right after the nearest entry before it there that is where it was on both
        // sides (or placed already); first when none is.
        var anchors = stayedThere.intersection(stayedHere)
        let there = Dictionary(uniqueKeysWithValues: theirs.enumerated().map { ($1, $0) })
        for key in taken {
            let previous = theirs[..<there[key]!].last(where: anchors.contains)
            merged.insert(key, at: previous.map { merged.firstIndex(of: $0)! + 1 } ?? 0)
            anchors.insert(key)
        }
        guard merged != ours else { return }
        order = merged
        let mergedPrevious = Self.previous(in: merged)
        let mergedNext = Self.previous(in: merged.reversed())
        let ourNext = Self.previous(in: ours.reversed())
        // Only what changed neighbours moves, when that is enough to give the merged order.
        var toMove = taken.filter { mergedPrevious[$0]! != ourPrevious[$0]! || mergedNext[$0]! != ourNext[$0]! }
        if Self.placed(ours, moving: Set(toMove), in: merged) != merged { toMove = taken }
        let pieces = Set(toMove)
        moved = merged.filter { pieces.contains($0) && !conflicts.contains($0) }
        // Each after the nearest entry before it that stays; before the first that
        // stays when none does (some entry stays: a longest common subsequence of two
        // orders of the same entries is never empty).
        guard let firstStaying = merged.first(where: { !pieces.contains($0) }) else { return }
        var anchor: String?
        for key in merged {
            guard pieces.contains(key) else {
                anchor = key
                continue
            }
            moves.append(EntryMove(key: key, anchor: anchor.map(EntryMove.Anchor.after) ?? .before(firstStaying)))
        }
    }

    /// `ours` with `moving` taken out and each put after the nearest entry before it in
    /// `merged` that stays.
    static func placed(_ ours: [String], moving: Set<String>, in merged: [String]) -> [String] {
        var after: [String?: [String]] = [:]
        var anchor: String?
        for key in merged {
            if moving.contains(key) { after[anchor, default: []].append(key) } else { anchor = key }
        }
        var result = after[nil] ?? []
        for key in ours where !moving.contains(key) { result += [key] + (after[key] ?? []) }
        return result
    }

    /// For each key, the key before it (nil for the first).
    static func previous<S: Sequence<String>>(in keys: S) -> [String: String?] {
        var result: [String: String?] = [:]
        var last: String?
        for key in keys {
            result[key] = .some(last)
            last = key
        }
        return result
    }

    /// A longest common subsequence of two sequences of distinct keys: the longest
    /// increasing run of `a`'s positions of `b`'s keys (O(n log n)); the earliest in `b`
    /// of equals.
    static func longestCommonSubsequence(_ a: [String], _ b: [String]) -> [String] {
        var position: [String: Int] = [:]
        for (index, key) in a.enumerated() { position[key] = index }
        let keys = b.filter { position[$0] != nil }
        // tails[k]: the index in `keys` ending the best run of length k + 1 found so far.
        var tails: [Int] = []
        var before = [Int](repeating: -1, count: keys.count)
        for (index, key) in keys.enumerated() {
            let value = position[key]!
            var low = 0
            var high = tails.count
            while low < high {
                let mid = (low + high) / 2
                if position[keys[tails[mid]]]! < value { low = mid + 1 } else { high = mid }
            }
            if low > 0 { before[index] = tails[low - 1] }
            if low == tails.count { tails.append(index) } else { tails[low] = index }
        }
        var run: [String] = []
        var index = tails.last ?? -1
        while index >= 0 {
            run.append(keys[index])
            index = before[index]
        }
        return run.reversed()
    }
}
