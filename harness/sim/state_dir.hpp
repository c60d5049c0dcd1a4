#pragma once
// The `sim serve --state DIR` store: the simulated key's flash images (DIR/internal.img,
// DIR/external.img, as VirtualNk3::save_images writes them) kept between runs, as a real key
// keeps its flash between plug-ins, and DIR/ca.pem, the project CA clients verify attestation
// with. Saves are atomic per file (written to DIR/.saving/, then renamed into place), so a crash
// of the server leaves each image either old or new, never half written (no fsync: a server crash
// is covered, a host crash is not).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

#include "device/virtual_nk3.hpp"

namespace nk3::sim {

// Anything wrong with the directory or its contents; the message names the file.
class StateDirError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

class StateDir {
  public:
    // Uses `dir`, creating it (and its parents) when missing; a directory it creates is
    // owner-only (0700; the images are written under nk3rig's umask 077, so 0600). Throws
    // StateDirError when it cannot be created or is not a directory, when an image is not a
    // regular file, or when it holds only one of the two images.
    explicit StateDir(std::filesystem::path dir);

    const std::filesystem::path& path() const { return dir_; }
    // True when the directory holds a key's images (otherwise the key is factory-fresh).
    bool has_images() const { return has_images_; }

    // FNV-1a of the saved internal image: mixed into the device seed so that a restart does not
    // replay the random stream of the previous run. 0 without images.
    std::uint64_t fingerprint() const;

    // Replaces the device's flash with the saved images and boots it. StateDirError when an
    // image cannot be read or does not fit the profile.
    void load(device::VirtualNk3& key);
    // Writes both images atomically. StateDirError on any I/O failure.
    void save(device::VirtualNk3& key);
    // Saves when the key ran a flash operation since the last save (the power domain's
    // operation counter moved): after most requests this is one integer comparison.
    bool save_if_changed(device::VirtualNk3& key);
    // Writes DIR/ca.pem atomically.
    void write_ca_pem(const std::string& pem) const;

    std::uint64_t saves() const { return saves_; }

  private:
    std::filesystem::path dir_;
    bool has_images_ = false;
    std::optional<std::uint64_t> saved_op_index_;
    std::uint64_t saves_ = 0;
};

}  // namespace nk3::sim
