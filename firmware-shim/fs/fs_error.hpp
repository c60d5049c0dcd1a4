#pragma once
// Errors of the filesystem's API (littlefs's error codes, named). Power loss is not one of them: it
// arrives as flash::PowerLoss and leaves the Filesystem object unusable until it is mounted again.

#include <stdexcept>
#include <string>
#include <string_view>

namespace nk3::fs {

enum class FsErrc {
    not_found,       // no such file or directory
    exists,          // mkdir of a name that exists
    not_dir,         // a path component, or a rename target, is a file
    is_dir,          // file operation on a directory
    not_empty,       // remove or replace of a non-empty directory
    name_too_long,   // component longer than FsConfig::name_max
    invalid,         // empty path, "." or "..", rename into itself, root as operand
    no_space,        // no free block left
    file_too_large,  // file needs more blocks than one metadata entry can list
    corrupt,         // on-flash structures do not check out (littlefs LFS_ERR_CORRUPT)
    not_mounted,     // used after an interrupted operation, or mount failed
    io,              // the block device failed an operation without a power cut
    internal,        // the littlefs glue failed (a caught Rust panic, an allocation)
};

std::string_view to_string(FsErrc code);

class FsError : public std::runtime_error {
  public:
    FsError(FsErrc code, const std::string& message) : std::runtime_error(message), code_(code) {}
    FsErrc code() const { return code_; }

  private:
    FsErrc code_;
};

}  // namespace nk3::fs
