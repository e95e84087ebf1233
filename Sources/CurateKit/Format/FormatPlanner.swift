import CurateMarkdown

/// One rendering of a post's normalized form: every edit fmt would make is a candidate,
/// named by a ``FormatEdit/ID``, and applied unless it is in `disabled`.
struct FormatPlanner {
    typealias ID = FormatEdit.ID
    typealias Spot = Formatter.Spot

    let post: Post
    let configuration: Configuration
    let disabled: Set<ID>
    /// Whether edits keep the findings they fix (only `check` asks which spots fmt fixes;
    /// a large post's proof holds tens of thousands of edits).
    let keepsSpots: Bool
    /// A Jekyll post is rendered by kramdown, which reads some things GitHub does not.
    let isJekyll: Bool
    /// The kinds of edit whose rule the configuration turns off: fmt leaves what it is
    /// told not to look for (as it sorts only when `sort-order` is on).
    private let offKinds: Set<ID.Kind>
    /// The candidates, as they are considered.
    private final class Log {
        var edits: [FormatEdit] = []
    }
    private let log = Log()

    init(post: Post, configuration: Configuration, disabled: Set<ID>, keepsSpots: Bool = true) {
        self.keepsSpots = keepsSpots
        self.post = post
        self.configuration = configuration
        self.disabled = disabled
        isJekyll = (configuration.configuredKind(of: post.path) ?? PostKind.detect(post)) == .jekyll
        offKinds = Set(
            ID.Kind.allCases.filter { kind in
                kind.rule.map { rule in
                    RuleRegistry.descriptions.contains { $0.id == rule && configuration.severity(of: $0) == .off }
                }
                    ?? false
            })
    }

    private struct LineEdit {
        var replacements: [(range: Range<Int>, bytes: [UInt8])] = []
        /// Columns added to (or taken from) the line's indentation.
        var indentDelta = 0

        var isEmpty: Bool { replacements.isEmpty && indentDelta == 0 }
    }

    /// Records a candidate edit; true when it is to be applied.
    private func consider(
        _ id: ID, _ spots: [Spot], lines: ClosedRange<Int>, alternativeOf: ID? = nil, removedItemLine: Int? = nil,
        destination: (from: String, to: String)? = nil,
        reorder: (list: Int, items: [Int])? = nil, inPlace: Bool = false,
        link: (line: Int, column: Int, textIsURL: Bool)? = nil, leftForDirective: Bool = false
    ) -> Bool {
        // What a rule turned off would find, or what a `curate-ignore` silences where it is
        // found, is no candidate: fmt leaves it as check does.
        if offKinds.contains(id.kind) { return false }
        if let rule = id.kind.rule, !post.ignoreDirectives.isEmpty,
            spots.contains(where: { $0.rule == rule && post.ignores(rule, at: $0.line) })
        {
            return false
        }
        // The inside of a Jekyll post's unrendered blocks is kept as written (line endings aside).
        let keepsUnrendered = id.kind == .lineEndings || id.kind == .finalNewline || !touchesUnrendered(lines)
        // An edit that would put another line after a `curate-ignore` than the one it
        // silences (a blank line inserted after it, a list sorted under it, a placeholder
        // under it taken out), or that changes a line a directive silences (a number
        // `list-numbering` is told to leave), is left out: the next pass, or the next run,
        // would fix what it silences, or it would silence what nobody fixed.
        let applied = !disabled.contains(id) && keepsUnrendered && !leftForDirective
        log.edits.append(
            FormatEdit(
                id: id, applied: applied, spots: keepsSpots ? spots : [], alternativeOf: alternativeOf, lines: lines,
                removedItemLine: removedItemLine,
                destination: destination,
                reorder: reorder, inPlace: inPlace, link: link))
        return applied
    }

    /// Whether `lines` reach into an unrendered block (``Post/unrendered``).
    private func touchesUnrendered(_ lines: ClosedRange<Int>) -> Bool {
        post.unrendered.contains { $0.overlaps(lines) }
    }

    private func lineStart(_ line: Int) -> Int {
        line <= post.lines.count ? post.lines.starts[line - 1] : post.bytes.count
    }

