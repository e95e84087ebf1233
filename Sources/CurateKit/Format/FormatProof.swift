import CurateMarkdown
import Foundation

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
///
/// The proof is made per window, not on the whole post, when it can be: a post is cut
/// into segments at the blank lines between its top-level blocks, and each run of
/// segments an edit touches is rendered with one untouched segment on each side, so that
/// an edit that changes how its neighbours read (a list that would join the next one, a
/// fence left open) shows in the window. A post whose line endings change is proven
/// whole. In a post with link reference definitions (they apply everywhere), a final
/// answer is the whole post's, and windows only find where the whole fails, for the
/// bisection (whose trials they prove): each is rendered with the lines that read as
/// definitions elsewhere in the post before and after it, in the post's order, a context
/// found by looking at lines, not by cmark. If no window fails where the whole does (the
/// context misled), the proof is made whole from then on. A post whose definitions are
/// large, or span lines, or where a line that looks like one is in a block (a paragraph's
/// line, a list item's, code), is proven whole.
///
/// One kind of edit is proven where it stands, without rendering (the most common one: a
/// large post's tracking parameters): see ``provesInPlace(link:writing:for:in:)``. A window
/// is rendered only around the other edits (with the proven ones in it applied too).
final class FormatProof {
    let post: Post
    private let bodyStart: Int
    /// First lines of the segments, in order (the first is the body's first line).
    private let segmentStarts: [Int]
    private var windowed: Bool
    /// The lines that read as link reference definitions, when windows are proven with
    /// them (see above); empty otherwise.
    private let definitionLines: [Int]
    /// Whether a final answer on the whole post has failed (with definitions: see
    /// ``failure(of:final:)``).
    private var wholeFailed = false
    /// Whether edits proven in place are taken as proven (false: rendered like the others).
    private let trustsInPlace: Bool
    /// The most segments a window holds, but in very long runs of edited segments.
    static let windowSegments = 12
    /// Renderings of the input already made (bisection asks for the same windows often).
    private var expected: [Window: [UInt8]] = [:]
    /// Windows already proven with the same edits (their output is the same bytes).
    private var proven: Set<ProvenWindow> = []

    private struct ProvenWindow: Hashable, Sendable {
        var lines: ClosedRange<Int>
        var edits: [FormatEdit.ID]
    }

    private struct Window: Hashable, Sendable {
        var lines: ClosedRange<Int>
        var adjustments: HTMLAdjustments
    }

    /// `windowed: false` proves on the whole post whatever it holds, `inPlace: false`
    /// renders every edit (both for tests).
    init(post: Post, windowed allowWindows: Bool = true, inPlace: Bool = true) {
        self.post = post
        trustsInPlace = inPlace
        bodyStart =
            post.bodyStartLine <= post.lines.count ? post.lines.starts[post.bodyStartLine - 1] : post.bytes.count
        var starts = [post.bodyStartLine]
        for (previous, block) in zip(post.blocks, post.blocks.dropFirst())
        where block.firstLine > previous.lastLine + 1 && block.firstLine > starts[starts.count - 1] {
            starts.append(block.firstLine)
        }
        segmentStarts = starts
        // (From one `]` to the next with memchr: a large post is megabytes.)
        let definitions = post.bytes.withUnsafeBufferPointer { [bodyStart] buffer in
            guard let base = buffer.baseAddress else { return false }
            var index = bodyStart
            while index + 1 < buffer.count {
                guard let found = memchr(base + index, Int32(UInt8(ascii: "]")), buffer.count - 1 - index) else { return false }
                index = UnsafeRawPointer(found) - UnsafeRawPointer(base)
                if buffer[index + 1] == UInt8(ascii: ":") { return true }
                index += 1
            }
            return false
        }
        var definitionLines: [Int] = []
        var windows = allowWindows && starts.count >= 3
        if definitions && windows {
            // Only lines that stand alone, in no block of the post (cmark read them as
            // definitions): a line that looks like one inside a paragraph, a list or a code
            // block, made a definition of the context, would link text of the windows
            // that nothing links, and the windows judge wrongly (found by a tester).
            if let found = MarkdownReader.definitionLines(post.bytes, lines: post.lines, firstLine: post.bodyStartLine),
                Self.bytes(ofLines: found, in: post) <= post.bytes.count / 8,
                !found.contains(where: { Self.isInBlock($0, post.blocks) })
            {
                definitionLines = found
            } else {
                windows = false
            }
        }
        windowed = windows
        self.definitionLines = definitionLines
    }

