#ifndef CURATE_GIT2_SHIM_H
#define CURATE_GIT2_SHIM_H

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

#endif
