// authenticatorGetInfo of every shipped NK3 profile, as libfido2 reads it: versions, extensions,
// AAGUID (docs/profiles.md), PIN protocols, algorithms, options, limits and firmware version, at
// the profile's CTAP level (ctap.level: the shipped profiles run fido-authenticator 0.1.1,
// CTAP 2.1-PRE, whose getInfo has no algorithms, firmwareVersion or remaining-credentials).
#include <fido.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "profile_params.hpp"
#include "rig/link/fido_handles.hpp"
#include "virtual_key.hpp"

namespace nk3::rig::conformance {
namespace {

using Aaguid = std::array<std::uint8_t, 16>;

// docs/sim-serve.md and firmware-shim/device/README.md (USB and vendor commands).
constexpr Aaguid kNk3aMiniAaguid = {0x2c, 0xd2, 0xf7, 0x27, 0xf6, 0xca, 0x44, 0xda,
                                    0x8f, 0x48, 0x5c, 0x2e, 0x5d, 0xa0, 0x00, 0xa2};
constexpr Aaguid kLpc55Aaguid = {0xec, 0x99, 0xdb, 0x19, 0xcd, 0x1f, 0x4c, 0x06,
                                 0xa2, 0xa9, 0x94, 0x0f, 0x17, 0xa6, 0xa3, 0x0b};

struct ProfileCase {
    const char* name;
    Aaguid aaguid;
};

std::vector<std::string> strings(char* const* ptr, std::size_t len) {
    return std::vector<std::string>(ptr, ptr + len);
}

bool has(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

std::optional<bool> option(const fido_cbor_info_t* info, const std::string& name) {
    char* const* names = fido_cbor_info_options_name_ptr(info);
    const bool* values = fido_cbor_info_options_value_ptr(info);
    for (std::size_t i = 0; i < fido_cbor_info_options_len(info); ++i) {
        if (name == names[i]) return values[i];
    }
    return std::nullopt;
}

class CtapGetInfoTest : public ::testing::TestWithParam<ProfileCase> {
  protected:
    CborInfoPtr read_info(VirtualKey& key) {
        CborInfoPtr info = make_cbor_info();
        key.link().check(fido_dev_get_cbor_info(key.dev(), info.get()), "fido_dev_get_cbor_info");
        return info;
    }
};

TEST_P(CtapGetInfoTest, VersionsAndExtensions) {
    VirtualKey key(GetParam().name);
    CborInfoPtr info = read_info(key);
    const auto versions =
        strings(fido_cbor_info_versions_ptr(info.get()), fido_cbor_info_versions_len(info.get()));
    const bool pre = key.profile().fido.ctap_level == fido::CtapLevel::v2_1_pre;
    EXPECT_TRUE(has(versions, "U2F_V2"));
    EXPECT_TRUE(has(versions, "FIDO_2_0"));
    EXPECT_EQ(has(versions, "FIDO_2_1"), !pre);
    EXPECT_EQ(has(versions, "FIDO_2_1_PRE"), pre);
    const auto extensions = strings(fido_cbor_info_extensions_ptr(info.get()),
                                    fido_cbor_info_extensions_len(info.get()));
    EXPECT_TRUE(has(extensions, "credProtect"));
    EXPECT_TRUE(has(extensions, "hmac-secret"));
    EXPECT_TRUE(fido_dev_is_fido2(key.dev()));
    EXPECT_TRUE(fido_dev_supports_cred_prot(key.dev()));
    EXPECT_TRUE(fido_dev_supports_credman(key.dev()));
}

TEST_P(CtapGetInfoTest, AaguidOfTheModel) {
    VirtualKey key(GetParam().name);
    CborInfoPtr info = read_info(key);
    ASSERT_EQ(fido_cbor_info_aaguid_len(info.get()), 16u);
    const Aaguid got = [&] {
        Aaguid a{};
        std::copy_n(fido_cbor_info_aaguid_ptr(info.get()), 16, a.begin());
        return a;
    }();
    EXPECT_EQ(got, GetParam().aaguid);
    EXPECT_EQ(got, key.profile().fido.aaguid);
}

TEST_P(CtapGetInfoTest, PinProtocols) {
    VirtualKey key(GetParam().name);
    CborInfoPtr info = read_info(key);
    const std::uint8_t* p = fido_cbor_info_protocols_ptr(info.get());
    const std::vector<std::uint8_t> protocols(p, p + fido_cbor_info_protocols_len(info.get()));
    EXPECT_NE(std::find(protocols.begin(), protocols.end(), 1), protocols.end());
    // CTAP 2.1-PRE (0.1.1): protocol 1 only.
    EXPECT_EQ(std::find(protocols.begin(), protocols.end(), 2) != protocols.end(),
              key.profile().fido.ctap_level == fido::CtapLevel::v2_1);
}

TEST_P(CtapGetInfoTest, AlgorithmsEs256AndEdDsa) {
    VirtualKey key(GetParam().name);
    CborInfoPtr info = read_info(key);
    if (key.profile().fido.ctap_level == fido::CtapLevel::v2_1_pre) {
        // 0.1.1 lists no algorithms (both work: make_credential_conformance_test).
        EXPECT_EQ(fido_cbor_info_algorithm_count(info.get()), 0u);
        return;
    }
    std::vector<int> algs;
    for (std::size_t i = 0; i < fido_cbor_info_algorithm_count(info.get()); ++i) {
        EXPECT_STREQ(fido_cbor_info_algorithm_type(info.get(), i), "public-key");
        algs.push_back(fido_cbor_info_algorithm_cose(info.get(), i));
    }
    EXPECT_NE(std::find(algs.begin(), algs.end(), COSE_ES256), algs.end());
    EXPECT_NE(std::find(algs.begin(), algs.end(), COSE_EDDSA), algs.end());
}

TEST_P(CtapGetInfoTest, OptionsOfAFreshKey) {
    VirtualKey key(GetParam().name);
    CborInfoPtr info = read_info(key);
    EXPECT_EQ(option(info.get(), "rk"), true);
    EXPECT_EQ(option(info.get(), "up"), true);
    EXPECT_EQ(option(info.get(), "plat"), false);
    EXPECT_EQ(option(info.get(), "clientPin"), false);
    EXPECT_EQ(option(info.get(), "credMgmt"), true);
    EXPECT_TRUE(fido_dev_supports_pin(key.dev()));
    EXPECT_FALSE(fido_dev_has_pin(key.dev()));
}

TEST_P(CtapGetInfoTest, LimitsAndFirmwareVersion) {
    VirtualKey key(GetParam().name);
    CborInfoPtr info = read_info(key);
    const auto& fido = key.profile().fido;
    EXPECT_EQ(fido_cbor_info_maxmsgsiz(info.get()), fido.max_msg_size);
    EXPECT_EQ(fido_cbor_info_maxcredcntlst(info.get()), fido.max_credential_count_in_list);
    EXPECT_EQ(fido_cbor_info_maxcredidlen(info.get()), fido.max_credential_id_length);
    if (fido.ctap_level == fido::CtapLevel::v2_1_pre) {
        // 0.1.1 sends neither (the version is vendor command 0x61's).
        EXPECT_EQ(fido_cbor_info_fwversion(info.get()), 0u);
        EXPECT_EQ(fido_cbor_info_rk_remaining(info.get()), -1);
        return;
    }
    EXPECT_EQ(fido_cbor_info_fwversion(info.get()), key.profile().firmware_version);
    EXPECT_EQ(fido_cbor_info_rk_remaining(info.get()),
              static_cast<std::int64_t>(fido.max_resident_credentials));
}

TEST_P(CtapGetInfoTest, ClientPinOptionFollowsSetPin) {
    VirtualKey key(GetParam().name);
    ASSERT_EQ(fido_dev_set_pin(key.dev(), "123456", nullptr), FIDO_OK);
    CborInfoPtr info = read_info(key);
    EXPECT_EQ(option(info.get(), "clientPin"), true);
    key.reopen();
    EXPECT_TRUE(fido_dev_has_pin(key.dev()));
}

INSTANTIATE_TEST_SUITE_P(Profiles, CtapGetInfoTest,
                         ::testing::Values(ProfileCase{"nk3am-1.2.2", kNk3aMiniAaguid},
                                           ProfileCase{"nk3am-1.3.1", kNk3aMiniAaguid},
                                           ProfileCase{"nk3xn-1.3.1", kLpc55Aaguid}),
                         [](const auto& info) { return test_name_of(info.param.name); });

}  // namespace
}  // namespace nk3::rig::conformance
