#pragma once
// The one exception the result store throws. Its kind tells the command line what went wrong:
// bad input (not a run directory, a directory that already holds a run, shards that do not
// belong together, a run another process is writing) maps to exit status 2; anything else is a
// fault of the rig or of the engine.

#include <stdexcept>
#include <string>

namespace nk3::results {

class StoreError : public std::runtime_error {
  public:
    enum class Kind : unsigned char {
        not_a_run,        // the directory holds no run (or not one this nk3rig can read)
        already_a_run,    // create() on a directory that already holds a run
        mismatch,         // merge(): shards of different runs, or overlapping shards
        in_use,           // another process holds the run directory's lock (RunDirLock)
        corrupt,          // a row read back breaks the store's invariants (read_back_check.hpp)
        duplicate_trial,  // record() of a plan index that is already recorded
        invalid_record,   // a value the database cannot hold (plan index beyond 2^63 - 1)
        database,         // SQLite failed: I/O error, disk full, locked, corrupt
    };

    StoreError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}

    Kind kind() const { return kind_; }
    // True when the user gave something wrong (exit status 2), not when the rig failed.
    bool bad_input() const {
        return kind_ == Kind::not_a_run || kind_ == Kind::already_a_run ||
               kind_ == Kind::mismatch || kind_ == Kind::in_use || kind_ == Kind::corrupt;
    }

  private:
    Kind kind_;
};

}  // namespace nk3::results