    func render() -> FormatPlan {
        let count = post.lines.count
        var deleted = [Bool](repeating: false, count: count + 2)
        // By line (index 0 unused): most lines have none, and a large post has tens of
        // thousands (a dictionary hashed every line of the post).
        var lineEdits = [LineEdit](repeating: LineEdit(), count: count + 2)
        var order = Array(0...count)  // order[slot] = original line; index 0 unused

        // Placeholders: an empty item alone on its line goes; where taking its line out
        // would join the next line to the item above, its line becomes a blank one (in
        // a block quote, a bare `>`).
        var blanked: [Int: [UInt8]] = [:]
        for item in post.items where item.isEmpty && item.line == item.lastLine && isOnlyMarker(item) {
            var spots = [Spot(rule: EmptyItemRule.description.id, line: item.line)]
            if let last = post.lineBytes(item.line).last, last == 0x20 || last == 0x09 {
                spots.append(Spot(rule: TrailingWhitespaceRule.description.id, line: item.line))
            }
            let id = ID(position: lineStart(item.line), kind: .removeItem)
            if consider(
                id, spots, lines: item.line...item.line, removedItemLine: item.line,
                leftForDirective: post.holdsDirectiveAlone(item.line - 1))
            {
                deleted[item.line] = true
            } else if consider(
                id.alternative!, spots, lines: item.line...item.line,
                alternativeOf: id, removedItemLine: item.line)
            {
                var prefix = Array(post.lineBytes(item.line).prefix(item.markerColumn - 1))
                while let last = prefix.last, last == 0x20 || last == 0x09 { prefix.removeLast() }
                blanked[item.line] = prefix
            }
        }
        // Tracking parameters: each link's URL cleaned on all cores (the plan itself is
        // made in order, below).
        let post = post
        let identity = configuration.identity
        // Whether the proof can take each change where it is, found beside it.
        // (By index: a link handed to the closure is a copy, its strings retained and released.)
        let tracks = !offKinds.contains(.tracking)
        // The links are read where they are, by index: a link handed to a function was
        // copied, its strings retained and released, and the other cores read the same
        // strings (a retain is an atomic write to the string's count, which the cores then
        // pass between them).
        let changes = Parallel.map(post.links.indices, minimumChunk: 1024) { index -> (TrackingChange, inPlace: Bool)? in
            guard tracks, let range = post.links[index].urlRange, !range.isEmpty,
                let change = Self.trackingChange(ofLink: index, range, in: post, identity)
            else { return nil }
            return (
                change,
                FormatProof.provesInPlace(link: index, writing: change.written, for: change.destination, in: post)
            )
        }
        // Links read in place, not copied (a large post has 100k of them).
        let trackingRule = TrackingParametersRule.description.id
        for index in changes.indices {
            guard let (change, inPlace) = changes[index], let range = post.links[index].urlRange else { continue }
            let (line, column) = post.point(at: range.lowerBound)
            let id = ID(position: range.lowerBound, kind: .tracking)
            if consider(
                id, [Spot(rule: trackingRule, line: line, column: column)], lines: line...line,
                destination: (post.links[index].url, change.destination), inPlace: inPlace,
                link: (post.links[index].line, post.links[index].column, post.links[index].form != .inline))
            {
                lineEdits[line].replacements.append((range, change.written))
            }
        }
        // Tracking parameters of reference links: in their definitions.
        var referenced: [String: [Spot]] = [:]
        for index in post.links.indices where post.links[index].form == .reference && post.links[index].urlRange == nil {
            let link = post.links[index]
            let spot = Spot(rule: TrackingParametersRule.description.id, line: link.line, column: link.column)
            referenced[link.url, default: []].append(spot)
        }
        // Where each destination is written by a definition, found in one pass over the lines.
        let definitions = referenced.isEmpty ? [:] : definitionDestinations()
        for (url, spots) in referenced.sorted(by: { $0.key < $1.key }) {
            guard url.containsUTF8(UInt8(ascii: "?")),
                let cleaned = configuration.identity.removingTrackingParameters(from: url),
                FormatProof.onlyRemovesParameters(from: url, to: cleaned)
            else { continue }
            let ranges = definitions[Array(url.utf8)] ?? []
            guard let first = ranges.first, let last = ranges.last else { continue }
            let lines = post.point(at: first.lowerBound).line...post.point(at: last.lowerBound).line
            let id = ID(position: first.lowerBound, kind: .tracking)
            if consider(id, spots, lines: lines, destination: (url, cleaned)) {
                for range in ranges {
                    lineEdits[post.point(at: range.lowerBound).line].replacements.append(
                        (range, Array(cleaned.utf8)))
                }
            }
        }
        // Sorting and numbering, list by list.
        let sorting = configuration.severity(of: SortOrderRule.description) != .off
        for list in post.lists {
            let all = Array(list.items)
            let remaining = all.filter { !(post.items[$0].isEmpty && deleted[post.items[$0].line]) }
            var placed = remaining
            if sorting, canReorder(list: list, items: remaining) {
                // The entries, sorted among the places entries hold; an item that is not
                // one (an empty item kept, a line of text) stays where it is, as
                // `sort-order` reads the list (entry after entry).
                let keys = remaining.map { post.entry(of: post.items[$0]).map { SortOrderRule.sortKey($0.title) } }
                let places = remaining.indices.filter { keys[$0] != nil }
                let byTitle = places.sorted { a, b in keys[a]! != keys[b]! ? keys[a]! < keys[b]! : a < b }
                var sorted = remaining
                for (place, from) in zip(places, byTitle) { sorted[place] = remaining[from] }
                let id = ID(position: lineStart(list.firstLine), kind: .sort)
                let reorder = (list.firstLine, sorted.map { post.items[$0].line })
                // Not a list with a directive alone on a line in it or just above it (it
                // silences the line after it), nor one with an entry `sort-order` is told
                // to leave where it is.
                let directiveMoves =
                    !post.ignoreDirectives.isEmpty
                    && ((max(1, list.firstLine - 1)...max(list.firstLine, list.lastLine)).contains {
                        post.holdsDirectiveAlone($0)
                    } || remaining.contains { post.ignores(SortOrderRule.description.id, at: post.items[$0].line) })
                if sorted != remaining,
                    consider(
                        id, sortSpot(list).map { [$0] } ?? [], lines: list.firstLine...max(list.firstLine, list.lastLine),
                        reorder: reorder, leftForDirective: directiveMoves)
                {
                    placed = sorted
                    for (slot, item) in zip(remaining, placed) {
                        // Slots have one line each (checked by canReorder).
                        order[post.items[slot].line] = post.items[item].line
                    }
                }
            }
            guard list.ordered else { continue }
            let written = all.map { post.items[$0].number ?? 0 }
            let sameNumber = written.count > 1 && written.allSatisfy { $0 == written[0] }
            var changes: [(item: ListItem, number: Int)] = []
            for (position, itemIndex) in placed.enumerated() {
                let item = post.items[itemIndex]
                let number = sameNumber ? list.start : list.start + position
                if number != item.number { changes.append((item, number)) }
            }
            if changes.isEmpty, let spot = numberingSpot(list) {
                // Taking the placeholders out is what puts the numbers in sequence.
                let lines = Set(all.map { post.items[$0].line })
                for index in log.edits.indices
                where keepsSpots && log.edits[index].removedItemLine.map({ lines.contains($0) }) ?? false {
                    log.edits[index].spots.append(spot)
                }
            }
            // CommonMark list numbers have at most nine digits: past that, no candidate.
            guard !changes.isEmpty, changes.allSatisfy({ $0.number <= 999_999_999 }) else { continue }
            let id = ID(position: lineStart(list.firstLine), kind: .renumber)
            // A number a directive tells `list-numbering` to leave stays, and so do the others.
            let silenced =
                !post.ignoreDirectives.isEmpty
                && changes.contains { post.ignores(ListNumberingRule.description.id, at: $0.item.line) }
            guard
                consider(
                    id, numberingSpot(list).map { [$0] } ?? [], lines: list.firstLine...max(list.firstLine, list.lastLine),
                    leftForDirective: silenced)
            else { continue }
            for (item, number) in changes {
                let digitsStart = post.offset(line: item.line, column: item.markerColumn)
                let digits = Array(String(number).utf8)
                lineEdits[item.line].replacements.append(
                    (digitsStart..<(digitsStart + item.markerLength - 1), digits))
                let delta = digits.count - (item.markerLength - 1)
                guard delta != 0 else { continue }
                // The item's own content moves with its marker: lines indented at least to
                // its content column (lazy continuation lines are not, and stay).
                let content = visualColumn(line: item.line, byteColumn: item.contentColumn)
                if item.lastLine > item.line {
                    for line in (item.line + 1)...item.lastLine {
                        let (_, width, blank) = indentation(line)
                        if !blank && width >= content { lineEdits[line].indentDelta += delta }
                    }
                }
                // A narrower last marker would take in the indented text after the list (a
                // note indented less than the old content column, at least the new one):
                // that text moves left to stay out.
                if delta < 0, item.list == post.items[list.items.upperBound - 1].list,
                    post.items[list.items.upperBound - 1].line == item.line,
                    let next = ((item.lastLine + 1)...max(item.lastLine + 1, count)).first(where: {
                        $0 <= count && !isBlank($0)
                    }), next <= count, !post.isVerbatim(next)
                {
                    let (_, width, _) = indentation(next)
                    if width >= content + delta && width < content {
                        lineEdits[next].indentDelta += content + delta - 1 - width
                    }
                }
            }
        }

        // Block of each line, for spacing.
        var blockOf = [Int32](repeating: -1, count: count + 2)
        for (index, block) in post.blocks.enumerated() where block.firstLine <= block.lastLine {
            for line in max(block.firstLine, 1)...min(block.lastLine, count) { blockOf[line] = Int32(index) }
        }

        // The lines are read in place from here on: a slice of the post's array retains
        // it, and the loop below takes a few of every line.
        return post.bytes.withUnsafeBufferPointer { source -> FormatPlan in
            /// The bytes of `line` without its terminator.
            func lineBytes(_ line: Int) -> Slice<UnsafeBufferPointer<UInt8>> { source[post.lines.content(line)] }
            /// The line's terminator as written (empty for a last line without one).
            func terminator(_ line: Int) -> Slice<UnsafeBufferPointer<UInt8>> {
                source[post.lines.contentEnds[line - 1]..<post.lines.full(line).upperBound]
            }
            func isBlank(_ line: Int) -> Bool { lineBytes(line).allSatisfy { $0 == 0x20 || $0 == 0x09 } }

            // One line ending throughout.
            let ending = post.lineEnding.bytes
            var mixedEndings = false
            if post.bodyStartLine <= count {
                for line in post.bodyStartLine...count where !terminator(line).isEmpty {
                    if !terminator(line).elementsEqual(ending) {
                        mixedEndings = true
                        break
                    }
                }
            }
            let normalizeEndings = mixedEndings && consider(ID(position: 0, kind: .lineEndings), [], lines: 1...max(count, 1))

            var output: [UInt8] = []
            output.reserveCapacity(post.bytes.count + 64)
            // Front matter, as it is (line endings too).
            if post.bodyStartLine > 1 {
                output.append(contentsOf: source[0..<post.lines.full(post.bodyStartLine - 1).upperBound])
                if post.bodyStartLine > count, terminator(count).isEmpty,
                    consider(ID(position: post.bytes.count, kind: .finalNewline), [], lines: count...count)
                {
                    output.append(contentsOf: ending)
                }
            }
            let bodyOffset = output.count
            guard post.bodyStartLine <= count else { return FormatPlan(bytes: output, bodyOffset: bodyOffset, edits: log.edits) }

            /// Appends a line (original `line`, or a new blank line when nil) with its ending.
            var origins: [Int32] = []
            var starts: [UInt32] = []
            func emit<Bytes: Collection<UInt8>>(_ bytes: Bytes, line: Int?, into output: inout [UInt8]) {
                origins.append(Int32(line ?? 0))
                starts.append(UInt32(output.count))
                output.append(contentsOf: bytes)
                guard let line else {
                    output.append(contentsOf: ending)
                    return
                }
                let own = terminator(line)
                if own.isEmpty {
                    // The last line has no line ending: one is added.
                    let id = ID(position: post.bytes.count, kind: .finalNewline)
                    if consider(id, [Spot(rule: BlankLinesRule.description.id, line: line)], lines: line...line) {
                        output.append(contentsOf: ending)
                    }
                } else if normalizeEndings {
                    output.append(contentsOf: ending)
                } else {
                    output.append(contentsOf: own)
                }
            }
            /// A line as written with its own ending (nearly every line): its bytes copied at
            /// once; as ``emit`` does otherwise.
            func emitAsWritten(_ line: Int, into output: inout [UInt8]) {
                let full = post.lines.full(line)
                guard !normalizeEndings, post.lines.contentEnds[line - 1] < full.upperBound else {
                    emit(lineBytes(line), line: line, into: &output)
                    return
                }
                origins.append(Int32(line))
                starts.append(UInt32(output.count))
                output.append(contentsOf: UnsafeBufferPointer(rebasing: source[full]))
            }
            /// A blank line as written, or without its spaces.
            func blankLine(_ line: Int) -> [UInt8] {
                if blanked[line] != nil { return [] }
                let bytes = Array(lineBytes(line))
                guard !bytes.isEmpty else { return bytes }
                let id = ID(position: lineStart(line), kind: .trailingWhitespace)
                return consider(id, [Spot(rule: TrailingWhitespaceRule.description.id, line: line)], lines: line...line)
                    ? [] : bytes
            }
            func trailingSpots(_ lines: [Int]) -> [Spot] {
                lines.filter { !lineBytes($0).isEmpty }.map {
                    Spot(rule: TrailingWhitespaceRule.description.id, line: $0)
                }
            }

            var pending: [Int] = []  // blank lines since the last line written
            var lastBlock: Int32? = nil
            var lastWritten: Int?  // the last line written that is not blank
            var emittedAny = false
            for slot in post.bodyStartLine...count {
                let line = order[slot]
                if deleted[line] { continue }
                let verbatim = post.isVerbatim(line)
                if let prefix = blanked[line], prefix.isEmpty {
                    pending.append(line)
                    continue
                }
                if !verbatim && isBlank(line) {
                    pending.append(line)
                    continue
                }
                // The line as written unless an edit changes it (most lines are copied as they are).
                let written = lineBytes(line)
                var changed = blanked.isEmpty ? nil : blanked[line]
                if !lineEdits[line].isEmpty {
                    changed = apply(lineEdits[line], to: changed ?? Array(written), line: line, verbatim: verbatim)
                }
                if let last = changed.map({ $0.last }) ?? written.last, last == 0x20 || last == 0x09, !verbatim,
                    !post.hardBreakLines.contains(line)
                {
                    let id = ID(position: lineStart(line), kind: .trailingWhitespace)
                    if consider(id, [Spot(rule: TrailingWhitespaceRule.description.id, line: line)], lines: line...line) {
                        var bytes = changed ?? Array(written)
                        while let last = bytes.last, last == 0x20 || last == 0x09 { bytes.removeLast() }
                        changed = bytes
                    }
                }
                // The blank lines before this one: one between blocks that need it, never two.
                let block = blockOf[line] >= 0 ? blockOf[line] : -2
                var want = 0
                if let lastBlock, block != lastBlock || block == -2 {
                    want = !pending.isEmpty || isSpaced(block) || isSpaced(lastBlock) ? 1 : 0
                    // A kramdown attribute line stays against the block it dresses.
                    if pending.isEmpty, block >= 0, post.isAttributeList(post.blocks[Int(block)]) { want = 0 }
                    // kramdown reads a line right after a quote's line as the quote's (lazily,
                    // a heading too): a blank line there would take it out of the quote on the site.
                    if pending.isEmpty, isJekyll, line > 1, Self.isQuoteLine(post.lineBytes(line - 1)) { want = 0 }
                    // A directive alone on its line stays against the line it silences.
                    if pending.isEmpty, let lastWritten, post.holdsDirectiveAlone(lastWritten) { want = 0 }
                } else if !pending.isEmpty && (emittedAny || post.bodyStartLine > 1) {
                    want = 1
                }
                if want != pending.count {
                    var spots: [Spot] = []
                    let rule = BlankLinesRule.description.id
                    if pending.count >= 2 { spots.append(Spot(rule: rule, line: pending[1])) }
                    if pending.isEmpty { spots.append(Spot(rule: rule, line: line)) }
                    spots += trailingSpots(Array(pending.dropFirst(want)))
                    // Sorting can bring a line from further down to just after these
                    // blank lines: the edit touches them and it, in whichever order.
                    let first = pending.first ?? line
                    let touched = max(1, min(first, line) - 1)...max(first, line)
                    // A directive on the line before silences this one only with no blank
                    // line between them.
                    let directiveMoves = pending.isEmpty != (want == 0) && lastWritten.map(post.holdsDirectiveAlone) ?? false
                    if consider(
                        ID(position: lineStart(line), kind: .spacing), spots, lines: touched, leftForDirective: directiveMoves)
                    {
                        pending = want == 1 ? (pending.isEmpty ? [0] : [pending[0]]) : []
                    }
                }
                for blank in pending {
                    if blank == 0 {
                        emit(EmptyCollection(), line: nil, into: &output)
                    } else {
                        emit(blankLine(blank), line: blank, into: &output)
                    }
                }
                if let changed { emit(changed, line: line, into: &output) } else { emitAsWritten(line, into: &output) }
                pending = []
                lastBlock = block
                lastWritten = line
                emittedAny = true
            }
            // Blank lines at the end go.
            if !pending.isEmpty {
                var spots = [Spot(rule: BlankLinesRule.description.id, line: pending[0])] + trailingSpots(pending)
                if pending.count >= 2 { spots.append(Spot(rule: BlankLinesRule.description.id, line: pending[1])) }
                if !consider(ID(position: post.bytes.count, kind: .spacing), spots, lines: max(1, pending[0] - 1)...count) {
                    for blank in pending {
                        emit(blankLine(blank), line: blank, into: &output)
                    }
                }
            }
            return FormatPlan(
                bytes: output, bodyOffset: bodyOffset, edits: log.edits, lineOrigins: origins, lineStarts: starts)
        }
    }

