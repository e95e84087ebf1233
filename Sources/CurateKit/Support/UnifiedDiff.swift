/// A unified diff of two texts by lines (Myers' O(ND) algorithm, within a budget), as
/// `diff -u` prints it.
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

    /// An edit script from `a` to `b`: the shortest (Myers) where finding it takes at most
    /// ``budget`` rounds, which covers every edit a person makes by hand. A text rewritten
    /// in more places than that (fmt normalizing a large list that needs it: thousands of
    /// changed lines) is cut at the lines that appear once in each text and in the same
    /// order in both (as `git diff --patience` anchors them), and the pieces between are
    /// diffed alike; a piece with no such line, still over the budget, is shown replaced
    /// whole. The shortest script of a long text rewritten in many places took memory in
    /// proportion to its length times its changes (gigabytes for a 16k-line list).
    static func edits(_ a: [String], _ b: [String]) -> [Edit] {
        // Each distinct line as a number: lines compared as numbers, not strings.
        var numbers: [String: Int] = [:]
        func number(_ line: String) -> Int {
            if let known = numbers[line] { return known }
            numbers[line] = numbers.count
            return numbers.count - 1
        }
        let x = a.map(number)
        let y = b.map(number)
        var script: [Edit] = []
        script.reserveCapacity(x.count + y.count)
        diff(x[...], y[...], into: &script)
        return script
    }

    /// The most rounds (differences) the shortest script is searched for in one piece:
    /// its search keeps about `budget`² numbers.
    static let budget = 4000

    private static func diff(_ a: ArraySlice<Int>, _ b: ArraySlice<Int>, into script: inout [Edit]) {
        // The common prefix and suffix: most changes are small.
        var aLow = a.startIndex, bLow = b.startIndex
        while aLow < a.endIndex, bLow < b.endIndex, a[aLow] == b[bLow] {
            aLow += 1
            bLow += 1
        }
        var aHigh = a.endIndex, bHigh = b.endIndex
        while aHigh > aLow, bHigh > bLow, a[aHigh - 1] == b[bHigh - 1] {
            aHigh -= 1
            bHigh -= 1
        }
        script.append(contentsOf: repeatElement(.same, count: aLow - a.startIndex))
        let x = a[aLow..<aHigh]
        let y = b[bLow..<bHigh]
        if x.isEmpty || y.isEmpty {
            replace(x.count, by: y.count, in: &script)
        } else if let shortest = shortest(x, y) {
            script.append(contentsOf: shortest)
        } else if let anchors = uniqueAnchors(x, y) {
            var aNext = x.startIndex, bNext = y.startIndex
            for (i, j) in anchors {
                diff(x[aNext..<i], y[bNext..<j], into: &script)
                script.append(.same)
                aNext = i + 1
                bNext = j + 1
            }
            diff(x[aNext...], y[bNext...], into: &script)
        } else {
            replace(x.count, by: y.count, in: &script)
        }
        script.append(contentsOf: repeatElement(.same, count: a.endIndex - aHigh))
    }

    /// `removed` lines taken out, then `added` put in their place.
    private static func replace(_ removed: Int, by added: Int, in script: inout [Edit]) {
        script.append(contentsOf: repeatElement(.delete, count: removed))
        script.append(contentsOf: repeatElement(.insert, count: added))
    }

    /// The shortest edit script from `x` to `y` (Myers' O(ND) algorithm, neither empty,
    /// their first and last lines different); nil when it differs in more than ``budget``
    /// places. Round `d` keeps the furthest point of its diagonals `-d...d` only.
    private static func shortest(_ x: ArraySlice<Int>, _ y: ArraySlice<Int>) -> [Edit]? {
        let n = x.count, m = y.count
        let x0 = x.startIndex, y0 = y.startIndex
        let limit = min(n + m, budget)
        // Furthest x on each diagonal k (offset by `limit + 1`), this round and before.
        var v = [Int](repeating: 0, count: 2 * limit + 3)
        let center = limit + 1
        // Round d's diagonals -d...d, one after the other (the start of round d is d²).
        var trace: [Int] = []
        var rounds = 0
        search: for d in 0...limit {
            trace.append(contentsOf: v[(center - d)...(center + d)])
            rounds = d + 1
            for k in stride(from: -d, through: d, by: 2) {
                var xi =
                    (k == -d || (k != d && v[center + k - 1] < v[center + k + 1])) ? v[center + k + 1] : v[center + k - 1] + 1
                var yi = xi - k
                while xi < n, yi < m, x[x0 + xi] == y[y0 + yi] {
                    xi += 1
                    yi += 1
                }
                v[center + k] = xi
                if xi >= n && yi >= m { break search }
            }
            if d == limit { return nil }
        }
        // Back from the end, through the rounds kept.
        var middle: [Edit] = []
        var xi = n, yi = m
        for d in stride(from: rounds - 1, through: 0, by: -1) {
            // Round d's diagonal k was kept at d² + (k + d).
            func furthest(_ k: Int) -> Int { trace[d * d + k + d] }
            let k = xi - yi
            let previousK = (k == -d || (k != d && furthest(k - 1) < furthest(k + 1))) ? k + 1 : k - 1
            let previousX = furthest(previousK)
            let previousY = previousX - previousK
            while xi > previousX, yi > previousY {
                middle.append(.same)
                xi -= 1
                yi -= 1
            }
            if d > 0 { middle.append(xi == previousX ? .insert : .delete) }
            xi = previousX
            yi = previousY
        }
        return middle.reversed()
    }

    /// The lines that appear once in `x` and once in `y`, paired, as many as keep their
    /// order in both (the longest increasing run of their places in `y`, by patience
    /// sorting); nil when there are none.
    private static func uniqueAnchors(_ x: ArraySlice<Int>, _ y: ArraySlice<Int>) -> [(Int, Int)]? {
        // For each line: its count in x and y, and its place in each (the last seen).
        var seen: [Int: (inX: Int, inY: Int, i: Int, j: Int)] = [:]
        for i in x.indices { seen[x[i], default: (0, 0, 0, 0)].inX += 1; seen[x[i]]!.i = i }
        for j in y.indices { seen[y[j], default: (0, 0, 0, 0)].inY += 1; seen[y[j]]!.j = j }
        // The unique pairs in the order of x.
        var pairs: [(Int, Int)] = []
        for i in x.indices {
            if let found = seen[x[i]], found.inX == 1, found.inY == 1 { pairs.append((i, found.j)) }
        }
        guard !pairs.isEmpty else { return nil }
        // Patience sorting: piles' tops by their place in y, each pair linked to the top of
        // the pile to its left when it was laid.
        var tops: [Int] = []
        var previous = [Int](repeating: -1, count: pairs.count)
        for (index, pair) in pairs.enumerated() {
            var low = 0, high = tops.count
            while low < high {
                let mid = (low + high) / 2
                if pairs[tops[mid]].1 < pair.1 { low = mid + 1 } else { high = mid }
            }
            if low > 0 { previous[index] = tops[low - 1] }
            if low == tops.count { tops.append(index) } else { tops[low] = index }
        }
        var anchors: [(Int, Int)] = []
        var index = tops.last ?? -1
        while index >= 0 {
            anchors.append(pairs[index])
            index = previous[index]
        }
        return anchors.reversed()
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
