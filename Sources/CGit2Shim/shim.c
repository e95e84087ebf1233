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
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <git2.h>
#include <git2/sys/odb_backend.h>
// SHA-1 through its own functions, not EVP: OpenSSL 3 loads its configuration and
// providers at the first EVP call (about 1 ms, a twentieth of a commit); these functions
// run the same code without them. (Deprecated in OpenSSL 3, not removed.)
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>
#include <stdio.h>
#include <zlib.h>

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
    // libgit2 keeps no blob in its object cache (the limit for blobs is 0): a post read
    // twice, as sync reads the list at the last sync and at the tip, was inflated and its
    // hash checked twice (about 50 M instructions for a 1 MB post). Blobs up to the
    // largest post curate reads (64 MiB) are kept, within the cache's total (256 MiB).
    if (result >= 0) git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_BLOB, (size_t)64 << 20);
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

// libgit2 1.5 has no network timeout (1.7 added GIT_OPT_SET_SERVER_TIMEOUT): a server
// that accepts a connection and never answers holds a fetch or a push for ever. The
// sockets libgit2 connects (its calls of connect, told apart from libcurl's by the
// caller's library) get SO_RCVTIMEO and SO_SNDTIMEO, so a read or write that waits too
// long fails; recv and send note it, per thread, for curate to name the cause.

static int curate_network_timeout = 0;
static __thread int curate_timed_out = 0;

void curate_git_set_network_timeout(int seconds) {
    pthread_mutex_lock(&curate_lock);
    curate_network_timeout = seconds > 0 ? seconds : 0;
    pthread_mutex_unlock(&curate_lock);
}

int curate_git_take_timed_out(void) {
    int timed_out = curate_timed_out;
    curate_timed_out = 0;
    return timed_out;
}

static int curate_called_from_libgit2(const void *address) {
    Dl_info info;
    return dladdr(address, &info) != 0 && info.dli_fname != NULL && strstr(info.dli_fname, "libgit2") != NULL;
}

typedef int (*curate_connect_function)(int, const struct sockaddr *, socklen_t);
typedef ssize_t (*curate_recv_function)(int, void *, size_t, int);
typedef ssize_t (*curate_send_function)(int, const void *, size_t, int);

// The C library's own `name` (the next definition after this program's), looked up once.
static void *curate_next(_Atomic(void *) *cache, const char *name) {
    void *function = atomic_load(cache);
    if (!function) {
        function = dlsym(RTLD_NEXT, name);
        atomic_store(cache, function);
    }
    return function;
}

// A read or a write that gave up (EAGAIN on a blocking socket, which only the timeout
// makes) is noted for this thread when libgit2 made it; errno is kept.
static void curate_note_timeout(ssize_t result, const void *caller) {
    if (result >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) return;
    int saved = errno;
    if (curate_called_from_libgit2(caller)) curate_timed_out = 1;
    errno = saved;
}

int connect(int descriptor, const struct sockaddr *address, socklen_t length) {
    static _Atomic(void *) cached = NULL;
    curate_connect_function library = (curate_connect_function)curate_next(&cached, "connect");
    if (!library) {
        errno = ENOSYS;
        return -1;
    }
    int result = library(descriptor, address, length);
    int saved = errno;
    pthread_mutex_lock(&curate_lock);
    int seconds = curate_network_timeout;
    pthread_mutex_unlock(&curate_lock);
    if (result == 0 && seconds > 0 && curate_called_from_libgit2(__builtin_return_address(0))) {
        struct timeval timeout = {.tv_sec = seconds, .tv_usec = 0};
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    }
    errno = saved;
    return result;
}

ssize_t recv(int descriptor, void *buffer, size_t length, int flags) {
    static _Atomic(void *) cached = NULL;
    curate_recv_function library = (curate_recv_function)curate_next(&cached, "recv");
    if (!library) {
        errno = ENOSYS;
        return -1;
    }
    ssize_t result = library(descriptor, buffer, length, flags);
    curate_note_timeout(result, __builtin_return_address(0));
    return result;
}

ssize_t send(int descriptor, const void *buffer, size_t length, int flags) {
    static _Atomic(void *) cached = NULL;
    curate_send_function library = (curate_send_function)curate_next(&cached, "send");
    if (!library) {
        errno = ENOSYS;
        return -1;
    }
    ssize_t result = library(descriptor, buffer, length, flags);
    curate_note_timeout(result, __builtin_return_address(0));
    return result;
}

// 1 when `size` bytes at `data` are the content of the blob whose id (SHA-1) is the 20
// bytes at `id`, else 0.
static int curate_git_blob_matches(const unsigned char *id, const void *data, size_t size) {
    char header[32];
    int length = snprintf(header, sizeof header, "blob %zu", size);
    unsigned char digest[SHA_DIGEST_LENGTH];
    SHA_CTX context;
    int ok = SHA1_Init(&context) == 1
        && SHA1_Update(&context, header, (size_t)length + 1) == 1  // with its NUL
        && (size == 0 || SHA1_Update(&context, data, size) == 1)
        && SHA1_Final(digest, &context) == 1;
    return ok && memcmp(digest, id, 20) == 0;
}

