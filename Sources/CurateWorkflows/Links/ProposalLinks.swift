import CurateKit

/// `diff --check-links` and `propose --check-links`: the proposals' links checked as
/// `curate links` checks a post's (each resource once, politely, with the cache). A dead
/// link refuses its proposal; an unverified one is noted.
public struct ProposalLinks: Sendable {
    /// Why a proposal is refused, by proposal index.
    public var refusals: [Int: String] = [:]
    /// Notes for the review (an unverified link), by proposal index.
    public var notes: [Int: String] = [:]

    public init() {}

    public static func check(_ proposals: [Proposal], with check: LinkCheck) throws -> ProposalLinks {
        let reports = try check.check(urls: proposals.map(\.url))
        let configuration = try check.selection.configuration()
        var byKey: [String: LinkReport] = [:]
        for report in reports { byKey[report.key] = report }
        var result = ProposalLinks()
        for (index, proposal) in proposals.enumerated() {
            guard let key = try? configuration.identity.key(for: proposal.url), let report = byKey[key] else { continue }
            let reason = report.verdict.reason.map { $0.rawValue } ?? report.verdict.status.rawValue
            switch report.verdict.status {
            case .dead: result.refusals[index] = "the link is dead (\(reason))"
            case .unverified: result.notes[index] = "the link could not be verified (\(reason))"
            case .alive: break
            }
        }
        return result
    }

    /// The review with dead links refused (their additions dropped) and notes added.
    public func apply(to review: Review) -> Review {
        var adjusted = review
        for (index, reason) in refusals where index < adjusted.results.count {
            adjusted.results[index].status = .invalid
            adjusted.results[index].reason = reason
        }
        for (index, note) in notes where index < adjusted.results.count {
            adjusted.results[index].reason = adjusted.results[index].reason.map { $0 + "; " + note } ?? note
        }
        adjusted.additions.removeAll { refusals[$0.result] != nil }
        return adjusted
    }
}
