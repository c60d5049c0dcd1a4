#pragma once
// libfido2 request objects the link tests send: a makeCredential and a getAssertion with fixed,
// recognisable contents (the answers come from the fake key, so their content hardly matters).

#include <fido.h>
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <vector>

#include "rig/link/fido_handles.hpp"

namespace nk3::rig::testing {

inline const std::array<std::uint8_t, 32> kClientDataHash = {
    0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10,
    0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20};

// ES256, rp example.org, user "alice"; each entry of `exclude` goes into the excludeList.
inline CredPtr make_cred_request(const std::vector<std::vector<std::uint8_t>>& exclude = {}) {
    CredPtr cred = make_cred();
    const std::uint8_t user_id[] = {0xa1, 0x1c, 0xe0};
    EXPECT_EQ(fido_cred_set_type(cred.get(), COSE_ES256), FIDO_OK);
    EXPECT_EQ(
        fido_cred_set_clientdata_hash(cred.get(), kClientDataHash.data(), kClientDataHash.size()),
        FIDO_OK);
    EXPECT_EQ(fido_cred_set_rp(cred.get(), "example.org", "Example"), FIDO_OK);
    EXPECT_EQ(fido_cred_set_user(cred.get(), user_id, sizeof user_id, "alice", "Alice", nullptr),
              FIDO_OK);
    for (const auto& id : exclude) {
        EXPECT_EQ(fido_cred_exclude(cred.get(), id.data(), id.size()), FIDO_OK);
    }
    return cred;
}

// rp example.org with one allowed credential id.
inline AssertPtr make_assert_request(const std::vector<std::uint8_t>& allowed) {
    AssertPtr a = make_assert();
    EXPECT_EQ(
        fido_assert_set_clientdata_hash(a.get(), kClientDataHash.data(), kClientDataHash.size()),
        FIDO_OK);
    EXPECT_EQ(fido_assert_set_rp(a.get(), "example.org"), FIDO_OK);
    EXPECT_EQ(fido_assert_allow_cred(a.get(), allowed.data(), allowed.size()), FIDO_OK);
    return a;
}

}  // namespace nk3::rig::testing
