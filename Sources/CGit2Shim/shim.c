// libgit2 built with mbedTLS (Debian's) reads and parses the whole system bundle of
// certificate authorities (about 140 certificates, 3.5 ms) inside git_libgit2_init,
// though only an https fetch or push ever uses them: every curate process that opens a
// repository, the pre-commit hook's included, paid for it. No libgit2 option turns it
// off. libgit2 reaches mbedTLS through the dynamic linker, so this program defines the
// three mbedTLS functions involved under their own names:
//
// - during curate_git_init, the bundle libgit2 asks mbedtls_x509_crt_parse_file to read
//   into its chain is noted instead, and the chain is left empty;
// - the first mbedtls_ssl_setup (a TLS connection about to start, before any
//   certificate is verified) reads it into that same chain, which libgit2's TLS
//   configuration already points at;
// - mbedtls_x509_crt_free of that chain (libgit2 replacing it with --ca-file's, or
//   shutting down) forgets the note.
//
// Every other call goes straight to the library's function. Where libgit2 uses another
// TLS library, none of these is reached and nothing changes.
//
// The same holds for libssh2_init, which libgit2 also calls in git_libgit2_init and
// which starts OpenSSL (0.4 ms and 1.4 MB for every process): during curate_git_init it
// is left undone; libssh2 starts itself when its first session is made
// (libssh2_session_init_ex calls _libssh2_init_if_needed), which only ssh remotes do.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "git2_shim.h"

typedef int (*curate_parse_file_function)(void *chain, const char *path);
typedef void (*curate_free_function)(void *chain);
typedef int (*curate_setup_function)(void *ssl, const void *configuration);

static pthread_mutex_t curate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t curate_reading = PTHREAD_MUTEX_INITIALIZER;
static int curate_deferring = 0;
static int curate_deferred = 0;
static void *curate_pending_chain = NULL;
static char *curate_pending_path = NULL;

int curate_git_init(void) {
    pthread_mutex_lock(&curate_lock);
    curate_deferring = 1;
    curate_deferred = 0;
    pthread_mutex_unlock(&curate_lock);
    int result = git_libgit2_init();
    pthread_mutex_lock(&curate_lock);
    curate_deferring = 0;
    pthread_mutex_unlock(&curate_lock);
    return result;
}

int curate_git_certificates_deferred(void) {
    pthread_mutex_lock(&curate_lock);
    int deferred = curate_deferred;
    pthread_mutex_unlock(&curate_lock);
    return deferred;
}

int curate_git_certificates_pending(void) {
    pthread_mutex_lock(&curate_lock);
    int pending = curate_pending_chain != NULL;
    pthread_mutex_unlock(&curate_lock);
    return pending;
}

int mbedtls_x509_crt_parse_file(void *chain, const char *path) {
    pthread_mutex_lock(&curate_lock);
    if (curate_deferring && curate_pending_chain == NULL && chain != NULL && path != NULL) {
        char *copy = strdup(path);
        if (copy != NULL) {
            curate_pending_chain = chain;
            curate_pending_path = copy;
            curate_deferred = 1;
            pthread_mutex_unlock(&curate_lock);
            return 0;
        }
    }
    pthread_mutex_unlock(&curate_lock);
    curate_parse_file_function library =
        (curate_parse_file_function)dlsym(RTLD_NEXT, "mbedtls_x509_crt_parse_file");
    // -0x2880 is MBEDTLS_ERR_X509_BAD_INPUT_DATA: this cannot happen where libgit2 calls.
    return library ? library(chain, path) : -0x2880;
}

void mbedtls_x509_crt_free(void *chain) {
    pthread_mutex_lock(&curate_lock);
    if (chain != NULL && chain == curate_pending_chain) {
        curate_pending_chain = NULL;
        free(curate_pending_path);
        curate_pending_path = NULL;
    }
    pthread_mutex_unlock(&curate_lock);
    curate_free_function library = (curate_free_function)dlsym(RTLD_NEXT, "mbedtls_x509_crt_free");
    if (library) library(chain);
}

int mbedtls_ssl_setup(void *ssl, const void *configuration) {
    // Taken from the note under curate_lock, read under curate_reading: a parse may free
    // certificates itself (through mbedtls_x509_crt_free above, which takes curate_lock),
    // and a second connection starting meanwhile waits until the chain is whole.
    pthread_mutex_lock(&curate_reading);
    pthread_mutex_lock(&curate_lock);
    void *chain = curate_pending_chain;
    char *path = curate_pending_path;
    curate_pending_chain = NULL;
    curate_pending_path = NULL;
    pthread_mutex_unlock(&curate_lock);
    if (chain != NULL) {
        curate_parse_file_function parse =
            (curate_parse_file_function)dlsym(RTLD_NEXT, "mbedtls_x509_crt_parse_file");
        // As in libgit2's own loading, an unreadable bundle leaves the chain empty and
        // the connection then fails its certificate check.
        if (parse) parse(chain, path);
    }
    free(path);
    pthread_mutex_unlock(&curate_reading);
    curate_setup_function library = (curate_setup_function)dlsym(RTLD_NEXT, "mbedtls_ssl_setup");
    // -0x7100 is MBEDTLS_ERR_SSL_BAD_INPUT_DATA.
    return library ? library(ssl, configuration) : -0x7100;
}

typedef int (*curate_ssh_init_function)(int flags);

int libssh2_init(int flags) {
    pthread_mutex_lock(&curate_lock);
    int deferring = curate_deferring;
    pthread_mutex_unlock(&curate_lock);
    if (deferring) return 0;
    curate_ssh_init_function library = (curate_ssh_init_function)dlsym(RTLD_NEXT, "libssh2_init");
    // -1 is LIBSSH2_ERROR_ALLOC, the error libssh2_init itself gives.
    return library ? library(flags) : -1;
}
