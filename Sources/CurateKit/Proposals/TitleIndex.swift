/// Finds entries whose titles are within a typo of a proposal's, without comparing every
/// pair: the proposals' folded titles and their one-character deletions are hashed, and
/// each entry's folded title and its deletions are looked up (symmetric deletion, as in
/// SymSpell). That finds every pair within edit distance 1 and the distance-2 pairs of
/// one substitution, transposition or insertion-and-deletion; each hit is confirmed
/// with the real edit distance.
struct TitleIndex {
    /// Folded titles of the proposals, by proposal index.
    private let titles: [[Unicode.Scalar]]
    private var buckets: [UInt64: [Int]] = [:]
    /// The folded lengths a title can have and be near one of the proposals' (a match is
    /// at most 2 edits, so at most 2 characters longer or shorter); empty when none can.
    private let lengths: Range<Int>

    /// Titles shorter than this (folded) are only compared for equality: "SAE" and "SAM"
    /// are different things.
    static let minimumFuzzyLength = 8

    init(proposalTitles: [String]) {
        titles = proposalTitles.map { Array(TitleFolding.fold($0).unicodeScalars) }
        let counts = titles.map(\.count).filter { $0 > 0 }
        lengths = counts.isEmpty ? 0..<0 : max(1, counts.min()! - 2)..<(counts.max()! + 3)
        for (index, title) in titles.enumerated() where !title.isEmpty {
            for hash in Self.hashes(title) { buckets[hash, default: []].append(index) }
        }
    }

    /// Edit distance allowed between folded titles of this length.
    static func tolerance(_ length: Int) -> Int {
        length < minimumFuzzyLength ? 0 : (length < 16 ? 1 : 2)
    }

    /// The proposals whose titles are near `title`, with the edit distance.
    func matches(_ title: String) -> [(proposal: Int, distance: Int)] {
        // An ASCII title folds to its letters and digits: one too long or too short to be
        // near a proposal's (most, for a few proposals) is passed over without folding.
        var ascii = true
        var length = 0
        for byte in title.utf8 {
            if byte >= 0x80 {
                ascii = false
                break
            }
            if isAlpha(byte) || isDigit(byte) { length += 1 }
        }
        if ascii && !lengths.contains(length) { return [] }
        let folded = Array(TitleFolding.fold(title).unicodeScalars)
        guard lengths.contains(folded.count) else { return [] }
        var seen: Set<Int> = []
        var result: [(Int, Int)] = []
        for hash in Self.hashes(folded) {
            guard let candidates = buckets[hash] else { continue }
            for candidate in candidates where seen.insert(candidate).inserted {
                let other = titles[candidate]
                let allowed = Self.tolerance(min(folded.count, other.count))
                if let distance = EditDistance.levenshtein(folded, other, limit: allowed) {
                    result.append((candidate, distance))
                }
            }
        }
        return result
    }

    /// The hash of `title` and, when it is long enough for typos, of each deletion of one
    /// character (polynomial hashes from prefix and suffix sums, O(length)).
    private static func hashes(_ title: [Unicode.Scalar]) -> [UInt64] {
        let base: UInt64 = 0x100_0000_01B3
        let count = title.count
        var prefix = [UInt64](repeating: 0, count: count + 1)
        var powers = [UInt64](repeating: 1, count: count + 1)
        for (index, scalar) in title.enumerated() {
            prefix[index + 1] = prefix[index] &* base &+ UInt64(scalar.value) &+ 1
            powers[index + 1] = powers[index] &* base
        }
        var result = [prefix[count] ^ UInt64(count) << 56]
        guard count >= minimumFuzzyLength else { return result }
        // Deleting character i: prefix[i] * base^(count-i-1) + (hash of title[i+1...]).
        for i in 0..<count {
            let suffix = prefix[count] &- prefix[i + 1] &* powers[count - i - 1]
            result.append((prefix[i] &* powers[count - i - 1] &+ suffix) ^ UInt64(count - 1) << 56)
        }
        return result
    }
}
