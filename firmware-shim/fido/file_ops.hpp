#pragma once
// The only calls through which the FIDO application (and trussed's rng-state write) changes its
// filesystem: write a whole file, remove a file or an empty directory, make a directory. Each
// forwards to fs::Filesystem and then, when it succeeded, tells the calling thread's observer,
// if one is installed. Tests install one to assert the order of file operations per command
// (flash operations cannot name the files they belong to). Without an observer these are the
// plain filesystem calls.

#include <functional>
#include <string>
#include <string_view>

#include "crypto/bytes.hpp"
#include "fs/filesystem.hpp"

namespace nk3::fido {

enum class FileOp : std::uint8_t { write, remove, mkdir };

using FileOpObserver = std::function<void(FileOp op, std::string_view path)>;

// Installs `observer` for the calling thread (an empty function removes it); returns the one it
// replaces.
FileOpObserver set_file_op_observer(FileOpObserver observer);

namespace file_ops {

void write_file(fs::Filesystem& fs, std::string_view path, crypto::ByteView content);
void remove(fs::Filesystem& fs, std::string_view path);
void mkdir(fs::Filesystem& fs, std::string_view path);

}  // namespace file_ops
}  // namespace nk3::fido
