#pragma once
// A file replaced whole or not at all: written to "NAME.tmp" beside it, flushed, then renamed
// over NAME, so a reader (or a crash half-way) never sees a half-written trials.csv or
// summary.json.

#include <filesystem>
#include <fstream>

namespace nk3::results {

class AtomicFile {
  public:
    // Throws StoreError (database kind: an I/O failure) when the temporary cannot be created.
    explicit AtomicFile(std::filesystem::path target);
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    ~AtomicFile();  // removes the temporary when commit() was not reached

    std::ostream& stream() { return out_; }
    // Flushes and renames into place; throws StoreError on any write or rename failure.
    void commit();

  private:
    std::filesystem::path target_;
    std::filesystem::path temporary_;
    std::ofstream out_;
    bool committed_ = false;
};

}  // namespace nk3::results