    // MARK: - Candidates

    /// The new text and destination of a link whose URL has tracking parameters, when fmt
    /// can write it: the URL as written is the destination (or the destination without
    /// the `http://` GitHub adds to `www.` links), or the destination can be written plainly.
    private typealias TrackingChange = (written: [UInt8], destination: String)

    private static func trackingChange(ofLink index: Int, _ range: Range<Int>, in post: Post, _ identity: URLIdentity)
        -> TrackingChange?
    {
        // A change the proof would refuse is no candidate (the proof checks it again).
        guard post.links[index].url.containsUTF8(UInt8(ascii: "?")) else { return nil }
        let url = post.links[index].url
        guard let cleaned = identity.removingTrackingParameters(from: url),
            FormatProof.onlyRemovesParameters(from: url, to: cleaned)
        else {
            return nil
        }
        let written = String(decoding: post.bytes[range], as: UTF8.self)
        if written == url { return (Array(cleaned.utf8), cleaned) }
        if url == "http://" + written, cleaned.hasPrefix("http://") {
            return (Array(cleaned.utf8.dropFirst(7)), cleaned)
        }
        // Written with escapes or entities (`&amp;`): the destination itself, when it has
        // nothing that reads differently in a link.
        let plain = cleaned.utf8.allSatisfy { byte in
            byte > 0x20 && byte != 0x7F && !"\\<>()&`".utf8.contains(byte)
        }
        return plain ? (Array(cleaned.utf8), cleaned) : nil
    }

