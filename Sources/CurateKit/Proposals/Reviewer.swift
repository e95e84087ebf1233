import Foundation

/// Decides, for each proposal, whether it is new, a duplicate, a near-duplicate or
/// invalid, against a post and against the proposals before it in the same batch.
public struct Reviewer: Sendable {
    /// How many of an ambiguous section name's matches a refusal names.
    static let ambiguousNamed = 5

    public var configuration: Configuration
    /// Unknown sections are created instead of refused.
    public var createSections: Bool
    /// Near-duplicates are added as if new.
    public var allowNearDuplicates: Bool

    public init(configuration: Configuration, createSections: Bool = false, allowNearDuplicates: Bool = false) {
        self.configuration = configuration
        self.createSections = createSections
        self.allowNearDuplicates = allowNearDuplicates
    }

    /// Reviews `proposals` against `post`.
    public func review(_ proposals: [Proposal], against post: Post) -> Review {
        review(proposals, against: post, asWritten: [])
    }

    /// Reviews `proposals` against `post`; `asWritten[i]`, when there is one, is the text
    /// of proposal i as another version of the same list wrote it: added as it is, not
    /// written again in the post's style. `style` is the post's, when the caller has it.
    func review(_ proposals: [Proposal], against post: Post, asWritten: [ItemText?], style: PostStyle? = nil) -> Review {
        let identity = configuration.identity
        let sections = SectionIndex(post)
        // The links of a post of a thousand entries spread over the cores too (a proposal's
        // review keys every one of them), each chunk with the hosts it has read.
        let keys = Parallel.map(post.links.indices, minimumChunk: 256, state: { HostMemo() }) { hosts, index in
            try? identity.key(for: post.links[index].url, hosts: &hosts)
        }
        var byKey: [String: Int] = [:]
        byKey.reserveCapacity(keys.count)
        var related: [String: (link: Int, relation: String)] = [:]
        // What the post lists: entries' links. A link a description mentions
        // ("like [hyper](…)") is not a listed resource.
        var entryLinks = [Bool](repeating: false, count: post.links.count)
        for entry in post.entries where entry.link < entryLinks.count { entryLinks[entry.link] = true }
        for (index, key) in keys.enumerated() where entryLinks[index] {
            guard let key else { continue }
            if byKey[key] == nil { byKey[key] = index }
        }
        let trimmed = proposals.map(Self.trimmed)
        let proposalKeys = trimmed.map { try? identity.key(for: $0.url) }
        // The related index holds only the families the proposals can meet.
        var wanted: Set<String> = []
        for key in proposalKeys.compactMap({ $0 }) {
            wanted.insert(key)
            for (relatedKey, _) in identity.relatedKeys(of: key) { wanted.insert(relatedKey) }
        }
        let wantedFamilies = wanted
        let families = Parallel.map(keys, minimumChunk: 256) { key -> [(key: String, relation: String)] in
            guard let key else { return [] }
            return identity.relatedKeys(of: key).filter { wantedFamilies.contains($0.key) }
        }
        for (index, family) in families.enumerated() where entryLinks[index] {
            for (relatedKey, relation) in family where related[relatedKey] == nil { related[relatedKey] = (index, relation) }
        }
        let titleMatches = nearTitles(trimmed, post: post)
        let fragments = identity.keepingFragments
        /// The first entry link with `key` that is the resource `url` names, fragment
        /// included (`first`, the first entry link with `key`, in nearly every case).
        func sameResource(as url: String, key: String, first: Int) -> Int? {
            guard url.containsUTF8(UInt8(ascii: "#")) || post.links[first].url.containsUTF8(UInt8(ascii: "#")) else {
                return first
            }
            let wanted = try? fragments.key(for: url)
            for index in first..<post.links.count where entryLinks[index] && keys[index] == key {
                if (try? fragments.key(for: post.webAddress(of: post.links[index]))) == wanted { return index }
            }
            return nil
        }
        var style = style ?? PostStyle(of: post)
        style.countSections(of: post)

        var results: [ReviewResult] = []
        var additions: [Addition] = []
        var accepted: [String: Int] = [:]  // key → result index of an earlier accepted proposal
        var leadFirstBySection: [Int?: Bool] = [:]
        var sectionStyles: [Int: (separator: String, bold: Bool)] = [:]
        for (index, proposal) in trimmed.enumerated() {
            let key = proposalKeys[index]
            var result = ReviewResult(status: .new, proposal: proposal, key: key, section: proposal.section)
            // Invalid: nothing can be added.
            if let reason = invalidReason(proposal) {
                result.status = .invalid
                result.reason = reason
                results.append(result)
                continue
            }
            guard let key else {
                result.status = .invalid
                result.reason = "the URL is not a web link"
                results.append(result)
                continue
            }
            // Duplicates, whatever their section: the post, then the batch. (Entries that
            // point at other sections of the same page, `#install` beside `#configure`,
            // are not this one.)
            if let link = byKey[key].flatMap({ sameResource(as: proposal.url, key: key, first: $0) }) {
                result.status = .duplicate
                result.existing = existing(post, link: link)
                let written = post.links[link].url
                result.reason = written == proposal.url ? "already listed" : "already listed as \(written)"
                results.append(result)
                continue
            }
            // Earlier proposals of the batch, told apart like entries (a part of a page
            // is not the page, nor another part of it).
            let batchKey = (try? fragments.key(for: proposal.url)) ?? key
            if let earlier = accepted[batchKey] {
                let first = results[earlier]
                result.status = .duplicate
                result.existing = ExistingEntry(
                    title: first.proposal.title, url: first.proposal.url, section: first.section,
                    line: Int(first.proposal.origin.split(separator: ":").last ?? "") ?? 0)
                result.reason = "proposed earlier in this batch (\(first.proposal.origin))"
                results.append(result)
                continue
            }
            var target: SectionTarget
            switch sections.resolve(proposal.section, headings: proposal.headings) {
            case let .found(section):
                target = .existing(section)
                result.section = post.sections[section].path
                if let table = Self.tableInsteadOfList(section, in: post) {
                    result.status = .invalid
                    result.reason =
                        "the section \(post.sections[section].path.debugDescription) lists its entries in a table (line \(table)); curate writes list items only: add a row by hand"
                    results.append(result)
                    continue
                }
            case let .ambiguous(candidates):
                result.status = .invalid
                // The first few matches are named: a post with thousands of sections of one
                // name would make one line of hundreds of kilobytes. (Never "and 1 more":
                // that one is named.)
                let shown = candidates.count <= Self.ambiguousNamed + 1 ? candidates.count : Self.ambiguousNamed
                let named = candidates.prefix(shown).map {
                    "\(post.sections[$0].path.debugDescription) (line \(post.sections[$0].line))"
                }
                let more = candidates.count - named.count
                result.reason =
                    "the section \(proposal.section.debugDescription) is ambiguous: " + named.joined(separator: ", ")
                    + (more > 0 ? " and \(more) more" : "") + "; name it as Parent / Child"
                results.append(result)
                continue
            case .missing:
                guard createSections else {
                    result.status = .invalid
                    result.reason =
                        "no section \(proposal.section.debugDescription) in the post; pass --create-sections to create it"
                    results.append(result)
                    continue
                }
                let placement = sections.placement(of: proposal.section, headings: proposal.headings)
                target = .new(parent: placement.parent, headings: placement.headings)
            }
            let text: ItemText
            if index < asWritten.count, let written = asWritten[index] {
                text = written
            } else {
                // A section's own separator when its entries agree on one, else the post's.
                var separator = style.separator
                var bold = false
                var section: Int?
                if case let .existing(existing) = target {
                    // Each section's style once: a batch adds many entries to few sections.
                    let known =
                        sectionStyles[existing] ?? (
                            style.separator(ofSection: existing, in: post), style.bold(ofSection: existing, in: post)
                        )
                    sectionStyles[existing] = known
                    (separator, bold) = known
                    section = existing
                }
                let leadFirst = leadFirstBySection[section] ?? style.leadFirst(ofSection: section, in: post)
                leadFirstBySection[section] = leadFirst
                switch EntryWriter.text(proposal, separator: separator, bold: bold, leadFirst: leadFirst) {
                case let .success(line): text = ItemText(first: line)
                case let .failure(refusal):
                    result.status = .invalid
                    result.reason = refusal.reason
                    results.append(result)
                    continue
                }
            }
            // Near-duplicates: a related URL, then a title within a typo.
            if let (link, relation) = relatedLink(key, identity: identity, related: related, byKey: byKey) {
                result.status = .nearDuplicate
                result.existing = existing(post, link: link)
                result.reason = "\(relation): \(post.links[link].url)"
            } else if let match = titleMatches[index] {
                result.status = .nearDuplicate
                result.existing = existing(post, link: post.entries[match.entry].link)
                let title = post.entries[match.entry].title
                result.reason =
                    match.distance == 0
                    ? "the title \(title.debugDescription) differs only in case, spacing or punctuation"
                    : "the title is one typo away from \(title.debugDescription)"
            }
            results.append(result)
            if result.status == .new || (result.status == .nearDuplicate && allowNearDuplicates) {
                accepted[batchKey] = results.count - 1
                additions.append(
                    Addition(
                        result: results.count - 1, section: target, text: text.first, continuation: text.rest,
                        title: proposal.title, url: proposal.url))
            }
        }
        return Review(results: results, additions: additions)
    }

