// What a host sees when the internal filesystem is gone at boot (every page erased while the key
// was off): the profiles that format (nk3am-1.2.2, nk3xn-1.3.1) come back empty and attest
// themselves (no x5c); nk3am-1.3.1 halts, and libfido2 cannot open it (a clean FIDO_ERR_RX, no
// hang).
#include <fido.h>
#include <gtest/gtest.h>

#include <vector>

#include "profile_params.hpp"
#include "rig/link/fido_error.hpp"
#include "virtual_key.hpp"

namespace nk3::rig::conformance {
namespace {

void erase_internal_flash_while_off(VirtualKey& key) {
    key.link().close();
    key.nk3().power_off();
    auto& flash = key.nk3().internal().flash();
    flash.set_contents(std::vector<std::uint8_t>(flash.size(), 0xFF));
    key.nk3().power_on();
}

class CtapFormatOnBootTest : public ::testing::TestWithParam<const char*> {};

TEST_P(CtapFormatOnBootTest, FormattedKeyForgetsCredentialsAndAttestsItself) {
    VirtualKey key(GetParam());
    const Credential old = key.make_credential({});
    erase_internal_flash_while_off(key);
    ASSERT_TRUE(key.nk3().last_boot().internal_formatted) << key.nk3().last_boot().detail;
    key.reopen();

    AssertionRequest by_id;
    by_id.allow = {old.id};
    by_id.up = false;
    EXPECT_EQ(key.try_get_assertion(by_id), FIDO_ERR_NO_CREDENTIALS);

    CredPtr cred;
    const Credential fresh = key.make_credential({}, nullptr, &cred);
    EXPECT_STREQ(fido_cred_fmt(cred.get()), "packed");
    EXPECT_EQ(fido_cred_x5c_len(cred.get()), 0u) << "attestation certificate survived a format";
    EXPECT_EQ(fido_cred_verify_self(cred.get()), FIDO_OK);
    by_id.allow = {fresh.id};
    EXPECT_EQ(verify_assertion(key.get_assertion(by_id).get(), 0, fresh), FIDO_OK);
}

INSTANTIATE_TEST_SUITE_P(Profiles, CtapFormatOnBootTest,
                         ::testing::Values("nk3am-1.2.2", "nk3xn-1.3.1"), ProfileName{});

TEST(CtapHaltOnBootTest, HaltedKeyCannotBeOpened) {
    VirtualKey key("nk3am-1.3.1");
    erase_internal_flash_while_off(key);
    ASSERT_TRUE(key.nk3().halted()) << key.nk3().last_boot().detail;
    try {
        key.reopen();
        FAIL() << "libfido2 opened a halted key";
    } catch (const FidoError& e) {
        EXPECT_EQ(e.code(), FIDO_ERR_RX);
    }
}

}  // namespace
}  // namespace nk3::rig::conformance
