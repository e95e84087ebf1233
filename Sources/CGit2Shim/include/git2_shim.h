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

/// Reads the blob `id` (a `const git_oid *`) of `repository` (a `git_repository *`) from
/// its object database, checked against its id with OpenSSL's SHA-1 rather than libgit2's
/// collision-detecting one (see shim.c). 0: the bytes are at `*data` (`*size` of them),
/// to give back with curate_git_free_blob(*owner, *data). 2: the object stored under
/// that id holds other bytes (it is corrupt). 1: not read here (not found, not a blob, or
/// an error): read it with libgit2, which says why.
int curate_git_read_blob(void *repository, const void *id, void **data, size_t *size, void **owner);

/// Gives back the bytes curate_git_read_blob read.
void curate_git_free_blob(void *owner, void *data);

#endif
