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

#endif
