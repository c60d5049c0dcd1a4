// Write-then-rename files.

#include "harness/results/atomic_file.hpp"

#include <system_error>

#include "harness/results/store_error.hpp"

namespace nk3::results {

namespace {

StoreError io_error(const std::filesystem::path& path, const std::string& what) {
    return StoreError(StoreError::Kind::database, "cannot " + what + " " + path.string());
}

}  // namespace

AtomicFile::AtomicFile(std::filesystem::path target)
    : target_(std::move(target)), temporary_(target_.string() + ".tmp") {
    out_.open(temporary_, std::ios::binary | std::ios::trunc);
    if (!out_) throw io_error(temporary_, "create");
}

AtomicFile::~AtomicFile() {
    if (committed_) return;
    out_.close();
    std::error_code ignored;
    std::filesystem::remove(temporary_, ignored);
}

void AtomicFile::commit() {
    out_.flush();
    out_.close();
    if (!out_) throw io_error(temporary_, "write");
    std::error_code error;
    std::filesystem::rename(temporary_, target_, error);
    if (error) throw io_error(target_, "rename " + temporary_.string() + " to");
    committed_ = true;
}

}  // namespace nk3::results
