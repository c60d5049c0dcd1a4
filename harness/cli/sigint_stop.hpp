#pragma once
// SIGINT, SIGTERM and SIGHUP as a stop request for `nk3rig run` (a CI system cancels with
// SIGTERM, a closed terminal sends SIGHUP; all three mean the same): while a SigintStop is
// alive, the first of them sets its flag (the campaign lets running trials finish, starts no new
// one, and the run is saved as interrupted); the second (of any of the three) ends the process at
// once (everything committed stays in results.sqlite). One at a time: a suite holds one across all
// of its runs.

#include <atomic>
#include <csignal>

namespace nk3::cli {

class SigintStop {
  public:
    SigintStop();  // clears the flag and installs the handler
    SigintStop(const SigintStop&) = delete;
    SigintStop& operator=(const SigintStop&) = delete;
    ~SigintStop();  // puts back the handler it replaced

    const std::atomic<bool>& flag() const;
    bool requested() const { return flag().load(); }

  private:
    void (*previous_[3])(int) = {SIG_DFL, SIG_DFL, SIG_DFL};  // SIGINT, SIGTERM, SIGHUP
};

}  // namespace nk3::cli
