/// Finds a post's section from the name a proposal gives: "Parent / Child" names a nested
/// one, and any trailing part of a section's path is enough when it is unique ("Child",
/// or "Tools / Parsers" under the document's `# Title`).
///
/// Names are compared strictly first (``SectionNameMatch``): a heading written exactly so
/// wins over one that matches without case, which wins over one that matches folded. At
/// one strictness, a path from the top (or from below the document's title) wins over a
/// trailing part, and a heading whose own title is the name ("CI / CD") over headings
/// the name's ` / ` would split it into. Only a tie at the best match is ambiguous.
struct SectionIndex {
    enum Resolution: Equatable {
        case found(Int)
        case ambiguous([Int])
        case missing
    }

    private struct Hit {
        var section: Int
        /// Lower is better: from the top first, then fewer headings.
        var rank: Int
    }

    /// For each strictness, from a name's key to the sections it names.
    private var byName: [[String: [Hit]]] = Array(repeating: [:], count: SectionNameMatch.allCases.count)
    private let paths: [String]

    init(_ post: Post) {
        paths = post.sections.map(\.path)
        let documentTitle = PostEditor.documentTitleSection(post)
        for index in post.sections.indices {
            let ancestry = post.ancestry(of: index)
            let headings = ancestry.map { post.sections[$0].title }
            for start in headings.indices {
                let fromTop = start == 0 || (start == 1 && ancestry[0] == documentTitle)
                let hit = Hit(section: index, rank: (fromTop ? 0 : 100) + headings.count - start)
                let name = headings[start...].joined(separator: " / ")
                for (tier, match) in SectionNameMatch.allCases.enumerated() {
                    byName[tier][match.key(name), default: []].append(hit)
                }
            }
        }
    }

    /// A section's path, "Parent / Child", as the post names it.
    func path(of section: Int) -> String { paths[section] }

    /// The section a name typed by a person names.
    func resolve(_ name: String) -> Resolution {
        for (tier, match) in SectionNameMatch.allCases.enumerated() {
            let key = match.key(name)
            guard !key.isEmpty, let hits = byName[tier][key], let best = hits.map(\.rank).min() else { continue }
            var sections: [Int] = []
            for hit in hits where hit.rank == best && !sections.contains(hit.section) { sections.append(hit.section) }
            return sections.count == 1 ? .found(sections[0]) : .ambiguous(sections)
        }
        return .missing
    }
}