    /// Where link reference definitions (`[label]: url`, at the start of a line outside code)
    /// write each destination, by its bytes.
    private func definitionDestinations() -> [[UInt8]: [Range<Int>]] {
        var result: [[UInt8]: [Range<Int>]] = [:]
        guard post.bodyStartLine <= post.lines.count else { return [:] }
        for line in post.bodyStartLine...post.lines.count where !post.isVerbatim(line) {
            let bytes = post.lineBytes(line)
            var i = bytes.startIndex
            while i < bytes.endIndex && bytes[i] == 0x20 && i - bytes.startIndex < 3 { i += 1 }
            guard i < bytes.endIndex, bytes[i] == UInt8(ascii: "[") else { continue }
            guard let close = bytes[i...].firstIndex(of: UInt8(ascii: "]")), close + 1 < bytes.endIndex,
                bytes[close + 1] == UInt8(ascii: ":")
            else { continue }
            var start = close + 2
            while start < bytes.endIndex && (bytes[start] == 0x20 || bytes[start] == 0x09) { start += 1 }
            var end = start
            while end < bytes.endIndex && bytes[end] != 0x20 && bytes[end] != 0x09 { end += 1 }
            result[Array(bytes[start..<end]), default: []].append(start..<end)
        }
        return result
    }

    /// Whether an empty item's line holds nothing but its marker (and the block quote
    /// markers and indentation before it).
    private func isOnlyMarker(_ item: ListItem) -> Bool {
        let bytes = post.lineBytes(item.line)
        let markerStart = bytes.startIndex + item.markerColumn - 1
        let markerEnd = markerStart + item.markerLength
        guard markerStart >= bytes.startIndex, markerEnd <= bytes.endIndex else { return false }
        let before = bytes[bytes.startIndex..<markerStart].allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == UInt8(ascii: ">") }
        let after = bytes[markerEnd...].allSatisfy { $0 == 0x20 || $0 == 0x09 }
        return before && after
    }

    /// Where `list-numbering` reports the list: its first item out of sequence.
    private func numberingSpot(_ list: ListBlock) -> Spot? {
        let items = post.items[list.items]
        let expected = ListNumberingRule.expectedNumbers(written: items.map { $0.number ?? 0 })
        guard let (item, _) = zip(items, expected).first(where: { $0.0.number != $0.1 }) else { return nil }
        return Spot(rule: ListNumberingRule.description.id, line: item.line)
    }

    /// Where `sort-order` reports the list: its first entry out of order.
    private func sortSpot(_ list: ListBlock) -> Spot? {
        var previous: String?
        for item in post.items[list.items] {
            guard let entry = post.entry(of: item) else { continue }
            let key = SortOrderRule.sortKey(entry.title)
            if let previous, key < previous { return Spot(rule: SortOrderRule.description.id, line: entry.line) }
            previous = key
        }
        return nil
    }

    /// Sorting moves whole lines: only lists whose items are one line each, with no nested lists.
    private func canReorder(list: ListBlock, items: [Int]) -> Bool {
        items.allSatisfy { post.items[$0].line == post.items[$0].lastLine }
            && !post.lists.contains { nested in nested.parentItem.map { list.items.contains($0) } ?? false }
    }

    // MARK: - Lines

    /// `> …` after at most three spaces.
    static func isQuoteLine(_ bytes: ArraySlice<UInt8>) -> Bool {
        var index = bytes.startIndex
        while index < bytes.endIndex, bytes[index] == 0x20, index - bytes.startIndex < 3 { index += 1 }
        return index < bytes.endIndex && bytes[index] == UInt8(ascii: ">")
    }

    private func isBlank(_ line: Int) -> Bool {
        post.lineBytes(line).allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    /// The 0-based visual column (tabs to multiples of 4) of a 1-based byte column.
    private func visualColumn(line: Int, byteColumn: Int) -> Int {
        var column = 0
        for byte in post.lineBytes(line).prefix(max(0, byteColumn - 1)) {
            column = byte == 0x09 ? (column / 4 + 1) * 4 : column + 1
        }
        return column
    }

    /// The bytes and visual width of a line's leading spaces and tabs, and whether that is all.
    private func indentation(_ line: Int) -> (bytes: Int, width: Int, blank: Bool) {
        let bytes = post.lineBytes(line)
        var width = 0
        var count = 0
        for byte in bytes {
            guard byte == 0x20 || byte == 0x09 else { break }
            width = byte == 0x09 ? (width / 4 + 1) * 4 : width + 1
            count += 1
        }
        return (count, width, count == bytes.count)
    }

    private func apply(_ edit: LineEdit, to bytes: [UInt8], line: Int, verbatim: Bool) -> [UInt8] {
        var result = bytes
        let lineStart = post.lines.starts[line - 1]
        for replacement in edit.replacements.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            let lower = replacement.range.lowerBound - lineStart
            let upper = replacement.range.upperBound - lineStart
            guard lower >= 0, upper <= result.count, lower <= upper else { continue }
            result.replaceSubrange(lower..<upper, with: replacement.bytes)
        }
        guard edit.indentDelta != 0 else { return result }
        let (count, width, _) = indentation(line)
        let hasTab = result.prefix(count).contains(0x09)
        if hasTab && !verbatim {
            // Tabs stop at multiples of four: shifting them would change their width, so the
            // indentation is written as the spaces it stands for.
            result.replaceSubrange(
                0..<count, with: [UInt8](repeating: 0x20, count: max(0, width + edit.indentDelta)))
        } else if edit.indentDelta > 0 {
            result.insert(contentsOf: [UInt8](repeating: 0x20, count: edit.indentDelta), at: 0)
        } else {
            result.removeFirst(min(-edit.indentDelta, result.prefix { $0 == 0x20 }.count))
        }
        return result
    }

    private func isSpaced(_ block: Int32) -> Bool {
        guard block >= 0 else { return false }
        let kind = post.blocks[Int(block)].kind
        return kind == .heading || kind == .list
    }
}
