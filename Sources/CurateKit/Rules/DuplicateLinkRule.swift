/// The same resource listed twice in one section, under any URL variant the URL identity knows.
public struct DuplicateLinkRule: Rule {
    public static let description = RuleDescription(
        id: "duplicate-link",
        summary: "The same resource is listed by two entries of one section.",
        rationale: """
            A curated list names each resource once. An entry is a list item and its resource is \\
            its first link; links in its description are mentions. Two entries are the same \\
            resource when their dedupe keys are equal (curate url), which sees through http/https, \\
            www., tracking parameters, trailing slashes and the site-specific forms curate knows. \\
            Across sections, duplicate-across-sections reports it.
            """,
        defaultSeverity: .error,
        triggeringExamples: [
            """
            ### Papers

            1. [Attention](https://example.org/papers/attention)
            2. ↓[Attention, again](http://www.example.org/papers/attention/?utm_source=x)
            """,
            """
            - [One](https://a.example/x)
              - ↓[Nested copy](https://a.example/x)
            """,
        ],
        nonTriggeringExamples: [
            """
            1. [A](https://a.example/x)
            2. [B](https://a.example/y)
            """,
            "- [Paper](https://a.example/p) ([mirror](https://a.example/p#top))",
            """
            - [Install](https://docs.example/guide.html#installation)
            - [Configure](https://docs.example/guide.html#configuration)
            """,
            """
            - [termdash](https://a.example/termdash) - inspired by [termui](https://a.example/termui)
            - [termui](https://a.example/termui) - a mention is not an entry
            """,
            """
            ## Databases

            - [pgx](https://a.example/pgx)

            ## Drivers

            - [pgx](https://a.example/pgx) - another section: duplicate-across-sections
            """,
        ])

    public init() {}

    public func check(_ post: Post, context: RuleContext) -> [Finding] {
        context.shared.duplicates { EntryDuplicates.find(post, context) }.compactMap { duplicate in
            guard duplicate.sameSection else { return nil }
            return report(post, duplicate, in: "")
        }
    }
}

/// The same resource listed in two sections.
public struct DuplicateAcrossSectionsRule: Rule {
    public static let description = RuleDescription(
        id: "duplicate-across-sections",
        summary: "The same resource is listed by entries of two sections.",
        rationale: """
            Some lists file a resource under each topic it serves, on purpose; most do not mean to. \\
            A warning by default; set it to error (or off) in curate.yml. Within one section, \\
            duplicate-link reports it.
            """,
        defaultSeverity: .warning,
        triggeringExamples: [
            """
            ## Databases

            - [pgx](https://a.example/pgx)

            ## Drivers

            - ↓[pgx](https://a.example/pgx/)
            """
        ],
        nonTriggeringExamples: [
            """
            ## Databases

            - [pgx](https://a.example/pgx)
            - [scany](https://a.example/scany) - works with [pgx](https://a.example/pgx)

            ## Drivers

            - [pig](https://a.example/pig) - a [pgx](https://a.example/pgx) wrapper
            """
        ])

    public init() {}

    public func check(_ post: Post, context: RuleContext) -> [Finding] {
        context.shared.duplicates { EntryDuplicates.find(post, context) }.compactMap { duplicate in
            guard !duplicate.sameSection else { return nil }
            let section = post.entries[duplicate.earlier].section.map { " in \(post.sections[$0].path)" } ?? ""
            return report(post, duplicate, in: section)
        }
    }
}

extension Rule {
    fileprivate func report(_ post: Post, _ duplicate: EntryDuplicates.Duplicate, in place: String) -> Finding {
        let entry = post.entries[duplicate.entry]
        let original = post.entries[duplicate.earlier]
        let same = original.url == entry.url ? "" : " (\(original.url))"
        return finding(
            post, line: entry.line, column: entry.column,
            "\(entry.url) is already listed at line \(original.line)\(place)\(same)", relatedLines: [original.line])
    }
}

/// Entries whose resource an earlier entry (of another item) already lists.
enum EntryDuplicates {
    struct Duplicate {
        /// Indices into ``Post/entries``.
        var entry: Int
        var earlier: Int
        var sameSection: Bool
    }

    /// Where an entry is filed: its section, and the item that groups it when it sits in a
    /// list nested under an item without a link (`- Build Backends` over its entries), which
    /// lists use as a sub-heading.
    static func scope(of entry: Entry, in post: Post) -> Scope {
        var item = post.items[entry.item]
        while let parent = post.lists[item.list].parentItem {
            if post.items[parent].entry == nil { return Scope(section: entry.section, group: parent) }
            item = post.items[parent]
        }
        return Scope(section: entry.section, group: nil)
    }

    struct Scope: Hashable {
        var section: Int?
        var group: Int?
    }

    /// For each entry listed before: the first earlier entry of its section with the same
    /// key, else the first earlier entry of any section.
    static func find(_ post: Post, _ context: RuleContext) -> [Duplicate] {
        // The first entry of each key hash. Only entries whose hash was seen before have
        // their key computed (once each), with the entry's place: the first earlier entry
        // of a key, and of a key in a place, are then found in one lookup each (a list that
        // repeats a link many times compared each copy with every earlier one).
        var first: [Int: Int32] = [:]
        first.reserveCapacity(post.entries.count)
        struct Place: Hashable {
            var key: String?
            var scope: Scope
        }
        var firstOfKey: [String?: Int] = [:]
        var firstOfPlace: [Place: Int] = [:]
        var remembered = Set<Int32>()
        var duplicates: [Duplicate] = []
        // Entries that point at different sections of one page are not duplicates.
        let identity = context.identity.keepingFragments
        func place(of index: Int) -> Place {
            Place(
                key: try? identity.key(for: post.webAddress(of: post.links[post.entries[index].link])),
                scope: Self.scope(of: post.entries[index], in: post))
        }
        func remember(_ index: Int, at place: Place) {
            if firstOfKey[place.key] == nil { firstOfKey[place.key] = index }
            if firstOfPlace[place] == nil { firstOfPlace[place] = index }
        }
        // Entries read in place: copying one retains its strings.
        for index in post.entries.indices {
            guard let hash = context.keyHashes[post.entries[index].link] else { continue }
            guard let head = first[hash] else {
                first[hash] = Int32(index)
                continue
            }
            if remembered.insert(head).inserted { remember(Int(head), at: place(of: Int(head))) }
            let here = place(of: index)
            if let inSection = firstOfPlace[here] {
                duplicates.append(Duplicate(entry: index, earlier: inSection, sameSection: true))
            } else if let other = firstOfKey[here.key] {
                duplicates.append(Duplicate(entry: index, earlier: other, sameSection: false))
            }
            remember(index, at: here)
        }
        return duplicates
    }
}
