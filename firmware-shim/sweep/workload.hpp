#pragma once
// A filesystem workload for power-cut sweeps, and the reference model it is judged against:
// after k completed operations the filesystem must hold exactly model state k.

#include <cstdint>
#include <string>
#include <vector>

#include "fs/filesystem.hpp"

namespace nk3::sweep {

struct FsOp {
    enum class Kind { write, mkdir, remove, rename };
    Kind kind = Kind::write;
    std::string path;
    std::string to;                  // rename target
    std::vector<std::uint8_t> data;  // write content

    static FsOp write(std::string path, std::vector<std::uint8_t> data);
    static FsOp mkdir(std::string path);
    static FsOp remove(std::string path);
    static FsOp rename(std::string from, std::string to);
    std::string describe() const;
    // Whether this operation changes `path` (or something below it).
    bool touches(const std::string& path) const;
};

using Workload = std::vector<FsOp>;

void apply(fs::Filesystem& fs, const FsOp& op);
// The same operation on the model (a fs::Tree without corrupt entries).
void apply(fs::Tree& model, const FsOp& op);

// Content that differs in every byte between versions, so a mix of two is never mistaken for
// either: byte i of (name, version) is a hash of all three.
std::vector<std::uint8_t> pattern(const std::string& name, std::uint32_t version, std::size_t size);

struct NamedWorkload {
    Workload setup;      // run once before the snapshot; never cut
    Workload operation;  // cut at every flash operation
};

// FIDO-like: a state file overwritten again and again, key files and resident-credential
// files created, renamed, replaced and removed; inline and multi-block files.
NamedWorkload fido_like_workload(std::uint32_t block_size);
// A few operations, for nested (depth 2) sweeps.
NamedWorkload small_workload(std::uint32_t block_size);

}  // namespace nk3::sweep
