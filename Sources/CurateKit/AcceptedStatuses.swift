import Foundation

/// `--accept`: the statuses taken as alive, as lychee writes them (`200..=299, 403`,
/// `200..300`).
public struct AcceptedStatuses: Sendable, Equatable {
    public var ranges: [ClosedRange<Int>]

    public static let `default` = AcceptedStatuses(ranges: [100...103, 200...299])

    public init(ranges: [ClosedRange<Int>]) {
        self.ranges = ranges
    }

    /// Nil when the text is not a list of codes and ranges.
    public init?(parsing text: String) {
        var ranges: [ClosedRange<Int>] = []
        for part in text.split(separator: ",") {
            let item = part.trimmingCharacters(in: .whitespaces)
            if let code = Int(item) {
                ranges.append(code...code)
            } else if let range = item.range(of: "..=") ?? item.range(of: "..") {
                let inclusive = item[range] == "..="
                guard let low = Int(item[..<range.lowerBound]), let high = Int(item[range.upperBound...]),
                    inclusive ? low <= high : low < high
                else { return nil }
                ranges.append(low...(inclusive ? high : high - 1))
            } else {
                return nil
            }
        }
        guard !ranges.isEmpty, ranges.allSatisfy({ $0.lowerBound >= 100 && $0.upperBound <= 999 }) else { return nil }
        self.ranges = ranges
    }

    public func contains(_ status: Int) -> Bool {
        ranges.contains { $0.contains(status) }
    }
}
