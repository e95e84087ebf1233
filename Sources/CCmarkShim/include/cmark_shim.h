#ifndef CURATE_CMARK_SHIM_H
#define CURATE_CMARK_SHIM_H

#include <cmark-gfm.h>

/// Fills cmark-gfm's process-wide table of special characters with those of `parser`'s
/// extensions for good, and from then on makes every parse leave the table alone, so
/// that parses can run in parallel. Returns 1 when that holds (libcmark-gfm's own calls
/// reach this program's cmark_manage_extensions_special_characters, below), else 0:
/// then the table is still added to and taken from at every parse, and parses must not
/// overlap.
int curate_cmark_freeze_special_characters(cmark_parser *parser);

/// An allocator for one parse on this thread: memory is taken from blocks in order and
/// given back all at once by curate_arena_end, so that a parse neither pays malloc and free
/// for each of its nodes and buffers nor walks its tree to free it. cmark_mem's functions
/// take no context, so the arena in use is the calling thread's: begin and end on the
/// thread that parses, and nest them like parentheses. Returns the allocator to give
/// cmark_parser_new_with_mem; a parser and its tree made with it must not be freed with
/// cmark's functions, nor used after curate_arena_end.
cmark_mem *curate_arena_begin(void);

/// Frees every byte the thread's current arena gave (see curate_arena_begin).
void curate_arena_end(void);

/// Feeds `length` bytes of `text` to `parser` (made with the thread's current arena, see
/// curate_arena_begin) and finishes it, unless the arena would grow past `limit` bytes:
/// then the parse is abandoned where it is (everything it allocated is the arena's, given
/// back by curate_arena_end), `*exceeded` is set to 1 and NULL returned.
cmark_node *curate_parse_within(cmark_parser *parser, const char *text, size_t length, size_t limit, int *exceeded);

#endif
