/// One link someone proposes for the post.
public struct Proposal: Sendable, Equatable, Codable {
    public var title: String
    public var url: String
    /// The heading it goes under: "Libraries", or "Parent / Child" for a nested one.
    public var section: String
    public var description: String?
    /// Where it was written (`proposals.yml:12`, `argument`), for messages.
    public var origin: String
    /// Text before the link and tags after it, as another list wrote them (see ``Entry``):
    /// Markdown, kept as it is.
    public var lead: String?
    public var tags: String?
    /// The section's heading titles from the outermost, when the proposal was read from a
    /// Markdown file's own headings (sync, a Markdown proposals file): a title may hold
    /// ` / ` (`## CI / CD`). Nil when `section` is a name a person typed, whose ` / `
    /// separates a parent from a child.
    public var headings: [String]?

    public init(
        title: String, url: String, section: String, description: String? = nil, origin: String = "argument",
        lead: String? = nil, tags: String? = nil, headings: [String]? = nil
    ) {
        self.title = title
        self.url = url
        self.section = section
        self.description = description
        self.origin = origin
        self.lead = lead
        self.tags = tags
        self.headings = headings
    }

    /// An entry of `post` as a proposal for `section` (its headings when they come from
    /// a post).
    public init(_ entry: Entry, section: String, origin: String = "argument", headings: [String]? = nil) {
        self.init(
            title: entry.title, url: entry.url, section: section, description: entry.description, origin: origin,
            lead: entry.lead, tags: entry.tags, headings: headings)
    }
}

/// What review decided about a proposal.
public enum ReviewStatus: String, Sendable, Codable, CaseIterable {
    /// No entry has the same key: it will be added.
    case new
    /// An entry (or an earlier proposal of the batch) has the same key.
    case duplicate
    /// A different key, but an entry very likely names the same resource.
    case nearDuplicate = "near-duplicate"
    /// Refused: it cannot be added as it is.
    case invalid
    /// Sync only: an entry removed since the last sync.
    case removed
    /// Sync only: an entry changed there (what a reader sees: its title, description,
    /// URL as written, section or place in its list).
    case updated
    /// Sync only: changed differently on both sides; ours is kept.
    case conflict
}

/// The entry a proposal collides with.
public struct ExistingEntry: Sendable, Equatable, Codable {
    public var title: String
    public var url: String
    public var section: String
    /// Its line in the post (or in the proposals file, for an earlier proposal).
    public var line: Int
}

/// A proposal and its review.
public struct ReviewResult: Sendable, Equatable {
    public var status: ReviewStatus
    public var proposal: Proposal
    /// The URL's dedupe key; nil when the URL is not a web link.
    public var key: String?
    /// The section it resolved to ("Parent / Child"), or the name given when unknown.
    public var section: String
    public var existing: ExistingEntry?
    /// Why it is a duplicate, near-duplicate or invalid.
    public var reason: String?

    public init(
        status: ReviewStatus, proposal: Proposal, key: String?, section: String, existing: ExistingEntry? = nil,
        reason: String? = nil
    ) {
        self.status = status
        self.proposal = proposal
        self.key = key
        self.section = section
        self.existing = existing
        self.reason = reason
    }
}
