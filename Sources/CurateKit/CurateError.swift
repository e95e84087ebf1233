/// Everything that stops curate from doing what it was asked, with what to do about it.
///
/// Printed by the command line as `curate: error: <what> (<where>)` and, when there is
/// one, a second line with the hint.
public enum CurateError: Error, Equatable {
    case fileNotFound(path: String)
    case isDirectory(path: String)
    case unreadable(path: String, reason: String)
    case emptyFile(path: String)
    case binaryFile(path: String, line: Int)
    case notUTF8(path: String, line: Int, column: Int)
    case tooLarge(path: String, bytes: Int, limit: Int)
    case tooDeeplyNested(path: String, line: Int, limit: Int)
    /// A table so wide that cmark-gfm would take minutes to read it (``WideTables``).
    case tableTooWide(path: String, line: Int, columns: Int, rows: Int)
    /// A piece of a post (from a heading, or the whole post without any) whose parse
    /// would take more memory than curate gives one.
    case tooDenseToRead(path: String, line: Int)
    case frontMatterNotClosed(path: String, line: Int)
    case frontMatterYAML(path: String, line: Int, column: Int, message: String)
    case configuration(path: String, line: Int, column: Int, message: String, hint: String?)
    case noSuchConfigurationFile(path: String)
    case noConfiguration(directory: String)
    case noPosts(path: String)
    /// A configured post outside the configuration's repository (`../x.md`, an absolute
    /// path, a link out of the checkout).
    case postOutsideRepository(post: String, configuration: String, root: String)
    /// A command that works on one post, and a configuration naming several.
    case severalPosts(configuration: String, count: Int)
    case emptyProposals(path: String)
    /// A proposals file that is not the YAML list of proposals it should be.
    case proposals(path: String, line: Int, column: Int, message: String, hint: String?)
    /// An addition that would not read back as an entry where it goes (its section ends
    /// inside an unclosed code or HTML block).
    case entryWouldNotRead(path: String, title: String)
    /// A new entry's number in its ordered list would have ten digits or more, which
    /// CommonMark reads as no list marker.
    case entryNumberTooLarge(path: String, title: String)
    /// A GitHub event payload curate cannot read.
    case event(path: String, reason: String)
    case writeFailed(path: String, reason: String)
    case invalidURL(url: String, reason: String)
    case unsafeEdit(path: String, reason: String)

    /// What went wrong, as a sentence fragment.
    public var what: String {
        switch self {
        case .fileNotFound: return "no such file"
        case .isDirectory: return "is a directory, not a post"
        case let .unreadable(_, reason): return "cannot read the file: \(reason)"
        case let .tooDeeplyNested(_, _, limit):
            return "blocks nest more than \(limit) deep (lists, items and quotes within one another)"
        case let .tableTooWide(_, _, columns, rows):
            return
                "a table of \(columns) columns and \(rows) rows is more than curate reads: cmark-gfm takes time in the square of a table's columns for each row"
        case .tooDenseToRead:
            return "the Markdown from here on is more than curate reads at once (its parse would take over 1 GiB)"
        case .emptyFile: return "the file is empty"
        case .binaryFile: return "the file is binary (it contains a NUL byte), not Markdown"
        case .notUTF8: return "the file is not UTF-8 text"
        case let .tooLarge(_, bytes, limit):
            return "the file is \(bytes.formattedBytes), over the \(limit.formattedBytes) limit for a post"
        case .frontMatterNotClosed: return "the front matter opened with --- never closes"
        case let .frontMatterYAML(_, _, _, message): return "the front matter is not valid YAML: \(message)"
        case let .configuration(_, _, _, message, _), let .proposals(_, _, _, message, _): return message
        case .noSuchConfigurationFile: return "no such configuration file"
        case .noConfiguration: return "no post given and no curate.yml found"
        case .noPosts: return "the configuration names no posts"
        case let .postOutsideRepository(post, _, root):
            return "the configured post \(post.debugDescription) is outside the repository (\(root))"
        case let .severalPosts(_, count): return "the configuration names \(count) posts"
        case .emptyProposals: return "the proposals file is empty"
        case let .event(_, reason): return "cannot read the GitHub event: \(reason)"
        case let .entryWouldNotRead(_, title):
            return "the new entry \(title.debugDescription) would not read as an entry where it goes"
        case let .entryNumberTooLarge(_, title):
            return
                "the new entry \(title.debugDescription) would be numbered past 999999999, and a list number has at most nine digits"
        case let .writeFailed(_, reason): return "cannot write the file: \(reason)"
        case let .invalidURL(url, reason): return "\(url.quotedForMessage(limit: 200)) is not a web link: \(reason)"
        case let .unsafeEdit(_, reason): return "refusing to write a change that would alter links: \(reason)"
        }
    }

    /// The file, line or ref involved.
    public var location: String {
        switch self {
        case let .fileNotFound(path), let .isDirectory(path), let .unreadable(path, _), let .emptyFile(path),
            let .tooLarge(path, _, _), let .noPosts(path), let .writeFailed(path, _), let .unsafeEdit(path, _):
            return path
        case let .binaryFile(path, line), let .frontMatterNotClosed(path, line), let .tableTooWide(path, line, _, _),
            let .tooDenseToRead(path, line), let .tooDeeplyNested(path, line, _):
            return "\(path):\(line)"
        case let .notUTF8(path, line, column), let .frontMatterYAML(path, line, column, _),
            let .configuration(path, line, column, _, _):
            return "\(path):\(line):\(column)"
        case let .noConfiguration(directory): return directory
        case .invalidURL: return "argument"
        case let .noSuchConfigurationFile(path), let .emptyProposals(path), let .entryWouldNotRead(path, _),
            let .entryNumberTooLarge(path, _),
            let .event(path, _):
            return path
        case let .severalPosts(configuration, _): return configuration
        case let .postOutsideRepository(_, configuration, _): return configuration
        case let .proposals(path, line, column, _, _): return "\(path):\(line):\(column)"
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
        case .tooDeeplyNested: return "flatten the nesting; no reader sees that many levels"
        case .tableTooWide: return "split the table into narrower ones, or make it a list"
        case .tooDenseToRead: return "add `##` headings: curate reads a long post a section at a time"
        case .frontMatterNotClosed: return "add a line with --- after the front matter"
        case .frontMatterYAML: return "fix the YAML between the --- lines"
        case let .configuration(_, _, _, _, hint), let .proposals(_, _, _, _, hint): return hint
        case .noSuchConfigurationFile: return "check the --config path"
        case .severalPosts: return "choose one with --post PATH"
        case .event: return "give the file $GITHUB_EVENT_PATH names in an issues or pull_request workflow"
        case .emptyProposals: return "add proposals: - title: …, url: …, section: …"
        case .entryWouldNotRead:
            return "its section ends inside an unclosed code block or HTML block: close it, then try again"
        case .entryNumberTooLarge: return "renumber the list from a smaller number, then try again"
        case .noConfiguration:
            return "pass --post PATH, or create curate.yml with a posts: list (see Documentation/Configuration.md)"
        case .noPosts: return "add the post paths under posts:"
        case .postOutsideRepository:
            return "curate.yml names posts of its own repository only; to work on another file, pass --post PATH"
        case .unsafeEdit: return "this is a bug in curate; please report it with the post"
        default: return nil
        }
    }
}

extension Int {
    var formattedBytes: String {
        if self >= 1 << 20 { return "\(self >> 20) MiB" }
        if self >= 1 << 10 { return "\(self >> 10) KiB" }
        return "\(self) bytes"
    }
}
