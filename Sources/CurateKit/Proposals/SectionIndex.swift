/// Finds a post's section from the name a proposal gives: "Parent / Child" names a nested
/// one, and any trailing part of a section's path is enough when it is unique ("Child",
/// or "Tools / Parsers" under the document's `# Title`).
///
/// Names are compared strictly first (``SectionNameMatch``): a heading written exactly so
/// wins over one that matches without case, which wins over one that matches folded. At
/// one strictness, a path from the top (or from below the document's title) wins over a
/// trailing part, and a heading whose own title is the name ("CI / CD") over headings
/// the name's ` / ` would split it into. Only a tie at the best match is ambiguous.
///
/// A section read from a Markdown file's own headings (sync, a Markdown proposals file)
/// is named heading by heading instead: its ` / ` is part of a title, never a nesting.
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
    /// The same, from the keys of a heading path's titles.
    private var byHeadings: [[String: [Hit]]] = Array(repeating: [:], count: SectionNameMatch.allCases.count)
    private let paths: [String]
    private let headings: [[String]]
    /// The document's `# Title`, under which new top-level sections go.
    private let documentTitle: Int?

    init(_ post: Post) {
        paths = post.sections.map(\.path)
        headings = post.sections.indices.map(post.headings(of:))
        let documentTitle = PostEditor.documentTitleSection(post)
        self.documentTitle = documentTitle
        for index in post.sections.indices {
            let ancestry = post.ancestry(of: index)
            let headings = ancestry.map { post.sections[$0].title }
            for start in headings.indices {
                let fromTop = start == 0 || (start == 1 && ancestry[0] == documentTitle)
                let hit = Hit(section: index, rank: (fromTop ? 0 : 100) + headings.count - start)
                let name = headings[start...].joined(separator: " / ")
                for (tier, match) in SectionNameMatch.allCases.enumerated() {
                    byName[tier][match.key(name), default: []].append(hit)
                    byHeadings[tier][Self.key(headings[start...], match), default: []].append(hit)
                }
            }
        }
    }

    /// A section's path, "Parent / Child", as the post names it.
    func path(of section: Int) -> String { paths[section] }

    /// A section's headings from the outermost, as the post writes them.
    func headings(of section: Int) -> [String] { headings[section] }

    /// The section a proposal names: by its heading path when it was read from headings
    /// (`headings`), else by the name a person typed.
    func resolve(_ name: String, headings: [String]? = nil) -> Resolution {
        for (tier, match) in SectionNameMatch.allCases.enumerated() {
            let hits: [Hit]?
            if let headings {
                hits = headings.isEmpty ? nil : byHeadings[tier][Self.key(headings[...], match)]
            } else {
                let key = match.key(name)
                hits = key.isEmpty ? nil : byName[tier][key]
            }
            guard let hits, let best = hits.map(\.rank).min() else { continue }
            var sections: [Int] = []
            for hit in hits where hit.rank == best && !sections.contains(hit.section) { sections.append(hit.section) }
            return sections.count == 1 ? .found(sections[0]) : .ambiguous(sections)
        }
        return .missing
    }

    /// Where a section the post lacks is created: under the longest start of its path the
    /// post has (else under the document's title), with the headings still missing. A
    /// typed name's ` / ` separates headings; a heading path is kept heading by heading.
    func placement(of name: String, headings: [String]? = nil) -> (parent: Int?, headings: [String]) {
        var parts = headings ?? name.components(separatedBy: " / ").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
        if parts.isEmpty { parts = [name] }
        for count in stride(from: parts.count - 1, through: 1, by: -1) {
            let start = Array(parts[0..<count])
            let resolution =
                headings == nil ? resolve(start.joined(separator: " / ")) : resolve("", headings: start)
            if case let .found(section) = resolution { return (section, Array(parts[count...])) }
        }
        return (documentTitle, parts)
    }

    /// A heading path's key: each title's, joined by a character no title holds.
    private static func key(_ headings: ArraySlice<String>, _ match: SectionNameMatch) -> String {
        headings.map(match.key).joined(separator: "\u{1F}")
    }
}
