import CurateGit
import CurateKit

/// `curate diff --base REF`: the entries a branch adds to the post, reviewed against the
/// post at REF (new, duplicate, near-duplicate, invalid). Both versions are read from
/// git objects through libgit2: nothing of the branch runs, so it is safe on a pull
/// request from a fork.
public struct BranchReview {
    public var selection: PostSelection
    /// The revision the branch starts from (a pull request's base).
    public var base: String
    /// The branch's revision (default HEAD).
    public var head: String
    public var createSections: Bool
    public var allowNearDuplicates: Bool

    public init(
        selection: PostSelection, base: String, head: String = "HEAD", createSections: Bool = true,
        allowNearDuplicates: Bool = false
    ) {
        self.selection = selection
        self.base = base
        self.head = head
        self.createSections = createSections
        self.allowNearDuplicates = allowNearDuplicates
    }

    public struct Outcome: Sendable {
        public var post: String
        /// The entries the branch adds, as proposals (origin `post:line` at the head).
        public var added: [Proposal]
        public var review: Review
    }

    public func run() throws -> Outcome {
        let local = try GitPost.locate(selection)
        let repository = local.repository
        func post(at revision: String) throws -> Post? {
            let commit = try repository.resolveRevision(revision)
            guard let file = try repository.file(at: local.path, in: commit) else { return nil }
            return try PostReader.parse(try repository.blob(file.blob), path: local.post)
        }
        guard let new = try post(at: head) else {
            throw FileCommitError.fileNotInBranch(path: local.path, branch: head)
        }
        let old = try post(at: base) ?? PostReader.parse(Array("\n".utf8), path: local.post)
        // Added: entries of the head that the base does not have as written (counted, so
        // a second copy of an existing entry is an addition, and a duplicate).
        var before: [String: Int] = [:]
        for entry in old.entries { before[entry.url + "\u{0}" + entry.title, default: 0] += 1 }
        var added: [Proposal] = []
        for entry in new.entries where EntryMerge.isWebLink(entry.url) {
            // Anchors, relative and Liquid links are the list's own furniture, not
            // resources to review (check reports any that are broken).
            let name = entry.url + "\u{0}" + entry.title
            if let count = before[name], count > 0 {
                before[name] = count - 1
                continue
            }
            added.append(
                Proposal(
                    entry, section: entry.section.map { new.sections[$0].path } ?? "", origin: "\(local.post):\(entry.line)",
                    headings: entry.section.map(new.headings(of:))))
        }
        let reviewer = Reviewer(
            configuration: local.configuration, createSections: createSections, allowNearDuplicates: allowNearDuplicates)
        return Outcome(post: local.post, added: added, review: reviewer.review(added, against: old))
    }
}
