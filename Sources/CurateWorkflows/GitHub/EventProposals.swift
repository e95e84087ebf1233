import CurateGit
import CurateKit
import Foundation

/// Proposals where people make them: an issue opened or edited with an issue form, read
/// from a GitHub event payload (`$GITHUB_EVENT_PATH`), with the repository's own forms
/// (`.github/ISSUE_TEMPLATE/*.yml`) as the schema of its body.
public struct EventProposals: Sendable {
    public var event: GitHubEvent
    /// The form the body was read with (an implied one when none matched).
    public var form: IssueForm
    public var proposals: [Proposal]

    /// The branch an issue's proposals are committed on: `curate/issue-N`.
    public var branch: String { "curate/issue-\(event.number)" }

    /// Reads the event at `path`; for an issue, its proposals under the best-matching
    /// form of the repository holding `post` (`forms` overrides the forms folder).
    public static func read(
        eventFile path: String, post: String, configuration: Configuration, forms formsFolder: String? = nil
    ) throws -> EventProposals {
        let event = try GitHubEvent.parse(try FileSystem.readAll(path: path, displayPath: path), path: path)
        // Only an issue opened, edited or reopened proposes (closed, deleted, labelled ... do not).
        guard event.kind == .issue, ["opened", "edited", "reopened", nil].contains(event.action) else {
            return EventProposals(event: event, form: IssueForm(name: "", path: "", fields: []), proposals: [])
        }
        if let formsFolder, !FileSystem.directoryExists(formsFolder) { throw CurateError.fileNotFound(path: formsFolder) }
        let folder = formsFolder ?? Path.join(configuration.root, ".github/ISSUE_TEMPLATE")
        let forms = try Self.forms(in: folder)
        let form = Self.bestForm(forms, for: event) ?? IssueForm.implied(by: event.body)
        // Headings by path and by title: a dropdown lists `Command Line`, the post has
        // `Awesome Tools / Command Line`.
        let sections = (try? PostReader.read(path: post))?.sections.flatMap { [$0.path, $0.title] } ?? []
        let proposals = FormProposals.proposals(
            event: event, form: form, mapping: configuration.formMapping, sections: sections)
        return EventProposals(event: event, form: form, proposals: proposals)
    }

    /// The issue forms in `folder` (`*.yml`, `*.yaml`; other templates skipped).
    static func forms(in folder: String) throws -> [IssueForm] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return try names.sorted().filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }.compactMap { name in
            let path = Path.join(folder, name)
            return try IssueForm.parse(try FileSystem.readAll(path: path, displayPath: path), path: path)
        }
    }

    /// The form whose labels the issue carries and whose headings its body has most of.
    static func bestForm(_ forms: [IssueForm], for event: GitHubEvent) -> IssueForm? {
        let headings = Set(
            event.body.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n")
                .filter { $0.hasPrefix("### ") }.map { $0.dropFirst(4).trimmingCharacters(in: .whitespaces) })
        let scored = forms.map { form -> (IssueForm, Int, Bool) in
            let matched = form.fields.filter { headings.contains($0.label.trimmingCharacters(in: .whitespaces)) }.count
            let labelled = !form.labels.isEmpty && form.labels.allSatisfy(event.labels.contains)
            return (form, matched, labelled)
        }
        return scored.filter { $0.1 > 0 }.max { ($0.2 ? 1 : 0, $0.1) < ($1.2 ? 1 : 0, $1.1) }?.0
    }
}

extension Propose {
    /// Proposals from an issue, committed on `curate/issue-N` rebuilt from HEAD each time
    /// (an edited issue updates its branch instead of stacking commits on it).
    public static func fromIssue(_ proposals: EventProposals, selection: PostSelection, settings: Propose) throws
        -> Propose.Outcome
    {
        var propose = settings
        propose.proposals = proposals.proposals
        // Nothing proposed (an issue closed, deleted, labelled; a body without links):
        // nothing to do, and the issue's branch is left as it is.
        guard !proposals.proposals.isEmpty else {
            let configuration = try selection.configuration()
            let post = try selection.singlePath(configuration: configuration)
            return Propose.Outcome(
                post: post, review: Review(), before: [], after: [], wroteFile: false, commit: nil, branch: nil)
        }
        if case .branch = propose.commit.destination {
        } else {
            propose.commit.destination = .branch(proposals.branch)
        }
        if propose.commit.subject == nil {
            let count = proposals.proposals.count
            propose.commit.subject =
                "curate: add \(count) resource\(count == 1 ? "" : "s") proposed in #\(proposals.event.number)"
        }
        propose.closes = proposals.event.number
        if case let .branch(name) = propose.commit.destination, !propose.dryRun {
            let configuration = try selection.configuration()
            let post = try selection.singlePath(configuration: configuration)
            let repository = try GitPost.repository(containing: post, from: selection.directory)
            try repository.deleteReference(CommitSettings.fullBranch(name))
        }
        return try propose.run()
    }
}
