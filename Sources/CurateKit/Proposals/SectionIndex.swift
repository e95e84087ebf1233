/// Finds a post's section from the name a proposal gives: heading text compared without
/// case, spacing or punctuation; "Parent / Child" names a nested one, and a child's own
/// title is enough when it is unique.
struct SectionIndex {
    enum Resolution: Equatable {
        case found(Int)
        case ambiguous([Int])
        case missing
    }

    private var byTitle: [String: [Int]] = [:]
    private var byPath: [String: [Int]] = [:]

    init(_ post: Post) {
        for (index, section) in post.sections.enumerated() {
            byTitle[TitleFolding.fold(section.title), default: []].append(index)
            byPath[TitleFolding.fold(section.path), default: []].append(index)
        }
    }

    func resolve(_ name: String) -> Resolution {
        let folded = TitleFolding.fold(name)
        guard !folded.isEmpty else { return .missing }
        if let paths = byPath[folded] {
            return paths.count == 1 ? .found(paths[0]) : .ambiguous(paths)
        }
        if let titles = byTitle[folded] {
            return titles.count == 1 ? .found(titles[0]) : .ambiguous(titles)
        }
        return .missing
    }
}