    /// The proposal with surrounding whitespace removed from every field.
    static func trimmed(_ proposal: Proposal) -> Proposal {
        var result = proposal
        result.title = proposal.title.trimmingSpaces()
        result.url = proposal.url.trimmingSpaces()
        result.section = proposal.section.trimmingSpaces()
        result.description = proposal.description.map { $0.trimmingSpaces() }.flatMap { $0.isEmpty ? nil : $0 }
        return result
    }

    private func invalidReason(_ proposal: Proposal) -> String? {
        if proposal.title.isEmpty { return "the title is empty" }
        if proposal.url.isEmpty { return "the url is missing" }
        if proposal.section.isEmpty { return "the section is missing" }
        do {
            _ = try ParsedURL.parse(proposal.url)
        } catch {
            return "the URL is not a web link: \(error)"
        }
        if proposal.url.utf8.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") }) {
            return "the URL contains < or >; percent-encode them"
        }
        return nil
    }

    private func relatedLink(
        _ key: String, identity: URLIdentity, related: [String: (link: Int, relation: String)], byKey: [String: Int]
    ) -> (Int, String)? {
        // The proposal is inside (or a variant of) something listed.
        for (relatedKey, relation) in identity.relatedKeys(of: key) {
            if let link = byKey[relatedKey] { return (link, relation) }
            if let hit = related[relatedKey] { return (hit.link, relation) }
        }
        // Something listed is inside the proposal.
        if let hit = related[key] { return (hit.link, hit.relation) }
        return nil
    }

    /// For each proposal, the nearest existing entry by title, if one is within a typo.
    private func nearTitles(_ proposals: [Proposal], post: Post) -> [Int: (entry: Int, distance: Int)] {
        let index = TitleIndex(proposalTitles: proposals.map(\.title))
        // Entries that link into the post or the site (a table of contents' `#section`)
        // are no resources whose title a proposal could repeat.
        let matches = Parallel.map(post.entries.indices) { entry in
            LinkTarget.classify(post.entries[entry].url) == .web ? index.matches(post.entries[entry].title) : []
        }
        var best: [Int: (entry: Int, distance: Int)] = [:]
        for (entry, hits) in matches.enumerated() {
            for hit in hits where best[hit.proposal].map({ hit.distance < $0.distance }) ?? true {
                best[hit.proposal] = (entry, hit.distance)
            }
        }
        return best
    }

    private func existing(_ post: Post, link: Int) -> ExistingEntry {
        let item = post.items[post.links[link].item]
        let entry = post.entry(of: item)
        return ExistingEntry(
            title: entry?.title ?? post.links[link].text, url: post.links[link].url,
            section: item.section.map { post.sections[$0].path } ?? "", line: post.links[link].line)
    }
}

