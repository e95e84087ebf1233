// A bump allocator for one cmark-gfm parse (see curate_arena_begin in cmark_shim.h).
// cmark-gfm allocates a node, and a buffer or two, for almost every piece of a document,
// and frees them one by one when the tree is freed; a parse's memory never outlives the
// conversion of its tree, so blocks handed out in order and freed together do the same
// work without malloc's bookkeeping.
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
} curate_arena;

static _Thread_local curate_arena *curate_current;

static void curate_out_of_memory(void) {
    fputs("[cmark] an arena allocation failed, aborting\n", stderr);
    abort();
}

// A zeroed allocation of `size` bytes, preceded by a header that holds the size (for
// realloc). Fresh blocks come zeroed from calloc and no byte is handed out twice.
static void *curate_arena_allocate(size_t size) {
    curate_arena *arena = curate_current;
    if (size > SIZE_MAX - 2 * CURATE_ARENA_HEADER) curate_out_of_memory();
    size_t need = (size + CURATE_ARENA_HEADER + 15) & ~(size_t)15;
    curate_block *block = arena->head;
    if (!block || block->size - block->used < need) {
        size_t capacity = need > CURATE_ARENA_BLOCK ? need : CURATE_ARENA_BLOCK;
        block = calloc(1, sizeof(curate_block) + capacity);
        if (!block) curate_out_of_memory();
        block->size = capacity;
        block->next = arena->head;
        arena->head = block;
    }
    unsigned char *start = block->data + block->used;
    block->used += need;
    memcpy(start, &size, sizeof size);
    return start + CURATE_ARENA_HEADER;
}

static size_t curate_arena_size(void *pointer) {
    size_t size;
    memcpy(&size, (unsigned char *)pointer - CURATE_ARENA_HEADER, sizeof size);
    return size;
}

static void *curate_arena_calloc(size_t count, size_t size) {
    if (size != 0 && count > SIZE_MAX / size) curate_out_of_memory();
    return curate_arena_allocate(count * size);
}

static void *curate_arena_realloc(void *pointer, size_t size) {
    if (!pointer) return curate_arena_allocate(size);
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
            // The bytes past the old size were never handed out: still zero.
            block->used += need - oldNeed;
            memcpy(start, &size, sizeof size);
            return pointer;
        }
    }
    void *moved = curate_arena_allocate(size);
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
        free(block);
        block = next;
    }
    curate_current = arena->previous;
    free(arena);
}
