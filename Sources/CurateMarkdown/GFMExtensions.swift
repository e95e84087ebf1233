import CCmarkGFM
import CCmarkShim
import Foundation

/// The syntax extensions GitHub renders Markdown with, attached to cmark-gfm parsers.
enum GFMExtensions {
    /// GitHub's set: tables, ~~strikethrough~~, autolinks of bare URLs, the tag filter and
    /// task list items.
    static let names = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]

    /// A parser with GitHub's extensions attached; the caller frees it (unless `memory` is
    /// an arena's, which frees it with everything else).
    static func makeParser(options: Int32, memory: UnsafeMutablePointer<cmark_mem>? = nil) -> OpaquePointer {
        registered
        let made = memory.map { cmark_parser_new_with_mem(options, $0) } ?? cmark_parser_new(options)
        guard let parser = made else {
            fatalError("cmark_parser_new returned NULL: out of memory")
        }
        for name in names {
            if let extensionPointer = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, extensionPointer)
            }
        }
        return parser
    }

    /// Runs `body`, which parses with a parser of ``makeParser(options:)``, alone in the
    /// process unless parses may overlap. cmark-gfm keeps the characters its extensions
    /// react to (`~`, `:`, `w` ...) in one process-wide table that each parse adds to when
    /// it parses inlines and takes from when it is done: two parses at once lose each
    /// other's strikethroughs and autolinks. CCmarkShim freezes the table where it can
    /// (where the library's calls can be interposed, as with Debian's shared library);
    /// elsewhere parses take turns. Converting and rendering trees needs no lock.
    static func serialized<T>(_ body: () -> T) -> T {
        if parsesMayOverlap { return body() }
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    private static let lock = NSLock()

    /// Registers the core extensions once per process.
    private static let registered: Void = {
        cmark_gfm_core_extensions_ensure_registered()
    }()

    /// Whether the table of special characters is frozen with every extension's
    /// characters in it (once per process).
    static let parsesMayOverlap: Bool = {
        let holder = makeParser(options: CMARK_OPT_DEFAULT)
        defer { cmark_parser_free(holder) }
        return curate_cmark_freeze_special_characters(holder) == 1
    }()
}
