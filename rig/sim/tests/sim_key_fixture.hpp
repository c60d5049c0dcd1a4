#pragma once
// The rig tests' key: a shipped profile's VirtualNk3 (shared, as a Target holds it) and a
// connected FidoLink on it, plus the requests the tests repeat.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "device/virtual_nk3.hpp"
#include "profiles/profile_loader.hpp"
#include "rig/link/fido_link.hpp"
#include "rig/link/hidraw_device_opener.hpp"
#include "rig/link/sim_device_opener.hpp"

namespace nk3::rig::testing {

inline constexpr char kPin[] = "123456";

inline CredentialRequest request(std::string rp, std::string user, Alg alg = Alg::es256,
                                 bool resident = false) {
    CredentialRequest r;
    r.rp = std::move(rp);
    r.user_id = Bytes(user.begin(), user.end());
    r.user_name = std::move(user);
    r.alg = alg;
    r.resident = resident;
    return r;
}

struct SimKey {
    explicit SimKey(const std::string& profile = "nk3am-1.3.1", std::uint64_t seed = 1)
        : key(std::make_shared<device::VirtualNk3>(profiles::load_profile(profile), seed)),
          link(std::make_unique<SimDeviceOpener>(key)) {
        const auto info = link.connect();
        EXPECT_TRUE(info.ok()) << info.status.text;
    }

    // make_credential that must succeed.
    Credential make(const CredentialRequest& r, const std::optional<std::string>& pin = {}) {
        const auto made = link.make_credential(r, pin);
        EXPECT_TRUE(made.ok()) << made.status.text;
        return made.ok() ? made.value->credential : Credential{};
    }

    std::shared_ptr<device::VirtualNk3> key;
    FidoLink link;
};

}  // namespace nk3::rig::testing
