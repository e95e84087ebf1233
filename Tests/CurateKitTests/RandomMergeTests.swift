import Testing

@testable import CurateKit

/// Random three-way merges of generated lists: never a crash, additions of both sides
/// always kept, removals honoured, and a clean merge reads back as a post.
@Suite struct RandomMergeTests {
    struct Item: Equatable {
        var section: Int
        var title: String
        var url: String
    }

    static func render(_ items: [Item], sections: Int) -> String {
        var text = "---\nlayout: post\ntitle: Random\ndate: 2025-01-01\n---\n"
        for section in 0..<sections {
            text += "\n### Section \(section)\n\n"
            for (number, item) in items.filter({ $0.section == section }).enumerated() {
                text += "\(number + 1). [\(item.title)](\(item.url))\n"
            }
        }
        return text
    }

    @Test func mergesKeepBothSidesAdditionsAndHonourRemovals() throws {
        var generator = SplitMix64(seed: 4242)
        func roll(_ n: Int) -> Int { Int(generator.next() % UInt64(n)) }
        let driver = MergeDriver(configuration: Configuration(root: "/"), lineMerge: coarseLineMerge)
        var clean = 0
        for round in 0..<300 {
            let sections = roll(3) + 1
            var base: [Item] = []
            for index in 0..<(roll(12) + 1) {
                base.append(Item(section: roll(sections), title: "Base \(index)", url: "https://base.example/\(round)/\(index)"))
            }
            func variant(_ side: String) -> (items: [Item], added: [String], removed: [String]) {
                var items = base
                var added: [String] = []
                var removed: [String] = []
                for _ in 0..<roll(3) where !items.isEmpty {
                    removed.append(items.remove(at: roll(items.count)).url)
                }
                for index in 0..<roll(4) {
                    let url = "https://\(side).example/\(round)/\(index)"
                    items.insert(Item(section: roll(sections), title: "\(side) \(index)", url: url), at: roll(items.count + 1))
                    added.append(url)
                }
                return (items, added, removed)
            }
            let ours = variant("ours")
            let theirs = variant("theirs")
            let outcome = try driver.merge(
                base: Array(Self.render(base, sections: sections).utf8),
                ours: Array(Self.render(ours.items, sections: sections).utf8),
                theirs: Array(Self.render(theirs.items, sections: sections).utf8), path: "list.md")
            #expect(outcome.conflicts == 0, "round \(round): no entry was edited on both sides")
            let merged = try PostReader.parse(outcome.bytes, path: "list.md")
            let urls = Set(merged.entries.map(\.url))
            for url in ours.added + theirs.added {
                #expect(urls.contains(url), "round \(round): \(url) added on one side is missing")
            }
            for url in ours.removed + theirs.removed {
                #expect(!urls.contains(url), "round \(round): \(url) removed on one side is back")
            }
            #expect(merged.entries.count == urls.count, "round \(round): an entry appears twice")
            clean += 1
        }
        #expect(clean == 300)
    }
}
