/// The three-way merge of a curated list by entries: what changed in "theirs" since the
/// base, applied to "ours" by meaning (URL identity), not by text, so the post keeps its
/// own style and no duplicate slips in. Used by `curate sync` and `curate merge-driver`.
public struct EntryMerge: Sendable {
    /// Which side wins an entry edited differently on both sides.
    public enum Preference: String, Sendable, CaseIterable {
        case ours, theirs
    }

    public var configuration: Configuration
    public var preference: Preference?
    /// Entries removed in theirs stay in ours.
    public var keepRemoved: Bool
    /// Where theirs' entries come from, for messages (`../awesome-list:_posts/list.md`).
    public var sourceName: String
    /// The labels of conflict markers (`<<<<<<< ours`, `>>>>>>> theirs`).
    public var labels = (ours: "ours", theirs: "theirs")

    public init(configuration: Configuration, preference: Preference? = nil, keepRemoved: Bool = false, sourceName: String) {
        self.configuration = configuration
        self.preference = preference
        self.keepRemoved = keepRemoved
        self.sourceName = sourceName
    }

    /// What merging theirs into ours does to ours. Without a base, theirs' entries that
    /// ours lacks are additions and nothing is removed or updated.
    public func merge(base: Post?, ours: Post, theirs: Post) -> SyncPlan {
        let identity = configuration.identity
        func keyed(_ post: Post) -> [String: Int] {
            var result: [String: Int] = [:]
            let keys = Parallel.map(post.entries) { entry in Self.key(entry, identity) }
            for (index, key) in keys.enumerated() where result[key] == nil { result[key] = index }
            return result
        }
        let ourKeys = keyed(ours)
        let theirKeys = keyed(theirs)
        let baseKeys = base.map(keyed) ?? [:]
        let separator = PostStyle(of: ours).separator
        let ourSections = SectionIndex(ours)

        var plan = SyncPlan()
        var candidates: [Proposal] = []
        // Theirs, in order: additions, and changes to entries the base had.
        let theirOrder = theirKeys.sorted { $0.value < $1.value }
        for (key, theirIndex) in theirOrder {
            let their = theirs.entries[theirIndex]
            if let base, let baseIndex = baseKeys[key] {
                guard let ourIndex = ourKeys[key] else { continue }  // removed here: honoured
                let b = Content(base.entries[baseIndex]), t = Content(their), o = Content(ours.entries[ourIndex])
                if t == b || o == t { continue }
                if o == b || preference == .theirs {
                    update(&plan, ours: ours, entry: ourIndex, to: their, separator: separator, conflict: o != b)
                } else {
                    conflict(&plan, ours: ours, theirs: theirs, entry: ourIndex, their: theirIndex, separator: separator)
                }
            } else if ourKeys[key] == nil, Self.isWebLink(their.url) {
                // Only resources: a table of contents' `#anchor` links and relative links
                // point into their list, not to anything ours could list.
                candidates.append(
                    Proposal(
                        title: their.title, url: their.url, section: section(of: their, in: theirs, ours: ourSections),
                        description: their.description, origin: "\(sourceName):\(their.line)"))
            }
        }
        // Removals: in the base, gone from theirs.
        if let base {
            for (key, baseIndex) in baseKeys.sorted(by: { $0.value < $1.value }) where theirKeys[key] == nil {
                guard let ourIndex = ourKeys[key], !keepRemoved else { continue }
                let entry = ours.entries[ourIndex]
                if Content(base.entries[baseIndex]) == Content(entry) {
                    plan.edits.removals.insert(entry.item)
                    plan.results.append(result(.removed, entry, in: ours, reason: "removed in \(sourceName)"))
                } else {
                    plan.conflicts += 1
                    plan.results.append(
                        result(.conflict, entry, in: ours, reason: "removed in \(sourceName) but edited here; kept"))
                }
            }
        }
        let review = Reviewer(configuration: configuration, createSections: true).review(candidates, against: ours)
        plan.edits.additions = review.additions
        plan.results = review.results + plan.results
        return plan
    }

    /// The section an entry of theirs goes to: `sync.sections` maps their heading names
    /// to ours; else ours with the same path ("Parent / Child"), else ours with the same
    /// title (an "awesome" list's `# Title` parent is not ours), else their path, created.
    private func section(of entry: Entry, in post: Post, ours: SectionIndex) -> String {
        guard let index = entry.section else { return "" }
        let section = post.sections[index]
        let map = configuration.syncSections
        if let mapped = map[TitleFolding.fold(section.path)] ?? map[TitleFolding.fold(section.title)] { return mapped }
        if case .found = ours.resolve(section.path) { return section.path }
        if case .found = ours.resolve(section.title) { return section.title }
        // Their list's own `# Title` holding every section is not a section of ours.
        if let title = PostEditor.documentTitleSection(post), index != title,
            section.path.hasPrefix(post.sections[title].title + " / ")
        {
            return String(section.path.dropFirst(post.sections[title].title.count + 3))
        }
        return section.path
    }

