import CurateMarkdown

/// Jekyll renders Liquid before Markdown, so `[Post]({% post_url 2024-01-02-x %})` and
/// `[Docs]({{ site.baseurl }}/docs/)` are links on the site, though CommonMark sees no link
/// in a destination with spaces. For a Jekyll post, the reader hands cmark a copy where
/// the spaces inside such Liquid are `_` (same length, so every position holds), then
/// takes each link's destination from the real bytes.
enum LiquidLinks {
    /// The copy of `bytes` to parse, or nil when no link destination starts with Liquid.
    static func masked(_ bytes: [UInt8], from start: Int) -> [UInt8]? {
        var copy: [UInt8]?
        var i = start
        let end = bytes.count
        while i + 3 < end {
            guard let bracket = bytes.firstIndex(of: UInt8(ascii: "]"), in: i..<(end - 3)) else { break }
            i = bracket
            guard bytes[i + 1] == UInt8(ascii: "("), isLiquidStart(bytes, i + 2) else {
                i += 1
                continue
            }
            var j = i + 2
            while j < end, bytes[j] != 0x0A, bytes[j] != UInt8(ascii: ")") {
                if isLiquidStart(bytes, j) {
                    let closer = bytes[j + 1] == UInt8(ascii: "%") ? UInt8(ascii: "%") : UInt8(ascii: "}")
                    var k = j + 2
                    while k + 1 < end, bytes[k] != 0x0A, !(bytes[k] == closer && bytes[k + 1] == UInt8(ascii: "}")) { k += 1 }
                    guard k + 1 < end, bytes[k] == closer else { break }
                    for m in (j + 2)..<k where bytes[m] == 0x20 || bytes[m] == 0x09 {
                        if copy == nil { copy = bytes }
                        copy![m] = UInt8(ascii: "_")
                    }
                    j = k + 2
                    continue
                }
                if bytes[j] == 0x20 || bytes[j] == 0x09 { break }
                j += 1
            }
            i = j
        }
        return copy
    }

    private static func isLiquidStart(_ bytes: [UInt8], _ i: Int) -> Bool {
        i + 1 < bytes.count && bytes[i] == UInt8(ascii: "{")
            && (bytes[i + 1] == UInt8(ascii: "{") || bytes[i + 1] == UInt8(ascii: "%"))
    }
}
