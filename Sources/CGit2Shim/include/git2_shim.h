#ifndef CURATE_GIT2_SHIM_H
#define CURATE_GIT2_SHIM_H

#include <stddef.h>

/// git_libgit2_init, with the system's certificate authorities read at the first TLS
/// connection instead of now (see shim.c). Returns what git_libgit2_init returns.
int curate_git_init(void);

/// 1 when the last curate_git_init left libgit2's reading of the system's certificate
/// authorities for later (libgit2's calls reach this program's definitions), else 0:
/// then libgit2 read them during init, as it does on its own.
int curate_git_certificates_deferred(void);

/// 1 while the system's certificate authorities are still to be read (no TLS connection
/// yet), else 0.
int curate_git_certificates_pending(void);

/// From now on, a socket libgit2 connects gives up a read or a write that waits more than
/// `seconds` (0: never, libgit2's own behaviour, which waits for ever on a server that
/// accepts and never answers).
void curate_git_set_network_timeout(int seconds);

/// 1 when, on this thread, a read or write of libgit2's gave up for the timeout since the
/// last call; then clears it.
int curate_git_take_timed_out(void);

/// 1 when `size` bytes at `data` are the content of the blob whose id (SHA-1) is the 20
/// bytes at `id`, else 0 (see shim.c: libgit2 does not check the objects it reads).
int curate_git_blob_matches(const unsigned char *id, const void *data, size_t size);

#endif
