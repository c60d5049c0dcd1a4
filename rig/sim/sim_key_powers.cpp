// SimKeyPowers: the simulator-only powers of a VirtualNk3 behind rig::SimPowers.
#include "rig/sim/sim_key_powers.hpp"

#include "device/seed_streams.hpp"
#include "flash/nor_flash.hpp"
#include "fs/fsck.hpp"
#include "ftl/make_block_device.hpp"

namespace nk3::rig {

namespace {

// fsck of a copy of one chip, so the key's own power domain sees nothing.
void check_stack(storage::StorageStack& stack, const char* name, FsCheckResult& out) {
    flash::PowerDomain scratch;
    flash::NorFlash copy(stack.config().geometry, scratch, stack.flash().chip());
    copy.restore(stack.flash().snapshot());
    const auto device = ftl::make_block_device(copy, stack.config().ftl);
    const fs::FsckReport report = fs::fsck(*device, stack.config().fs);
    if (report.ok()) return;
    out.ok = false;
    if (!report.mounted && report.errors.empty())
        out.problems.push_back(std::string(name) + ": does not mount");
    for (const std::string& e : report.errors)
        out.problems.push_back(std::string(name) + ": " + e);
}

}  // namespace

SimKeyPowers::SimKeyPowers(std::shared_ptr<device::VirtualNk3> key) : key_(std::move(key)) {}

std::uint64_t SimKeyPowers::next_flash_op() const {
    return key_->power_domain().next_index();
}

void SimKeyPowers::set_recording(bool on) {
    flash::PowerDomain& d = key_->power_domain();
    if (on && !d.log().empty()) d.clear_log();
    d.set_recording(on);
}

std::vector<flash::FlashOp> SimKeyPowers::take_flash_log() {
    flash::PowerDomain& d = key_->power_domain();
    std::vector<flash::FlashOp> log = d.log();
    d.clear_log();
    return log;
}

void SimKeyPowers::arm_cut_at_op(std::uint64_t op, flash::CutMode mode) {
    // The same tear seed as VirtualNk3::cut_after, so either way of arming tears alike.
    key_->power_domain().arm_cut({op, mode, device::tear_seed(key_->seed(), op)});
}

void SimKeyPowers::arm_cut_at_time(SimTime at) {
    key_->cut_at_time(at);
}

void SimKeyPowers::disarm() {
    key_->power_domain().disarm();
}

std::optional<flash::CutRecord> SimKeyPowers::last_cut() const {
    return key_->last_cut();
}

SimTime SimKeyPowers::now() const {
    return key_->now();
}

const device::BootInfo& SimKeyPowers::last_boot() const {
    return key_->last_boot();
}

FsCheckResult SimKeyPowers::check_filesystems() const {
    FsCheckResult result;
    check_stack(key_->internal(), "internal", result);
    check_stack(key_->external(), "external", result);
    return result;
}

void SimKeyPowers::save_images(const std::filesystem::path& dir) const {
    key_->save_images(dir);
}

device::VirtualNk3::Snapshot SimKeyPowers::snapshot() const {
    return key_->snapshot();
}

void SimKeyPowers::restore(const device::VirtualNk3::Snapshot& snapshot) {
    key_->restore(snapshot);
}

crypto::Bytes SimKeyPowers::flash_digest(const device::VirtualNk3::Snapshot& snapshot) const {
    return key_->flash_digest(snapshot);
}

crypto::Bytes SimKeyPowers::unpowered_digest(const device::VirtualNk3::Snapshot& base) const {
    return key_->unpowered_digest(base);
}

}  // namespace nk3::rig
