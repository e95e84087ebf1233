import CurateTestSupport
import Foundation
import Testing

/// Issue 11's proof: random sequences of propose, fmt, sync pull and push (additions and
/// removals on the other side), merges with the driver, the
/// hook, edits saved while curate runs and curate processes killed at random moments, in
/// a real repository. After every step every link committed on main is in HEAD, the
/// index and the working file agree with HEAD, no temporary file outlives the next
/// curate run, and `git fsck --strict` is clean.
///
/// CI runs a few sequences; `scripts/random-no-lost-edit [sequences] [steps] [seed]` runs
/// more (CURATE_RANDOM_SEQUENCES, CURATE_RANDOM_STEPS, CURATE_RANDOM_SEED).
@Suite struct NoLostEditRandomTests {
    struct Generator {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(n))
        }
    }

    /// What a sequence saw, for the closing summary.
    struct Tally {
        var steps = 0
        var commits = 0
        var refusals = 0
        var kills = 0
        /// SIGKILL between taking index.lock (or the branch's lock) and renaming it: the
        /// lock stays, as git's own would, and git refuses to run until it is removed.
        var staleLocks = 0
        var conflictedMerges = 0
        /// Killed after writing the post and before moving the branch: the new link was
        /// uncommitted or staged.
        var uncommittedAfterKill = 0
        var removals = 0
    }

    let post = "_posts/list.md"

    @Test func randomSequencesNeverLoseACommittedLink() throws {
        let environment = ProcessInfo.processInfo.environment
        let sequences = Int(environment["CURATE_RANDOM_SEQUENCES"] ?? "") ?? 2
        let steps = Int(environment["CURATE_RANDOM_STEPS"] ?? "") ?? 8
        let seed = UInt64(environment["CURATE_RANDOM_SEED"] ?? "") ?? 2026
        var total = Tally()
        for sequence in 0..<sequences {
            let tally = try run(seed: seed &+ UInt64(sequence), steps: steps)
            total.steps += tally.steps
            total.commits += tally.commits
            total.refusals += tally.refusals
            total.kills += tally.kills
            total.staleLocks += tally.staleLocks
            total.conflictedMerges += tally.conflictedMerges
            total.uncommittedAfterKill += tally.uncommittedAfterKill
            total.removals += tally.removals
        }
        print(
            "no-lost-edit: \(sequences) sequences, \(total.steps) steps, \(total.commits) commits, \(total.refusals) refusals, "
                + "\(total.kills) kills (\(total.staleLocks) left a lock, \(total.uncommittedAfterKill) left the new link uncommitted or staged), "
                + "\(total.conflictedMerges) conflicted merges, \(total.removals) removals synced")
    }

    func run(seed: UInt64, steps: Int) throws -> Tally {
        var random = Generator(state: seed)
        var tally = Tally()
        let repo = try GitRepository.make(files: [post: samplePost, "curate.yml": "posts:\n  - \(post)\n"])
        try CLI.run(["hooks", "install", "--merge-driver"], in: repo.root).checked()
        try repo.git("add", ".gitattributes")
        try repo.git("commit", "-q", "-m", "merge driver")
        let other = try GitRepository.make(files: [post: samplePost])
        var committed = Set(["https://nnsight.net/", "https://transformerlensorg.github.io/TransformerLens/"])
        var otherLinks: Set<String> = []
        var serial = 0
        // A killed curate may leave its temporary file until the next curate that writes
        // the post removes it.
        var temporariesMayRemain = false
        func fresh(_ kind: String) -> (title: String, url: String) {
            serial += 1
            // Titles and hosts far apart: a near-duplicate is (rightly) skipped.
            var mixer = Generator(state: seed &* 1_000_003 &+ UInt64(serial))
            let word = String((0..<10).map { _ in Character(UnicodeScalar(UInt8(97 + mixer.next(26)))) })
            return ("\(kind) \(word)", "https://\(word).\(kind.lowercased()).example/\(serial)")
        }
        func proposal(_ link: (title: String, url: String)) -> [String] {
            ["--title", link.title, "--url", link.url, "--section", random.next(2) == 0 ? "Papers" : "Libraries"]
        }
        func headPost() throws -> String { try repo.git("show", "HEAD:\(post)") }

        for step in 0..<steps {
            let kind = random.next(7)
            var context = "seed \(seed) step \(step) kind \(kind)"
            switch kind {
            case 0:  // propose --commit
                let link = fresh("Proposed")
                let result = try CLI.run(["propose", "--commit"] + proposal(link), in: repo.root)
                #expect(result.status == 0, "\(context): \(result.stderr)")
                if result.status == 0 {
                    committed.insert(link.url)
                    tally.commits += 1
                }
            case 1:  // an edit saved while propose --commit runs
                let link = fresh("Raced")
                let user = fresh("User")
                let process = try start(["propose", "--commit"] + proposal(link), in: repo)
                usleep(UInt32(random.next(60_000)))
                try append("999. [\(user.title)](\(user.url))\n", to: repo)
                process.waitUntilExit()
                let working = try repo.read(post)
                #expect(working.contains(user.url), "\(context): the edit saved meanwhile was overwritten")
                if process.terminationStatus == 0 {
                    tally.commits += 1
                    committed.insert(link.url)
                    #expect(try headPost().contains(link.url), "\(context)")
                } else {
                    tally.refusals += 1
                }
                try repo.git("commit", "-q", "--no-verify", "-am", "the user's edit")
                committed.insert(user.url)
            case 2:  // fmt, then the user commits
                let link = fresh("Formatted")
                try append("999. [\(link.title)](\(link.url))   \n", to: repo)
                let result = try CLI.run(["fmt"], in: repo.root)
                #expect(result.status == 0, "\(context): \(result.stderr)")
                #expect(try repo.read(post).contains(link.url), "\(context): fmt lost a link")
                try repo.git("commit", "-q", "-am", "formatted")
                committed.insert(link.url)
            case 3:  // the other repository adds, or removes, then sync pull
                var removed: String?
                let variant = random.next(3)
                if variant == 2 {
                    // Our links pushed there and merged: removing one of them there
                    // removes it here (the push is the base).
                    // A fresh branch from their HEAD each time (an older one would conflict there).
                    _ = try other.gitResult(["branch", "-q", "-D", "from-ours"])
                    let push = try CLI.run(["sync", "push", other.root.path, "--branch", "from-ours"], in: repo.root)
                    #expect(push.status == 0, "\(context): \(push.stderr)")
                    if try other.gitResult(["rev-parse", "--verify", "-q", "from-ours"]).status == 0 {
                        try other.git("merge", "-q", "--no-edit", "from-ours")
                    }
                }
                let theirText = try other.read(post)
                let removable = (variant == 1 ? otherLinks : committed.subtracting(otherLinks))
                    .filter { theirText.contains("](\($0))") && !samplePost.contains($0) }.sorted()
                if variant != 0, let url = removable.first {
                    let kept = theirText.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains(url) }
                    try other.write(post, kept.joined(separator: "\n"))
                    try other.git("commit", "-q", "-am", "other removes")
                    removed = url
                    otherLinks.remove(url)
                } else {
                    let link = fresh("Other")
                    try other.write(post, theirText + "9. [\(link.title)](\(link.url))\n")
                    try other.git("commit", "-q", "-am", "other adds")
                    otherLinks.insert(link.url)
                }
                let result = try CLI.run(["sync", "pull", other.root.path, "--commit"], in: repo.root)
                #expect(result.status == 0, "\(context): \(result.stdout) \(result.stderr)")
                if result.status == 0 {
                    committed.formUnion(otherLinks)
                    tally.commits += 1
                    if let removed {
                        // A removal said so: reported (when it was here), and gone from HEAD.
                        if committed.contains(removed) {
                            #expect(result.stdout.contains(removed), "\(context): the removal of \(removed) is not reported")
                        }
                        #expect(try !headPost().contains(removed), "\(context): \(removed) was not removed")
                        committed.remove(removed)
                        tally.removals += 1
                    }
                }
            case 4:  // a branch and main both change the post; git merge with the driver
                let sideLink = fresh("Side")
                let mainLink = fresh("Main")
                try repo.git("branch", "-f", "side", "HEAD")
                let side = try CLI.run(["propose", "--branch", "side"] + proposal(sideLink), in: repo.root)
                #expect(side.status == 0, "\(context): \(side.stderr)")
                let editsProse = random.next(2) == 0
                if editsProse {
                    try repo.git("checkout", "-q", "side")
                    let text = try repo.read(post)
                    try repo.write(
                        post, text.replacingOccurrences(of: "\n\n### Libraries", with: " Side \(serial).\n\n### Libraries"))
                    try repo.git("commit", "-q", "--no-verify", "-am", "side edits the intro")
                    try repo.git("checkout", "-q", "main")
                }
                if random.next(3) == 0 {
                    // Main edits the same prose: git's line merge, with markers.
                    let text = try repo.read(post)
                    try repo.write(
                        post, text.replacingOccurrences(of: "\n\n### Libraries", with: " Main \(serial).\n\n### Libraries"))
                    try repo.git("commit", "-q", "--no-verify", "-am", "main edits the intro")
                }
                let main = try CLI.run(["propose", "--commit"] + proposal(mainLink), in: repo.root)
                #expect(main.status == 0, "\(context): \(main.stderr)")
                committed.insert(mainLink.url)
                let sideText = try repo.git("show", "side:\(post)")
                let merge = try repo.gitResult(["merge", "-q", "--no-edit", "side"])
                let merged = try repo.read(post)
                for url in committed.union([sideLink.url]) where sideText.contains(url) || committed.contains(url) {
                    #expect(merged.contains(url), "\(context): the merge lost \(url)")
                }
                if merge.status == 0 {
                    #expect(!merged.contains("<<<<<<<"), "\(context)")
                    committed.insert(sideLink.url)
                } else {
                    #expect(merged.contains("<<<<<<<"), "\(context): a conflict without markers")
                    tally.conflictedMerges += 1
                    try repo.git("merge", "--abort")
                }
            case 5:  // propose --commit or sync pull --commit killed at a random moment
                var link = fresh("Killed")
                let arguments: [String]
                if random.next(3) == 0 {
                    link = fresh("Pulled")
                    try other.write(post, try other.read(post) + "9. [\(link.title)](\(link.url))\n")
                    try other.git("commit", "-q", "-am", "other adds")
                    otherLinks.insert(link.url)
                    arguments = ["sync", "pull", other.root.path, "--commit"]
                } else {
                    arguments = ["propose", "--commit"] + proposal(link)
                }
                let process = try start(arguments, in: repo)
                usleep(UInt32(random.next(80_000)))
                kill(process.processIdentifier, random.next(2) == 0 ? SIGKILL : SIGINT)
                process.waitUntilExit()
                tally.kills += 1
                temporariesMayRemain = true
                let lock = repo.root.appendingPathComponent(".git/index.lock")
                let state = [
                    "lock: \(FileManager.default.fileExists(atPath: lock.path))",
                    "head: \(try headPost().contains(link.url))",
                    "work: \(try repo.read(post).contains(link.url))",
                    "status \(process.terminationStatus) \(process.terminationReason == .uncaughtSignal ? "signal" : "exit")",
                ].joined(separator: ", ")
                context += " (\(state))"
                if FileManager.default.fileExists(atPath: lock.path) {
                    // Held by the killed process (as a killed git leaves its own): git
                    // refuses to run until someone removes it.
                    tally.staleLocks += 1
                    try FileManager.default.removeItem(at: lock)
                }
                // The same for the branch's lock, killed between taking it and renaming it
                // (libgit2 writes the new tip to refs/heads/main.lock first).
                for name in ["HEAD.lock", "refs/heads/main.lock"] {
                    let branchLock = repo.root.appendingPathComponent(".git/\(name)")
                    if FileManager.default.fileExists(atPath: branchLock.path) {
                        tally.staleLocks += 1
                        try FileManager.default.removeItem(at: branchLock)
                    }
                }
                let pulled = arguments[0] == "sync"
                if try headPost().contains(link.url) {
                    committed.insert(link.url)
                    if pulled { committed.formUnion(otherLinks) }
                } else if try repo.gitResult(["diff", "--quiet"]).status != 0
                    || repo.gitResult(["diff", "--cached", "--quiet", "HEAD"]).status != 0
                {
                    // Killed after writing the post (and maybe the index), before the
                    // branch moved: the new link is uncommitted or staged, an addition
                    // with every committed link still there, never a reversal.
                    for (place, text) in [("post", try repo.read(post)), ("index", try repo.git("show", ":\(post)"))] {
                        guard text != (try headPost()) else { continue }
                        #expect(text.contains(link.url), "\(context): the \(place) changed without the new link")
                        for url in committed { #expect(text.contains(url), "\(context): \(url) is gone from the \(place)") }
                    }
                    tally.uncommittedAfterKill += 1
                    if pulled {
                        // A pull commits its base with it: drop what it wrote, pull again.
                        try repo.git("reset", "-q")
                        try repo.git("checkout", "--", post)
                        let again = try CLI.run(arguments, in: repo.root)
                        #expect(again.status == 0, "\(context): \(again.stderr)")
                        committed.formUnion(otherLinks)
                    } else {
                        try repo.git("commit", "-q", "--no-verify", "-am", "the user commits what curate wrote")
                        committed.insert(link.url)
                    }
                }
            default:  // the hook refuses a duplicate in one section; the user takes the edit back
                try insertAfterLine(containing: "](https://nnsight.net/)", "999. [Again](https://nnsight.net/)", in: repo)
                let commit = try repo.gitResult(["commit", "-q", "-am", "a duplicate"])
                #expect(commit.status != 0, "\(context): the hook let a duplicate in")
                try repo.git("checkout", "--", post)
            }
            tally.steps += 1
            // Every link committed on main is in HEAD.
            let head = try headPost()
            for url in committed {
                #expect(head.contains("](\(url))"), "\(context): \(url) is gone from HEAD")
            }
            // The index and the working file agree with HEAD (no staged reversal).
            #expect(try repo.gitResult(["diff", "--cached", "--quiet", "HEAD"]).status == 0, "\(context): staged changes")
            #expect(try repo.gitResult(["diff", "--quiet"]).status == 0, "\(context): unstaged changes")
            let untracked = try repo.git("status", "--porcelain", "--untracked-files=all")
                .split(separator: "\n").filter { $0.hasPrefix("??") }
            if kind <= 4 { temporariesMayRemain = false }
            if !temporariesMayRemain {
                #expect(untracked.isEmpty, "\(context): \(untracked)")
            }
            try repo.expectHealthy()
        }
        return tally
    }

    func start(_ arguments: [String], in repo: GitRepository) throws -> Process {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = arguments
        process.currentDirectoryURL = repo.root
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// An editor's save of one more line at the end of the post (an append, so whatever
    /// curate wrote before is kept).
    /// Puts `line` right after the first line containing `marker` (in the same list).
    func insertAfterLine(containing marker: String, _ line: String, in repo: GitRepository) throws {
        let url = repo.root.appendingPathComponent(post)
        var lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
        let index = try #require(lines.firstIndex { $0.contains(marker) })
        lines.insert(line, at: index + 1)
        try lines.joined(separator: "\n").write(to: url, atomically: false, encoding: .utf8)
    }

    func append(_ line: String, to repo: GitRepository) throws {
        let handle = try FileHandle(forWritingTo: repo.root.appendingPathComponent(post))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(line.utf8))
    }
}
