import Testing

@testable import CurateKit

/// `OrderMerge`: the three-way merge of a list's order, and the longest common
/// subsequence it rests on.
@Suite struct OrderMergeTests {
    /// The length of a longest common subsequence, by the textbook table.
    static func lcsLength(_ a: [String], _ b: [String]) -> Int {
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0..<a.count {
            for j in 0..<b.count {
                table[i + 1][j + 1] = a[i] == b[j] ? table[i][j] + 1 : max(table[i][j + 1], table[i + 1][j])
            }
        }
        return table[a.count][b.count]
    }

    static func isSubsequence(_ run: [String], of sequence: [String]) -> Bool {
        var rest = sequence[...]
        for key in run {
            guard let at = rest.firstIndex(of: key) else { return false }
            rest = rest[(at + 1)...]
        }
        return true
    }

    @Test func theLongestCommonSubsequenceIsLongestAndCommon() {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<500 {
            let keys = (0..<Int(generator.next() % 12)).map { "k\($0)" }
            let a = keys.filter { _ in generator.next() % 5 != 0 }.shuffled(using: &generator)
            let b = keys.filter { _ in generator.next() % 5 != 0 }.shuffled(using: &generator)
            let run = OrderMerge.longestCommonSubsequence(a, b)
            #expect(Self.isSubsequence(run, of: a) && Self.isSubsequence(run, of: b), "\(a) \(b) \(run)")
            #expect(run.count == Self.lcsLength(a, b), "\(a) \(b) \(run)")
        }
    }

    @Test func aRandomMoveThereIsMadeHereWhateverOursMovedElsewhere() {
        var generator = SplitMix64(seed: 11)
        for _ in 0..<500 {
            let base = (0..<Int(2 + generator.next() % 10)).map { "k\($0)" }
            // Theirs moves one entry; ours moves another.
            func moving(_ list: [String], _ key: String) -> [String] {
                var list = list.filter { $0 != key }
                list.insert(key, at: Int(generator.next() % UInt64(list.count + 1)))
                return list
            }
            let theirKey = base[Int(generator.next() % UInt64(base.count))]
            let theirs = moving(base, theirKey)
            let ourKey = base.filter { $0 != theirKey }.randomElement(using: &generator)!
            let ours = moving(base, ourKey)
            let merged = OrderMerge(base: base, theirs: theirs, ours: ours, oursBefore: base, preference: nil)
            #expect(Set(merged.order) == Set(base) && merged.order.count == base.count)
            #expect(OrderMerge.placed(ours, moving: Set(merged.moves.map(\.key)), in: merged.order) == merged.order)
            // What neither side moved keeps its order.
            let still = Set(base).subtracting([theirKey, ourKey])
            #expect(
                merged.order.filter(still.contains) == base.filter(still.contains),
                "\(base) t \(theirs) o \(ours) → \(merged.order)")
            // Each entry moved here is, against every entry neither side moved, where it is there.
            let stayed = Set(OrderMerge.longestCommonSubsequence(base, theirs)).intersection(
                OrderMerge.longestCommonSubsequence(base, ours))
            for move in merged.moves {
                let here = merged.order.firstIndex(of: move.key)!
                let there = theirs.firstIndex(of: move.key)!
                for key in stayed {
                    #expect(
                        (merged.order.firstIndex(of: key)! < here) == (theirs.firstIndex(of: key)! < there),
                        "\(base) t \(theirs) o \(ours) → \(merged.order)")
                }
            }
        }
    }
}
