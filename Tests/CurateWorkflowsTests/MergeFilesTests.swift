import CurateKit
import CurateTestSupport
import CurateWorkflows
import Foundation
import Testing

/// `MergeFiles`: git's three files merged by entries, the result in OURS.
@Suite struct MergeFilesTests {
    func files(base: String, ours: String, theirs: String) throws -> MergeFiles {
        let folder = try temporaryDirectory()
        for (name, text) in [("base", base), ("ours", ours), ("theirs", theirs)] {
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        }
        return MergeFiles(
            base: folder.appendingPathComponent("base").path, ours: folder.appendingPathComponent("ours").path,
            theirs: folder.appendingPathComponent("theirs").path, path: "list.md",
            selection: PostSelection(directory: folder.path))
    }

    @Test func bothSidesAdditionsLandInOurs() throws {
        let merge = try files(
            base: samplePost, ours: samplePost + "2. [Ours](https://ours.example/)\n",
            theirs: samplePost + "2. [Theirs](https://theirs.example/)\n")
        let outcome = try merge.run()
        #expect(outcome.conflicts == 0 && outcome.path == "list.md")
        let merged = try String(contentsOfFile: merge.ours, encoding: .utf8)
        #expect(merged.contains("[Ours](https://ours.example/)") && merged.contains("[Theirs](https://theirs.example/)"))
    }

    @Test func anEntryEditedBothWaysIsLeftBetweenMarkers() throws {
        let merge = try files(
            base: samplePost, ours: samplePost.replacingOccurrences(of: "[nnsight]", with: "[nnsight (ours)]"),
            theirs: samplePost.replacingOccurrences(of: "[nnsight]", with: "[nnsight (theirs)]"))
        let outcome = try merge.run()
        #expect(outcome.conflicts == 1)
        let merged = try String(contentsOfFile: merge.ours, encoding: .utf8)
        #expect(merged.contains("<<<<<<< ours") && merged.contains("nnsight (ours)") && merged.contains("nnsight (theirs)"))
    }
}
