import Testing

@testable import CurateWorkflows

/// Which github.com links are repositories, to be asked of GitHub's API with a token.
@Suite struct GitHubRepositoriesTests {
    @Test func aRepositorysOwnPageIsOne() {
        #expect(GitHubRepositories.repository(in: "https://github.com/jbloomAus/SAELens")! == ("jbloomAus", "SAELens"))
        #expect(GitHubRepositories.repository(in: "https://github.com/a/b.git")! == ("a", "b"))
    }

    @Test(arguments: [
        "https://github.com/topics/llm", "https://github.com/sponsors/someone", "https://github.com/orgs/openai",
        "https://github.com/marketplace/actions", "https://github.com/features/copilot", "https://github.com/trending/swift",
        "https://github.com/a/b/issues", "https://github.com/a",
    ])
    func githubsOwnPagesAreNot(url: String) {
        #expect(GitHubRepositories.repository(in: url) == nil)
    }
}
