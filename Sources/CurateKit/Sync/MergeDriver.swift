/// `curate merge-driver`: the three-way entry merge as a git merge driver. Entries are
/// merged by meaning; the rest of the post (front matter, prose, headings) must have
/// changed on one side at most, else the whole file is left in conflict.
public struct MergeDriver: Sendable {
    public var configuration: Configuration

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    public struct Outcome: Sendable {
        public var bytes: [UInt8]
        /// Conflicts left between markers.
        public var conflicts: Int
        public var results: [ReviewResult]
    }

    /// Merges `theirs` into `ours` with `base` as the common ancestor (nil or empty when
    /// there is none).
    public func merge(base: [UInt8]?, ours: [UInt8], theirs: [UInt8], path: String) throws -> Outcome {
        let basePost = try base.flatMap { $0.isEmpty ? nil : try PostReader.parse($0, path: path) }
        let ourPost = try PostReader.parse(ours, path: path)
        let theirPost = try PostReader.parse(theirs, path: path)
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
        } else if let baseSkeleton, ourSkeleton != baseSkeleton, theirSkeleton != baseSkeleton, ourSkeleton != theirSkeleton {
            return Outcome(bytes: Self.wholeFileConflict(ours, theirs), conflicts: 1, results: [])
        }
        var merge = EntryMerge(configuration: configuration, sourceName: labels.theirs)
        merge.labels = labels
        let plan = merge.merge(base: basePost, ours: target, theirs: other)
        let editor = PostEditor(configuration: configuration)
        if plan.conflicts > 0 {
            var edits = plan.edits
            for (item, marked) in plan.markers { edits.replacements[item] = marked }
            return Outcome(
                bytes: try editor.apply(edits, to: target, format: false), conflicts: plan.conflicts, results: plan.results)
        }
        return Outcome(bytes: try editor.apply(plan.edits, to: target), conflicts: 0, results: plan.results)
    }

    /// The post without its entries: the non-blank lines that are not an entry's own
    /// paragraph or an empty placeholder, trailing spaces dropped.
    static func skeleton(_ post: Post) -> [String] {
        var skipped = Set<Int>()
        for item in post.items {
            if item.entry != nil, let paragraph = item.paragraph { skipped.formUnion(paragraph) }
            if item.isEmpty { skipped.insert(item.line) }
        }
        var lines: [String] = []
        for line in 1...max(post.lines.count, 1) where line <= post.lines.count && !skipped.contains(line) {
            let text = post.lineText(line).trimmingSpaces()
            if !text.isEmpty { lines.append(text) }
        }
        return lines
    }

    static func wholeFileConflict(_ ours: [UInt8], _ theirs: [UInt8]) -> [UInt8] {
        var result = Array("<<<<<<< ours\n".utf8) + ours
        if ours.last != 0x0A { result.append(0x0A) }
        result += Array("=======\n".utf8) + theirs
        if theirs.last != 0x0A { result.append(0x0A) }
        return result + Array(">>>>>>> theirs\n".utf8)
    }
}
