/// utm_* and friends.
public struct TrackingParametersRule: Rule {
    public static let description = RuleDescription(
        id: "tracking-parameters",
        summary: "A URL carries tracking parameters (utm_*, fbclid, si on YouTube ...).",
        rationale: "Tracking parameters say where a click came from, not what it points to; they leak and hide duplicates.",
        defaultSeverity: .warning,
        fixable: true,
        triggeringExamples: [
            "1. [A](↓https://a.example/x?utm_source=newsletter&id=3)\n",
            "- [Talk](↓https://youtu.be/BaW_jenozKc?si=abc)\n",
        ],
        nonTriggeringExamples: [
            "1. [A](https://a.example/x?ref=main&source=paper&id=3)\n",
            "1. [Search](https://a.example/s?q=utm_source)\n",
        ],
        corrections: [
            .init("1. [A](https://a.example/x?utm_source=n&id=3#s)\n", "1. [A](https://a.example/x?id=3#s)\n"),
            .init("1. [A](https://a.example/x?fbclid=1)\n", "1. [A](https://a.example/x)\n"),
        ])

    public init() {}

    public func check(_ post: Post, context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for index in context.trackingParameters.keys.sorted() {
            // The link read in place (a copy would retain its strings).
            let url = post.links[index].url
            let names = context.trackingParameters[index]!
            let (line, column) = urlPosition(post, link: index)
            findings.append(finding(post, line: line, column: column, Self.message(names: names, url: url)))
        }
        return findings
    }

    /// "tracking parameters a, b in URL; curate fmt removes them", its bytes copied once
    /// into a string of its size (a large post has tens of thousands of these; appended
    /// piece by piece, each piece cost a call that checked and grew the string).
    static func message(names: [String], url: String) -> String {
        let head = "tracking parameters "
        let middle = " in "
        let tail = "; curate fmt removes them"
        var count = head.utf8.count + middle.utf8.count + tail.utf8.count + url.utf8.count
        for name in names { count += name.utf8.count + 2 }
        return String(unsafeUninitializedCapacity: count) { buffer in
            var writer = BufferWriter(buffer: buffer)
            writer.put(head.utf8)
            for (position, name) in names.enumerated() {
                if position > 0 {
                    writer.put(byte: UInt8(ascii: ","))
                    writer.put(byte: UInt8(ascii: " "))
                }
                writer.put(name.utf8)
            }
            writer.put(middle.utf8)
            writer.put(url.utf8)
            writer.put(tail.utf8)
            return writer.count
        }
    }
}
