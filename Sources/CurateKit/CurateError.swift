/// Everything that stops curate from doing what it was asked, with what to do about it.
///
/// Printed by the command line as `curate: error: <what> (<where>)` and, when there is
/// one, a second line with the hint.
public enum CurateError: Error, Equatable, CustomStringConvertible {
    case fileNotFound(path: String)
    case isDirectory(path: String)
    case unreadable(path: String, reason: String)
    case emptyFile(path: String)
    case binaryFile(path: String, line: Int)
    case notUTF8(path: String, line: Int, column: Int)
    case tooLarge(path: String, bytes: Int, limit: Int)
    case frontMatterNotClosed(path: String, line: Int)
    case frontMatterYAML(path: String, line: Int, column: Int, message: String)
    case configuration(path: String, line: Int, column: Int, message: String, hint: String?)
    case noConfiguration(directory: String)
    case noPosts(path: String)
    case writeFailed(path: String, reason: String)
    case invalidURL(url: String, reason: String)
    case unsafeEdit(path: String, reason: String)
    case other(what: String, location: String, hint: String?)

    /// What went wrong, as a sentence fragment.
    public var what: String {
        switch self {
        case .fileNotFound: return "no such file"
        case .isDirectory: return "is a directory, not a post"
        case let .unreadable(_, reason): return "cannot read the file: \(reason)"
        case .emptyFile: return "the file is empty"
        case .binaryFile: return "the file is binary (it contains a NUL byte), not Markdown"
        case .notUTF8: return "the file is not UTF-8 text"
        case let .tooLarge(_, bytes, limit):
            return "the file is \(bytes.formattedBytes), over the \(limit.formattedBytes) limit for a post"
        case .frontMatterNotClosed: return "the front matter opened with --- never closes"
        case let .frontMatterYAML(_, _, _, message): return "the front matter is not valid YAML: \(message)"
        case let .configuration(_, _, _, message, _): return message
        case .noConfiguration: return "no post given and no curate.yml found"
        case .noPosts: return "the configuration names no posts"
        case let .writeFailed(_, reason): return "cannot write the file: \(reason)"
        case let .invalidURL(url, reason): return "\(url.debugDescription) is not a web link: \(reason)"
        case let .unsafeEdit(_, reason): return "refusing to write a change that would alter links: \(reason)"
        case let .other(what, _, _): return what
        }
    }

    /// The file, line or ref involved.
    public var location: String {
        switch self {
        case let .fileNotFound(path), let .isDirectory(path), let .unreadable(path, _), let .emptyFile(path),
            let .tooLarge(path, _, _), let .noPosts(path), let .writeFailed(path, _), let .unsafeEdit(path, _):
            return path
        case let .binaryFile(path, line), let .frontMatterNotClosed(path, line):
            return "\(path):\(line)"
        case let .notUTF8(path, line, column), let .frontMatterYAML(path, line, column, _),
            let .configuration(path, line, column, _, _):
            return "\(path):\(line):\(column)"
        case let .noConfiguration(directory): return directory
        case .invalidURL: return "argument"
        case let .other(_, location, _): return location
        }
    }

    /// What to do next, when there is something useful to say.
    public var hint: String? {
        switch self {
        case .fileNotFound: return "check the path, or the posts: list in curate.yml"
        case .isDirectory: return "name the Markdown file of the post"
        case .emptyFile: return "a post needs at least its front matter and one section"
        case .binaryFile, .notUTF8: return "curate reads UTF-8 Markdown; convert the file or check the path"
        case .tooLarge: return "split the list into several posts"
        case .frontMatterNotClosed: return "add a line with --- after the front matter"
        case .frontMatterYAML: return "fix the YAML between the --- lines"
        case let .configuration(_, _, _, _, hint): return hint
        case .noConfiguration:
            return "pass --post PATH, or create curate.yml with a posts: list (see Documentation/Configuration.md)"
        case .noPosts: return "add the post paths under posts:"
        case .unsafeEdit: return "this is a bug in curate; please report it with the post"
        case let .other(_, _, hint): return hint
        default: return nil
        }
    }

    public var description: String {
        "\(what) (\(location))"
    }
}

extension Int {
    var formattedBytes: String {
        if self >= 1 << 20 { return "\(self >> 20) MiB" }
        if self >= 1 << 10 { return "\(self >> 10) KiB" }
        return "\(self) bytes"
    }
}
