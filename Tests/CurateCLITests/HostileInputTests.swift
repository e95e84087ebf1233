import CurateTestSupport
import Foundation
import Testing

/// Inputs a new user tried that broke curate: each is now a clear error, never a crash,
/// a corrupt commit or a branch git would refuse.
@Suite struct HostileInputTests {
    @Test func deepNestingIsAnErrorNotACrash() throws {
        let folder = try temporaryDirectory()
        for prefix in ["- ", "> ", "1. "] {
            let post = folder.appendingPathComponent("deep.md")
            try Data((String(repeating: prefix, count: 3000) + "[a](https://a.example/)\n").utf8).write(to: post)
            for arguments in [
                ["check", post.path], ["fmt", "--stdout", post.path],
                ["diff", "--post", post.path, "--title", "T", "--url", "https://t.example/", "--section", "S"],
            ] {
                let result = try CLI.run(arguments, in: folder)
                #expect(result.status == 2, "\(arguments): \(result.stderr)")
                #expect(result.stderr.hasPrefix("curate: error: blocks nest more than"))
                #expect(result.stderr.contains("deep.md:1)"), "\(result.stderr)")
            }
        }
    }

    /// A table of tens of thousands of columns, which cmark-gfm reads in time square in
    /// its columns (a few rows took minutes), is refused at its line before the parse; a
    /// table of some thousands is read.
    @Test func aTableTooWideToReadIsAnErrorNotAHang() throws {
        let folder = try temporaryDirectory()
        func table(columns: Int, rows: Int) -> String {
            "# T\n\n| " + (0..<columns).map { "c\($0)" }.joined(separator: " | ") + " |\n|"
                + String(repeating: "---|", count: columns)
                + "\n"
                + String(repeating: "| " + Array(repeating: "x", count: columns).joined(separator: " | ") + " |\n", count: rows)
        }
        let wide = folder.appendingPathComponent("wide.md")
        try Data(("# List\n\n- [a](https://a.example/)\n\n" + table(columns: 40_000, rows: 3)).utf8).write(to: wide)
        for arguments in [["check", wide.path], ["fmt", "--stdout", wide.path]] {
            let result = try CLI.run(arguments, in: folder)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.hasPrefix("curate: error: a table of 40000 columns and 4 rows"), "\(result.stderr)")
            #expect(result.stderr.contains("(wide.md:8)") || result.stderr.contains("wide.md:8)"), "\(result.stderr)")
        }
        let read = folder.appendingPathComponent("read.md")
        try Data(("# List\n\n- [a](https://a.example/)\n\n" + table(columns: 2000, rows: 3)).utf8).write(to: read)
        #expect(try CLI.run(["check", read.path], in: folder).status == 0)
    }

    @Test func anAuthorWithALineBreakOrABranchGitRefusesIsAnArgumentError() throws {
        let repository = try GitRepository.make(files: ["list.md": samplePost])
        for arguments in [
            ["--commit", "--author", "A\nB <a@b.c>"], ["--branch", "HEAD"], ["--branch", "refs/tags/v1"],
            ["--branch", "refs/curate/sync/x/head"], ["--branch", "-x"],
        ] {
            let result = try CLI.run(
                ["propose", "--title", "T", "--url", "https://t.example/", "--section", "Libraries", "--post", "list.md"]
                    + arguments, in: repository.root)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stderr.hasPrefix("curate: error: "), "\(result.stderr)")
            #expect(result.stderr.contains("(arguments)"))
        }
        try repository.expectHealthy()
        #expect(try repository.git("for-each-ref", "--format=%(refname)") == "refs/heads/main\n")
    }

    /// A loose object whose bytes no longer match its id (valid zlib, one letter's case
    /// changed: what `git fsck` calls a hash-path mismatch) is an error naming it. Read as
    /// the post, it would be committed, and written over the file, as if it were the post.
    @Test func aCorruptObjectIsAnErrorNotACommit() throws {
        let repository = try GitRepository.make(files: ["list.md": samplePost])
        let blob = try repository.git("rev-parse", "HEAD:list.md").trimmingCharacters(in: .whitespacesAndNewlines)
        let object = repository.root.appendingPathComponent(".git/objects/\(blob.prefix(2))/\(blob.dropFirst(2))")
        try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", Self.changeALetter, object.path]).checked()
        let head = try repository.git("rev-parse", "HEAD")
        for arguments in [["--commit"], ["--branch", "proposals"]] {
            let result = try CLI.run(
                ["propose", "--title", "T", "--url", "https://t.example/", "--section", "Libraries", "--post", "list.md"]
                    + arguments, in: repository.root)
            #expect(result.status == 2, "\(arguments): \(result.stdout) \(result.stderr)")
            #expect(
                result.stderr.hasPrefix("curate: error: ") && result.stderr.contains(String(blob.prefix(7))), "\(result.stderr)")
        }
        #expect(try repository.git("rev-parse", "HEAD") == head)
        #expect(try repository.read("list.md") == samplePost)
        #expect(try repository.git("for-each-ref", "--format=%(refname)") == "refs/heads/main\n")
    }

    /// A corrupt tree or commit at the tip (git fsck's hash-path mismatch) is an error
    /// too: nothing is committed on top of it, the post and the index stay as they were.
    @Test(arguments: ["HEAD^{tree}", "HEAD"])
    func aCorruptTreeOrCommitAtTheTipIsAnError(object name: String) throws {
        let repository = try GitRepository.make(files: ["list.md": samplePost])
        let id = try repository.git("rev-parse", name).trimmingCharacters(in: .whitespacesAndNewlines)
        let object = repository.root.appendingPathComponent(".git/objects/\(id.prefix(2))/\(id.dropFirst(2))")
        try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", Self.changeALetter, object.path]).checked()
        let head = try repository.git("rev-parse", "HEAD")
        for arguments in [["--commit"], ["--branch", "proposals"]] {
            let result = try CLI.run(Self.propose + arguments, in: repository.root)
            #expect(result.status == 2, "\(name) \(arguments): \(result.stdout) \(result.stderr)")
            #expect(result.stderr.hasPrefix("curate: error: "), "\(result.stderr)")
        }
        #expect(try repository.git("rev-parse", "HEAD") == head)
        #expect(try repository.read("list.md") == samplePost)
        #expect(try repository.git("for-each-ref", "--format=%(refname)") == "refs/heads/main\n")
    }

    /// A loose object cut short (a crash or a full disk while it was written) is an error
    /// naming what was being read: libgit2 1.5 looped for ever on one (curate spun until
    /// killed). Blob, tree or commit, for a commit, a branch and the staged check.
    @Test(arguments: ["HEAD:list.md", "HEAD^{tree}", "HEAD"])
    func aLooseObjectCutShortIsAnErrorNotAHang(object name: String) throws {
        let repository = try GitRepository.make(files: ["list.md": samplePost])
        let id = try repository.git("rev-parse", name).trimmingCharacters(in: .whitespacesAndNewlines)
        let object = repository.root.appendingPathComponent(".git/objects/\(id.prefix(2))/\(id.dropFirst(2))")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: object.path)
        let bytes = try Data(contentsOf: object)
        try bytes.prefix(bytes.count / 2).write(to: object)
        let head = try repository.git("rev-parse", "HEAD")
        for arguments in [
            Self.propose + ["--commit"], Self.propose + ["--branch", "proposals"], ["check", "--since", "HEAD", "list.md"],
        ] {
            // (Under `timeout`: a hang fails the test, exit 124, rather than the suite.)
            let result = try runProcess(
                URL(fileURLWithPath: "/usr/bin/timeout"), ["30", CLI.binary.path] + arguments, in: repository.root)
            #expect(result.status == 2, "\(name) \(arguments): \(result.stdout) \(result.stderr)")
            #expect(result.stderr.hasPrefix("curate: error: git: compressed data cut short ("), "\(result.stderr)")
            #expect(!result.stderr.contains("no commits yet"), "\(result.stderr)")
        }
        #expect(try repository.git("rev-parse", "HEAD") == head)
        #expect(try repository.read("list.md") == samplePost)
        #expect(try repository.git("for-each-ref", "--format=%(refname)") == "refs/heads/main\n")
    }

    /// A branch pointed at a blob (a ref written by hand) is named as such, and nothing
    /// is committed.
    @Test func aBranchPointedAtABlobIsNamed() throws {
        let repository = try GitRepository.make(files: ["list.md": samplePost])
        let blob = try repository.git("rev-parse", "HEAD:list.md").trimmingCharacters(in: .whitespacesAndNewlines)
        try Data((blob + "\n").utf8).write(to: repository.root.appendingPathComponent(".git/refs/heads/main"))
        for arguments in [Self.propose + ["--branch", "proposals"], ["check", "--staged", "list.md"]] {
            let result = try CLI.run(arguments, in: repository.root)
            #expect(result.status == 2, "\(arguments): \(result.stdout) \(result.stderr)")
            #expect(result.stderr == "curate: error: git: HEAD names a blob, not a commit (resolve HEAD)\n", "\(result.stderr)")
        }
        #expect(try repository.git("for-each-ref", "--format=%(refname)") == "refs/heads/main\n")
    }

    static let propose = [
        "propose", "--title", "T", "--url", "https://t.example/", "--section", "Libraries", "--post", "list.md",
    ]

    /// A repository where the blob of the text `propose` writes is already stored, corrupt
    /// (an earlier proposal's, on a branch since deleted, altered): the repository and the
    /// blob's id.
    func repositoryWithTheNewTextCorrupt() throws -> (repository: GitRepository, blob: String) {
        let repository = try GitRepository.make(files: ["list.md": samplePost])
        #expect(try CLI.run(Self.propose + ["--branch", "first"], in: repository.root).status == 0)
        let blob = try repository.git("rev-parse", "first:list.md").trimmingCharacters(in: .whitespacesAndNewlines)
        try repository.git("branch", "-D", "first")
        let object = repository.root.appendingPathComponent(".git/objects/\(blob.prefix(2))/\(blob.dropFirst(2))")
        try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", Self.changeALetter, object.path]).checked()
        return (repository, blob)
    }

    /// A corrupt object already at the id of the text a proposal writes is not committed
    /// on another branch either.
    @Test func aCorruptObjectAtTheNewTextsIdIsNotCommitted() throws {
        let (repository, blob) = try repositoryWithTheNewTextCorrupt()
        let result = try CLI.run(Self.propose + ["--branch", "second"], in: repository.root)
        #expect(result.status == 2, "\(result.stdout) \(result.stderr)")
        #expect(result.stderr.hasPrefix("curate: error: ") && result.stderr.contains(String(blob.prefix(7))), "\(result.stderr)")
        #expect(try repository.git("for-each-ref", "--format=%(refname)") == "refs/heads/main\n")
    }

    /// The same on the checked-out branch: nothing is committed, and the post and the
    /// index are as they were.
    @Test func aCorruptObjectAtTheNewTextsIdIsNotCheckedOut() throws {
        let (repository, blob) = try repositoryWithTheNewTextCorrupt()
        let tip = try repository.git("rev-parse", "HEAD")
        let result = try CLI.run(Self.propose + ["--commit"], in: repository.root)
        #expect(result.status == 2, "\(result.stdout) \(result.stderr)")
        #expect(result.stderr.hasPrefix("curate: error: ") && result.stderr.contains(String(blob.prefix(7))), "\(result.stderr)")
        #expect(try repository.git("rev-parse", "HEAD") == tip)
        #expect(try repository.git("status", "--porcelain") == "")
        #expect(try String(contentsOf: repository.root.appendingPathComponent("list.md"), encoding: .utf8) == samplePost)
    }

    /// Rewrites the loose object at argv[1] with one letter of its content in upper case
    /// (valid zlib, bytes that no longer match the id).
    static let changeALetter = """
        import os, sys, zlib
        path = sys.argv[1]
        data = zlib.decompress(open(path, 'rb').read())
        at = next(i for i in range(data.index(b'\\0') + 1, len(data)) if 97 <= data[i] <= 122)
        os.chmod(path, 0o644)
        open(path, 'wb').write(zlib.compress(data[:at] + bytes([data[at] - 32]) + data[at + 1:]))
        """

    /// A reader that stops reading (`| head -1`) does not kill curate by SIGPIPE: it exits
    /// with its own code (1: the post has duplicate links at error level).
    @Test func aClosedPipeIsNoSignal() throws {
        let folder = try temporaryDirectory()
        let post = folder.appendingPathComponent("big.md")
        let items = (0..<20000).map { "- [T\($0)](https://e.example/\($0 % 100)) - d\n" }.joined()
        try Data(("# L\n\n" + items).utf8).write(to: post)
        for arguments in [["check", post.path], ["fmt", "--stdout", post.path], ["check", "--format", "json", post.path]] {
            let script = "set -o pipefail; \"$0\" \"$@\" 2>/dev/null | head -c 10 > /dev/null; echo $?"
            let result = try runProcess(URL(fileURLWithPath: "/bin/bash"), ["-c", script, CLI.binary.path] + arguments)
            let status = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(status == (arguments[0] == "fmt" ? "0" : "1"), "\(arguments): exit \(status)")
        }
    }

    /// A SHA-256 repository (`git init --object-format=sha256`), which libgit2 1.5 cannot
    /// open: libgit2's message, and a hint that says what it means.
    @Test func aSHA256RepositoryIsNamedAsSuch() throws {
        let folder = try CLI.temporaryDirectory()
        try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["git", "init", "-q", "--object-format=sha256", folder.path])
            .checked()
        try Data(samplePost.utf8).write(to: folder.appendingPathComponent("list.md"))
        for arguments in [["check", "--staged", "list.md"], Self.propose + ["--commit"]] {
            let result = try CLI.run(arguments, in: folder)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(
                result.stderr.hasSuffix(
                    "\n  the repository names its objects with SHA-256, which libgit2 1.5 cannot read; curate works in SHA-1 repositories\n"
                ), "\(result.stderr)")
        }
    }

    @Test func aHooksPathThatIsAFileOrUnderHomeIsHandled() throws {
        let repository = try GitRepository.make(files: ["list.md": samplePost])
        try repository.write("hooks-file", "not a folder")
        try repository.git("config", "core.hooksPath", "hooks-file")
        let file = try CLI.run(["hooks", "install"], in: repository.root)
        #expect(file.status == 2 && file.stderr.hasPrefix("curate: error: cannot write the file"), "\(file.stderr)")
        let home = try temporaryDirectory()
        try repository.git("config", "core.hooksPath", "~/my-hooks")
        let tilde = try CLI.run(["hooks", "install"], in: repository.root, environment: ["HOME": home.path])
        #expect(tilde.status == 0, "\(tilde.stderr)")
        #expect(FileManager.default.fileExists(atPath: home.appendingPathComponent("my-hooks/pre-commit").path))
    }
}

