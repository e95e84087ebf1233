import Testing

@testable import CurateKit

/// The bounded edit distance, and the nearest-anchor suggestion built on it, give what the
/// full computation gives.
struct EditDistanceTests {
    private func randomText(_ generator: inout some RandomNumberGenerator) -> [UInt8] {
        (0..<Int.random(in: 0...12, using: &generator)).map { _ in "abc-".utf8.randomElement(using: &generator)! }
    }

    @Test func boundedDistanceAgreesWithTheFullOne() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let a = randomText(&generator)
            let b = randomText(&generator)
            let full = EditDistance.levenshtein(a, b)
            for limit in 0...6 {
                #expect(EditDistance.levenshtein(a, b, limit: limit) == (full <= limit ? full : nil), "\(a) \(b) \(limit)")
            }
        }
    }

    @Test func nearestAnchorIsTheClosestWithinTheLimit() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let ids = Set(
                (0..<Int.random(in: 0...30, using: &generator)).map { _ in
                    String(decoding: randomText(&generator), as: UTF8.self)
                })
            let fragment = String(decoding: randomText(&generator), as: UTF8.self).uppercased()
            // What the rule computed before the bound: every id measured in full.
            let wanted = Array(fragment.lowercased().utf8)
            let scored = ids.filter { !$0.isEmpty }.map { ($0, EditDistance.levenshtein(Array($0.utf8), wanted)) }
            let best = scored.min { ($0.1, $0.0) < ($1.1, $1.0) }
            let expected = best.flatMap { $0.1 <= max(2, wanted.count / 4) ? $0.0 : nil }
            #expect(BrokenAnchorRule.nearest(fragment, in: ids) == expected, "\(fragment) in \(ids.sorted())")
        }
    }
}