    /// Whether `line` is one of the lines of a top-level block of `blocks` (in order).
    private static func isInBlock(_ line: Int, _ blocks: [Block]) -> Bool {
        var low = 0
        var high = blocks.count
        while low < high {
            let middle = (low + high) / 2
            if blocks[middle].lastLine < line { low = middle + 1 } else { high = middle }
        }
        return low < blocks.count && blocks[low].firstLine <= line
    }

    private static func bytes(ofLines lines: [Int], in post: Post) -> Int {
        lines.reduce(0) { $0 + post.lines.content($1).count + 1 }
    }

    /// What a window is rendered with: the definition lines before it, in order, then a
    /// blank line; the window; a blank line, then the definition lines after it. The
    /// order is the post's, so that of two definitions of a label the first still wins.
    struct Context: Sendable {
        var before: [UInt8] = []
        var beforeLines = 0
        var after: [UInt8] = []
    }

    /// The context of a window of input lines `lines` (empty without definitions).
    private func context(outside lines: ClosedRange<Int>) -> Context {
        var context = Context()
        for line in definitionLines where !lines.contains(line) {
            if line < lines.lowerBound {
                context.before.append(contentsOf: post.bytes[post.lines.content(line)])
                context.before.append(0x0A)
                context.beforeLines += 1
            } else {
                if context.after.isEmpty { context.after.append(0x0A) }
                context.after.append(contentsOf: post.bytes[post.lines.content(line)])
                context.after.append(0x0A)
            }
        }
        if context.beforeLines > 0 {
            context.before.append(0x0A)
            context.beforeLines += 1
        }
        return context
    }

    /// The rendering of `bytes`, lines `lineOffset + 1...` of a document, in `context`
    /// (its lines keep their numbers).
    private static func render(
        _ bytes: ArraySlice<UInt8>, lineOffset: Int, adjustments: HTMLAdjustments, context: Context
    ) -> [UInt8] {
        guard context.beforeLines > 0 || !context.after.isEmpty else {
            return HTMLRenderer.render(bytes, lineOffset: lineOffset, adjustments: adjustments)
        }
        var joined = context.before
        joined.append(contentsOf: bytes)
        if let last = joined.last, last != 0x0A && last != 0x0D { joined.append(0x0A) }
        joined.append(contentsOf: context.after)
        return HTMLRenderer.render(joined[...], lineOffset: lineOffset - context.beforeLines, adjustments: adjustments)
    }

    /// Whether `plan` proves. `final: false` (a trial of the bisection) takes the windows'
    /// word for it, where a final answer proves a result its windows prove on the whole
    /// post too when they were rendered with a context of definitions.
    func holds(for plan: FormatPlan, final: Bool = true) -> Bool {
        failure(of: plan, final: final) == nil
    }

    /// Whether `bytes` read as a post with front matter (or as none at all).
    static func readsFrontMatter(_ bytes: [UInt8], path: String) -> Bool {
        do {
            return try FrontMatter.read(bytes, lines: LineTable(bytes), path: path) != nil
        } catch {
            return true
        }
    }

