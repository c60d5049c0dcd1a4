// RunDirLock: open(O_DIRECTORY | O_CLOEXEC) and flock(LOCK_EX | LOCK_NB).

#include "harness/results/run_dir_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "harness/results/store_error.hpp"

namespace nk3::results {

RunDirLock::RunDirLock(const std::filesystem::path& dir) {
    fd_ = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd_ < 0)
        throw StoreError(StoreError::Kind::not_a_run,
                         "cannot open run directory " + dir.string() + ": " + std::strerror(errno));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        ::close(fd_);
        fd_ = -1;
        if (error == EWOULDBLOCK)
            throw StoreError(StoreError::Kind::in_use,
                             dir.string() +
                                 " is being written by another nk3rig process (it holds the "
                                 "run directory's lock); wait for it to end or stop it, then "
                                 "--resume");
        throw StoreError(StoreError::Kind::database,
                         "cannot lock run directory " + dir.string() + ": " + std::strerror(error));
    }
}

RunDirLock::RunDirLock(RunDirLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

RunDirLock& RunDirLock::operator=(RunDirLock&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
}

RunDirLock::~RunDirLock() {
    if (fd_ >= 0) ::close(fd_);
}

}  // namespace nk3::results
