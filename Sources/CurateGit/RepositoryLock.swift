#if canImport(Glibc)
    import Glibc
#endif

/// An exclusive lock held by one curate process at a time on a repository (an advisory
/// `flock` on `curate.lock` in the common git folder), so that two curate commits
/// update the working tree and the index in the order their commits landed. The kernel
/// releases it when the process ends, so a crash leaves no stale lock.
final class RepositoryLock {
    private let descriptor: Int32

    init(repository: Repository, timeoutSeconds: Double = 30) throws {
        let path = repository.commonDirectory + "curate.lock"
        descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw FileCommitError.lock(path: path, reason: String(cString: strerror(errno)))
        }
        var waited = 0.0
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, waited < timeoutSeconds else {
                close(descriptor)
                throw FileCommitError.lock(path: path, reason: "another curate has held it for \(Int(waited)) s")
            }
            usleep(20_000)
            waited += 0.02
        }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
