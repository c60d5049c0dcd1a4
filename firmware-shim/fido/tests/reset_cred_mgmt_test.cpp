// reset (window, touch, what it removes and keeps), selection, and credentialManagement.

#include <gtest/gtest.h>

#include "cbor/encode.hpp"
#include "test_client.hpp"

namespace nk3::fido::test {
namespace {

TEST(Reset, OnlyRightAfterPowerUpAndWithATouch) {
    Rig rig;
    ASSERT_EQ(rig.set_pin("1234"), 0);
    const auto nr = rig.make_credential("ssh:", Bytes{1}, -8);
    const auto nr_id = parse_auth_data(nr.body.find(cbor::Value(2))->as_bytes()).credential_id;
    const auto token = rig.get_token("1234", 0x01, "example.org");
    auto p = rig.make_credential_params("example.org", Bytes{2}, -7, true);
    p.as_map().push_back({8, rig.pin_auth(token, rig.client_data_hash)});
    p.as_map().push_back({9, 2});
    ASSERT_EQ(rig.ctap(0x01, p).status, 0);
    const auto counter_before = rig.get_assertion("ssh:", {nr_id}, false);
    ASSERT_EQ(counter_before.status, 0);

    rig.platform.advance(std::chrono::seconds(11));
    const auto before = rig.fido_tree();
    EXPECT_EQ(rig.ctap(0x07, std::nullopt).status, 0x30);
    rig.reboot();
    rig.touch = Presence::denied;
    EXPECT_EQ(rig.ctap(0x07, std::nullopt).status, 0x27);
    EXPECT_EQ(rig.fido_tree(), before);  // (trussed's rng-state was written, nothing else)
    rig.touch = Presence::granted;
    ASSERT_EQ(rig.ctap(0x07, std::nullopt).status, 0);

    EXPECT_FALSE(rig.fs().exists("fido/dat/rk") && !rig.fs().list("fido/dat/rk").empty());
    EXPECT_TRUE(rig.fs().exists("fido/sec/00"));
    EXPECT_TRUE(rig.fs().exists("fido/x5c/00"));
    EXPECT_EQ(rig.fs().list("fido/sec").size(), 1u);  // only the attestation key
    EXPECT_EQ(rig.get_assertion("ssh:", {nr_id}, false).status, 0x2E);
    EXPECT_EQ(rig.get_assertion("example.org", {}, false).status, 0x2E);
    EXPECT_EQ(rig.pin_retries(), 8);
    EXPECT_EQ(rig.set_pin("5678"), 0);  // no PIN any more
    // The signature counter does not go back.
    const auto mc = rig.make_credential("ssh:", Bytes{1});
    EXPECT_GT(parse_auth_data(mc.body.find(cbor::Value(2))->as_bytes()).counter,
              parse_auth_data(counter_before.body.find(cbor::Value(2))->as_bytes()).counter);
}

TEST(Selection, NeedsATouch) {
    Rig rig;
    EXPECT_EQ(rig.ctap(0x0B, std::nullopt).status, 0);
    rig.touch = Presence::denied;
    EXPECT_EQ(rig.ctap(0x0B, std::nullopt).status, 0x27);
}

class CredMgmt : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_EQ(rig.set_pin("1234"), 0);
        for (auto [rp, user] : std::vector<std::pair<std::string, std::uint8_t>>{
                 {"a.org", 1}, {"b.org", 2}, {"a.org", 3}}) {
            // A token is bound to the rpId of its first use: one per credential here.
            const auto t = rig.get_token("1234", 0x01);
            auto p = rig.make_credential_params(rp, Bytes{user}, -7, true);
            p.as_map().push_back({6, cbor::map({{"credProtect", 2}})});
            p.as_map().push_back({8, rig.pin_auth(t, rig.client_data_hash)});
            p.as_map().push_back({9, 2});
            ASSERT_EQ(rig.ctap(0x01, p).status, 0);
        }
        token = rig.get_token("1234", 0x04);
        ASSERT_EQ(token.status, 0);
    }

    Response cm(std::uint8_t sub, std::optional<cbor::Value> params = std::nullopt,
                std::uint8_t command = 0x0A) {
        Bytes msg{sub};
        if (params) {
            const auto e = cbor::encode(*params);
            msg.insert(msg.end(), e.begin(), e.end());
        }
        cbor::Value::Map m;
        m.push_back({1, static_cast<int>(sub)});
        if (params) m.push_back({2, *params});
        if (sub != 3 && sub != 5) {
            m.push_back({3, 2});
            m.push_back({4, rig.pin_auth(token, msg)});
        }
        return rig.ctap(command, cbor::Value(std::move(m)));
    }

    Rig rig;
    Rig::Token token;
};

