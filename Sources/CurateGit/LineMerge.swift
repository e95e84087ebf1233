import CGit2

/// git's own three-way merge of a file by lines (libgit2's `git_merge_file`, the merge
/// `git merge` makes without a driver): clean hunks merged, overlapping changes left
/// between `<<<<<<<`, `=======` and `>>>>>>>` markers.
public enum LineMerge {
    public struct Result: Sendable, Equatable {
        public var bytes: [UInt8]
        /// Conflicts left between markers.
        public var conflicts: Int
    }

    /// Merges `ours` and `theirs` from `base` (empty when there is none), labelling the
    /// markers `ours` and `theirs` as git's merge driver placeholders do.
    public static func merge(
        base: [UInt8], ours: [UInt8], theirs: [UInt8], labels: (ours: String, theirs: String) = ("ours", "theirs"),
        markerSize: Int = 7
    ) throws -> Result {
        _ = LibGit2.initialized
        var options = git_merge_file_options()
        try GitError.check(git_merge_file_options_init(&options, UInt32(GIT_MERGE_FILE_OPTIONS_VERSION)), "prepare a merge")
        options.marker_size = UInt16(clamping: markerSize)
        var result = git_merge_file_result()
        defer { git_merge_file_result_free(&result) }
        try base.withUnsafeBytes { baseBytes in
            try ours.withUnsafeBytes { ourBytes in
                try theirs.withUnsafeBytes { theirBytes in
                    try labels.ours.withCString { ourLabel in
                        try labels.theirs.withCString { theirLabel in
                            try "base".withCString { baseLabel in
                                options.our_label = ourLabel
                                options.their_label = theirLabel
                                options.ancestor_label = baseLabel
                                var inputs = [baseBytes, ourBytes, theirBytes].map { raw in
                                    var input = git_merge_file_input()
                                    input.version = UInt32(GIT_MERGE_FILE_INPUT_VERSION)
                                    input.ptr = raw.baseAddress?.assumingMemoryBound(to: CChar.self)
                                    input.size = raw.count
                                    input.mode = 0o100644
                                    return input
                                }
                                try GitError.check(
                                    git_merge_file(&result, &inputs[0], &inputs[1], &inputs[2], &options), "merge by lines")
                            }
                        }
                    }
                }
            }
        }
        var bytes: [UInt8] = []
        if let pointer = result.ptr, result.len > 0 {
            bytes = pointer.withMemoryRebound(to: UInt8.self, capacity: result.len) {
                Array(UnsafeBufferPointer(start: $0, count: result.len))
            }
        }
        return Result(bytes: bytes, conflicts: result.automergeable == 1 ? 0 : countConflicts(bytes, markerSize: markerSize))
    }

    /// The number of `<<<<<<<` lines that open a conflict (at least one).
    static func countConflicts(_ bytes: [UInt8], markerSize: Int) -> Int {
        let marker = [UInt8](repeating: UInt8(ascii: "<"), count: markerSize)
        var count = 0
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        where line.starts(with: marker) && (line.count == markerSize || line[line.startIndex + markerSize] == 0x20) {
            count += 1
        }
        return max(count, 1)
    }
}
