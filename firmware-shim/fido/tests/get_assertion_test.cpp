// getAssertion / getNextAssertion: signatures, counter, discoverable order, silent assertions,
// the touch-free window, credProtect, hmac-secret, and the single state write.

#include <gtest/gtest.h>

#include "cbor/encode.hpp"
#include "test_client.hpp"

namespace nk3::fido::test {
namespace {

struct Made {
    Bytes id;
    cbor::Value key;
};

Made make(Rig& rig, const std::string& rp, Bytes user, int alg = -7, bool rk = false,
          std::optional<cbor::Value> ext = std::nullopt) {
    auto p = rig.make_credential_params(rp, user, alg, rk);
    if (ext) p.as_map().push_back({6, *ext});
    const auto r = rig.ctap(0x01, p);
    EXPECT_EQ(r.status, 0);
    const auto ad = parse_auth_data(r.body.find(cbor::Value(2))->as_bytes());
    return {ad.credential_id, *ad.public_key};
}

std::uint32_t counter_of(const Response& r) {
    return parse_auth_data(r.body.find(cbor::Value(2))->as_bytes()).counter;
}

TEST(GetAssertion, SignsAndCountsAcrossReboots) {
    Rig rig;
    const auto c = make(rig, "example.org", Bytes{1});
    std::uint32_t last = counter_of(rig.get_assertion("example.org", {c.id}));
    for (int i = 0; i < 5; ++i) {
        const auto r = rig.get_assertion("example.org", {Bytes{7, 7}, c.id});
        ASSERT_EQ(r.status, 0);
        const auto& ad = r.body.find(cbor::Value(2))->as_bytes();
        Bytes msg = ad;
        msg.insert(msg.end(), rig.client_data_hash.begin(), rig.client_data_hash.end());
        EXPECT_TRUE(verify_cose_signature(c.key, msg, r.body.find(cbor::Value(3))->as_bytes()));
        EXPECT_EQ(r.body.find(cbor::Value(1))->find(cbor::Value("id"))->as_bytes(), c.id);
        EXPECT_EQ(r.body.find(cbor::Value(5)), nullptr);  // allowList: no count
        const auto n = counter_of(r);
        EXPECT_GT(n, last);
        EXPECT_LE(n - last, 256u);
        last = n;
        rig.reboot();
    }
}

TEST(GetAssertion, WritesOnlyTheStateFileOnce) {
    Rig rig;
    const auto c = make(rig, "example.org", Bytes{1});
    const auto before = rig.tree();
    rig.domain.set_recording(true);
    rig.domain.clear_log();
    ASSERT_EQ(rig.get_assertion("example.org", {c.id}).status, 0);
    const auto ops_assertion = rig.domain.log().size();
    const auto after = rig.tree();
    ASSERT_EQ(before.nodes.size(), after.nodes.size());
    for (const auto& [path, content] : after.nodes) {
        if (path.find("persistent-state") == std::string::npos) {
            EXPECT_EQ(content, before.nodes.at(path)) << path;
        }
    }
    // Exactly the flash work of one write of the state file.
    const auto state = rig.fs().read_file("fido/dat/persistent-state.cbor");
    rig.domain.clear_log();
    rig.fs().write_file("fido/dat/persistent-state.cbor", state);
    EXPECT_EQ(ops_assertion, rig.domain.log().size());
}

TEST(GetAssertion, DiscoverableNewestFirstWithNext) {
    Rig rig;
    make(rig, "example.org", Bytes{1}, -7, true);
    make(rig, "example.org", Bytes{2}, -8, true);
    make(rig, "example.org", Bytes{3}, -7, true);
    make(rig, "other.org", Bytes{4}, -7, true);
    const auto first = rig.get_assertion("example.org", {});
    ASSERT_EQ(first.status, 0);
    EXPECT_EQ(first.body.find(cbor::Value(5))->as_uint(), 3u);
    std::vector<Bytes> users{first.body.find(cbor::Value(4))->find(cbor::Value("id"))->as_bytes()};
    // No user details without UV.
    EXPECT_EQ(first.body.find(cbor::Value(4))->find(cbor::Value("name")), nullptr);
    std::uint32_t last = counter_of(first);
    for (int i = 0; i < 2; ++i) {
        const auto n = rig.ctap(0x08, std::nullopt);
        ASSERT_EQ(n.status, 0);
        EXPECT_EQ(n.body.find(cbor::Value(5)), nullptr);
        users.push_back(n.body.find(cbor::Value(4))->find(cbor::Value("id"))->as_bytes());
        EXPECT_GT(counter_of(n), last);
        last = counter_of(n);
    }
    EXPECT_EQ(users, (std::vector<Bytes>{{3}, {2}, {1}}));
    EXPECT_EQ(rig.ctap(0x08, std::nullopt).status, 0x30);
    // Another command in between ends the sequence.
    ASSERT_EQ(rig.get_assertion("example.org", {}).status, 0);
    rig.ctap(0x04, std::nullopt);
    EXPECT_EQ(rig.ctap(0x08, std::nullopt).status, 0x30);
    // And so does time.
    ASSERT_EQ(rig.get_assertion("example.org", {}).status, 0);
    rig.platform.advance(std::chrono::seconds(31));
    EXPECT_EQ(rig.ctap(0x08, std::nullopt).status, 0x30);
}

TEST(GetAssertion, SilentAssertionNeedsNoTouch) {
    Rig rig;
    const auto c = make(rig, "example.org", Bytes{1});
    rig.platform.advance(std::chrono::seconds(10));
    rig.touch = Presence::denied;
    const auto r = rig.get_assertion("example.org", {c.id}, false);
    ASSERT_EQ(r.status, 0);
    EXPECT_EQ(parse_auth_data(r.body.find(cbor::Value(2))->as_bytes()).flags & 0x05, 0);
    EXPECT_EQ(rig.get_assertion("example.org", {c.id}, true).status, 0x27);
    rig.touch = Presence::timed_out;
    EXPECT_EQ(rig.get_assertion("example.org", {c.id}, true).status, 0x2F);
}

TEST(GetAssertion, FirstAssertionRightAfterPowerUpIsTouchFree) {
    Rig rig;
    const auto c = make(rig, "example.org", Bytes{1});
    rig.reboot();
    rig.touch = Presence::denied;
    rig.platform.advance(std::chrono::seconds(1));
    const auto r = rig.get_assertion("example.org", {c.id});
    ASSERT_EQ(r.status, 0);
    EXPECT_EQ(parse_auth_data(r.body.find(cbor::Value(2))->as_bytes()).flags & 0x01, 0x01);
    EXPECT_EQ(rig.get_assertion("example.org", {c.id}).status, 0x27);  // only the first
    rig.reboot();
    rig.platform.advance(std::chrono::seconds(3));
    EXPECT_EQ(rig.get_assertion("example.org", {c.id}).status, 0x27);  // window passed
}

TEST(GetAssertion, NoCredentials) {
    Rig rig;
    const auto c = make(rig, "example.org", Bytes{1});
    const auto before = rig.tree();
    EXPECT_EQ(rig.get_assertion("other.org", {c.id}).status, 0x2E);
    EXPECT_EQ(rig.get_assertion("example.org", {}).status, 0x2E);
    auto tampered = c.id;
    tampered[20] ^= 1;
    EXPECT_EQ(rig.get_assertion("example.org", {tampered}).status, 0x2E);
    EXPECT_EQ(rig.get_assertion("example.org", {Bytes{}}).status, 0x2E);
    EXPECT_EQ(rig.tree(), before);
}

TEST(GetAssertion, OptionErrors) {
    Rig rig;
    const auto c = make(rig, "example.org", Bytes{1});
    auto base = cbor::map({{1, "example.org"},
                           {2, rig.client_data_hash},
                           {3, cbor::array({cbor::map({{"id", c.id}, {"type", "public-key"}})})}});
    auto p = base;
    p.as_map().push_back({5, cbor::map({{"rk", true}})});
    EXPECT_EQ(rig.ctap(0x02, p).status, 0x2B);
    p = base;
    p.as_map().push_back({5, cbor::map({{"uv", true}})});
    EXPECT_EQ(rig.ctap(0x02, p).status, 0x2C);
    p = base;
    p.as_map().erase(p.as_map().begin());
    EXPECT_EQ(rig.ctap(0x02, p).status, 0x14);
    p = base;
    p.as_map()[2].value = cbor::array({cbor::map({{"type", "public-key"}})});
    EXPECT_EQ(rig.ctap(0x02, p).status, 0x14);
    p = base;
    p.as_map()[2].value = Bytes{1};
    EXPECT_EQ(rig.ctap(0x02, p).status, 0x11);
}

TEST(GetAssertion, CredProtect) {
    Rig rig;
    ASSERT_EQ(rig.set_pin("1234"), 0);
    auto token = rig.get_token("1234", 0x03, "example.org");
    auto make_with = [&](std::uint8_t user, int level) {
        auto p = rig.make_credential_params("example.org", Bytes{user}, -7, true);
        p.as_map().push_back({6, cbor::map({{"credProtect", level}})});
        p.as_map().push_back({8, rig.pin_auth(token, rig.client_data_hash)});
        p.as_map().push_back({9, 2});
        const auto r = rig.ctap(0x01, p);
        EXPECT_EQ(r.status, 0);
        return parse_auth_data(r.body.find(cbor::Value(2))->as_bytes()).credential_id;
    };
    const auto l1 = make_with(1, 1);
    const auto l2 = make_with(2, 2);
    const auto l3 = make_with(3, 3);
    // Without UV: discoverable shows only level 1; allowList shows 1 and 2.
    const auto disc = rig.get_assertion("example.org", {});
    ASSERT_EQ(disc.status, 0);
    EXPECT_EQ(disc.body.find(cbor::Value(5))->as_uint(), 1u);
    EXPECT_EQ(rig.get_assertion("example.org", {l2}).status, 0);
    EXPECT_EQ(rig.get_assertion("example.org", {l3}).status, 0x2E);
    // With UV: all three.
    token = rig.get_token("1234", 0x02, "example.org");
    auto p = cbor::map({{1, "example.org"},
                        {2, rig.client_data_hash},
                        {6, rig.pin_auth(token, rig.client_data_hash)},
                        {7, 2}});
    const auto uv = rig.ctap(0x02, p);
    ASSERT_EQ(uv.status, 0);
    EXPECT_EQ(uv.body.find(cbor::Value(5))->as_uint(), 3u);
    EXPECT_EQ(parse_auth_data(uv.body.find(cbor::Value(2))->as_bytes()).flags & 0x04, 0x04);
    EXPECT_NE(uv.body.find(cbor::Value(4))->find(cbor::Value("name")), nullptr);
    (void)l1;
}

class HmacSecret : public ::testing::Test {
  protected:
    Bytes output(Rig& rig, const Bytes& id, const Bytes& salt, std::optional<Rig::Token> token,
                 int protocol = 2) {
        auto sh = rig.key_agreement(protocol);
        const auto salt_enc = sh.protocol->encrypt(sh.secret, salt);
        const auto salt_auth = sh.protocol->authenticate(sh.secret, salt_enc);
        cbor::Value::Map in;
        in.push_back({1, sh.platform_key});
        in.push_back({2, salt_enc});
        in.push_back({3, salt_auth});
        if (protocol != 1) in.push_back({4, protocol});
        cbor::Value::Map m;
        m.push_back({1, "example.org"});
        m.push_back({2, rig.client_data_hash});
        m.push_back({3, cbor::array({cbor::map({{"id", id}, {"type", "public-key"}})})});
        m.push_back({4, cbor::map({{"hmac-secret", cbor::Value(std::move(in))}})});
        if (token) {
            m.push_back({6, rig.pin_auth(*token, rig.client_data_hash)});
            m.push_back({7, 2});
        }
        const auto r = rig.ctap(0x02, cbor::Value(std::move(m)));
        EXPECT_EQ(r.status, 0);
        if (r.status != 0) return {};
        const auto ad = parse_auth_data(r.body.find(cbor::Value(2))->as_bytes());
        EXPECT_TRUE(ad.extensions);
        const auto enc = ad.extensions->find(cbor::Value("hmac-secret"))->as_bytes();
        auto plain = sh.protocol->decrypt(sh.secret, enc);
        EXPECT_TRUE(plain);
        return plain ? *plain : Bytes{};
    }
};

TEST_F(HmacSecret, SameSaltSameOutputAndUvChangesIt) {
    Rig rig;
    ASSERT_EQ(rig.set_pin("1234"), 0);
    const auto c =
        make(rig, "example.org", Bytes{1}, -8, false, cbor::map({{"hmac-secret", true}}));
    const Bytes salt(32, 0x11);
    const auto a = output(rig, c.id, salt, std::nullopt);
    const auto b = output(rig, c.id, salt, std::nullopt, 1);
    ASSERT_EQ(a.size(), 32u);
    EXPECT_EQ(a, b);
    Bytes two = salt;
    two.insert(two.end(), 32, 0x22);
    const auto ab = output(rig, c.id, two, std::nullopt);
    ASSERT_EQ(ab.size(), 64u);
    EXPECT_EQ(Bytes(ab.begin(), ab.begin() + 32), a);
    EXPECT_NE(output(rig, c.id, Bytes(32, 0x12), std::nullopt), a);
    const auto token = rig.get_token("1234", 0x02, "example.org");
    const auto with_uv = output(rig, c.id, salt, token);
    EXPECT_NE(with_uv, a);
    rig.reboot();
    EXPECT_EQ(output(rig, c.id, salt, std::nullopt), a);  // stable across power cycles
}

TEST_F(HmacSecret, BadSaltAuthIsRefused) {
    Rig rig;
    const auto c =
        make(rig, "example.org", Bytes{1}, -7, false, cbor::map({{"hmac-secret", true}}));
    auto sh = rig.key_agreement(2);
    const auto salt_enc = sh.protocol->encrypt(sh.secret, Bytes(32, 1));
    auto m = cbor::map(
        {{1, "example.org"},
         {2, rig.client_data_hash},
         {3, cbor::array({cbor::map({{"id", c.id}, {"type", "public-key"}})})},
         {4,
          cbor::map(
              {{"hmac-secret",
                cbor::map({{1, sh.platform_key}, {2, salt_enc}, {3, Bytes(32, 0)}, {4, 2}})}})}});
    EXPECT_EQ(rig.ctap(0x02, m).status, 0x33);
    const auto bad_len = sh.protocol->encrypt(sh.secret, Bytes(48, 1));
    m.as_map()[3].value =
        cbor::map({{"hmac-secret", cbor::map({{1, sh.platform_key},
                                              {2, bad_len},
                                              {3, sh.protocol->authenticate(sh.secret, bad_len)},
                                              {4, 2}})}});
    EXPECT_EQ(rig.ctap(0x02, m).status, 0x03);
}

}  // namespace
}  // namespace nk3::fido::test
