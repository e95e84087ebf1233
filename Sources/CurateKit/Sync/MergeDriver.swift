/// `curate merge-driver`: the three-way merge of a curated post as a git merge driver.
///
/// Entries are merged by meaning (URL identity, each field three-way) when the rest of
/// the post (front matter, prose, headings) changed on one side at most and neither side
/// moved entries within their list. Everything
/// else is git's own merge by lines, given by the caller (`lineMerge`: libgit2's
/// `git_merge_file` in curate): when both sides changed the prose or reordered a list, when a side cannot be
/// read as a post (not UTF-8, bad front matter ...), when the entry merge fails, when an
/// entry one side added cannot be added by entries, or when a conflict has no place for
/// markers. The other side's new entries keep their text as written (both sides are the
/// same list); only their list marker is the one of the place they land. A merge never falls back to one side, and it
/// changes only what it merges: lines neither side touched stay as they are.
public struct MergeDriver: Sendable {
    /// git's three-way merge by lines: the merged bytes and the number of conflicts left
    /// between markers.
    public typealias LineMerge =
        @Sendable (_ base: [UInt8], _ ours: [UInt8], _ theirs: [UInt8]) throws -> (
            bytes: [UInt8], conflicts: Int
        )

    public var configuration: Configuration
    public var lineMerge: LineMerge

    public init(configuration: Configuration, lineMerge: @escaping LineMerge) {
        self.configuration = configuration
        self.lineMerge = lineMerge
    }

    public struct Outcome: Sendable {
        public var bytes: [UInt8]
        /// Conflicts left between markers.
        public var conflicts: Int
        public var results: [ReviewResult]
        /// Why the merge was made by lines instead of by entries; nil when by entries.
        public var byLines: String?
    }

    /// Merges `theirs` into `ours` with `base` as the common ancestor (nil or empty when
    /// there is none).
    public func merge(base: [UInt8]?, ours: [UInt8], theirs: [UInt8], path: String) throws -> Outcome {
        let base = base ?? []
        // What git does when a side did not change: that side's bytes, untouched.
        if ours == theirs || theirs == base { return Outcome(bytes: ours, conflicts: 0, results: [], byLines: nil) }
        if ours == base { return Outcome(bytes: theirs, conflicts: 0, results: [], byLines: nil) }
        var posts: (base: Post?, ours: Post, theirs: Post)?
        func byLines(_ reason: String) throws -> Outcome {
            let merged = try lineMerge(base, ours, theirs)
            // A merge by lines that leaves no conflict can still undo a side's work (a
            // line it removed put back by the other side's move of its neighbours): then
            // it is a conflict, said, not a clean merge.
            if merged.conflicts == 0, let posts, let lost = lostEdit(in: merged.bytes, posts, path: path) {
                return Outcome(bytes: merged.bytes, conflicts: 1, results: [], byLines: "\(reason); \(lost)")
            }
            return Outcome(bytes: merged.bytes, conflicts: merged.conflicts, results: [], byLines: reason)
        }
        let basePost: Post?
        let ourPost: Post
        let theirPost: Post
        do {
            basePost = base.isEmpty ? nil : try PostReader.parse(base, path: path + " (base)")
            ourPost = try PostReader.parse(ours, path: path)
            theirPost = try PostReader.parse(theirs, path: path)
        } catch {
            return try byLines("a side cannot be read as a post: \(error)")
        }
        posts = (basePost, ourPost, theirPost)
        let baseSkeleton = basePost.map(Self.skeleton)
        let ourSkeleton = Self.skeleton(ourPost)
        let theirSkeleton = Self.skeleton(theirPost)
        // Entries are merged into the side whose other text changed (or ours).
        var target = ourPost
        var other = theirPost
        var labels = (ours: "ours", theirs: "theirs")
        if let baseSkeleton, ourSkeleton == baseSkeleton, theirSkeleton != baseSkeleton {
            swap(&target, &other)
            labels = (ours: "theirs", theirs: "ours")
        } else if ourSkeleton != theirSkeleton, baseSkeleton.map({ $0 != ourSkeleton && $0 != theirSkeleton }) ?? true {
            return try byLines("both sides changed text that is not an entry")
        }
        if let basePost,
            Self.reordered(from: basePost, to: ourPost, configuration.identity)
                || Self.reordered(from: basePost, to: theirPost, configuration.identity)
        {
            // An entry's place is part of what a reader sees: a reorder merges by lines.
            return try byLines("entries were moved within their list")
        }
        var merge = EntryMerge(configuration: configuration, sourceName: labels.theirs)
        merge.labels = labels
        merge.otherFirstInMarkers = labels.ours == "theirs"
        merge.sameList = true
        let plan = merge.merge(base: basePost, ours: target, theirs: other)
        if plan.unmarkedConflicts > 0 {
            return try byLines("an entry was removed on one side and edited on the other")
        }
        if plan.unmerged > 0 { return try byLines("an entry of \(labels.theirs) cannot be added by entries") }
        // A section the other side adds to that this side lacks: one side's text is the
        // base's, so this side renamed or removed it (the entry would land in a new copy).
        if plan.edits.additions.contains(where: { if case .new = $0.section { true } else { false } }) {
            return try byLines("\(labels.theirs) adds to a section the other side renamed or removed")
        }
        var edits = plan.edits
        for (item, marked) in plan.markers { edits.replacements[item] = marked }
        do {
            let bytes = try PostEditor(configuration: configuration, markerSource: other).apply(edits, to: target, format: false)
            return Outcome(bytes: bytes, conflicts: plan.conflicts, results: plan.results, byLines: nil)
        } catch {
            return try byLines("the entries cannot be merged: \(error)")
        }
    }

