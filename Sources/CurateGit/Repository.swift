import CGit2

/// An error from libgit2, with libgit2's own message read right after the failing call.
public struct GitError: Error, Equatable, CustomStringConvertible {
    public var code: Int32
    public var message: String
    /// What curate was doing (`open repository at /x`).
    public var operation: String

    public var description: String { "\(operation): \(message)" }

    /// Throws when `code` is negative, carrying `git_error_last()`'s message.
    static func check(_ code: Int32, _ operation: @autoclosure () -> String) throws {
        guard code < 0 else { return }
        var message = "libgit2 error \(code)"
        if let last = git_error_last(), let text = last.pointee.message {
            message = String(cString: text)
        }
        throw GitError(code: code, message: message, operation: operation())
    }
}

/// libgit2's global state, set up once per process.
enum LibGit2 {
    static let initialized: Bool = {
        git_libgit2_init()
        return true
    }()
}

/// A git repository, opened through libgit2. Owns its pointer and frees it in `deinit`.
public final class Repository {
    private let pointer: OpaquePointer

    private init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        git_repository_free(pointer)
    }

    /// Opens the repository containing `path` (searching upward, as git does; linked
    /// worktrees and bare repositories included).
    public static func discover(from path: String) throws -> Repository {
        _ = LibGit2.initialized
        var handle: OpaquePointer?
        try GitError.check(
            git_repository_open_ext(&handle, path, 0, nil), "open the repository containing \(path)")
        guard let handle else { throw GitError(code: -1, message: "no repository", operation: "open \(path)") }
        return Repository(handle)
    }

    /// The working tree's root (with a trailing `/`), or nil for a bare repository.
    public var workingDirectory: String? {
        git_repository_workdir(pointer).map { String(cString: $0) }
    }

    /// The repository's git folder (`.git/`, or a worktree's own).
    public var gitDirectory: String {
        String(cString: git_repository_path(pointer))
    }

    public var isBare: Bool { git_repository_is_bare(pointer) == 1 }
}