    /// Nil when the plan proves; else the input lines where it fails (see
    /// ``holds(for:final:)`` for `final`).
    func failure(of plan: FormatPlan, final: Bool = true) -> ClosedRange<Int>? {
        if plan.bytes == post.bytes { return nil }
        let whole = post.bodyStartLine...max(post.bodyStartLine, post.lines.count)
        // A result with nothing in it is not a post (and its rendering is not the input's).
        guard !plan.bytes.isEmpty, plan.bytes.contains(where: { $0 != 0x0A && $0 != 0x0D && $0 != 0x20 }) else {
            return whole
        }
        guard plan.bodyOffset <= plan.bytes.count else { return whole }
        // A post without front matter must not gain some (a first line `---`, or one that
        // was a thematic break read as front matter now).
        if post.frontMatter == nil && FrontMatter.opensFrontMatter(plan.bytes)
            && (!FrontMatter.opensFrontMatter(post.bytes) || Self.readsFrontMatter(plan.bytes, path: post.path))
        {
            return whole
        }
        // Every changed destination only loses parameters (checked on all cores: a large
        // post has tens of thousands); else the lines of the edit, for the bisection.
        // (Edits are read where they are: a copy of one retains its strings and arrays.)
        let edits = plan.edits
        let changes = edits.indices.filter { edits[$0].applied && edits[$0].destination != nil }
        let verdicts = Parallel.map(changes, minimumChunk: 1024) {
            Self.onlyRemovesParameters(from: edits[$0].destination!.from, to: edits[$0].destination!.to)
        }
        if let wrong = verdicts.firstIndex(of: false) { return edits[changes[wrong]].lines }
        guard post.bodyStartLine <= post.lines.count else {
            // Front matter only: the result may only end it with a line ending.
            let body = plan.bytes[plan.bodyOffset...]
            return body.allSatisfy({ $0 == 0x0A || $0 == 0x0D }) && body.count <= 2 ? nil : whole
        }
        // The applied edits to render, read in place: a large post has tens of thousands.
        let trustsInPlace = trustsInPlace
        let applied = edits.indices.lazy.filter { edits[$0].applied && !(trustsInPlace && edits[$0].inPlace) }
        if applied.isEmpty { return nil }
        guard windowed, !applied.contains(where: { edits[$0].id.kind == .lineEndings }) else {
            return provesWhole(plan) ? nil : whole
        }
        // With definitions, a final answer is the whole post's (the windows' context is
        // found by looking at lines): the windows only find where it fails, for the
        // bisection, whose trials they prove (each trial rendered whole was the cost of a
        // post with definitions and edits that do not prove). The whole is proven first
        // until it fails once (a post whose edits all prove is rendered whole once, as
        // before), then after the windows hold (many rounds find their edit in a window).
        var triedWhole = false
        if final && !definitionLines.isEmpty && !wholeFailed {
            if provesWhole(plan) { return nil }
            wholeFailed = true
            triedWhole = true
        }
        // The segments the edits touch, with one on each side.
        var touched = Set<Int>()
        for edit in applied {
            let first = segment(of: edits[edit].lines.lowerBound)
            let last = segment(of: edits[edit].lines.upperBound)
            for index in max(0, first - 1)...min(segmentStarts.count - 1, last + 1) { touched.insert(index) }
        }
        var runs: [ClosedRange<Int>] = []
        for index in touched.sorted() {
            if let last = runs.last, last.upperBound + 1 >= index {
                runs[runs.count - 1] = last.lowerBound...index
            } else {
                runs.append(index...index)
            }
        }
        // Long runs are cut into windows of a few segments that overlap by two, so that
        // every edited segment has both its neighbours in one window, and a failure points
        // at a few edits, not at all of them. A very long run (a large post with edits
        // everywhere) gets longer windows, up to four times as long: the two segments
        // rendered twice are then a smaller part of the work, and there are still dozens
        // of windows for the cores.
        var windows: [ClosedRange<Int>] = []
        for run in runs {
            let length = min(4 * Self.windowSegments, max(Self.windowSegments, run.count / 16))
            var first = run.lowerBound
            while true {
                let last = min(run.upperBound, first + length - 1)
                windows.append(first...last)
                if last == run.upperBound { break }
                first = last - 1
            }
        }
        // Where each segment starts in the output: the first line written from it or after it.
        var outputStarts: [Int] = []
        outputStarts.reserveCapacity(segmentStarts.count + 1)
        var cursor = 0
        for line in segmentStarts {
            while cursor < plan.lineOrigins.count
                && (plan.lineOrigins[cursor] == 0 || Int(plan.lineOrigins[cursor]) < line)
            {
                cursor += 1
            }
            outputStarts.append(cursor < plan.lineStarts.count ? Int(plan.lineStarts[cursor]) : plan.bytes.count)
        }
        outputStarts.append(plan.bytes.count)
        // The edits of a window: those whose segments meet it (an edit spans two at most).
        let located = edits.indices.lazy.filter { edits[$0].applied }
            .map {
                (edit: $0, segments: self.segment(of: edits[$0].lines.lowerBound)...self.segment(of: edits[$0].lines.upperBound))
            }
            .sorted { $0.segments.lowerBound < $1.segments.lowerBound }
        var jobs: [Job] = []
        for window in windows {
            var low = 0
            var high = located.count
            while low < high {
                let middle = (low + high) / 2
                if located[middle].segments.lowerBound < window.lowerBound - 1 { low = middle + 1 } else { high = middle }
            }
            var local = HTMLAdjustments()
            var ids: [FormatEdit.ID] = []
            var index = low
            while index < located.count && located[index].segments.lowerBound <= window.upperBound {
                if located[index].segments.overlaps(window) {
                    edits[located[index].edit].adjust(&local)
                    ids.append(edits[located[index].edit].id)
                }
                index += 1
            }
            let first = segmentStarts[window.lowerBound]
            let last = window.upperBound + 1 < segmentStarts.count ? segmentStarts[window.upperBound + 1] - 1 : post.lines.count
            let key = ProvenWindow(lines: first...last, edits: ids)
            if proven.contains(key) { continue }
            let from = outputStarts[window.lowerBound]
            let to = outputStarts[window.upperBound + 1]
            jobs.append(
                Job(
                    key: key, window: Window(lines: first...last, adjustments: local), output: from..<to,
                    context: context(outside: first...last)))
        }
        // Windows are rendered side by side; the first that fails, in document order, is
        // the answer, and every window that holds is remembered for the next round.
        // Bisection asks again for the windows around a failure; a first pass over a large
        // post keeps no renderings of windows that hold (they would hold the whole post's
        // HTML), not even until the pass ends.
        let keepAll = jobs.count <= 64
        let cache = expected
        let post = self.post
        let outcomes = Parallel.map(jobs, minimumChunk: 1) { job -> (rendered: [UInt8]?, holds: Bool) in
            guard job.output.lowerBound <= job.output.upperBound else { return (nil, false) }
            let cached = cache[job.window]
            let html = cached ?? Self.render(post, job.window, context: job.context)
            let holds =
                html == Self.render(plan.bytes[job.output], lineOffset: 0, adjustments: HTMLAdjustments(), context: job.context)
            return (cached == nil && (keepAll || !holds) ? html : nil, holds)
        }
        var failing: ClosedRange<Int>?
        for (job, outcome) in zip(jobs, outcomes) {
            if let html = outcome.rendered {
                if expected.count > 512 { expected.removeAll() }
                expected[job.window] = html
            }
            if outcome.holds {
                proven.insert(job.key)
            } else if failing == nil {
                failing = job.key.lines
            }
        }
        if failing != nil || !final || definitionLines.isEmpty { return failing }
        if !triedWhole && provesWhole(plan) { return nil }
        // The whole post fails, and no window rendered with a context found by looking at
        // lines does: the context misled them, and the proof is whole from now on (its
        // bisection then finds the edit on the whole post).
        windowed = false
        return whole
    }