    /// An absolute http(s) link: a resource, as opposed to an anchor or a relative path.
    static func isWebLink(_ url: String) -> Bool {
        let lower = url.prefix(8).lowercased()
        return lower.hasPrefix("https://") || lower.hasPrefix("http://")
    }

    /// An entry's identity: its URL's key (its URL as written when that cannot be keyed).
    static func key(_ entry: Entry, _ identity: URLIdentity) -> String {
        (try? identity.key(for: entry.url)) ?? "url:" + entry.url
    }

    /// What an edit of an entry changes: its title and description (the entries compared
    /// share a key, so the URL's form does not count).
    private struct Content: Equatable {
        var title: String
        var description: String?

        init(_ entry: Entry) {
            title = entry.title
            description = entry.description
        }
    }

    private func update(_ plan: inout SyncPlan, ours: Post, entry index: Int, to their: Entry, separator: String, conflict: Bool)
    {
        let entry = ours.entries[index]
        let proposal = Proposal(title: their.title, url: entry.url, section: "", description: their.description)
        guard case let .success(text) = EntryWriter.text(proposal, separator: entry.separator ?? separator),
            let lines = ownLines(ours, entry)
        else {
            plan.conflicts += 1
            plan.results.append(
                result(.conflict, entry, in: ours, reason: "changed in \(sourceName), but its text cannot be written here"))
            return
        }
        plan.edits.replacements[entry.item] = (lines, [prefix(ours, entry) + text])
        let reason = conflict ? "edited on both sides; took \(sourceName)'s (--prefer theirs)" : "changed in \(sourceName)"
        plan.results.append(result(conflict ? .conflict : .updated, entry, in: ours, title: their.title, reason: reason))
    }

    private func conflict(
        _ plan: inout SyncPlan, ours: Post, theirs: Post, entry index: Int, their theirIndex: Int, separator: String
    ) {
        let entry = ours.entries[index]
        plan.conflicts += preference == .ours ? 0 : 1
        plan.results.append(
            result(
                .conflict, entry, in: ours,
                reason: "edited differently on both sides; kept ours"
                    + (preference == .ours ? " (--prefer ours)" : "")))
        // For the merge driver: both versions between markers.
        let their = theirs.entries[theirIndex]
        guard preference == nil, let lines = ownLines(ours, entry) else { return }
        let proposal = Proposal(title: their.title, url: their.url, section: "", description: their.description)
        let theirText =
            (try? EntryWriter.text(proposal, separator: their.separator ?? separator).get())
            ?? String(decoding: theirs.bytes[theirs.lines.content(their.line)], as: UTF8.self)
        let ourLines = lines.map { ours.lineText($0) }
        plan.markers[entry.item] = (
            lines,
            ["<<<<<<< \(labels.ours)"] + ourLines + ["=======", prefix(ours, entry) + theirText, ">>>>>>> \(labels.theirs)"]
        )
    }

    /// The lines of an entry's own paragraph.
    private func ownLines(_ post: Post, _ entry: Entry) -> ClosedRange<Int>? {
        post.items[entry.item].paragraph
    }

    /// The marker and indentation before an item's text (`12. `, `  - `).
    private func prefix(_ post: Post, _ entry: Entry) -> String {
        let item = post.items[entry.item]
        return String(decoding: post.lineBytes(item.line).prefix(item.contentColumn - 1), as: UTF8.self)
    }

    private func result(_ status: ReviewStatus, _ entry: Entry, in post: Post, title: String? = nil, reason: String)
        -> ReviewResult
    {
        let section = entry.section.map { post.sections[$0].path } ?? ""
        return ReviewResult(
            status: status,
            proposal: Proposal(title: title ?? entry.title, url: entry.url, section: section, description: entry.description),
            key: try? configuration.identity.key(for: entry.url), section: section,
            existing: ExistingEntry(title: entry.title, url: entry.url, section: section, line: entry.line), reason: reason)
    }
}

/// What a sync or merge does to our post.
public struct SyncPlan: Sendable {
    public var results: [ReviewResult] = []
    public var edits = EntryEdits()
    /// Entries edited differently on both sides, for the merge driver's markers.
    public var markers: [Int: (lines: ClosedRange<Int>, text: [String])] = [:]
    /// Conflicts not settled by a preference.
    public var conflicts = 0

    public init() {}

    public var changesPost: Bool { !edits.isEmpty }
}
