#ifndef CURATE_CGIT2_SHIM_H
#define CURATE_CGIT2_SHIM_H
#include <git2.h>

/* git_libgit2_opts is variadic, which Swift cannot call: one wrapper per option used. */

/* Trust the certificate authorities in `file` (PEM) for https, in place of the system's. */
static inline int curate_git_set_ssl_cert_file(const char *file) {
    return git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, file, NULL);
}

#include <git2/sys/repository.h>

#include <errno.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Linux's renameat2(RENAME_EXCHANGE): swaps two paths atomically, so a file can be
   replaced only if it is still the one that was checked (glibc's wrapper is not visible
   to Swift). -1 with errno ENOSYS or EINVAL where the kernel or file system lacks it. */
static inline int curate_rename_exchange(const char *from, const char *to) {
#ifdef SYS_renameat2
    return (int)syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, 2 /* RENAME_EXCHANGE */);
#else
    errno = ENOSYS;
    return -1;
#endif
}
#endif
