import Testing

@testable import CurateKit

/// The eight-bytes-a-step scans against a byte loop, on random bytes drawn mostly from the
/// bytes they look for (so that stops and flags fall at every offset of a word, and near
/// the ends).
@Suite struct WordScanTests {
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
    }

    static let alphabet: [UInt8] = [0x00, 0x09, 0x20, 0x23, 0x2F, 0x3F, 0x40, 0x3A, 0x5C, 0x61, 0x7F, 0x80, 0xC3, 0xFF]

    func samples() -> [[UInt8]] {
        var random = Generator(state: 22)
        return (0..<4000).map { _ in
            let count = Int.random(in: 0...40, using: &random)
            return (0..<count).map { _ in
                Bool.random(using: &random)
                    ? Self.alphabet.randomElement(using: &random)! : UInt8.random(in: 0...255, using: &random)
            }
        }
    }

    @Test func eachScanFindsWhatAByteLoopFinds() {
        var random = Generator(state: 7)
        for bytes in samples() {
            let start = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &random)
            let end = Int.random(in: start...bytes.count, using: &random)
            let (a, b, c, d, e) = (UInt8(0x23), UInt8(0x2F), UInt8(0x3F), UInt8(0x40), UInt8(0x3A))
            func naive(_ stop: (UInt8) -> Bool, _ flag: (UInt8) -> Bool = { _ in false }) -> (Int, Bool) {
                var flagged = false
                for index in start..<end {
                    if stop(bytes[index]) { return (index, flagged) }
                    flagged = flagged || flag(bytes[index])
                }
                return (end, flagged)
            }
            bytes.withUnsafeBufferPointer { buffer in
                #expect(
                    WordScan.firstIndex(in: buffer, from: start, to: end, a, b, c, d)
                        == naive { [a, b, c, d].contains($0) }.0)
                #expect(
                    WordScan.firstIndex(in: buffer, from: start, to: end, a, b, c, d, e)
                        == naive { [a, b, c, d, e].contains($0) }.0)
                for limit: UInt8 in [0x00, 0x20, 0x21, 0x80] {
                    #expect(
                        WordScan.firstIndex(in: buffer, from: start, to: end, below: limit, a, b, c)
                            == naive { $0 < limit || [a, b, c].contains($0) }.0)
                }
                let four = WordScan.firstIndex(in: buffer, from: start, to: end, a, b, c, d, flagging: 0x5C, or: 0x09)
                let expectedFour = naive({ [a, b, c, d].contains($0) }, { $0 == 0x5C || $0 == 0x09 })
                #expect(four.index == expectedFour.0 && four.flagged == expectedFour.1)
                let two = WordScan.firstIndex(in: buffer, from: start, to: end, c, a, flagging: 0x5C)
                let expectedTwo = naive({ $0 == c || $0 == a }, { $0 == 0x5C })
                #expect(two.index == expectedTwo.0 && two.flagged == expectedTwo.1)
            }
        }
    }
}
