#pragma once
// What only a simulated key can do, behind an interface the engine asks for: cut at a given
// flash operation (or simulated instant), record the flash operations, check the filesystems,
// write the flash images, and snapshot the whole key. A fault plan that needs these (flash-sweep,
// nested) is refused with a clear error on a target that has none (Target::sim == nullptr).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/sim_time.hpp"
#include "device/virtual_nk3.hpp"
#include "flash/flash_op.hpp"

namespace nk3::rig {

struct FsCheckResult {
    bool ok = true;
    std::vector<std::string> problems;  // one line each: "internal: entry 12 ..."
};

class SimPowers {
  public:
    virtual ~SimPowers() = default;

    // The index the next flash operation will get (counts across both chips and power cycles).
    virtual std::uint64_t next_flash_op() const = 0;
    virtual void set_recording(bool on) = 0;
    // The operations recorded since recording was turned on or the last take.
    virtual std::vector<flash::FlashOp> take_flash_log() = 0;

    // Cut power at the operation with absolute index `op`, in `mode`.
    virtual void arm_cut_at_op(std::uint64_t op, flash::CutMode mode) = 0;
    // Cut power at simulated instant `at`: an operation running then is torn at that point, the
    // first one starting after it is cut before, and an idle key loses power when its clock
    // reaches `at`.
    virtual void arm_cut_at_time(SimTime at) = 0;
    virtual void disarm() = 0;
    virtual std::optional<flash::CutRecord> last_cut() const = 0;

    virtual SimTime now() const = 0;
    virtual const device::BootInfo& last_boot() const = 0;
    // littlefs fsck of both filesystems (read-only).
    virtual FsCheckResult check_filesystems() const = 0;
    virtual void save_images(const std::filesystem::path& dir) const = 0;

    virtual device::VirtualNk3::Snapshot snapshot() const = 0;
    virtual void restore(const device::VirtualNk3::Snapshot& snapshot) = 0;

    // Digests that tell whether two cuts left the key in the same state
    // (device::VirtualNk3::flash_digest and unpowered_digest; the engine reuses the outcome of
    // a power-on it has already seen, docs/engine.md).
    virtual crypto::Bytes flash_digest(const device::VirtualNk3::Snapshot& snapshot) const = 0;
    virtual crypto::Bytes unpowered_digest(const device::VirtualNk3::Snapshot& base) const = 0;
};

}  // namespace nk3::rig