TEST_F(CredMgmt, MetadataAndEnumeration) {
    const auto meta = cm(1);
    ASSERT_EQ(meta.status, 0);
    EXPECT_EQ(meta.body.find(cbor::Value(1))->as_uint(), 3u);
    EXPECT_EQ(meta.body.find(cbor::Value(2))->as_uint(), 7u);

    const auto rp1 = cm(2);
    ASSERT_EQ(rp1.status, 0);
    EXPECT_EQ(rp1.body.find(cbor::Value(5))->as_uint(), 2u);
    std::vector<std::string> rps{rp1.body.find(cbor::Value(3))->find(cbor::Value("id"))->as_text()};
    const auto rp2 = cm(3);
    ASSERT_EQ(rp2.status, 0);
    rps.push_back(rp2.body.find(cbor::Value(3))->find(cbor::Value("id"))->as_text());
    EXPECT_EQ(rp2.body.find(cbor::Value(4))->as_bytes(), sha256_of(rps.back()));
    EXPECT_EQ(rps, (std::vector<std::string>{"a.org", "b.org"}));
    EXPECT_EQ(cm(3).status, 0x30);

    const auto c1 = cm(4, cbor::map({{1, sha256_of("a.org")}}));
    ASSERT_EQ(c1.status, 0);
    EXPECT_EQ(c1.body.find(cbor::Value(9))->as_uint(), 2u);
    EXPECT_EQ(c1.body.find(cbor::Value(10))->as_uint(), 2u);
    EXPECT_EQ(c1.body.find(cbor::Value(6))->find(cbor::Value("id"))->as_bytes(), Bytes{3});
    EXPECT_EQ(c1.body.find(cbor::Value(8))->find(cbor::Value(3))->as_int(), -7);
    const auto c2 = cm(5);
    ASSERT_EQ(c2.status, 0);
    EXPECT_EQ(c2.body.find(cbor::Value(6))->find(cbor::Value("id"))->as_bytes(), Bytes{1});
    EXPECT_EQ(cm(5).status, 0x30);
    EXPECT_EQ(cm(4, cbor::map({{1, sha256_of("c.org")}})).status, 0x2E);
    // The preview alias answers the same.
    EXPECT_EQ(cm(1, std::nullopt, 0x41).body, meta.body);
}

TEST_F(CredMgmt, DeleteAndUpdate) {
    const auto c = cm(4, cbor::map({{1, sha256_of("b.org")}}));
    ASSERT_EQ(c.status, 0);
    const auto id = c.body.find(cbor::Value(7))->find(cbor::Value("id"))->as_bytes();
    const auto desc = cbor::map({{"id", id}, {"type", "public-key"}});
    EXPECT_EQ(cm(7, cbor::map({{2, desc}, {3, cbor::map({{"id", Bytes{9}}})}})).status, 0x02);
    ASSERT_EQ(
        cm(7,
           cbor::map({{2, desc},
                      {3, cbor::map({{"id", Bytes{2}}, {"name", "bob"}, {"displayName", "Bob"}})}}))
            .status,
        0);
    const auto updated = cm(4, cbor::map({{1, sha256_of("b.org")}}));
    EXPECT_EQ(updated.body.find(cbor::Value(6))->find(cbor::Value("name"))->as_text(), "bob");
    ASSERT_EQ(cm(6, cbor::map({{2, desc}})).status, 0);
    EXPECT_EQ(cm(6, cbor::map({{2, desc}})).status, 0x2E);
    EXPECT_EQ(cm(1).body.find(cbor::Value(1))->as_uint(), 2u);
    EXPECT_EQ(rig.get_assertion("b.org", {id}).status, 0x2E);
}

TEST_F(CredMgmt, Authorisation) {
    const auto before = rig.tree();
    // No token.
    EXPECT_EQ(rig.ctap(0x0A, cbor::map({{1, 1}})).status, 0x36);
    // Wrong param.
    EXPECT_EQ(rig.ctap(0x0A, cbor::map({{1, 1}, {3, 2}, {4, Bytes(32, 0)}})).status, 0x33);
    // Token without cm.
    token = rig.get_token("1234", 0x02, "a.org");
    EXPECT_EQ(cm(1).status, 0x33);
    // cm token bound to a.org: may enumerate a.org's credentials only.
    token = rig.get_token("1234", 0x04, "a.org");
    EXPECT_EQ(cm(4, cbor::map({{1, sha256_of("a.org")}})).status, 0);
    EXPECT_EQ(cm(4, cbor::map({{1, sha256_of("b.org")}})).status, 0x33);
    EXPECT_EQ(cm(1).status, 0x33);
    // Unknown subcommand, missing params.
    EXPECT_EQ(rig.ctap(0x0A, cbor::map({{1, 9}, {3, 2}, {4, Bytes(32, 0)}})).status, 0x3E);
    token = rig.get_token("1234", 0x04);
    EXPECT_EQ(cm(4).status, 0x14);
    EXPECT_EQ(cm(3).status, 0x30);  // no enumeration started
    // subCommandParams holding a float (no canonical encoding to authenticate).
    Bytes raw{0x0A, 0xa4, 0x01, 0x04, 0x02, 0xa1, 0x01, 0xf9,
              0x3c, 0x00, 0x03, 0x02, 0x04, 0x58, 0x20};
    raw.insert(raw.end(), 32, 0x00);
    EXPECT_EQ(rig.raw_ctap(raw).status, 0x11);
    EXPECT_EQ(rig.tree().nodes.size(), before.nodes.size());
}

}  // namespace
}  // namespace nk3::fido::test