    private struct Job: Sendable {
        var key: ProvenWindow
        var window: Window
        var output: Range<Int>
        /// The definitions it is rendered with (see ``context(outside:)``).
        var context: Context
    }

    /// Whether writing `new` over the destination of inline link `link`, for the
    /// destination `destination`, is proven without rendering: GitHub reads the result
    /// as the input with that one link's destination changed, everything else the same.
    ///
    /// It is, when the link is `[text](D)` with nothing but `D` between its parentheses,
    /// on the first line of its item's first paragraph, and:
    /// - `D` and `new` are both made of ASCII characters that mean nothing in a destination
    ///   (no space or control character, `<`, `>`, `(`, `)`, `[`, `]`, `\`, backtick, quote,
    ///   `|`), `D` is the destination as cmark read it, and `new` holds no entity
    ///   (`&name;`): each reads as itself, and as a complete destination;
    /// - the line holds no `<`, `\` or `]:`.
    ///
    /// Then the blocks are the same: only bytes inside a line change, after its first
    /// `](`; no line starts, ends or becomes blank, and no `|` (a table's cells), fence or
    /// underline changes. The inlines are the same: cmark reads `](D)` as this link's
    /// destination and skips over it (its `*`, `_`, `~`, `:` are never delimiters or
    /// autolinks; an autolink inside the brackets is not made); `](new)` is read the
    /// same way. What could read across the destination is what only `<` starts (raw
    /// HTML, `<autolink>`), a reference definition (which `]:` starts at the paragraph's
    /// start, and no earlier line of the paragraph can hold one), code spans (decided by
    /// backticks alone, which neither destination holds) and escapes (`\`). A Jekyll
    /// post whose Liquid was masked was read from other bytes than those GitHub reads, and
    /// its edits are all rendered; so is a link kramdown reads where cmark reads none
    /// (``Link/readByKramdown``): the premise is a link cmark itself read.
    ///
    /// The tests hold every edit this accepts to the rendering proof, on posts built to
    /// break it.
    static func provesInPlace(link index: Int, writing new: [UInt8], for destination: String, in post: Post) -> Bool {
        // The link's fields read in place (a copy of the link retains its strings).
        let (form, item, linkLine, span) = (
            post.links[index].form, post.links[index].item, post.links[index].line, post.links[index].span
        )
        guard !post.parsedMasked, form == .inline, !post.links[index].readByKramdown, let range = post.links[index].urlRange,
            !range.isEmpty, !new.isEmpty,
            item >= 0, item < post.items.count, post.items[item].paragraph?.lowerBound == linkLine,
            linkLine >= 1, linkLine <= post.lines.count
        else { return false }
        let bytes = post.bytes
        guard span.lowerBound >= 0, span.upperBound <= bytes.count, range.lowerBound >= span.lowerBound + 3,
            range.upperBound == span.upperBound - 1, bytes[span.lowerBound] == UInt8(ascii: "["),
            bytes[range.lowerBound - 2] == UInt8(ascii: "]"), bytes[range.lowerBound - 1] == UInt8(ascii: "("),
            bytes[range.upperBound] == UInt8(ascii: ")"), Self.equal(new[...], destination),
            Self.equal(bytes[range], post.links[index].url)
        else { return false }
        let line = post.lines.content(linkLine)
        guard line.lowerBound <= span.lowerBound, span.upperBound <= line.upperBound else { return false }
        func meansNothing(_ byte: UInt8) -> Bool {
            switch byte {
            case 0...0x20, 0x7F...0xFF: false
            case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["),
                UInt8(ascii: "]"), UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "\""), UInt8(ascii: "'"),
                UInt8(ascii: "|"):
                false
            default: true
            }
        }
        guard new.allSatisfy(meansNothing), !Self.holdsEntity(new) else { return false }
        return bytes.withUnsafeBufferPointer { buffer in
            guard buffer[range].allSatisfy(meansNothing) else { return false }
            // No `<`, no `\` and no `]:` on the line, found eight bytes a step.
            var index = line.lowerBound
            while true {
                index = WordScan.firstIndex(
                    in: buffer, from: index, to: line.upperBound, UInt8(ascii: "<"), UInt8(ascii: "\\"), UInt8(ascii: ":"),
                    UInt8(ascii: ":"))
                guard index < line.upperBound else { return true }
                if buffer[index] != UInt8(ascii: ":") || (index > line.lowerBound && buffer[index - 1] == UInt8(ascii: "]")) {
                    return false
                }
                index += 1
            }
        }
    }

