import Foundation

@testable import CurateKit

enum Fixtures {
    static var directory: URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures")
    }

    static var names: [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: directory.path))?.filter { $0.hasSuffix(".md") }.sorted() ?? []
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    static func post(_ name: String) throws -> Post {
        try PostReader.parse(bytes(name), path: name)
    }
}

/// An example with `↓` markers: the text without them, and the (line, column) of each.
struct MarkedExample {
    var text: String
    var positions: [Position]

    struct Position: Hashable, CustomStringConvertible {
        var line: Int
        var column: Int
        var description: String { "\(line):\(column)" }
    }

    init(_ marked: String) {
        var text = ""
        var positions: [Position] = []
        var line = 1
        var column = 1
        for scalar in marked.unicodeScalars {
            if scalar == "↓" {
                positions.append(Position(line: line, column: column))
                continue
            }
            text.unicodeScalars.append(scalar)
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        self.text = text
        self.positions = positions
    }
}

/// A post read from `text`; rule examples are read as a post named by its date, as Jekyll
/// names posts.
func parse(_ text: String, path: String = "2025-05-26-example.md") throws -> Post {
    try PostReader.parse(Array(text.utf8), path: path)
}

/// A stand-in for git's line merge in engine tests (CurateKit has no libgit2): the side
/// that changed when only one did, else the whole file between markers.
let coarseLineMerge: MergeDriver.LineMerge = { base, ours, theirs in
    if ours == theirs || theirs == base { return (ours, 0) }
    if ours == base { return (theirs, 0) }
    var bytes = Array("<<<<<<< ours\n".utf8) + ours
    if ours.last != 0x0A { bytes.append(0x0A) }
    bytes += Array("=======\n".utf8) + theirs
    if theirs.last != 0x0A { bytes.append(0x0A) }
    return (bytes + Array(">>>>>>> theirs\n".utf8), 1)
}
