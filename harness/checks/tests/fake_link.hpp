#pragma once
// A hand-written fake key behind rig::Link for the checks' tests: a few fields say what the key
// holds (credentials, PIN, retries, counter, AAGUID, attestation, admin status) and each call
// answers from them the way an NK3 would (wrong PIN costs a retry, a right one restores them,
// every assertion bumps the counter). Tests break the key by editing the fields. Also a fake
// SimPowers whose only working part is the filesystem check.

#include <optional>
#include <string>
#include <vector>

#include "harness/checks/check.hpp"
#include "rig/link.hpp"
#include "rig/sim_powers.hpp"

namespace nk3::checks::testing {

struct FakeCredential {
    rig::Credential credential;
    bool listed = true;  // resident ones: shown by credentialManagement
    bool usable = true;  // getAssertion with its id works
    bool signs_right = true;
};

class FakeLink : public rig::Link {
  public:
    bool answers = true;
    rig::Bytes aaguid{0x2c, 0xd2, 0xf7, 0x27};
    std::optional<std::string> pin;
    int retries = 8;
    int max_retries = 8;
    std::uint32_t counter = 1000;
    std::vector<FakeCredential> credentials;
    bool has_x5c = true;
    rig::Bytes certificate{0x30, 0x82, 0x01};
    bool attestation_valid = true;
    // makeCredUvNotRqd (the NK3): a non-resident credential needs no PIN even when one is set.
    // false: every makeCredential needs the PIN once one is set (a CTAP 2.0 key).
    bool non_resident_without_pin = false;
    // credentialManagement fails after the PIN gave its token (a listing the key cannot read).
    bool listing_breaks = false;
    std::optional<rig::AdminStatus> admin;  // nullopt: the key has no admin command
    std::vector<std::string> calls;         // "connect", "pin_token", ... in order

    std::string describe() const override { return "fake"; }
    void set_observer(rig::LinkObserver) override {}
    rig::LinkResult<rig::DeviceInfo> connect() override;
    void disconnect() override {}
    rig::LinkResult<rig::MadeCredential> make_credential(
        const rig::CredentialRequest& request, const std::optional<std::string>& pin) override;
    rig::LinkResult<rig::Assertion> get_assertion(const std::string& rp,
                                                  const std::vector<rig::Credential>& allow,
                                                  const std::vector<rig::Credential>& known,
                                                  bool up,
                                                  const std::optional<std::string>& pin) override;
    rig::LinkResult<rig::Empty> set_pin(const std::string& pin) override;
    rig::LinkResult<rig::Empty> change_pin(const std::string& old_pin,
                                           const std::string& new_pin) override;
    rig::LinkResult<int> pin_retries() override;
    rig::LinkResult<rig::Empty> pin_token(const std::string& pin) override;
    rig::LinkResult<std::vector<rig::ResidentCredential>> resident_credentials(
        const std::optional<std::string>& pin) override;
    rig::LinkResult<rig::Empty> delete_credential(const rig::Bytes& id,
                                                  const std::optional<std::string>& pin) override;
    rig::LinkResult<rig::Empty> reset() override;
    rig::LinkResult<rig::AdminStatus> admin_status() override;

    // Adds a credential to the key and returns what the host keeps of it.
    rig::Credential add(const std::string& rp, bool resident, std::uint8_t id_byte);
    FakeCredential* find(const rig::Bytes& id);
    int count(const std::string& call) const;

  private:
    // The PIN step of pin_token and of a listing: a wrong PIN costs a retry, a right one
    // restores them.
    rig::LinkStatus check_pin(const std::string& pin);
};

class FakeSim : public rig::SimPowers {
  public:
    rig::FsCheckResult fsck;

    std::uint64_t next_flash_op() const override { return 0; }
    void set_recording(bool) override {}
    std::vector<flash::FlashOp> take_flash_log() override { return {}; }
    void arm_cut_at_op(std::uint64_t, flash::CutMode) override {}
    void arm_cut_at_time(SimTime) override {}
    void disarm() override {}
    std::optional<flash::CutRecord> last_cut() const override { return std::nullopt; }
    SimTime now() const override { return SimTime{0}; }
    const device::BootInfo& last_boot() const override { return boot_; }
    device::BootInfo& boot() { return boot_; }
    rig::FsCheckResult check_filesystems() const override { return fsck; }
    void save_images(const std::filesystem::path&) const override {}
    device::VirtualNk3::Snapshot snapshot() const override { return {}; }
    void restore(const device::VirtualNk3::Snapshot&) override {}
    crypto::Bytes flash_digest(const device::VirtualNk3::Snapshot&) const override { return {}; }
    crypto::Bytes unpowered_digest(const device::VirtualNk3::Snapshot&) const override {
        return {};
    }

  private:
    device::BootInfo boot_;
};

// A history entry for a credential the fake key holds, its creation acknowledged.
CredentialHistory acknowledged(const std::string& name, const rig::Credential& credential);

// Runs one check by name on a fresh context.
CheckResult run_one(std::string_view check, FakeLink& link, const History& history,
                    rig::SimPowers* sim = nullptr);

}  // namespace nk3::checks::testing
