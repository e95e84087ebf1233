import Foundation
import Testing

@testable import CurateKit

/// Issue forms as the schema of issue bodies, and the proposals they carry (golden).
@Suite struct IssueFormTests {
    let sections = ["Libraries", "Relevant Papers", "Blogs", "People"]

    func form(_ name: String) throws -> IssueForm {
        try #require(try IssueForm.parse(Fixtures.bytes("GitHub/" + name), path: name))
    }

    func event(_ name: String) throws -> GitHubEvent {
        try GitHubEvent.parse(Fixtures.bytes("GitHub/" + name), path: name)
    }

    @Test func readsTheFormsFields() throws {
        let form = try form("form-propose.yml")
        #expect(form.fields.map(\.label) == ["Title", "URL", "Section", "Description", "Checks"])
        #expect(form.fields.map(\.id) == ["title", "url", "section", "description", "checks"])
        #expect(form.fields[2].options.contains("Libraries"))
        #expect(form.labels == ["proposal"])
    }

    @Test func anOpenedIssueIsOneProposal() throws {
        let proposals = FormProposals.proposals(
            event: try event("issue-opened.json"), form: try form("form-propose.yml"), mapping: FormMapping(),
            sections: sections)
        #expect(
            proposals == [
                Proposal(
                    title: "SAELens", url: "https://github.com/jbloomAus/SAELens", section: "Libraries", description: nil,
                    origin: "issue #42")
            ])
    }

    @Test func severalLinksInOneIssueAndHeadingsTypedInAnswers() throws {
        let proposals = FormProposals.proposals(
            event: try event("issue-edited.json"), form: try form("form-propose.yml"), mapping: FormMapping(),
            sections: sections)
        #expect(proposals.map(\.title) == ["SAELens", "nnsight docs", ""])
        #expect(
            proposals.map(\.url) == [
                "https://github.com/jbloomAus/SAELens", "https://nnsight.net/docs/",
                "https://transformerlensorg.github.io/TransformerLens/",
            ])
        #expect(proposals[0].description == "Train sparse autoencoders")
        #expect(proposals[1].description == "Tools for ### interpretability ### not a field", "a ### line in an answer stays")
        #expect(proposals.allSatisfy { $0.section == "Libraries" })
    }

    @Test func fieldsAreInferredWhenTheirNamesSayNothing() throws {
        let proposals = FormProposals.proposals(
            event: try event("issue-inferred.json"), form: try form("form-inferred.yml"), mapping: FormMapping(),
            sections: sections)
        #expect(
            proposals == [
                Proposal(
                    title: "Neuronpedia", url: "https://www.neuronpedia.org/?utm_source=x", section: "Blogs, Libraries",
                    description: "An open platform for interpretability research", origin: "issue #7")
            ])
    }

    @Test func theConfigurationCanNameTheFields() throws {
        let mapping = FormMapping(title: "Anything else?", url: "where", section: "Topic area", description: "resource-name")
        let proposals = FormProposals.proposals(
            event: try event("issue-inferred.json"), form: try form("form-inferred.yml"), mapping: mapping, sections: sections)
        #expect(proposals.first?.title == "An open platform for interpretability research")
        #expect(proposals.first?.description == "Neuronpedia")
    }

    @Test func withoutAFormTheBodysHeadingsAreTheFields() throws {
        let event = try event("issue-opened.json")
        let proposals = FormProposals.proposals(
            event: event, form: IssueForm.implied(by: event.body), mapping: FormMapping(), sections: sections)
        #expect(proposals.first?.url == "https://github.com/jbloomAus/SAELens")
        #expect(proposals.first?.title == "SAELens")
    }

    @Test func pullRequestsAndBadPayloads() throws {
        let pull = try event("pull-request.json")
        #expect(pull.kind == .pullRequest(base: String(repeating: "1", count: 40), head: String(repeating: "2", count: 40)))
        #expect(pull.number == 5)
        #expect(throws: CurateError.event(path: "x.json", reason: "it is not a JSON object")) {
            try GitHubEvent.parse(Array("[1]".utf8), path: "x.json")
        }
        #expect(throws: CurateError.event(path: "x.json", reason: "it has neither an issue nor a pull_request")) {
            try GitHubEvent.parse(Array("{\"action\": \"push\"}".utf8), path: "x.json")
        }
    }

    @Test func markdownTablesCannotBeInjected() {
        let result = ReviewResult(
            status: .invalid, proposal: Proposal(title: "a | b <script>[x](y)", url: "https://e.com/`|", section: "S"),
            key: nil, section: "S")
        let markdown = ReviewRenderer.markdown(post: "p.md", results: [result], commit: nil)
        let row = try! #require(markdown.split(separator: "\n").last)
        #expect(row.components(separatedBy: " | ").count == 5, "\(row)")
        #expect(!row.contains("<script>") && !row.contains("[x](y)"))
    }
}

/// What people type into issue forms, as a new user tried it.
@Suite struct IssueFormAnswerTests {
    let form = IssueForm(
        name: "f", path: "f.yml",
        fields: [
            .init(kind: .input, id: "project", label: "Project name"),
            .init(kind: .textarea, id: "repo", label: "Repository"),
            .init(kind: .dropdown, id: "where", label: "Where does it go?", options: ["Command Line", "Web"], multiple: true),
        ])

    func proposals(_ body: String, sections: [String] = ["Awesome Tools / Command Line", "Command Line", "Web"]) -> [Proposal] {
        let event = GitHubEvent(kind: .issue, action: "opened", number: 3, title: "", body: body, labels: [])
        return FormProposals.proposals(event: event, form: form, mapping: FormMapping(), sections: sections)
    }

    @Test func fencedAngledAndPunctuatedURLsAreCleaned() {
        for url in [
            "```text\nhttps://github.com/ajeetdsouza/zoxide\n```", "<https://github.com/ajeetdsouza/zoxide>",
            "https://github.com/ajeetdsouza/zoxide.",
        ] {
            let found = proposals(
                "### Project name\n\nzoxide\n\n### Repository\n\n\(url)\n\n### Where does it go?\n\nCommand Line")
            #expect(found.map(\.url) == ["https://github.com/ajeetdsouza/zoxide"], "\(url)")
            #expect(found.first?.title == "zoxide", "the label word `name` names the title")
            #expect(found.first?.section == "Command Line", "a dropdown of the titles under a # Title")
        }
    }

    @Test func severalSectionsAreNotSilentlyNarrowedToOne() {
        let found = proposals(
            "### Project name\n\nzoxide\n\n### Repository\n\nhttps://a.example/\n\n### Where does it go?\n\nCommand Line, Web")
        #expect(found.first?.section == "Command Line, Web")
    }
}
