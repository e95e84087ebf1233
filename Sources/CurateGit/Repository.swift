import CGit2
import CGit2Shim
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A git repository, opened through libgit2. Owns its pointer and frees it in `deinit`;
/// every other libgit2 object lives only inside the method that uses it.
public final class Repository {
    let pointer: OpaquePointer
    /// Tests only: runs when `commitFile` is about to move a checked-out branch, after
    /// the post and the index took the new version (another writer moving it then).
    var beforeBranchMoves: (() throws -> Void)?
    /// Tests only: runs when `commitFile` has put the new version of the file in place,
    /// before staging it (an editor saving then).
    var afterPlacing: (() throws -> Void)?

    /// The blobs read, by id (up to 64 MiB of them).
    private let blobs = BlobMemo()

    private init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        git_repository_free(pointer)
    }

    /// Opens the repository containing `path` (searching upward, as git does; linked
    /// worktrees and bare repositories included).
    ///
    /// With `GIT_DIR` in the environment, that repository, as git takes it (a bare one
    /// with `GIT_WORK_TREE` for a home folder's files, say), wherever `path` is.
    public static func discover(from path: String) throws -> Repository {
        _ = LibGit2.initialized
        var handle: OpaquePointer?
        if let gitDirectory = getenv("GIT_DIR"), gitDirectory.pointee != 0 {
            let named = String(cString: gitDirectory)
            try GitError.check(
                git_repository_open_ext(&handle, named, UInt32(GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue), nil),
                "open the repository GIT_DIR names (\(named))")
            guard let handle else { throw GitError(code: -1, message: "no repository", operation: "open \(named)") }
            let repository = Repository(handle)
            if let workTree = getenv("GIT_WORK_TREE"), workTree.pointee != 0 {
                let folder = String(cString: workTree)
                let absolute = folder.hasPrefix("/") ? folder : FileManager.default.currentDirectoryPath + "/" + folder
                try GitError.check(
                    git_repository_set_workdir(handle, absolute, 0), "use the working tree GIT_WORK_TREE names (\(folder))")
            }
            return repository
        }
        try GitError.check(
            git_repository_open_ext(&handle, path, 0, nil), "open the repository containing \(path)")
        guard let handle else { throw GitError(code: -1, message: "no repository", operation: "open \(path)") }
        return Repository(handle)
    }

    /// Opens the repository at `path` exactly (its working tree or its git folder).
    public static func open(at path: String) throws -> Repository {
        _ = LibGit2.initialized
        var handle: OpaquePointer?
        try GitError.check(
            git_repository_open_ext(&handle, path, UInt32(GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue), nil),
            "open the repository at \(path)")
        guard let handle else { throw GitError(code: -1, message: "no repository", operation: "open \(path)") }
        return Repository(handle)
    }

    /// The working tree's root (with a trailing `/`), or nil for a bare repository.
    public var workingDirectory: String? {
        git_repository_workdir(pointer).map { String(cString: $0) }
    }

    /// The repository's git folder (`.git/`, or a linked worktree's own).
    public var gitDirectory: String {
        String(cString: git_repository_path(pointer))
    }

    /// The folder shared by all worktrees (`.git/` of the main one).
    public var commonDirectory: String {
        String(cString: git_repository_commondir(pointer))
    }

    public var isBare: Bool { git_repository_is_bare(pointer) == 1 }

    /// `path` (absolute, or relative to the current folder) relative to the working tree's
    /// root, with symbolic links resolved (a link to a file: the file it names); nil when
    /// it is outside the working tree.
    public func pathInWorkingTree(_ path: String) -> String? {
        guard let root = workingDirectory.flatMap(Self.realPath) else { return nil }
        var absolute = path
        if !absolute.hasPrefix("/") {
            guard let cwd = getcwd(nil, 0) else { return nil }
            defer { free(cwd) }
            absolute = String(cString: cwd) + "/" + path
        }
        let prefix = root.hasSuffix("/") ? root : root + "/"
        if let resolved = Self.realPath(absolute) {
            return resolved.hasPrefix(prefix) ? String(resolved.dropFirst(prefix.count)) : nil
        }
        // The file, or folders above it, may not exist (a new or deleted post): resolve the
        // nearest folder that does, and append the rest.
        var existing = String(absolute[..<absolute.lastIndex(of: "/")!])
        var rest = [String(absolute[absolute.index(after: absolute.lastIndex(of: "/")!)...])]
        var resolved = Self.realPath(existing.isEmpty ? "/" : existing)
        while resolved == nil, let slash = existing.lastIndex(of: "/") {
            rest.insert(String(existing[existing.index(after: slash)...]), at: 0)
            existing = String(existing[..<slash])
            resolved = Self.realPath(existing.isEmpty ? "/" : existing)
        }
        guard let folder = resolved else { return nil }
        let full = (folder == "/" ? "" : folder) + "/" + rest.joined(separator: "/")
        guard full.hasPrefix(prefix) else { return nil }
        return String(full.dropFirst(prefix.count))
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    // MARK: - References

    /// Whether `name` (`refs/heads/x`) is a valid reference name.
    public static func isValidReferenceName(_ name: String) -> Bool {
        _ = LibGit2.initialized
        var valid: Int32 = 0
        return git_reference_name_is_valid(&valid, name) == 0 && valid == 1
    }

    /// The branch HEAD points at (`refs/heads/main`), even before its first commit; nil
    /// when HEAD is detached.
    public func currentBranch() throws -> String? {
        var head: OpaquePointer?
        try GitError.check(git_reference_lookup(&head, pointer, "HEAD"), "read HEAD")
        defer { git_reference_free(head) }
        guard git_reference_type(head) == GIT_REFERENCE_SYMBOLIC, let target = git_reference_symbolic_target(head) else {
            return nil
        }
        return try branchFollowingAliases(String(cString: target))
    }

    /// The branch `name` is, following symbolic references (`refs/heads/master` made an
    /// alias of `refs/heads/main`: a commit on it moves main, as git's does); `name` when
    /// it is a branch of its own or does not exist yet.
    public func branchFollowingAliases(_ name: String) throws -> String {
        switch Self.followingAliases(name, in: pointer) {
        case let .success(branch): return branch
        case let .failure(failure):
            try GitError.check(failure.code, "read \(failure.reached)")
            return failure.reached
        }
    }

    /// A reference that could not be read while following aliases, and the name reached.
    struct AliasFailure: Error {
        let code: Int32
        let reached: String
    }

    /// ``branchFollowingAliases(_:)`` in `repository` (a worktree's handle, say): the
    /// branch reached, or where a reference could not be read (not found ends the chain).
    static func followingAliases(_ name: String, in repository: OpaquePointer?) -> Result<String, AliasFailure> {
        var current = name
        for _ in 0..<8 {
            var reference: OpaquePointer?
            let code = git_reference_lookup(&reference, repository, current)
            if code == GIT_ENOTFOUND.rawValue { return .success(current) }
            guard code == 0 else { return .failure(AliasFailure(code: code, reached: current)) }
            defer { git_reference_free(reference) }
            guard git_reference_type(reference) == GIT_REFERENCE_SYMBOLIC, let target = git_reference_symbolic_target(reference)
            else { return .success(current) }
            current = String(cString: target)
        }
        return .success(current)
    }

    /// The commit a reference points at (following symbolic references); nil when the
    /// reference does not exist.
    public func resolveReference(_ name: String) throws -> ObjectID? {
        var oid = git_oid()
        let code = git_reference_name_to_id(&oid, pointer, name)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try GitError.check(code, "resolve \(name)")
        return ObjectID(oid)
    }

    /// The commit HEAD names; nil when its branch has no commits yet (an error reading it,
    /// a corrupt commit say, is thrown: it is not an unborn branch).
    public func headCommitUnlessUnborn() throws -> ObjectID? {
        let unborn = git_repository_head_unborn(pointer)
        if unborn == 1 { return nil }
        try GitError.check(unborn, "read HEAD")
        return try resolveRevision("HEAD")
    }

    /// The commit a revision (`HEAD`, `main~2`, an id) names.
    public func resolveRevision(_ spec: String) throws -> ObjectID {
        var object: OpaquePointer?
        try GitError.check(git_revparse_single(&object, pointer, spec), "resolve the revision \(spec)")
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        let peeled = git_object_peel(&commit, object, GIT_OBJECT_COMMIT)
        if peeled < 0, case let type = git_object_type(object), type == GIT_OBJECT_BLOB || type == GIT_OBJECT_TREE {
            // A ref pointed at a file or a folder (libgit2's message names a type number).
            throw GitError(
                code: peeled, message: "\(spec) names a \(type == GIT_OBJECT_BLOB ? "blob" : "tree"), not a commit",
                operation: "resolve \(spec)")
        }
        try GitError.check(peeled, "resolve \(spec) to a commit")
        defer { git_object_free(commit) }
        guard let id = ObjectID(git_object_id(commit)) else {
            throw GitError(code: -1, message: "no id", operation: "resolve \(spec)")
        }
        return id
    }

    /// Moves `name` to `new` only if it still points at `expected` (nil: only if it does
    /// not exist yet). Throws a ``GitError`` whose `isModified` or `isExists` is true when
    /// another writer got there first.
    public func updateReference(_ name: String, to new: ObjectID, expecting expected: ObjectID?, message: String) throws {
        var reference: OpaquePointer?
        var target = new.raw
        if let expected {
            var current = expected.raw
            try GitError.check(
                git_reference_create_matching(&reference, pointer, name, &target, 1, &current, message),
                "move \(name) from \(expected.short) to \(new.short)")
        } else {
            try GitError.check(
                git_reference_create(&reference, pointer, name, &target, 0, message), "create \(name) at \(new.short)")
        }
        git_reference_free(reference)
    }

    /// Deletes a reference; nothing when it does not exist.
    public func deleteReference(_ name: String) throws {
        var reference: OpaquePointer?
        let code = git_reference_lookup(&reference, pointer, name)
        if code == GIT_ENOTFOUND.rawValue { return }
        try GitError.check(code, "read \(name)")
        defer { git_reference_free(reference) }
        try GitError.check(git_reference_delete(reference), "delete \(name)")
    }

    // MARK: - Objects

    /// A file in a commit's tree.
    public struct TreeFile: Sendable, Equatable {
        public var blob: ObjectID
        /// Git's file mode (0o100644, 0o100755, 0o120000 for a link).
        public var mode: UInt32
    }

    /// The file at `path` in `commit`'s tree; nil when there is none (or it is a folder).
    public func file(at path: String, in commit: ObjectID) throws -> TreeFile? {
        let tree = try tree(of: commit)
        defer { git_tree_free(tree) }
        var entry: OpaquePointer?
        let code = git_tree_entry_bypath(&entry, tree, path)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try GitError.check(code, "find \(path) in \(commit.short)")
        defer { git_tree_entry_free(entry) }
        guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB, let id = ObjectID(git_tree_entry_id(entry)) else { return nil }
        return TreeFile(blob: id, mode: git_tree_entry_filemode(entry).rawValue)
    }

    /// The bytes of a blob, checked against its id: a corrupt object is an error. Read
    /// from the object database and checked with OpenSSL's SHA-1 (curate_git_read_blob:
    /// libgit2's own check costs a post's read several times over), through libgit2 when
    /// that cannot read it. A blob read before is not read again (sync reads the list at
    /// the last sync and at the tip, often the same).
    public func blob(_ id: ObjectID) throws -> [UInt8] {
        if let known = blobs.bytes(of: id) { return known }
        var oid = id.raw
        var data: UnsafeMutableRawPointer?
        var size = 0
        var owner: UnsafeMutableRawPointer?
        let bytes: [UInt8]
        switch withUnsafePointer(to: &oid, { curate_git_read_blob(UnsafeMutableRawPointer(pointer), $0, &data, &size, &owner) }) {
        case 0:
            bytes = size > 0 ? Array(UnsafeRawBufferPointer(start: data, count: size)) : []
            curate_git_free_blob(owner, data)
        case 2:
            throw GitError(
                code: -1,
                message: "object hash mismatch: the object stored as \(id) holds other bytes: it is corrupt (git fsck names it)",
                operation: "read blob \(id.short)")
        default:
            var blob: OpaquePointer?
            try GitError.check(git_blob_lookup(&blob, pointer, &oid), "read blob \(id.short)")
            defer { git_blob_free(blob) }
            let size = Int(git_blob_rawsize(blob))
            bytes = size > 0 ? Array(UnsafeRawBufferPointer(start: git_blob_rawcontent(blob), count: size)) : []
        }
        blobs.remember(bytes, as: id)
        return bytes
    }

    /// Writes `bytes` as a blob.
    public func createBlob(_ bytes: [UInt8]) throws -> ObjectID {
        var oid = git_oid()
        try bytes.withUnsafeBytes { raw in
            try GitError.check(git_blob_create_from_buffer(&oid, pointer, raw.baseAddress, raw.count), "write a blob")
        }
        return ObjectID(oid)
    }

    /// A new tree: `commit`'s tree with the file at `path` set to `blob` (nested folders
    /// rewritten as needed).
    public func tree(of commit: ObjectID, replacing path: String, with blob: ObjectID, mode: UInt32) throws -> ObjectID {
        let base = try tree(of: commit)
        defer { git_tree_free(base) }
        var result = git_oid()
        try path.withCString { cPath in
            var update = git_tree_update(
                action: GIT_TREE_UPDATE_UPSERT, id: blob.raw, filemode: git_filemode_t(rawValue: mode), path: cPath)
            try GitError.check(git_tree_create_updated(&result, pointer, base, 1, &update), "write the tree with \(path)")
        }
        return ObjectID(result)
    }

    /// A new commit of `tree` with `parent`, not yet on any branch.
    public func createCommit(tree: ObjectID, parent: ObjectID, author: Signature, message: String) throws -> ObjectID {
        var signature: UnsafeMutablePointer<git_signature>?
        try GitError.check(git_signature_now(&signature, author.name, author.email), "make the signature of \(author.name)")
        defer { git_signature_free(signature) }
        var treeID = tree.raw
        var treeObject: OpaquePointer?
        try GitError.check(git_tree_lookup(&treeObject, pointer, &treeID), "read tree \(tree.short)")
        defer { git_tree_free(treeObject) }
        var parentID = parent.raw
        var parentCommit: OpaquePointer?
        try GitError.check(git_commit_lookup(&parentCommit, pointer, &parentID), "read commit \(parent.short)")
        defer { git_commit_free(parentCommit) }
        var result = git_oid()
        var parents: [OpaquePointer?] = [parentCommit]
        try parents.withUnsafeMutableBufferPointer { buffer in
            try GitError.check(
                git_commit_create(
                    &result, pointer, nil, signature, signature, nil, message, treeObject, 1, buffer.baseAddress),
                "write the commit")
        }
        return ObjectID(result)
    }

    private func tree(of commit: ObjectID) throws -> OpaquePointer? {
        var oid = commit.raw
        var commitObject: OpaquePointer?
        try GitError.check(git_commit_lookup(&commitObject, pointer, &oid), "read commit \(commit.short)")
        defer { git_commit_free(commitObject) }
        var tree: OpaquePointer?
        try GitError.check(git_commit_tree(&tree, commitObject), "read the tree of \(commit.short)")
        return tree
    }

    // MARK: - Configuration

    /// A configuration value as git resolves it (repository, global, system); nil when unset.
    public func configString(_ key: String) throws -> String? {
        var config: OpaquePointer?
        try GitError.check(git_repository_config_snapshot(&config, pointer), "read the git configuration")
        defer { git_config_free(config) }
        var value: UnsafePointer<CChar>?
        let code = git_config_get_string(&value, config, key)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try GitError.check(code, "read \(key) from the git configuration")
        return value.map { String(cString: $0) }
    }

    /// A Boolean configuration value as git resolves it; nil when unset.
    public func configBool(_ key: String) throws -> Bool? {
        var config: OpaquePointer?
        try GitError.check(git_repository_config_snapshot(&config, pointer), "read the git configuration")
        defer { git_config_free(config) }
        var value: Int32 = 0
        let code = git_config_get_bool(&value, config, key)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try GitError.check(code, "read \(key) from the git configuration")
        return value != 0
    }

    /// Sets `key` in the repository's own configuration (`.git/config`).
    public func setConfigString(_ key: String, _ value: String) throws {
        var config: OpaquePointer?
        try GitError.check(git_repository_config(&config, pointer), "open the git configuration")
        defer { git_config_free(config) }
        var local: OpaquePointer?
        try GitError.check(git_config_open_level(&local, config, GIT_CONFIG_LEVEL_LOCAL), "open .git/config")
        defer { git_config_free(local) }
        try GitError.check(git_config_set_string(local, key, value), "set \(key) in .git/config")
    }

    /// The author and committer from `user.name` and `user.email`; nil when either is unset.
    public func configuredSignature() throws -> Signature? {
        guard let name = try configString("user.name"), let email = try configString("user.email"), !name.isEmpty,
            !email.isEmpty
        else { return nil }
        return Signature(name: name, email: email)
    }
}

/// Blobs a repository read, by id, up to a total size: a blob read twice is read once.
private final class BlobMemo: @unchecked Sendable {
    private var blobs: [ObjectID: [UInt8]] = [:]
    private var total = 0
    private let lock = NSLock()
    static let limit = 64 << 20

    func bytes(of id: ObjectID) -> [UInt8]? {
        lock.lock()
        defer { lock.unlock() }
        return blobs[id]
    }

    func remember(_ bytes: [UInt8], as id: ObjectID) {
        lock.lock()
        defer { lock.unlock() }
        guard blobs[id] == nil, total + bytes.count <= Self.limit else { return }
        blobs[id] = bytes
        total += bytes.count
    }
}
