// The on-flash layout on the real stacks: names within littlefs limits, a full resident store plus
// device keys, PIN and attestation fit the NK3A mini (256 B blocks) and the LPC55 profiles, and
// everything survives a remount.

#include <gtest/gtest.h>

#include "test_client.hpp"

namespace nk3::fido::test {
namespace {

class Layout : public ::testing::TestWithParam<int> {};

TEST_P(Layout, FullStoreFitsAndSurvivesRemount) {
    const auto stack = GetParam() == 0 ? mini_stack() : lpc55_stack();
    Rig rig(ctap21_config(), stack);
    ASSERT_EQ(rig.set_pin("123456"), 0);
    std::vector<Bytes> ids;
    for (std::uint8_t u = 0; u < 10; ++u) {
        const auto rp = "rp" + std::to_string(u % 3) + ".example.org";
        const auto t = rig.get_token("123456", 0x01, rp);
        auto p = rig.make_credential_params(rp, Bytes(64, u), u % 2 ? -8 : -7, true);
        p.as_map()[2].value = cbor::map({{"id", Bytes(64, u)},
                                         {"name", std::string(64, 'n')},
                                         {"displayName", std::string(64, 'd')}});
        p.as_map().push_back({8, rig.pin_auth(t, rig.client_data_hash)});
        p.as_map().push_back({9, 2});
        const auto r = rig.ctap(0x01, p);
        ASSERT_EQ(r.status, 0) << int(u);
    }
    for (std::uint8_t u = 0; u < 10; ++u) {
        const auto r = rig.make_credential("ssh:", Bytes{u}, -8);
        ASSERT_EQ(r.status, 0);
        ids.push_back(parse_auth_data(r.body.find(cbor::Value(2))->as_bytes()).credential_id);
        EXPECT_LE(ids.back().size(), 255u);
    }
    for (const auto& [path, content] : rig.tree().nodes) {
        const auto name = path.substr(path.rfind('/') + 1);
        EXPECT_LE(name.size(), 48u) << path;
        if (content) {
            EXPECT_LE(content->size(), rig.fs().max_file_size()) << path;
        }
    }
    rig.reboot();
    EXPECT_TRUE(rig.last_boot.state_loaded);
    EXPECT_TRUE(rig.last_boot.attestation_present);
    for (const auto& id : ids)
        EXPECT_EQ(rig.get_assertion("ssh:", {id}, false).status, 0);
    const auto ga = rig.get_assertion("rp0.example.org", {}, false);
    ASSERT_EQ(ga.status, 0);
    EXPECT_EQ(ga.body.find(cbor::Value(5))->as_uint(), 4u);
    EXPECT_EQ(rig.get_token("123456", 0x01).status, 0);
}

INSTANTIATE_TEST_SUITE_P(Stacks, Layout, ::testing::Values(0, 1),
                         [](const auto& info) { return info.param == 0 ? "nk3am" : "lpc55"; });

}  // namespace
}  // namespace nk3::fido::test
