import CurateGit
import CurateKit

/// `curate propose`: reviews proposals against the post and adds the new ones, in the
/// post's own style and normalized, to the working file or in a commit made through
/// libgit2 (compare-and-swap on the branch, reviewed again on top of a writer that got
/// there first).
public struct Propose: Sendable {
    public var selection: PostSelection
    public var proposals: [Proposal]
    public var createSections: Bool
    public var allowNearDuplicates: Bool
    public var commit: CommitSettings
    /// Compute the result without writing or committing anything.
    public var dryRun: Bool
    /// The issue the proposals come from: the commit message says `Closes #N`.
    public var closes: Int?
    /// Checks of the proposals' links (`--check-links`): dead ones are refused.
    public var links: ProposalLinks?

    public init(
        selection: PostSelection, proposals: [Proposal], createSections: Bool = false, allowNearDuplicates: Bool = false,
        commit: CommitSettings = CommitSettings(), dryRun: Bool = false
    ) {
        self.selection = selection
        self.proposals = proposals
        self.createSections = createSections
        self.allowNearDuplicates = allowNearDuplicates
        self.commit = commit
        self.dryRun = dryRun
    }

    /// What a run did.
    public struct Outcome: Sendable {
        /// The post, as the user named it.
        public var post: String
        /// The review of the last attempt (a commit that had to retry reviewed again).
        public var review: Review
        /// The post before and after (equal when nothing was added or a proposal is invalid).
        public var before: [UInt8]
        public var after: [UInt8]
        /// Whether the working file was written (without a commit).
        public var wroteFile: Bool
        /// The commit made, if any.
        public var commit: CommitRecord?
        /// The branch a commit went to, or would have (nil without a commit).
        public var branch: String?

        /// Any proposal is invalid: nothing was written.
        public var refused: Bool { review.hasInvalid }
    }

    /// Reviews the proposals against the post and, unless one is invalid or `dryRun`,
    /// writes or commits the additions.
    public func run() throws -> Outcome {
        try commit.validate()
        var configuration = try selection.configuration()
        // The review and the placement of additions key the post's links each: once (and
        // perhaps ahead, with the post read ahead: ``PostPrefetch``).
        configuration.identity.memo = configuration.identity.sharedKeys
        let path = try selection.singlePath(configuration: configuration)
        if commit.destination != .workingFile && !dryRun {
            return try commitThroughGit(post: path, configuration: configuration)
        }
        let post = try PostReader.read(path: path)
        var review = reviewer(configuration).review(proposals, against: post)
        if let links { review = links.apply(to: review) }
        let after = review.hasInvalid ? post.bytes : try PostEditor(configuration: configuration).apply(review, to: post)
        let write = !dryRun && !review.hasInvalid && after != post.bytes
        if write { try FileSystem.writeAtomically(after, to: path, displayPath: path, replacing: post.bytes) }
        return Outcome(post: path, review: review, before: post.bytes, after: after, wroteFile: write, commit: nil, branch: nil)
    }

    func reviewer(_ configuration: Configuration) -> Reviewer {
        Reviewer(configuration: configuration, createSections: createSections, allowNearDuplicates: allowNearDuplicates)
    }

    /// Reviews and applies against the branch tip, committing with compare-and-swap.
    private func commitThroughGit(post: String, configuration: Configuration) throws -> Outcome {
        let repository = try GitPost.repository(containing: post, from: selection.directory)
        let onBranch: Bool
        if case .branch = commit.destination { onBranch = true } else { onBranch = false }
        let path = try GitPost.commitPath(of: post, in: repository, onBranch: onBranch)
        let signature = try commit.signature(in: repository)
        let reviewer = reviewer(configuration)
        let editor = PostEditor(configuration: configuration)
        var review = Review(results: [], additions: [])
        var before: [UInt8] = []
        var after: [UInt8] = []
        let target: CommitTarget
        if case let .branch(name) = commit.destination { target = .branch(name) } else { target = .checkedOutBranch }
        let outcome = try repository.commitFile(
            at: path, target: target, author: signature
        ) { current, _ in
            let parsed = try PostReader.parse(current, path: post)
            review = reviewer.review(proposals, against: parsed)
            if let links { review = links.apply(to: review) }
            before = current
            after = current
            guard !review.hasInvalid, !review.additions.isEmpty else { return nil }
            after = try editor.apply(review, to: parsed)
            var message = commit.message(Self.message(review, post: parsed))
            if let closes { message += "\nCloses #\(closes)\n" }
            return FileChange(bytes: after, message: message)
        }
        return Outcome(
            post: post, review: review, before: before, after: after, wroteFile: false, commit: outcome.record,
            branch: outcome.branch)
    }

    /// `curate: add 2 resources to <title>` and a body listing each addition by section.
    static func message(_ review: Review, post: Post) -> String {
        let title = post.frontMatter?.title ?? Path.lastComponent(of: post.path)
        let count = review.additions.count
        var text = "curate: add \(count) resource\(count == 1 ? "" : "s") to \(title)\n"
        var bySection: [(String, [ReviewResult])] = []
        for addition in review.additions {
            let result = review.results[addition.result]
            if let index = bySection.firstIndex(where: { $0.0 == result.section }) {
                bySection[index].1.append(result)
            } else {
                bySection.append((result.section, [result]))
            }
        }
        for (section, results) in bySection {
            text += "\n\(section):\n"
            for result in results { text += "- \(result.proposal.title) <\(result.proposal.url)>\n" }
        }
        return text
    }
}
