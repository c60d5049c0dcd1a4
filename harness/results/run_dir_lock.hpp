#pragma once
// The writer's lock on a run directory: an exclusive flock(2) on the directory itself (no file
// is added to it), held by `nk3rig run` from before the result store is created or reopened
// with --resume until the process ends. A second writer (a --resume while the run is still
// going, two runs given the same --out) is refused instead of interleaving its trials.
// Readers (report, compare, replay) take no lock. The kernel drops the lock when the process
// dies, so a SIGKILLed run leaves nothing to clean up.

#include <filesystem>

namespace nk3::results {

class RunDirLock {
  public:
    // Locks `dir`, which must exist. Throws StoreError: in_use when another process holds the
    // lock, not_a_run when `dir` cannot be opened as a directory.
    explicit RunDirLock(const std::filesystem::path& dir);
    RunDirLock(RunDirLock&& other) noexcept;
    RunDirLock& operator=(RunDirLock&& other) noexcept;
    RunDirLock(const RunDirLock&) = delete;
    RunDirLock& operator=(const RunDirLock&) = delete;
    ~RunDirLock();  // releases the lock

  private:
    int fd_ = -1;
};

}  // namespace nk3::results
