// A bump allocator for one cmark-gfm parse (see curate_arena_begin in cmark_shim.h).
// cmark-gfm allocates a node, and a buffer or two, for almost every piece of a document,
// and frees them one by one when the tree is freed; a parse's memory never outlives the
// conversion of its tree, so blocks handed out in order and freed together do the same
// work without malloc's bookkeeping.
#include <setjmp.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>

#include "cmark_shim.h"

enum { CURATE_ARENA_BLOCK = 64 * 1024, CURATE_ARENA_HEADER = 16 };

typedef struct curate_block {
    struct curate_block *next;
    size_t size;
    size_t used;
    alignas(16) unsigned char data[];
} curate_block;

typedef struct curate_arena {
    curate_block *head;
    struct curate_arena *previous;
    /// The bytes of the blocks it holds.
    size_t size;
    /// The most `size` may reach in curate_parse_within (0: no limit), and where that
    /// parse is left when it would.
    size_t limit;
    jmp_buf *escape;
} curate_arena;

static _Thread_local curate_arena *curate_current;

// Blocks of the standard size that earlier parses on this thread gave back, kept for the
// next parse: a small document (an entry written for a proposal, a window of fmt's proof)
// needs one block, and would otherwise get a fresh one from malloc every time.
enum { CURATE_ARENA_SPARES = 4 };
static _Thread_local curate_block *curate_spares;
static _Thread_local int curate_spare_count;

static void curate_out_of_memory(void) {
    fputs("[cmark] an arena allocation failed, aborting\n", stderr);
    abort();
}

// An allocation of `size` bytes (zeroed when `zero`), preceded by a header that holds the
// size (for realloc). Blocks are not zeroed as a whole: a block given back by an earlier
// parse is reused, and a small parse uses a small part of its block.
static void *curate_arena_allocate(size_t size, int zero) {
    curate_arena *arena = curate_current;
    if (size > SIZE_MAX - 2 * CURATE_ARENA_HEADER) curate_out_of_memory();
    size_t need = (size + CURATE_ARENA_HEADER + 15) & ~(size_t)15;
    curate_block *block = arena->head;
    if (!block || block->size - block->used < need) {
        size_t capacity = need > CURATE_ARENA_BLOCK ? need : CURATE_ARENA_BLOCK;
        // Over the limit of a bounded parse: it is left, its blocks all linked (freed
        // with the arena). Nothing of it is in use after (see curate_parse_within).
        if (arena->limit && (capacity > arena->limit || arena->size > arena->limit - capacity) && arena->escape) {
            longjmp(*arena->escape, 1);
        }
        arena->size += capacity;
        if (capacity == CURATE_ARENA_BLOCK && curate_spares) {
            block = curate_spares;
            curate_spares = block->next;
            curate_spare_count -= 1;
        } else {
            block = malloc(sizeof(curate_block) + capacity);
            if (!block) curate_out_of_memory();
        }
        block->size = capacity;
        block->used = 0;
        block->next = arena->head;
        arena->head = block;
    }
    unsigned char *start = block->data + block->used;
    block->used += need;
    memcpy(start, &size, sizeof size);
    if (zero) memset(start + CURATE_ARENA_HEADER, 0, size);
    return start + CURATE_ARENA_HEADER;
}

static size_t curate_arena_size(void *pointer) {
    size_t size;
    memcpy(&size, (unsigned char *)pointer - CURATE_ARENA_HEADER, sizeof size);
    return size;
}

static void *curate_arena_calloc(size_t count, size_t size) {
    if (size != 0 && count > SIZE_MAX / size) curate_out_of_memory();
    return curate_arena_allocate(count * size, 1);
}

static void *curate_arena_realloc(void *pointer, size_t size) {
    if (!pointer) return curate_arena_allocate(size, 0);
    size_t old = curate_arena_size(pointer);
    if (size <= old) return pointer;
    // The last allocation of the current block grows in place when the block has room
    // (a buffer that cmark appends to, line after line).
    curate_block *block = curate_current->head;
    size_t oldNeed = (old + CURATE_ARENA_HEADER + 15) & ~(size_t)15;
    unsigned char *start = (unsigned char *)pointer - CURATE_ARENA_HEADER;
    if (size <= SIZE_MAX - 2 * CURATE_ARENA_HEADER && block && start + oldNeed == block->data + block->used) {
        size_t need = (size + CURATE_ARENA_HEADER + 15) & ~(size_t)15;
        if (need - oldNeed <= block->size - block->used) {
            block->used += need - oldNeed;
            memcpy(start, &size, sizeof size);
            return pointer;
        }
    }
    void *moved = curate_arena_allocate(size, 0);
    memcpy(moved, pointer, old);
    return moved;
}

static void curate_arena_free_one(void *pointer) {
    (void)pointer;  // given back with the whole arena
}

static cmark_mem curate_arena_allocator = {curate_arena_calloc, curate_arena_realloc, curate_arena_free_one};

cmark_mem *curate_arena_begin(void) {
    curate_arena *arena = calloc(1, sizeof *arena);
    if (!arena) curate_out_of_memory();
    arena->previous = curate_current;
    curate_current = arena;
    return &curate_arena_allocator;
}

void curate_arena_end(void) {
    curate_arena *arena = curate_current;
    if (!arena) return;
    curate_block *block = arena->head;
    while (block) {
        curate_block *next = block->next;
        if (block->size == CURATE_ARENA_BLOCK && curate_spare_count < CURATE_ARENA_SPARES) {
            block->next = curate_spares;
            curate_spares = block;
            curate_spare_count += 1;
        } else {
            free(block);
        }
        block = next;
    }
    curate_current = arena->previous;
    free(arena);
}

cmark_node *curate_parse_within(cmark_parser *parser, const char *text, size_t length, size_t limit, int *exceeded) {
    curate_arena *arena = curate_current;
    *exceeded = 0;
    if (!arena) return NULL;
    // Volatile: read after a longjmp back here.
    jmp_buf escape;
    volatile size_t saved = arena->limit;
    arena->limit = limit;
    arena->escape = &escape;
    if (setjmp(escape)) {
        arena->limit = saved;
        arena->escape = NULL;
        *exceeded = 1;
        return NULL;
    }
    if (length > 0) cmark_parser_feed(parser, text, length);
    cmark_node *root = cmark_parser_finish(parser);
    arena->limit = saved;
    arena->escape = NULL;
    return root;
}
