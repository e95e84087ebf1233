import Testing

@testable import CurateKit

/// The text after an entry's link, read from its bytes when it is ASCII, must split as
/// the character-by-character reading does.
@Suite struct DescriptionSeparatorTests {
    @Test func bytesAndCharactersSplitAlike() {
        let pieces = [
            " ", "  ", "\t", "-", "–", "—", ":", "|", ".", ",", ";", "]", ")", "a", "notes", "`x`", "``", "!", "[", "![b](u)",
            "[![b](u)](l)", ":star:", "⚠", "\n", "\r\n", "x-y", ".NET", "-\u{301}", " \u{301}", "é", "(", "\\",
        ]
        var generator = SplitMix64(seed: 20_261_126)
        for _ in 0..<20_000 {
            let count = Int(generator.next() % 7)
            let text = (0..<count).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            let fast = DescriptionSeparator.parts(text)
            let slow = DescriptionSeparator.characterParts(text)
            #expect(
                fast.tags == slow.tags && fast.separator == slow.separator && fast.text == slow.text,
                "\(text.debugDescription): \(fast) against \(slow)")
        }
    }

    @Test func commonSeparators() {
        #expect(DescriptionSeparator.parts(" - notes on it") == (nil, " - ", "notes on it"))
        #expect(DescriptionSeparator.parts(": a tool") == (nil, ": ", "a tool"))
        #expect(DescriptionSeparator.parts(" -based tool") == (nil, " ", "-based tool"))
        #expect(DescriptionSeparator.parts(" - .NET port") == (nil, " - ", ".NET port"))
        #expect(DescriptionSeparator.parts("] - stray") == (nil, "] - ", "stray"))
        #expect(DescriptionSeparator.parts(" `MIT` - licensed") == ("`MIT`", " - ", "licensed"))
        #expect(DescriptionSeparator.parts("") == (nil, nil, ""))
    }
}
