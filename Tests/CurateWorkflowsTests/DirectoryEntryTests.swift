import Foundation
import Testing

@testable import CurateGit
@testable import CurateKit

#if canImport(Glibc)
    import Glibc
#endif

/// Reading a directory entry's name: a `dirent` is only as long as its name needs, and
/// the last one of a directory's buffer can end where the memory does. A tester's `fmt`
/// died by SIGSEGV in a folder of thousands of files: the name was read by copying the
/// whole 256-byte `d_name` array, past the entry (valgrind: "Invalid read").
@Suite struct DirectoryEntryTests {
    /// An entry named `name` that ends where readable memory does (a page that may not be
    /// read follows it), passed to `body`: reading its whole `d_name` array would crash.
    func withEntryAtTheEndOfMemory(named name: String, _ body: (UnsafePointer<dirent>) -> Void) throws {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let memory = try #require(
            mmap(nil, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), "mmap failed")
        try #require(memory != MAP_FAILED)
        defer { munmap(memory, 2 * page) }
        try #require(mprotect(memory + page, page, PROT_NONE) == 0)
        let offset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        let bytes = Array(name.utf8) + [0]
        // An entry's length is rounded up to 8 bytes, as the kernel writes them.
        let length = (offset + bytes.count + 7) / 8 * 8
        let start = memory + page - length
        memset(start, 0, length)
        let entry = start.bindMemory(to: dirent.self, capacity: 1)
        _ = bytes.withUnsafeBufferPointer { memcpy(start + offset, $0.baseAddress!, bytes.count) }
        body(UnsafePointer(entry))
    }

    @Test func aNameIsReadInPlaceNotPastItsEntry() throws {
        try withEntryAtTheEndOfMemory(named: "list.md") { entry in
            #expect(FileSystem.entryName(entry) == "list.md")
            #expect(TemporaryFiles.entryName(entry) == "list.md")
        }
    }

    @Test func aLongerNameToo() throws {
        let name = ".list.md.curate-12345-AbCdEf"
        try withEntryAtTheEndOfMemory(named: name) { entry in
            #expect(FileSystem.entryName(entry) == name)
            #expect(TemporaryFiles.entryName(entry) == name)
        }
    }
}