    /// What a merge by lines (`merged`) lost of a side's work, said: an entry a side
    /// removed that is there, or one a side added that is not (by URL identity); nil when
    /// it lost nothing.
    func lostEdit(in merged: [UInt8], _ posts: (base: Post?, ours: Post, theirs: Post), path: String) -> String? {
        guard let result = try? PostReader.parse(merged, path: path) else {
            return "the merge by lines does not read as a post"
        }
        let identity = configuration.identity
        /// Each key's first entry and how many entries have it.
        func keys(_ post: Post) -> (first: [String: Entry], count: [String: Int]) {
            var first: [String: Entry] = [:]
            var count: [String: Int] = [:]
            for entry in post.entries {
                let key = EntryMerge.key(entry, identity)
                if first[key] == nil { first[key] = entry }
                count[key, default: 0] += 1
            }
            return (first, count)
        }
        let (ours, theirs, merged) = (keys(posts.ours), keys(posts.theirs), keys(result))
        let base = posts.base.map(keys) ?? (first: [:], count: [:])
        func said(_ entry: Entry) -> String { "\"\(entry.title)\" <\(entry.url)>" }
        for (key, entry) in base.first.sorted(by: { $0.value.line < $1.value.line })
        where ours.first[key] == nil || theirs.first[key] == nil {
            let (side, other) = ours.first[key] == nil ? ("ours", theirs) : ("theirs", ours)
            if merged.first[key] != nil { return "it keeps \(said(entry)), which \(side) removed: resolve it by hand" }
            // The other side's version of it under another URL (the same title, a URL the
            // base does not have): an edit of what this side removed.
            let title = TitleFolding.fold(entry.title)
            if let (_, edited) = other.first.first(where: {
                base.first[$0.key] == nil && merged.first[$0.key] != nil && TitleFolding.fold($0.value.title) == title
            }), (side == "ours" ? ours : theirs).first.values.allSatisfy({ TitleFolding.fold($0.title) != title }) {
                return "it keeps \(said(edited)), which \(side) removed and the other side edited: resolve it by hand"
            }
        }
        for (side, entries) in [("ours", ours), ("theirs", theirs)] {
            for (key, entry) in entries.first.sorted(by: { $0.value.line < $1.value.line })
            where base.first[key] == nil && merged.first[key] == nil {
                return "it drops \(said(entry)), which \(side) added: resolve it by hand"
            }
        }
        // An entry neither side lists twice, listed twice (moved on both sides, by lines).
        for (key, count) in merged.count where count > max(ours.count[key] ?? 0, theirs.count[key] ?? 0) {
            return "it lists \(said(merged.first[key]!)) \(count) times: resolve it by hand"
        }
        return nil
    }

    /// Whether `side` lists, in some section, two entries the base also lists there in
    /// the other order.
    static func reordered(from base: Post, to side: Post, _ identity: URLIdentity) -> Bool {
        func order(_ post: Post) -> [String: [String]] {
            var result: [String: [String]] = [:]
            for entry in post.entries {
                let section = entry.section.map { post.sections[$0].path } ?? ""
                result[section, default: []].append(EntryMerge.key(entry, identity))
            }
            return result
        }
        let sideOrder = order(side)
        for (section, keys) in order(base) {
            guard let sideKeys = sideOrder[section] else { continue }
            let common = Set(keys).intersection(sideKeys)
            if keys.filter(common.contains) != sideKeys.filter(common.contains) { return true }
        }
        return false
    }

    /// The post without its entries' own lines: every other line exactly as written
    /// (blank lines, placeholders and trailing spaces included, so a change to them on
    /// one side is merged, not dropped).
    static func skeleton(_ post: Post) -> [String] {
        var skipped = Set<Int>()
        for item in post.items where item.entry != nil {
            if let paragraph = item.paragraph { skipped.formUnion(paragraph) }
        }
        var lines: [String] = []
        for line in 1...max(post.lines.count, 1) where line <= post.lines.count && !skipped.contains(line) {
            lines.append(post.lineText(line))
        }
        return lines
    }
}
