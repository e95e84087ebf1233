import Foundation
import Testing

@testable import CurateKit

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct PostPrefetchTests {
    /// A folder of its own, with `files` written into it.
    private func folder(_ files: [String: [UInt8]]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("curate-prefetch-\(UUID().uuidString)")
        for (path, bytes) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
        return root
    }

    private func sameParse(_ a: Post, _ b: Post) -> Bool {
        a.path == b.path && a.bytes == b.bytes && a.sections == b.sections && a.lists == b.lists && a.items == b.items
            && a.links == b.links && a.blocks == b.blocks && a.entries == b.entries && a.unrendered == b.unrendered
    }

    @Test func handsOutTheParseOfTheSameBytesUnderTheCallersPath() throws {
        let bytes = try Fixtures.bytes("seed.md")
        let root = try folder(["_posts/seed.md": bytes])
        defer { try? FileManager.default.removeItem(at: root) }
        let prefetch = PostPrefetch()
        prefetch.prefetch(path: root.appendingPathComponent("_posts/seed.md").path)
        let taken = try #require(prefetch.take(bytes, path: "shown/seed.md"))
        #expect(sameParse(taken, try PostReader.parseUnshared(bytes, path: "shown/seed.md")))
        #expect(taken.path == "shown/seed.md")
        // Other bytes are the caller's to parse.
        #expect(prefetch.take(bytes + Array("\nMore.\n".utf8), path: "shown/seed.md") == nil)
        #expect(prefetch.take(Array(bytes.dropLast()) + [0x20], path: "shown/seed.md") == nil)
    }

    /// A path in `_posts/` reads as a Jekyll post (Liquid masked): the same bytes elsewhere
    /// read otherwise, and are parsed again.
    @Test func handsOutNothingForAPathOfAnotherKind() throws {
        let bytes = Array("# List\n\n- [A {{ site.url }}](https://a.example/)\n".utf8)
        let root = try folder(["_posts/list.md": bytes])
        defer { try? FileManager.default.removeItem(at: root) }
        let prefetch = PostPrefetch()
        prefetch.prefetch(path: root.appendingPathComponent("_posts/list.md").path)
        #expect(prefetch.take(bytes, path: "README.md") == nil)
        #expect(prefetch.take(bytes, path: "site/_posts/list.md") != nil)
    }

    /// Asked before the file was read, the command parses it itself: the prefetch gives up.
    @Test func givesUpWhenTheCommandGotThereFirst() throws {
        let bytes = try Fixtures.bytes("seed.md")
        let root = try folder(["seed.md": bytes])
        defer { try? FileManager.default.removeItem(at: root) }
        let prefetch = PostPrefetch()
        #expect(prefetch.take(bytes, path: "seed.md") == nil)
        prefetch.prefetch(path: root.appendingPathComponent("seed.md").path)
        #expect(prefetch.take(bytes, path: "seed.md") == nil)
    }

    /// A process about to exit cancels it: nothing not under way is started.
    @Test func doesNothingOnceCancelled() throws {
        let bytes = try Fixtures.bytes("seed.md")
        let root = try folder(["seed.md": bytes])
        defer { try? FileManager.default.removeItem(at: root) }
        let prefetch = PostPrefetch()
        prefetch.cancel()
        let identity = URLIdentity()
        prefetch.prefetch(path: root.appendingPathComponent("seed.md").path, keys: identity)
        #expect(prefetch.take(bytes, path: "seed.md") == nil)
        let links = try PostReader.parseUnshared(bytes, path: "seed.md").links
        #expect(!links.isEmpty && links.allSatisfy { identity.sharedKeys.cached($0.url) == nil })
    }

    /// Only a regular file is read: a FIFO would block the process's exit.
    @Test func readsOnlyARegularFile() throws {
        let root = try folder(["keep": []])
        defer { try? FileManager.default.removeItem(at: root) }
        let fifo = root.appendingPathComponent("post.md").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let prefetch = PostPrefetch()
        prefetch.prefetch(path: fifo)  // returns at once
        prefetch.prefetch(path: root.appendingPathComponent("missing.md").path)
        #expect(prefetch.take(Array("# A\n".utf8), path: "post.md") == nil)
    }

    @Test func keysTheLinksIntoTheIdentitysSharedMemo() throws {
        let bytes = try Fixtures.bytes("seed.md")
        let root = try folder(["seed.md": bytes])
        defer { try? FileManager.default.removeItem(at: root) }
        let identity = URLIdentity()
        let prefetch = PostPrefetch()
        prefetch.prefetch(path: root.appendingPathComponent("seed.md").path, keys: identity)
        let post = try #require(prefetch.take(bytes, path: "seed.md"))
        #expect(!post.links.isEmpty)
        for link in post.links {
            let kept = try #require(identity.sharedKeys.cached(link.url), "\(link.url)")
            let key = Result { () throws(URLProblem) in try URLIdentity().key(for: link.url) }
            #expect((try? kept.get()) == (try? key.get()), "\(link.url)")
        }
    }

    /// The shared memo goes with the settings: copies share it, a change starts another and
    /// drops the memo in use.
    @Test func aChangedIdentityKeepsNoKeysOfTheOldSettings() throws {
        var identity = URLIdentity()
        identity.memo = identity.sharedKeys
        let copy = identity
        #expect(copy.sharedKeys === identity.sharedKeys)
        _ = try identity.key(for: "https://example.com/a?b=1")
        #expect(identity.sharedKeys.cached("https://example.com/a?b=1") != nil)
        identity.hostPolicies["example.com"] = HostPolicy()
        #expect(identity.memo == nil)
        #expect(identity.sharedKeys !== copy.sharedKeys)
        #expect(identity.sharedKeys.cached("https://example.com/a?b=1") == nil)
        #expect(identity.keepingFragments.memo == nil)
        #expect(identity.keepingFragments.sharedKeys !== identity.sharedKeys)
    }
}
