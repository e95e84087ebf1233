import ArgumentParser
import CurateGit
import CurateKit
import Foundation

/// Flags every command that reads posts shares.
struct PostOptions: ParsableArguments {
    @Option(
        name: .customLong("post"), help: ArgumentHelp("A post to read (instead of the posts in curate.yml).", valueName: "path"))
    var post: [String] = []

    @Option(help: ArgumentHelp("The configuration file (default: curate.yml found from the current folder).", valueName: "path"))
    var config: String?

    /// The configuration: --config, else the one found from the current folder, else defaults.
    func loadConfiguration() throws -> Configuration {
        if let config {
            guard FileSystem.fileExists(config) else {
                throw CurateError.other(
                    what: "no such configuration file", location: config, hint: "check the --config path")
            }
            return try Configuration.load(path: config)
        }
        let cwd = FileSystem.currentDirectory
        return try Configuration.discover(from: cwd)
            ?? Configuration(root: Configuration.repositoryRoot(containing: cwd) ?? cwd)
    }

    /// The posts to work on: positional paths, else --post, else the configuration's.
    func postPaths(_ positional: [String], configuration: Configuration) throws -> [String] {
        if !positional.isEmpty { return positional }
        if !post.isEmpty { return post }
        guard configuration.file != nil else {
            throw CurateError.noConfiguration(directory: FileSystem.currentDirectory)
        }
        guard !configuration.posts.isEmpty else {
            throw CurateError.noPosts(path: configuration.file ?? "curate.yml")
        }
        return configuration.postPaths.map(displayPath)
    }
}

/// A path as the user would type it from the current folder.
func displayPath(_ path: String) -> String {
    let cwd = FileSystem.currentDirectory
    let standardized = Path.standardized(path)
    if standardized.hasPrefix(cwd + "/") { return String(standardized.dropFirst(cwd.count + 1)) }
    return path
}

/// The output formats of `curate check`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, github
}

/// The output formats of the other commands: text for people, JSON for scripts.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Runs a command body, turning curate's errors into the contract's one line and exit 2.
func runReportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as CurateError {
        Terminal.error(error)
        throw ExitCode(2)
    } catch let error as URLProblem {
        Terminal.error(.other(what: "\(error)", location: "argument", hint: nil))
        throw ExitCode(2)
    } catch let error as FileCommitError {
        Terminal.error(.other(what: error.what, location: error.location, hint: error.hint))
        throw ExitCode(2)
    } catch let error as GitError {
        Terminal.error(.other(what: "git: \(error.message)", location: error.operation, hint: nil))
        throw ExitCode(2)
    }
}
