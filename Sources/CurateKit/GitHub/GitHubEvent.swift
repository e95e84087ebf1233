import Foundation

/// The parts of a GitHub Actions event payload (`$GITHUB_EVENT_PATH`) curate reads: an
/// issue opened or edited, or a pull request.
public struct GitHubEvent: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case issue
        /// A pull request, with the commit its branch starts from and its head.
        case pullRequest(base: String, head: String)
    }

    public var kind: Kind
    /// `opened`, `edited`, `synchronize` ...
    public var action: String?
    public var number: Int
    public var title: String
    public var body: String
    public var labels: [String]

    public init(kind: Kind, action: String?, number: Int, title: String, body: String, labels: [String]) {
        self.kind = kind
        self.action = action
        self.number = number
        self.title = title
        self.body = body
        self.labels = labels
    }

    /// Reads a payload; a clear error naming the file when it is neither an issue nor a
    /// pull request event.
    public static func parse(_ bytes: [UInt8], path: String) throws -> GitHubEvent {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            throw CurateError.event(path: path, reason: "it is not a JSON object")
        }
        let action = object["action"] as? String
        func labels(_ item: [String: Any]) -> [String] {
            (item["labels"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
        }
        if let pull = object["pull_request"] as? [String: Any] {
            guard let number = pull["number"] as? Int ?? object["number"] as? Int,
                let base = (pull["base"] as? [String: Any])?["sha"] as? String,
                let head = (pull["head"] as? [String: Any])?["sha"] as? String
            else { throw CurateError.event(path: path, reason: "the pull request has no number, base.sha or head.sha") }
            return GitHubEvent(
                kind: .pullRequest(base: base, head: head), action: action, number: number,
                title: pull["title"] as? String ?? "", body: pull["body"] as? String ?? "", labels: labels(pull))
        }
        if let issue = object["issue"] as? [String: Any] {
            guard let number = issue["number"] as? Int else {
                throw CurateError.event(path: path, reason: "the issue has no number")
            }
            if issue["pull_request"] != nil {
                throw CurateError.event(path: path, reason: "it is a comment on a pull request, not an issue")
            }
            return GitHubEvent(
                kind: .issue, action: action, number: number, title: issue["title"] as? String ?? "",
                body: issue["body"] as? String ?? "", labels: labels(issue))
        }
        throw CurateError.event(path: path, reason: "it has neither an issue nor a pull_request")
    }
}