    /// Whether `bytes` are the UTF-8 of `text`.
    private static func equal(_ bytes: ArraySlice<UInt8>, _ text: String) -> Bool {
        // The text's own memory when it is native (no copy of the string, no retain).
        let compared = text.utf8.withContiguousStorageIfAvailable { utf8 in
            utf8.count == bytes.count
                && (utf8.isEmpty || bytes.withUnsafeBufferPointer { memcmp($0.baseAddress!, utf8.baseAddress!, utf8.count) == 0 })
        }
        return compared ?? bytes.elementsEqual(text.utf8)
    }

    /// Whether `bytes` hold what could read as an entity: `&`, letters, digits or `#`, `;`.
    private static func holdsEntity(_ bytes: [UInt8]) -> Bool {
        var index = 0
        while index < bytes.count {
            defer { index += 1 }
            guard bytes[index] == UInt8(ascii: "&") else { continue }
            var end = index + 1
            while end < bytes.count,
                (bytes[end] >= UInt8(ascii: "0") && bytes[end] <= UInt8(ascii: "9"))
                    || (bytes[end] | 0x20 >= UInt8(ascii: "a") && bytes[end] | 0x20 <= UInt8(ascii: "z"))
                    || bytes[end] == UInt8(ascii: "#")
            {
                end += 1
            }
            if end > index + 1 && end < bytes.count && bytes[end] == UInt8(ascii: ";") { return true }
        }
        return false
    }

    /// The rendering of `window`'s input lines, adjusted, in `context`.
    private static func render(_ post: Post, _ window: Window, context: Context = Context()) -> [UInt8] {
        let lines = window.lines
        let start = post.lines.starts[lines.lowerBound - 1]
        let end = lines.upperBound < post.lines.count ? post.lines.starts[lines.upperBound] : post.bytes.count
        return render(
            post.bytes[start..<end], lineOffset: lines.lowerBound - 1, adjustments: window.adjustments, context: context)
    }

