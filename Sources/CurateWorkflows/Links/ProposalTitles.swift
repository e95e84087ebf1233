import CurateKit

/// Titles for proposals given by URL only (`--url U --section S`, a YAML item without a
/// title): fetched from the resource (arXiv's API, DOI metadata, GitHub's API, oEmbed,
/// `og:title` or `<title>`). A title a person wrote is never replaced.
public struct ProposalTitles: Sendable {
    /// Where each fetched title came from, or why none was found, by proposal index.
    public var notes: [Int: String] = [:]

    public init() {}

    /// `proposals` with the missing titles fetched; what happened is in `notes`.
    public static func fill(_ proposals: [Proposal], with fetcher: TitleFetcher) -> ([Proposal], ProposalTitles) {
        var filled = proposals
        var titles = ProposalTitles()
        let missing = proposals.indices.filter {
            proposals[$0].title.trimmingCharacters(in: .whitespaces).isEmpty && !proposals[$0].url.isEmpty
        }
        let fetched = Parallel.map(missing, minimumChunk: 1) { index in fetcher.title(for: proposals[index].url) }
        for (index, result) in zip(missing, fetched) {
            switch result {
            case let .success(title):
                filled[index].title = title.title
                titles.notes[index] = "title from \(title.source.rawValue)"
            case let .failure(problem):
                titles.notes[index] = "no title found: \(problem)"
            }
        }
        return (filled, titles)
    }

    /// The review's results saying where their titles came from (results are in the
    /// proposals' order).
    public func annotate(_ results: [ReviewResult]) -> [ReviewResult] {
        results.enumerated().map { index, result in
            guard let note = notes[index] else { return result }
            var annotated = result
            annotated.reason = result.reason.map { $0 + "; " + note } ?? note
            return annotated
        }
    }
}