// libgit2 1.5 reads a loose object whose compressed data is cut short (a file truncated
// by a crash or a full disk) by calling zlib's inflate again and again, with no more input
// to give it, for ever: curate spun at full speed (libgit2 issue 7342, fixed after 1.5).
// A call of inflate that makes no progress (Z_BUF_ERROR) changes nothing in the stream,
// so a caller that makes the very same call again, on the same stream with the same
// input and output, loops for ever. This definition of inflate, which libgit2's calls
// reach as they reach the functions above, calls zlib's, and answers such a repeated call
// from libgit2 with Z_DATA_ERROR: libgit2 then reports the object's data as bad, and
// curate says which object it was reading. Every other call is zlib's alone.

typedef int (*curate_inflate_function)(z_streamp, int);

static __thread struct {
    z_streamp stream;
    const Bytef *next_in;
    uInt avail_in;
    Bytef *next_out;
    uInt avail_out;
    int stalled;
} curate_last_inflate;

int inflate(z_streamp stream, int flush) {
    static _Atomic(void *) cached = NULL;
    curate_inflate_function library = (curate_inflate_function)curate_next(&cached, "inflate");
    if (!library) return Z_STREAM_ERROR;
    if (stream == NULL) return library(stream, flush);
    if (curate_last_inflate.stalled && curate_last_inflate.stream == stream
        && curate_last_inflate.next_in == stream->next_in && curate_last_inflate.avail_in == stream->avail_in
        && curate_last_inflate.next_out == stream->next_out && curate_last_inflate.avail_out == stream->avail_out
        && curate_called_from_libgit2(__builtin_return_address(0))) {
        curate_last_inflate.stalled = 0;
        stream->msg = (char *)"compressed data cut short";
        return Z_DATA_ERROR;
    }
    uLong before_in = stream->total_in;
    uLong before_out = stream->total_out;
    int result = library(stream, flush);
    curate_last_inflate.stream = stream;
    curate_last_inflate.next_in = stream->next_in;
    curate_last_inflate.avail_in = stream->avail_in;
    curate_last_inflate.next_out = stream->next_out;
    curate_last_inflate.avail_out = stream->avail_out;
    curate_last_inflate.stalled =
        result == Z_BUF_ERROR && stream->total_in == before_in && stream->total_out == before_out;
    return result;
}

// libgit2 checks every object it reads against its id with SHA-1's collision-detecting
// version: about 30 instructions a byte, the cost of reading a post (a twentieth of a sync
// of a 1 MB list). Blobs are read here from the object database's backends in libgit2's
// order, as git_odb_read does, and checked with the processor's SHA-1 through OpenSSL;
// trees and commits, small, are still read and checked by libgit2.
static int curate_read_blob_once(git_odb *odb, const git_oid *id, void **data, size_t *size, void **owner);

int curate_git_read_blob(void *repository_pointer, const void *id_pointer, void **data, size_t *size, void **owner) {
    git_repository *repository = repository_pointer;
    const git_oid *id = id_pointer;
    git_odb *odb = NULL;
    if (git_repository_odb(&odb, repository) < 0) return 1;
    int result = curate_read_blob_once(odb, id, data, size, owner);
    // Not found: a pack another process (or a fetch) added since the packs were listed,
    // as git_odb_read looks again.
    if (result == 3 && git_odb_refresh(odb) == 0) result = curate_read_blob_once(odb, id, data, size, owner);
    git_odb_free(odb);
    return result == 3 ? 1 : result;
}

// One pass over the backends: 0 read, 1 not read (an error, not a blob), 2 corrupt, 3 not
// found.
static int curate_read_blob_once(git_odb *odb, const git_oid *id, void **data, size_t *size, void **owner) {
    int result = 3;
    size_t count = git_odb_num_backends(odb);
    for (size_t position = 0; position < count; position++) {
        git_odb_backend *backend = NULL;
        if (git_odb_get_backend(&backend, odb, position) < 0 || backend == NULL || backend->read == NULL) continue;
        void *buffer = NULL;
        size_t length = 0;
        git_object_t type = GIT_OBJECT_INVALID;
        int error = backend->read(&buffer, &length, &type, backend, id);
        if (error == GIT_PASSTHROUGH || error == GIT_ENOTFOUND) continue;
        if (error < 0) {  // libgit2's own read says why
            result = 1;
            break;
        }
        if (type != GIT_OBJECT_BLOB) {
            git_odb_backend_data_free(backend, buffer);
            result = 1;
            break;
        }
        if (!curate_git_blob_matches(id->id, buffer, length)) {
            git_odb_backend_data_free(backend, buffer);
            result = 2;
            break;
        }
        *data = buffer;
        *size = length;
        *owner = backend;
        result = 0;
        break;
    }
    return result;
}

void curate_git_free_blob(void *owner, void *data) {
    git_odb_backend_data_free((git_odb_backend *)owner, data);
}