    /// Whether the whole body, adjusted, renders as the plan's body does.
    private func provesWhole(_ plan: FormatPlan) -> Bool {
        let window = Window(lines: post.bodyStartLine...post.lines.count, adjustments: plan.adjustments)
        let html: [UInt8]
        if let cached = expected[window] {
            html = cached
        } else {
            html = Self.render(post, window)
            if expected.count > 512 { expected.removeAll() }
            expected[window] = html
        }
        return html == HTMLRenderer.render(plan.bytes[plan.bodyOffset..<plan.bytes.count])
    }

    /// The index of the segment holding `line`.
    private func segment(of line: Int) -> Int {
        var low = 0
        var high = segmentStarts.count
        while low < high {
            let middle = (low + high) / 2
            if segmentStarts[middle] <= line { low = middle + 1 } else { high = middle }
        }
        return max(0, low - 1)
    }

    /// Whether `to` is `from` with query parameters taken out and nothing else changed:
    /// the documented effect of removing tracking parameters, checked independently of the
    /// code that removes them.
    static func onlyRemovesParameters(from: String, to: String) -> Bool {
        var from = from
        var to = to
        // On the bytes: `#`, `?` and `&` are ASCII, and the parts compare byte for byte.
        return from.withUTF8 { old in to.withUTF8 { new in onlyRemovesParameters(old, new) } }
    }

    private static func onlyRemovesParameters(_ old: UnsafeBufferPointer<UInt8>, _ new: UnsafeBufferPointer<UInt8>) -> Bool {
        // Each URL is read where it lies, with no array of its parts: a large post's proof
        // asks this of every link whose parameters fmt removes.
        /// The first `byte` in `start..<end` of `bytes`; `end` when there is none.
        func find(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
            guard start < end, let found = memchr(bytes.baseAddress! + start, Int32(byte), end - start) else { return end }
            return UnsafeRawPointer(found) - UnsafeRawPointer(bytes.baseAddress!)
        }
        /// A URL's parts, as ranges of its bytes: before the query, the query (after `?`,
        /// nil without one), the fragment (after `#`).
        func split(_ bytes: UnsafeBufferPointer<UInt8>) -> (base: Range<Int>, query: Range<Int>?, fragment: Range<Int>?) {
            let end = find(UInt8(ascii: "#"), in: bytes, from: 0, to: bytes.count)
            let fragment = end < bytes.count ? (end + 1)..<bytes.count : nil
            let question = find(UInt8(ascii: "?"), in: bytes, from: 0, to: end)
            return question < end ? (0..<question, (question + 1)..<end, fragment) : (0..<end, nil, fragment)
        }
        /// The query's next parameter from `start` on (empty ones left out), and where the
        /// one after it is looked for; nil when there is none.
        func parameter(
            in bytes: UnsafeBufferPointer<UInt8>, _ query: Range<Int>?, from start: Int
        ) -> (range: Range<Int>, next: Int)? {
            guard let query else { return nil }
            var start = start
            while start < query.upperBound {
                let stop = find(UInt8(ascii: "&"), in: bytes, from: start, to: query.upperBound)
                if stop > start { return (start..<stop, stop + 1) }
                start = stop + 1
            }
            return nil
        }
        func equal(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
            a.count == b.count
                && (a.isEmpty || memcmp(old.baseAddress! + a.lowerBound, new.baseAddress! + b.lowerBound, a.count) == 0)
        }
        let before = split(old)
        let after = split(new)
        let sameFragment =
            switch (before.fragment, after.fragment) {
            case (nil, nil): true
            case let (a?, b?): equal(a, b)
            default: false
            }
        guard equal(before.base, after.base), sameFragment else { return false }
        // The kept parameters, in their order, each the first match after the one before;
        // at least one of the old ones left out.
        var oldCursor = before.query?.lowerBound ?? 0
        var newCursor = after.query?.lowerBound ?? 0
        var leftOut = false
        while let kept = parameter(in: new, after.query, from: newCursor) {
            newCursor = kept.next
            while true {
                guard let candidate = parameter(in: old, before.query, from: oldCursor) else { return false }
                oldCursor = candidate.next
                if equal(candidate.range, kept.range) { break }
                leftOut = true
            }
        }
        return leftOut || parameter(in: old, before.query, from: oldCursor) != nil
    }
}
