import CurateMarkdown

/// The normalized form of a post, as a pure function of the post.
///
/// Placeholder items removed, ordered lists renumbered in their own style (continuation
/// lines re-indented when a marker's width changes), one blank line around headings and
/// lists and never two in a row, no trailing whitespace (hard breaks and code kept),
/// tracking parameters removed, one line ending throughout and exactly one final
/// newline. Front matter and the text of prose are left as they are. With `sort-order`
/// enabled, list entries are sorted by title.
///
/// Every edit is proven before it is kept (see ``FormatProof``): GitHub's rendering of the
/// result must equal the input's, apart from the edits' documented effects (an empty item
/// gone, tracking parameters gone from a link). An edit that cannot be made safely where
/// it is, is left out, alone: the rest of the post is still formatted, and `curate check`
/// says of that spot that fmt cannot fix it.
public struct Formatter: Sendable {
    public var configuration: Configuration

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// A place where a rule that fmt fixes reports a finding: the rule, the line and, for
    /// rules that can report several on a line, the byte column (0 otherwise).
    public struct Spot: Hashable, Sendable {
        public var rule: String
        public var line: Int
        public var column: Int

        public init(rule: String, line: Int, column: Int = 0) {
            self.rule = rule
            self.line = line
            self.column = column
        }

        /// Hashed by its place only: a large post's check puts tens of thousands of spots
        /// in sets, and hashing each rule's name cost more than the rest. Two rules rarely
        /// share a place; equality still compares the rule.
        public func hash(into hasher: inout Hasher) {
            hasher.combine(line)
            hasher.combine(column)
        }
    }

    /// The formatted bytes and the spots of the input it fixed.
    public struct Result: Sendable {
        public var bytes: [UInt8]
        /// Spots of the input where every edit fmt wanted to make was proven and made.
        public var fixed: Set<Spot>
        /// `bytes` read as a post, when formatting read it anyway (its last pass changed
        /// nothing): what comes next need not read it again.
        public var post: Post? = nil
    }

    /// The formatted bytes. Never refuses a post: an edit that would change what the post
    /// means is left out and the spot stays as it was.
    public func format(_ post: Post) throws -> [UInt8] {
        formatted(post, spots: false).bytes
    }

    /// The formatted bytes, and which spots of `post` fmt fixes (with `spots` false,
    /// ``Result/fixed`` is left empty: a post with many fixes holds megabytes of them).
    public func formatted(_ post: Post, spots: Bool = true) -> Result {
        // Removing a placeholder or renumbering can change how the lines after it read
        // (CommonMark decides list boundaries from markers), so the result is formatted
        // again until it is stable: fmt of fmt's output changes nothing.
        let first = provenPass(post, spots: spots)
        if first.result.bytes == post.bytes { return Result(bytes: post.bytes, fixed: first.result.fixed, post: post) }
        // Every edit made, and each one either a link's tracking parameters (bytes inside
        // its destination), a list's numbers (its markers' digits, and the lines of its
        // items moved with a wider or narrower marker), or the end of the file (its blank
        // lines, its last newline): a second pass would find nothing. No line is blank
        // that was not, no block starts or ends elsewhere (the proof holds), and what the
        // other edits look at (placeholders, spacing, trailing whitespace, order) is as it
        // was. (An edit of whitespace is not one of these: a placeholder followed by a line
        // of spaces becomes removable.) Debug builds make the second pass and assert it;
        // the tests and scripts/spec-fmt hold fmt to being idempotent.
        if first.edits.allSatisfy({
            $0.applied && ($0.id.kind == .tracking || $0.id.kind == .renumber || $0.id.position == post.bytes.count)
        }) {
            assert(secondPassChangesNothing(first.result.bytes, path: post.path), "fmt's second pass would change more")
            return Result(bytes: first.result.bytes, fixed: first.result.fixed)
        }
        var current = first.result.bytes
        var previous = post.bytes
        var last: Post?  // `previous` read
        for _ in 0..<4 where current != previous {
            guard let reread = try? PostReader.parse(current, path: post.path) else {
                last = nil
                break
            }
            previous = current
            current = provenPass(reread, spots: false).result.bytes
            last = reread
        }
        return Result(bytes: current, fixed: first.result.fixed, post: current == previous ? last : nil)
    }

    /// Whether formatting `bytes` again leaves them as they are (for the assertion above).
    private func secondPassChangesNothing(_ bytes: [UInt8], path: String) -> Bool {
        guard let reread = try? PostReader.parse(bytes, path: path) else { return true }
        return provenPass(reread, spots: false).result.bytes == bytes
    }

