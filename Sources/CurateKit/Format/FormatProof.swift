import CurateMarkdown

typealias HTMLAdjustments = HTMLRenderer.Adjustments

/// The proof every fmt edit passes before it is written: GitHub's rendering of the result
/// (cmark-gfm with table, strikethrough, autolink, tagfilter and tasklist, raw HTML kept)
/// equals the rendering of the input once the edits' documented effects are applied to
/// the input's tree (empty items removed, tracking parameters removed from the links
/// that fmt edits).
///
/// Comparing renderings, not trees or bytes, is the claim itself: "fmt never changes what
/// a post means" is "GitHub shows the same page". Applying the effects to the input's
/// tree, not to its HTML, keeps the comparison exact: an item or a link is named by the
/// parser, never found again by pattern in HTML. The front matter is copied as it is and
/// is not rendered.
final class FormatProof {
    let post: Post
    private let bodyStart: Int
    /// The input's rendering for the last adjustments asked (bisection asks the same often).
    private var expected: (adjustments: HTMLAdjustments, html: [UInt8])?

    init(post: Post) {
        self.post = post
        bodyStart =
            post.bodyStartLine <= post.lines.count ? post.lines.starts[post.bodyStartLine - 1] : post.bytes.count
    }

    func holds(for plan: FormatPlan) -> Bool {
        if plan.bytes == post.bytes { return true }
        // A result with nothing in it is not a post (and its rendering is not the input's).
        guard !plan.bytes.isEmpty, plan.bytes.contains(where: { $0 != 0x0A && $0 != 0x0D && $0 != 0x20 }) else {
            return false
        }
        guard plan.bodyOffset <= plan.bytes.count else { return false }
        // A post without front matter must not gain some (a first line `---`).
        if post.frontMatter == nil && FrontMatter.opensFrontMatter(plan.bytes) { return false }
        let adjustments = plan.adjustments
        for (from, to) in adjustments.destinations where !Self.onlyRemovesParameters(from: from, to: to) {
            return false
        }
        let html: [UInt8]
        if let expected, expected.adjustments == adjustments {
            html = expected.html
        } else {
            html = HTMLRenderer.render(post.bytes[bodyStart...], lineOffset: post.bodyStartLine - 1, adjustments: adjustments)
            expected = (adjustments, html)
        }
        return html == HTMLRenderer.render(plan.bytes[plan.bodyOffset...])
    }

    /// Whether `to` is `from` with query parameters taken out and nothing else changed:
    /// the documented effect of removing tracking parameters, checked independently of the
    /// code that removes them.
    static func onlyRemovesParameters(from: String, to: String) -> Bool {
        func split(_ url: String) -> (base: Substring, parameters: [Substring], fragment: Substring?) {
            let hash = url.firstIndex(of: "#")
            let beforeFragment = url[..<(hash ?? url.endIndex)]
            let fragment = hash.map { url[url.index(after: $0)...] }
            guard let question = beforeFragment.firstIndex(of: "?") else { return (beforeFragment, [], fragment) }
            let query = beforeFragment[beforeFragment.index(after: question)...]
            return (
                beforeFragment[..<question], query.split(separator: "&", omittingEmptySubsequences: true), fragment
            )
        }
        let old = split(from)
        let new = split(to)
        guard old.base == new.base, old.fragment == new.fragment, new.parameters.count < old.parameters.count else {
            return false
        }
        // The kept parameters, in their order.
        var remaining = old.parameters[...]
        for parameter in new.parameters {
            guard let index = remaining.firstIndex(of: parameter) else { return false }
            remaining = remaining[(index + 1)...]
        }
        return true
    }
}
