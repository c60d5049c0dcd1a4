#pragma once
// rig::SimPowers on a VirtualNk3: cuts at a flash operation or a simulated instant, the flash
// operation log, filesystem checks of both chips, flash images and whole-key snapshots.
//
// check_filesystems() runs littlefs fsck on copies of the two chips (copy-on-write, so cheap): it
// works whether the key is on, off or halted, and never moves the key's operation counter or
// clock. After restore() the key's CTAPHID channels are gone: the link must connect() again.

#include <memory>

#include "device/virtual_nk3.hpp"
#include "rig/sim_powers.hpp"

namespace nk3::rig {

class SimKeyPowers final : public SimPowers {
  public:
    explicit SimKeyPowers(std::shared_ptr<device::VirtualNk3> key);

    std::uint64_t next_flash_op() const override;
    void set_recording(bool on) override;
    std::vector<flash::FlashOp> take_flash_log() override;

    void arm_cut_at_op(std::uint64_t op, flash::CutMode mode) override;
    void arm_cut_at_time(SimTime at) override;
    void disarm() override;
    std::optional<flash::CutRecord> last_cut() const override;

    SimTime now() const override;
    const device::BootInfo& last_boot() const override;
    FsCheckResult check_filesystems() const override;
    void save_images(const std::filesystem::path& dir) const override;

    device::VirtualNk3::Snapshot snapshot() const override;
    void restore(const device::VirtualNk3::Snapshot& snapshot) override;
    crypto::Bytes flash_digest(const device::VirtualNk3::Snapshot& snapshot) const override;
    crypto::Bytes unpowered_digest(const device::VirtualNk3::Snapshot& base) const override;

    device::VirtualNk3& key() { return *key_; }

  private:
    std::shared_ptr<device::VirtualNk3> key_;
};

}  // namespace nk3::rig
