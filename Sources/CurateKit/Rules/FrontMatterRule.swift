/// The front matter of a Jekyll post: present, a mapping, with the required keys and a valid date.
public struct FrontMatterRule: Rule {
    public static let description = RuleDescription(
        id: "front-matter",
        summary: "A Jekyll post's front matter is missing, not a mapping, lacks a required key, or has an invalid date.",
        rationale: """
            Jekyll needs front matter to publish the post, and its layout, title and date to place \
            it. The required keys are front-matter.required in curate.yml (default layout, title, date); \
            a key the site's _config.yml defaults give counts, a post's date (and by default its \
            title) may come from its file name, a page needs only the layout, and a Markdown list \
            (an awesome README) needs no front matter.
            """,
        defaultSeverity: .error,
        triggeringExamples: [
            .init("↓---\ntitle: T\ndate: 2025-05-26\n---\n\n### A\n", onlyAsWritten: wholeFile),
            .init("---\nlayout: post\ntitle: T\n↓date: 2025-13-45\n---\n", onlyAsWritten: wholeFile),
            .init("---\nlayout: post\ntitle: T\n↓date: 2025-02-30\n---\n", onlyAsWritten: wholeFile),
            .init("---\n↓layout:\ntitle: T\ndate: 2025-05-26 00:12:00\n---\n", onlyAsWritten: wholeFile),
            .init("↓---\n- a list\n- not a mapping\n---\n", onlyAsWritten: wholeFile),
        ],
        nonTriggeringExamples: [
            "---\nlayout: post\ntitle: \"Resources: a list\"\ndate: 2025-05-26 00:12:00\n---\n",
            "---\nlayout: post\ntitle: T\ndate: 2024-02-29T10:00:00+02:00\n---\n",
            "---\nlayout: post\ntitle: T\ndate: 2025-05-26 00:12:00 -0700\n---\n",
            "---\nlayout: post\ntitle: T\ndate: 2024-1-2\n---\n",
            "---\nlayout: post\n---\n\nA post's date and title come from its file name, as Jekyll makes them.\n",
            "# Awesome Things\n\n- [A](https://a.example) - a Markdown list needs no front matter\n",
        ],
        exampleSite: ["_config.yml": "title: Example\n"])

    /// Why the examples run only as written.
    static let wholeFile =
        "front matter is the file's first lines: in a code block, or after a line put before it, the file has none"

    public init() {}

    public func check(_ post: Post, context: RuleContext) -> [Finding] {
        let location = context.location
        let required = location.kind == .jekyll ? requiredKeys(post, location, context.configuration) : []
        guard let frontMatter = post.frontMatter else {
            // Jekyll copies a file without front matter as it is: the post is not published.
            guard location.kind == .jekyll else { return [] }
            let keys = required.isEmpty ? "" : " giving \(required.joined(separator: ", "))"
            return [
                finding(
                    post, line: 1, column: 1,
                    "no front matter, so Jekyll copies the file instead of publishing it: start it with a --- block\(keys) (or set kind: list for it in curate.yml)"
                )
            ]
        }
        guard let keys = frontMatter.keys else {
            return [
                finding(post, line: frontMatter.openingLine, column: 1, "the front matter is not a mapping of keys to values")
            ]
        }
        var findings: [Finding] = []
        for name in required {
            guard let key = keys.first(where: { $0.name == name }) else {
                let site = location.site != nil ? " (and no defaults in _config.yml give one)" : ""
                findings.append(finding(post, line: frontMatter.openingLine, column: 1, "the front matter has no \(name)\(site)"))
                continue
            }
            if let scalar = key.scalar, scalar.trimmingSpaces().isEmpty {
                findings.append(finding(post, line: key.line, column: key.column, "\(name) is empty"))
            }
        }
        if let date = frontMatter.key("date"), let value = date.scalar, !value.isEmpty, !Self.isValidDate(value) {
            findings.append(
                finding(
                    post, line: date.line, column: date.column,
                    "date \(value.debugDescription) is not a valid date (YYYY-MM-DD [HH:MM[:SS]] [±HHMM])"))
        }
        return findings
    }

    /// The configured keys a Jekyll file must have, less those the site or its name gives.
    /// A post (in `_posts` or `_drafts`, or named `YYYY-MM-DD-title`) needs them all but a
    /// date its file name gives (drafts have none) and, unless `front-matter.required` is
    /// written out, the title Jekyll makes of its name; a page or collection document only the
    /// layout (pages have no date, and their title is often the site's). Keys of the site's
    /// matching `defaults`, and those its plugins fill in (GitHub Pages' default layout and
    /// titles from headings), count; without the site in sight, the layout is not asked
    /// for, since sites usually give it through `defaults`.
    private func requiredKeys(_ post: Post, _ location: PostLocation, _ configuration: Configuration) -> [String] {
        var required = configuration.requiredFrontMatter
        let path = location.pathInSite ?? location.file ?? post.path
        let name = Path.lastComponent(of: path)
        let folders = path.split(separator: "/").dropLast()
        let dated = JekyllDate.fromFileName(name) != nil
        if dated || folders.contains("_drafts") {
            required.removeAll { $0 == "date" }
            // Jekyll titles a post from its file name's slug (`2024-02-11-weekly-links.md` is
            // "Weekly Links"): asked for only when curate.yml says so.
            if configuration.writtenRequiredFrontMatter == nil { required.removeAll { $0 == "title" } }
        } else if !folders.contains("_posts") {
            required.removeAll { $0 != "layout" }
        }
        if let site = location.site, let inSite = location.pathInSite {
            let given = site.defaults(for: inSite).reduce(into: site.keysFromPlugins) { $0.formUnion($1.keys) }
            required.removeAll { given.contains($0) }
        } else if location.site == nil {
            required.removeAll { $0 == "layout" }
        }
        return required
    }

    /// Jekyll's dates (see ``JekyllDate``).
    static func isValidDate(_ text: String) -> Bool {
        JekyllDate.parse(text) != nil
    }
}
