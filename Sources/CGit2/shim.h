#ifndef CURATE_CGIT2_SHIM_H
#define CURATE_CGIT2_SHIM_H
#include <git2.h>

/* git_libgit2_opts is variadic, which Swift cannot call: one wrapper per option used. */

/* Trust the certificate authorities in `file` (PEM) for https, in place of the system's. */
static inline int curate_git_set_ssl_cert_file(const char *file) {
    return git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, file, NULL);
}

#endif
