// VirtualKey: a shipped profile's VirtualNk3 behind a SimFidoDevice.
#include "virtual_key.hpp"

#include "profiles/profile_loader.hpp"
#include "rig/link/fido_error.hpp"

namespace nk3::rig::conformance {

VirtualKey::VirtualKey(std::string_view profile, std::uint64_t seed, LinkTiming timing)
    : profile_(profiles::load_profile(profile)),
      nk3_(std::make_unique<device::VirtualNk3>(profile_, seed)),
      link_(std::make_unique<SimFidoDevice>(*nk3_, timing)) {}

VirtualKey::~VirtualKey() = default;

void VirtualKey::power_cycle(SimTime off) {
    link_->close();
    nk3_->power_cycle(off);
    link_->reopen();
}

Credential VirtualKey::make_credential(const CredentialRequest& request, const char* pin,
                                       CredPtr* made) {
    CredPtr cred = credential_request(request);
    link_->check(fido_dev_make_cred(dev(), cred.get(), pin), "fido_dev_make_cred");
    Credential c = credential_of(cred.get());
    if (made != nullptr) *made = std::move(cred);
    return c;
}

AssertPtr VirtualKey::get_assertion(const AssertionRequest& request, const char* pin) {
    AssertPtr a = assertion_request(request);
    link_->check(fido_dev_get_assert(dev(), a.get(), pin), "fido_dev_get_assert");
    return a;
}

int VirtualKey::try_get_assertion(const AssertionRequest& request, const char* pin) {
    AssertPtr a = assertion_request(request);
    const int r = fido_dev_get_assert(dev(), a.get(), pin);
    link_->check(FIDO_OK, "fido_dev_get_assert");  // rethrows an endpoint exception, if any
    return r;
}

}  // namespace nk3::rig::conformance
