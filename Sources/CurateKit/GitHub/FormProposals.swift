/// Which answer of an issue form is which part of a proposal: a field id or label per
/// part (`proposals.form` in curate.yml); parts left nil are found by usual names, then
/// inferred from the answers.
public struct FormMapping: Sendable, Equatable {
    public var title: String?
    public var url: String?
    public var section: String?
    public var description: String?

    public init(title: String? = nil, url: String? = nil, section: String? = nil, description: String? = nil) {
        self.title = title
        self.url = url
        self.section = section
        self.description = description
    }
}

/// The proposals an issue made with an issue form carries.
public enum FormProposals {
    enum Part: CaseIterable {
        case title, url, section, description

        /// Usual ids and label words, in order of preference.
        var usualNames: [String] {
            switch self {
            case .title: return ["title", "name", "resource", "link title"]
            case .url: return ["url", "link", "address", "href"]
            case .section: return ["section", "category", "heading", "topic"]
            case .description: return ["description", "about", "summary", "why", "details"]
            }
        }
    }

    /// A label's words, lowercased (`Project name` has `name`).
    static func words(_ label: String) -> [String] {
        label.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }

    /// The fields that hold each part.
    static func assign(_ form: IssueForm, answers: [String?], mapping: FormMapping, sections: [String]) -> [Part: Int] {
        var assigned: [Part: Int] = [:]
        var used = Set<Int>()
        let fold = { (text: String) in TitleFolding.fold(text) }
        func field(named name: String) -> Int? {
            form.fields.indices.first { form.fields[$0].id.map(fold) == fold(name) }
                ?? form.fields.indices.first { fold(form.fields[$0].label) == fold(name) }
        }
        // Configured, then usual ids and labels.
        let configured: [Part: String?] = [
            .title: mapping.title, .url: mapping.url, .section: mapping.section, .description: mapping.description,
        ]
        for part in Part.allCases {
            if let name = configured[part] ?? nil, let index = field(named: name) {
                assigned[part] = index
                used.insert(index)
            }
        }
        for part in Part.allCases where assigned[part] == nil {
            for name in part.usualNames {
                let index =
                    form.fields.indices.first { !used.contains($0) && form.fields[$0].id.map(fold) == fold(name) }
                    ?? form.fields.indices.first { index in
                        !used.contains(index) && Self.words(form.fields[index].label).contains(name)
                    }
                if let index {
                    assigned[part] = index
                    used.insert(index)
                    break
                }
            }
        }
        // Inferred: the answer that is a URL, the dropdown whose options are sections,
        // the first other input, the first other text area.
        let isURL = { (text: String?) -> Bool in
            guard let text else { return false }
            let first = Self.cleanedURL(Self.unfenced(text).split(separator: "\n").first.map { $0.trimmingSpaces() } ?? "")
            return first.hasPrefix("http://") || first.hasPrefix("https://") || text.contains("](http")
        }
        if assigned[.url] == nil, let index = answers.indices.first(where: { !used.contains($0) && isURL(answers[$0]) }) {
            assigned[.url] = index
            used.insert(index)
        }
        let foldedSections = Set(sections.map(fold))
        if assigned[.section] == nil,
            let index = form.fields.indices.first(where: { index in
                let field = form.fields[index]
                let known = field.options.filter { foldedSections.contains(fold($0)) }.count
                return !used.contains(index) && [.dropdown, .checkboxes].contains(field.kind) && known * 2 > field.options.count
            })
        {
            assigned[.section] = index
            used.insert(index)
        }
        if assigned[.title] == nil,
            let index = form.fields.indices.first(where: { !used.contains($0) && form.fields[$0].kind == .input })
        {
            assigned[.title] = index
            used.insert(index)
        }
        if assigned[.description] == nil,
            let index = form.fields.indices.first(where: { !used.contains($0) && form.fields[$0].kind == .textarea })
        {
            assigned[.description] = index
        }
        return assigned
    }

    /// An answer without the code fence GitHub wraps around fields with `render:`.
    static func unfenced(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 2, lines[0].trimmingSpaces().hasPrefix("```"), lines.last?.trimmingSpaces() == "```" else {
            return text
        }
        lines.removeFirst()
        lines.removeLast()
        return lines.joined(separator: "\n").trimmingSpaces()
    }

    /// A URL as a person types it: `<https://…>` unwrapped, a sentence's closing period
    /// or comma dropped.
    static func cleanedURL(_ text: String) -> String {
        var url = text
        if url.hasPrefix("<"), url.hasSuffix(">") { url = String(url.dropFirst().dropLast()) }
        guard url.hasPrefix("http://") || url.hasPrefix("https://"), !url.contains(" ") else { return text }
        while let last = url.last, ".,;:!?".contains(last) { url.removeLast() }
        if url.hasSuffix(")"), url.filter({ $0 == "(" }).count < url.filter({ $0 == ")" }).count { url.removeLast() }
        return url
    }

    /// The proposals of `event`'s body under `form`. Several entries in one issue: a URL
    /// answer of several lines (bare URLs, or `[Title](URL) - description` items) is one
    /// proposal a line, the other answers shared.
    public static func proposals(event: GitHubEvent, form: IssueForm, mapping: FormMapping, sections: [String]) -> [Proposal] {
        let answers = form.answers(in: event.body)
        let parts = assign(form, answers: answers, mapping: mapping, sections: sections)
        func answer(_ part: Part) -> String? { parts[part].flatMap { answers[$0] } }
        let origin = "issue #\(event.number)"
        let title = answer(.title).map { Self.unfenced($0).collapsingLineBreaks() } ?? ""
        // Checkboxes or a multiple dropdown may name several sections: then none is
        // chosen for the person (the review says the section is unknown).
        let chosen = answer(.section).map { Self.unfenced($0).split(whereSeparator: { $0 == "\n" || $0 == "," }) } ?? []
        let section = chosen.count == 1 ? chosen[0].trimmingSpaces() : chosen.map { $0.trimmingSpaces() }.joined(separator: ", ")
        let description = answer(.description).map { Self.unfenced($0).collapsingLineBreaks() }
        guard let urls = answer(.url).map(Self.unfenced) else {
            return title.isEmpty
                ? [] : [Proposal(title: title, url: "", section: section, description: description, origin: origin)]
        }
        let lines = urls.split(separator: "\n").map { Self.cleanedURL($0.trimmingSpaces()) }.filter { !$0.isEmpty }
        if lines.count == 1, !lines[0].contains("](") {
            return [Proposal(title: title, url: lines[0], section: section, description: description, origin: origin)]
        }
        return lines.map { line in
            let item = line.hasPrefix("- ") || line.hasPrefix("* ") ? String(line.dropFirst(2)) : line
            if !item.contains(" "), item.hasPrefix("http://") || item.hasPrefix("https://") {
                // A bare URL among several: no title of its own (the review says so).
                return Proposal(title: "", url: item, section: section, description: nil, origin: origin)
            }
            if let post = try? PostReader.parse(Array(("- " + item + "\n").utf8), path: origin), let entry = post.entries.first {
                return Proposal(
                    title: entry.title, url: entry.url, section: section, description: entry.description ?? description,
                    origin: origin)
            }
            return Proposal(title: lines.count == 1 ? title : "", url: item, section: section, description: nil, origin: origin)
        }
    }
}
