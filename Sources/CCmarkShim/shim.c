// cmark-gfm keeps the characters its inline extensions react to (`~` for strikethrough,
// `:` and `w` for autolinks) in one static table that every parse fills when it starts on
// inlines and clears when it is done (cmark_manage_extensions_special_characters, called
// from process_inlines through the library's PLT). Two parses at once therefore lose each
// other's strikethroughs and autolinks. Every parser in curate attaches the same
// extensions, so the table can be filled once and then left alone: this file defines the
// function under the library's name, so that the library's calls reach it, and forwards
// to the library's own until the table is frozen.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdatomic.h>

#include <cmark-gfm.h>
#include <cmark-gfm-extension_api.h>

#include "cmark_shim.h"

typedef void (*curate_manage_function)(cmark_parser *, int);

static atomic_int curate_frozen = 0;
static atomic_int curate_reached = 0;

static curate_manage_function curate_library_manage(void) {
    return (curate_manage_function)dlsym(RTLD_NEXT, "cmark_manage_extensions_special_characters");
}

void cmark_manage_extensions_special_characters(cmark_parser *parser, int add) {
    atomic_store(&curate_reached, 1);
    if (atomic_load(&curate_frozen)) return;
    curate_manage_function library = curate_library_manage();
    if (library) library(parser, add);
}

int curate_cmark_freeze_special_characters(cmark_parser *parser) {
    curate_manage_function library = curate_library_manage();
    if (!library) return 0;
    library(parser, 1);
    atomic_store(&curate_frozen, 1);
    // A parse shows whether the library's calls come here.
    atomic_store(&curate_reached, 0);
    cmark_parser *probe = cmark_parser_new(CMARK_OPT_DEFAULT);
    if (!probe) return 0;
    cmark_parser_feed(probe, "probe\n", 6);
    cmark_node *root = cmark_parser_finish(probe);
    if (root) cmark_node_free(root);
    cmark_parser_free(probe);
    if (atomic_load(&curate_reached)) return 1;
    // Not interposed: the library manages its table itself, parse by parse.
    atomic_store(&curate_frozen, 0);
    return 0;
}
