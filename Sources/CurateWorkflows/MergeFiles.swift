import CurateGit
import CurateKit

/// `curate merge-driver`: git's three files merged by entries, the result written into
/// OURS (as git's `%O %A %B %P` merge-driver protocol asks).
public struct MergeFiles: Sendable {
    public var base: String
    public var ours: String
    public var theirs: String
    /// The post's path in the repository (`%P`), for messages.
    public var path: String?
    public var selection: PostSelection

    public init(base: String, ours: String, theirs: String, path: String? = nil, selection: PostSelection) {
        self.base = base
        self.ours = ours
        self.theirs = theirs
        self.path = path
        self.selection = selection
    }

    /// What the merge left.
    public struct Outcome: Sendable {
        /// The post, as git named it.
        public var path: String
        /// Conflicts left between markers.
        public var conflicts: Int
        /// Why the file was merged by lines, as git merges it, not by entries (a side that
        /// is not a post, prose changed on both sides ...); nil when merged by entries.
        public var byLines: String?
    }

    public func run() throws -> Outcome {
        let configuration = try selection.configuration()
        let shown = path ?? ours
        let baseBytes = try FileSystem.readAll(path: base, displayPath: base)
        let ourBytes = try FileSystem.readAll(path: ours, displayPath: ours)
        let theirBytes = try FileSystem.readAll(path: theirs, displayPath: theirs)
        // What is not an entry merges as git merges lines: libgit2's git_merge_file.
        let driver = MergeDriver(configuration: configuration) { base, ours, theirs in
            let merged = try LineMerge.merge(base: base, ours: ours, theirs: theirs)
            return (merged.bytes, merged.conflicts)
        }
        let merged = try driver.merge(base: baseBytes, ours: ourBytes, theirs: theirBytes, path: shown)
        try FileSystem.writeAtomically(merged.bytes, to: ours, displayPath: shown)
        return Outcome(path: shown, conflicts: merged.conflicts, byLines: merged.byLines)
    }
}
