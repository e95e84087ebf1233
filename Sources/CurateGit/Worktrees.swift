import CGit2

extension Repository {
    /// The working tree where `branch` (`refs/heads/B` or `B`) is checked out: the main
    /// one or a linked worktree of the same repository; nil when no working tree has it
    /// (a bare repository's HEAD is no working tree).
    public func worktreeCheckingOut(_ branch: String) throws -> String? {
        let full = Self.fullBranch(branch)
        return try firstWorkingTree { repository, _ in Self.symbolicHead(repository) == full ? () : nil }?.path
    }

    /// Refuses to move `branch` when a working tree has it checked out: its index and
    /// files would be left behind, a staged reversal of the commit.
    public func checkNotCheckedOut(_ branch: String) throws {
        if let worktree = try worktreeCheckingOut(branch) {
            throw FileCommitError.branchCheckedOut(branch: branch, worktree: worktree)
        }
        if let (worktree, operation) = try worktreeOperating(on: branch) {
            throw FileCommitError.branchInUse(branch: branch, worktree: worktree, operation: operation)
        }
    }

    /// The working tree where `branch` is being rebased or bisected (HEAD is detached
    /// then, and git moves the branch when it ends), with the operation's name; nil when
    /// none is.
    func worktreeOperating(on branch: String) throws -> (worktree: String, operation: String)? {
        let full = Self.fullBranch(branch)
        func operation(in gitDirectory: String) -> String? {
            let folder = gitDirectory.hasSuffix("/") ? gitDirectory : gitDirectory + "/"
            func text(_ name: String) -> String? {
                guard case let .success(bytes) = WorkingFile.contents(folder + name) else { return nil }
                return String(decoding: bytes, as: UTF8.self)
            }
            for state in ["rebase-merge/head-name", "rebase-apply/head-name"]
            where text(state)?.trimmingCharacters(in: .whitespacesAndNewlines) == full {
                return "rebased"
            }
            // `git rebase --update-refs` moves the branches it lists too.
            if let refs = text("rebase-merge/update-refs"), refs.split(separator: "\n").contains(where: { $0 == full }) {
                return "rebased"
            }
            if let name = text("BISECT_START")?.trimmingCharacters(in: .whitespacesAndNewlines),
                name == full || "refs/heads/" + name == full
            {
                return "bisected"
            }
            return nil
        }
        let found = try firstWorkingTree { _, gitDirectory in operation(in: gitDirectory) }
        return found.map { ($0.path, $0.value) }
    }

    /// The first working tree (the main one, then the linked ones) for which `match`, given
    /// its repository and git folder, says something, with its path.
    private func firstWorkingTree<T>(
        _ match: (_ repository: OpaquePointer?, _ gitDirectory: String) -> T?
    ) throws -> (path: String, value: T)? {
        // The main working tree: the repository of the common folder.
        var main: OpaquePointer?
        if git_repository_open_ext(&main, commonDirectory, UInt32(GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue), nil) == 0 {
            defer { git_repository_free(main) }
            if git_repository_is_bare(main) == 0, let value = match(main, commonDirectory) {
                return (git_repository_workdir(main).map { String(cString: $0) } ?? commonDirectory, value)
            }
        }
        var names = git_strarray()
        try GitError.check(git_worktree_list(&names, pointer), "list the worktrees")
        defer { git_strarray_dispose(&names) }
        for position in 0..<names.count {
            guard let cName = names.strings[position] else { continue }
            var worktree: OpaquePointer?
            guard git_worktree_lookup(&worktree, pointer, cName) == 0 else { continue }
            defer { git_worktree_free(worktree) }
            var repository: OpaquePointer?
            guard git_repository_open_from_worktree(&repository, worktree) == 0 else { continue }
            defer { git_repository_free(repository) }
            let gitDirectory = git_repository_path(repository).map { String(cString: $0) } ?? ""
            if let value = match(repository, gitDirectory) {
                return (git_worktree_path(worktree).map { String(cString: $0) } ?? String(cString: cName), value)
            }
        }
        return nil
    }

    private static func fullBranch(_ branch: String) -> String {
        branch.hasPrefix("refs/") ? branch : "refs/heads/" + branch
    }

    private static func symbolicHead(_ repository: OpaquePointer?) -> String? {
        var head: OpaquePointer?
        guard git_reference_lookup(&head, repository, "HEAD") == 0 else { return nil }
        defer { git_reference_free(head) }
        guard git_reference_type(head) == GIT_REFERENCE_SYMBOLIC, let target = git_reference_symbolic_target(head) else {
            return nil
        }
        // The branch an alias names is the one checked out (HEAD -> master -> main).
        switch followingAliases(String(cString: target), in: repository) {
        case let .success(branch): return branch
        case let .failure(failure): return failure.reached
        }
    }
}