    /// The spots of `post` that fmt fixes (what `curate check` tells fmt fixes). With
    /// `keepingWork`, the pass's edits and proof (tens of thousands of values that hold
    /// strings) are kept until the process exits rather than freed one by one (see
    /// ``Checker/keepsWorkUntilExit``); the post it rendered, one array, is freed.
    public func fixedSpots(_ post: Post, keepingWork: Bool = false) -> Set<Spot> {
        let pass = provenPass(post, keepingWork: keepingWork)
        if keepingWork { UntilExit.keep(pass.edits) }
        return pass.result.fixed
    }

    // MARK: - One pass, proven

    /// Every edit of one pass, minus those that cannot be made safely: while the result
    /// does not prove, the first edit (in document order) of the failing window whose
    /// addition breaks the proof is found by bisection and left out (after 32 of those, with
    /// the failing window's edits of the same kind).
    func provenPass(_ post: Post, spots: Bool = true, keepingWork: Bool = false) -> (result: Result, edits: [FormatEdit]) {
        var disabled = Set<FormatEdit.ID>()
        var plan = render(post, disabled: disabled, spots: spots)
        let proof = FormatProof(post: post)
        defer { if keepingWork { UntilExit.keep(proof) } }
        var rounds = 0
        while let failing = proof.failure(of: plan) {
            rounds += 1
            let edits = plan.edits
            let applied = edits.indices.filter { edits[$0].applied }
            // The edits where the proof fails, in document order (all of them if none is there).
            let local = applied.filter { edits[$0].lines.overlaps(failing) }
            let candidates = (local.isEmpty ? applied : local).map { edits[$0].id }.sorted()
            guard !candidates.isEmpty, rounds <= 64 + applied.count else {
                // Nothing left to leave out, yet the result differs: keep the post as it is.
                return (Result(bytes: post.bytes, fixed: []), [])
            }
            // The edits elsewhere are left out of the trials: a window elsewhere whose edit
            // does not prove either (not yet found) made every trial fail, and this window's
            // first edit take the blame (found by a tester: a doubled blank line stayed).
            let elsewhere = local.isEmpty ? [] : applied.filter { !edits[$0].lines.overlaps(failing) }.map { edits[$0].id }
            let outside = disabled.union(elsewhere).union(elsewhere.compactMap(\.alternative))
            var good = 0
            var bad = candidates.count
            while bad - good > 1 {
                let middle = (good + bad) / 2
                // The candidates after `middle` left out, and what the planner would make
                // instead of them: a trial holds or fails by the first `middle` alone.
                let left = candidates[middle...]
                let trial = render(post, disabled: outside.union(left).union(left.compactMap(\.alternative)), spots: false)
                if proof.holds(for: trial, final: false) { good = middle } else { bad = middle }
            }
            let culprit = candidates[bad - 1]
            disabled.insert(culprit)
            if rounds > 32 && !local.isEmpty {
                // Many spots fail: past a budget, the failing window's edits of the culprit's
                // kind are left out with it, so that a large post's proof stays short.
                disabled.formUnion(candidates.filter { $0.kind == culprit.kind })
            }
            plan = render(post, disabled: disabled, spots: spots)
        }
        guard spots else { return (Result(bytes: plan.bytes, fixed: []), plan.edits) }
        let edits = plan.edits
        var fixed = Set<Spot>(minimumCapacity: edits.count)
        var unfixed = Set<Spot>()
        let replaced = Set(edits.indices.lazy.filter { edits[$0].applied }.compactMap { edits[$0].alternativeOf })
        for index in edits.indices {
            if edits[index].applied {
                fixed.formUnion(edits[index].spots)
            } else if !replaced.contains(edits[index].id) {
                // An edit left out leaves its own rule's spots; the others it would have
                // fixed on the way (the trailing spaces of a placeholder it would take
                // out) are another edit's to fix, and fixed when that one is made.
                let rule = edits[index].id.kind.rule
                unfixed.formUnion(edits[index].spots.filter { $0.rule == rule })
            }
        }
        return (Result(bytes: plan.bytes, fixed: fixed.subtracting(unfixed)), plan.edits)
    }

    // MARK: - Rendering

    /// The post with every candidate edit applied except `disabled`, and the candidates.
    func render(_ post: Post, disabled: Set<FormatEdit.ID>, spots: Bool = true) -> FormatPlan {
        FormatPlanner(post: post, configuration: configuration, disabled: disabled, keepsSpots: spots).render()
    }
}
