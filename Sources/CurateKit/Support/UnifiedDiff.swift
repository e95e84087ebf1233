/// A unified diff of two texts by lines (Myers' O(ND) algorithm), as `diff -u` prints it.
public enum UnifiedDiff {
    public static func make(old: [UInt8], new: [UInt8], oldName: String, newName: String, context: Int = 3) -> String {
        let a = lines(old)
        let b = lines(new)
        // The script as (edit, line in a, line in b) steps.
        var steps: [(edit: Edit, x: Int, y: Int)] = []
        var x = 0, y = 0
        for edit in edits(a, b) {
            steps.append((edit, x, y))
            if edit != .insert { x += 1 }
            if edit != .delete { y += 1 }
        }
        let changes = steps.indices.filter { steps[$0].edit != .same }
        guard !changes.isEmpty else { return "" }
        var output = "--- \(oldName)\n+++ \(newName)\n"
        var group = 0
        while group < changes.count {
            // Changes closer than 2 × context lines share a hunk.
            var last = group
            while last + 1 < changes.count, changes[last + 1] - changes[last] <= 2 * context { last += 1 }
            let from = max(0, changes[group] - context)
            let to = min(steps.count - 1, changes[last] + context)
            var body = ""
            var oldCount = 0, newCount = 0
            for step in steps[from...to] {
                switch step.edit {
                case .same: body += " " + a[step.x] + "\n"; oldCount += 1; newCount += 1
                case .delete: body += "-" + a[step.x] + "\n"; oldCount += 1
                case .insert: body += "+" + b[step.y] + "\n"; newCount += 1
                }
            }
            let oldStart = oldCount == 0 ? steps[from].x : steps[from].x + 1
            let newStart = newCount == 0 ? steps[from].y : steps[from].y + 1
            output += "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\n" + body
            group = last + 1
        }
        return output
    }

    enum Edit: Equatable { case same, delete, insert }

    static func lines(_ bytes: [UInt8]) -> [String] {
        var result = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(
            String.init)
        if result.last == "" { result.removeLast() }
        return result
    }

    /// The shortest edit script from `a` to `b`.
    static func edits(_ a: [String], _ b: [String]) -> [Edit] {
        // Trim the common prefix and suffix: most changes are small.
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] {
            suffix += 1
        }
        let x = Array(a[prefix..<(a.count - suffix)])
        let y = Array(b[prefix..<(b.count - suffix)])
        let n = x.count, m = y.count
        let max = n + m
        var middle: [Edit] = []
        if n == 0 || m == 0 {
            middle = Array(repeating: .delete, count: n) + Array(repeating: .insert, count: m)
        } else {
            var v = [Int](repeating: 0, count: 2 * max + 2)
            var trace: [[Int]] = []
            search: for d in 0...max {
                trace.append(v)
                for k in stride(from: -d, through: d, by: 2) {
                    var xi = (k == -d || (k != d && v[max + k - 1] < v[max + k + 1])) ? v[max + k + 1] : v[max + k - 1] + 1
                    var yi = xi - k
                    while xi < n, yi < m, x[xi] == y[yi] { xi += 1; yi += 1 }
                    v[max + k] = xi
                    if xi >= n && yi >= m { break search }
                }
            }
            // Backtrack.
            var xi = n, yi = m
            for d in stride(from: trace.count - 1, through: 0, by: -1) {
                let v = trace[d]
                let k = xi - yi
                let previousK = (k == -d || (k != d && v[max + k - 1] < v[max + k + 1])) ? k + 1 : k - 1
                let previousX = v[max + previousK]
                let previousY = previousX - previousK
                while xi > previousX, yi > previousY {
                    middle.append(.same)
                    xi -= 1
                    yi -= 1
                }
                if d > 0 {
                    middle.append(xi == previousX ? .insert : .delete)
                }
                xi = previousX
                yi = previousY
            }
            middle.reverse()
        }
        return Array(repeating: .same, count: prefix) + middle + Array(repeating: .same, count: suffix)
    }
}

extension UnifiedDiff {
    /// The 1-based lines of `new` that were added or changed relative to `old`.
    public static func changedLines(old: [UInt8], new: [UInt8]) -> Set<Int> {
        var result: Set<Int> = []
        var line = 0
        for edit in edits(lines(old), lines(new)) {
            switch edit {
            case .same: line += 1
            case .insert:
                line += 1
                result.insert(line)
            case .delete: break
            }
        }
        return result
    }
}
