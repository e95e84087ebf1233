enum EditDistance {
    /// Levenshtein distance between two sequences (never more than the longer one's length).
    static func levenshtein<T: Equatable>(_ a: [T], _ b: [T]) -> Int {
        levenshtein(a, b, limit: max(a.count, b.count))!
    }

    /// The Levenshtein distance between `a` and `b` when it is at most `limit`, else nil;
    /// stops as soon as a row shows the distance must exceed the limit.
    static func levenshtein<T: Equatable>(_ a: [T], _ b: [T], limit: Int) -> Int? {
        guard abs(a.count - b.count) <= limit else { return nil }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var smallest = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                smallest = min(smallest, current[j])
            }
            // Every later row is at least this row's smallest value.
            if smallest > limit { return nil }
            swap(&previous, &current)
        }
        return previous[b.count] <= limit ? previous[b.count] : nil
    }
}