/// A curate.yml (perhaps from a pull request) names posts of its own repository only.
@Suite struct ConfiguredPostsTests {
    @Test(arguments: ["../outside.md", "/OUTSIDE", "link.md"])
    func aConfiguredPostOutsideTheRepositoryIsRefused(post: String) throws {
        // A repository inside a folder of its own, with a file beside it.
        let outer = try temporaryDirectory()
        let outside = outer.appendingPathComponent("outside.md")
        try Data((samplePost + "2. [Trailing](https://t.example/)   \n").utf8).write(to: outside)
        let repository = GitRepository(root: outer.appendingPathComponent("repo"))
        try FileManager.default.createDirectory(at: repository.root, withIntermediateDirectories: true)
        try repository.git("init", "-q", "-b", "main")
        try repository.git("config", "user.name", "Test User")
        try repository.git("config", "user.email", "test@example.com")
        try repository.write("list.md", samplePost)
        try repository.git("add", ".")
        try repository.git("commit", "-q", "-m", "initial")
        try FileManager.default.createSymbolicLink(
            atPath: repository.root.appendingPathComponent("link.md").path, withDestinationPath: outside.path)
        let named = post == "/OUTSIDE" ? outside.path : post
        try repository.write("curate.yml", "posts:\n  - \(named)\n")
        let before = try String(contentsOf: outside, encoding: .utf8)
        for arguments in [["fmt"], ["check"], ["propose", "--url", "https://n.example/", "--title", "N", "--section", "Papers"]] {
            let result = try CLI.run(arguments, in: repository.root)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("is outside the repository"), "\(result.stderr)")
        }
        #expect(try String(contentsOf: outside, encoding: .utf8) == before)
        // A path the user types is theirs.
        #expect(try CLI.run(["fmt", "--post", outside.path], in: repository.root).status == 0)
    }
}

/// A Jekyll site a new user wrote: defaults through a YAML merge key, a date with the
/// month's name.
@Suite struct JekyllSiteTests {
    @Test func mergeKeysInDefaultsAndNamedDatesAreJekylls() throws {
        let site = try temporaryDirectory()
        try FileManager.default.createDirectory(at: site.appendingPathComponent("_posts"), withIntermediateDirectories: true)
        try Data("source \"https://rubygems.org\"\ngem \"jekyll\"\n".utf8).write(to: site.appendingPathComponent("Gemfile"))
        try Data("base: &base\n  layout: post\ndefaults:\n  - scope:\n      path: \"\"\n    values:\n      <<: *base\n".utf8)
            .write(to: site.appendingPathComponent("_config.yml"))
        try Data("---\ntitle: T\ndate: January 5, 2024\n---\n\n- [A](https://a.example/)\n".utf8)
            .write(to: site.appendingPathComponent("_posts/2024-01-05-t.md"))
        let result = try CLI.run(["check", "_posts/2024-01-05-t.md"], in: site)
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
    }
}
