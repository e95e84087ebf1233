import CurateTestSupport
import Foundation

/// Runs the built `curate` binary.
enum CLI {
    typealias Result = ProcessResult

    static var binary: URL {
        // The test bundle sits beside the products.
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("curate").path) && directory.path != "/" {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("curate")
    }

    static var packageRoot: URL { CurateTestSupport.packageRoot }

    @discardableResult
    static func run(_ arguments: [String], in directory: URL? = nil, stdin: String? = nil, environment: [String: String] = [:])
        throws -> Result
    {
        try runProcess(binary, arguments, in: directory, stdin: stdin, environment: environment)
    }

    static func temporaryDirectory() throws -> URL {
        try CurateTestSupport.temporaryDirectory()
    }
}
