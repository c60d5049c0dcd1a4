#pragma once
// The conformance tests' key: a VirtualNk3 of a shipped profile with a libfido2 device opened on
// it through the link, plus the few steps every test repeats (make a credential, get an
// assertion, power-cycle and reopen).

#include <fido.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string_view>

#include "device/virtual_nk3.hpp"
#include "fido_requests.hpp"
#include "profiles/device_profile.hpp"
#include "rig/link/link_timing.hpp"
#include "rig/link/sim_fido_device.hpp"

namespace nk3::rig::conformance {

class VirtualKey {
  public:
    explicit VirtualKey(std::string_view profile, std::uint64_t seed = 1, LinkTiming timing = {});
    ~VirtualKey();

    device::VirtualNk3& nk3() { return *nk3_; }
    SimFidoDevice& link() { return *link_; }
    fido_dev_t* dev() { return link_->get(); }
    const profiles::DeviceProfile& profile() const { return profile_; }

    // Power off for `off`, on again (the key boots), and a new libfido2 channel.
    void power_cycle(SimTime off = std::chrono::seconds(2));
    void reopen() { link_->reopen(); }
    // Simulated time passes with the key idle.
    void idle(SimTime dt) { nk3_->advance(dt); }

    // fido_dev_make_cred; throws FidoError unless it succeeds. `made` receives the libfido2
    // object when the test wants to look at the attestation.
    Credential make_credential(const CredentialRequest& request, const char* pin = nullptr,
                               CredPtr* made = nullptr);
    // fido_dev_get_assert; throws FidoError unless it succeeds.
    AssertPtr get_assertion(const AssertionRequest& request, const char* pin = nullptr);
    // fido_dev_get_assert's status, for tests that expect an error.
    int try_get_assertion(const AssertionRequest& request, const char* pin = nullptr);

  private:
    profiles::DeviceProfile profile_;
    std::unique_ptr<device::VirtualNk3> nk3_;
    std::unique_ptr<SimFidoDevice> link_;
};

}  // namespace nk3::rig::conformance