/// Where an addition goes.
public enum SectionTarget: Sendable, Equatable {
    case existing(Int)
    /// Sections to create, nested in one another from the outermost, under an existing
    /// section (nil: at the top of the post).
    case new(parent: Int?, headings: [String])
}

/// An entry to add: the review result it comes from, its section and its item text.
extension Reviewer {
    /// The first line of a GFM table in `section` (before its subsections), when the
    /// section has no list of its own: its entries are the table's rows.
    static func tableInsteadOfList(_ section: Int, in post: Post) -> Int? {
        guard !post.lists.contains(where: { $0.section == section && $0.parentItem == nil }) else { return nil }
        let first = post.sections[section].line
        let end = post.sections.first(where: { $0.line > first })?.line ?? post.lines.count + 1
        for block in post.blocks where block.firstLine > first && block.firstLine < end && block.kind == .other {
            let text = post.lineText(block.firstLine)
            if text.contains("|"), block.lastLine > block.firstLine,
                post.lineText(block.firstLine + 1).allSatisfy({ "|-: \t".contains($0) })
            {
                return block.firstLine
            }
        }
        return nil
    }
}

public struct Addition: Sendable, Equatable {
    public var result: Int
    public var section: SectionTarget
    /// The item's text, `[Title](URL)` and the description.
    public var text: String
    /// Further lines of the item's text, relative to its content column (an entry copied
    /// as written from another version of the list, its description wrapped).
    public var continuation: [String] = []
    /// The entry the text reads back as (checked after the edit).
    public var title: String
    public var url: String
    /// Where another version of the list has it (sync and the merge driver): nested
    /// under the entry with this key, ours or another addition's (nil: in its section's
    /// list)...
    public var parent: String?
    /// ... and next to this entry of its list, when ours has it there.
    public var anchor: EntryMove.Anchor?

    /// The item's lines as written under any marker.
    var item: ItemText { ItemText(first: text, rest: continuation) }
}

/// The results of a review, in the proposals' order, and what applying it adds.
public struct Review: Sendable {
    public var results: [ReviewResult]
    public var additions: [Addition]

    public init(results: [ReviewResult] = [], additions: [Addition] = []) {
        self.results = results
        self.additions = additions
    }

    public var hasInvalid: Bool { results.contains { $0.status == .invalid } }
}
