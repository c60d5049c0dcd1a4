// Hostile input: seeded random and mutated valid requests never crash the authenticator, and a
// rejected request never changes what is on flash.

#include <gtest/gtest.h>

#include <random>

#include "cbor/encode.hpp"
#include "test_client.hpp"

namespace nk3::fido::test {
namespace {

Bytes with_command(std::uint8_t cmd, const cbor::Value& params) {
    Bytes out{cmd};
    const auto e = cbor::encode(params);
    out.insert(out.end(), e.begin(), e.end());
    return out;
}

Bytes mutate(Bytes b, std::mt19937_64& rng) {
    const int edits = 1 + static_cast<int>(rng() % 3);
    for (int i = 0; i < edits; ++i) {
        switch (rng() % 4) {
            case 0:
                if (b.size() > 1) b[1 + rng() % (b.size() - 1)] = static_cast<std::uint8_t>(rng());
                break;
            case 1:
                if (b.size() > 1)
                    b[1 + rng() % (b.size() - 1)] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
                break;
            case 2:
                b.resize(1 + rng() % b.size());
                break;
            default:
                b.insert(b.begin() + 1 + static_cast<long>(rng() % b.size()),
                         static_cast<std::uint8_t>(rng()));
        }
    }
    return b;
}

TEST(Fuzz, MutatedRequestsNeverCrashOrChangeStateWhenRejected) {
    Rig rig(ctap21_config(), lpc55_stack());
    ASSERT_EQ(rig.set_pin("1234"), 0);
    const auto token = rig.get_token("1234", 0x07);
    auto mc = rig.make_credential_params("example.org", Bytes{1}, -7, true);
    mc.as_map().push_back({6, cbor::map({{"credProtect", 2}, {"hmac-secret", true}})});
    mc.as_map().push_back({8, rig.pin_auth(token, rig.client_data_hash)});
    mc.as_map().push_back({9, 2});
    const auto made = rig.ctap(0x01, mc);
    ASSERT_EQ(made.status, 0);
    const auto id = parse_auth_data(made.body.find(cbor::Value(2))->as_bytes()).credential_id;
    auto sh = rig.key_agreement(2);
    const auto hash_enc = sh.protocol->encrypt(sh.secret, Bytes(16, 0x33));
    std::vector<Bytes> seeds{
        with_command(0x01, mc),
        with_command(0x02,
                     cbor::map({{1, "example.org"},
                                {2, rig.client_data_hash},
                                {3, cbor::array({cbor::map({{"id", id}, {"type", "public-key"}})})},
                                {5, cbor::map({{"up", false}})}})),
        with_command(0x06,
                     cbor::map({{1, 2}, {2, 9}, {3, sh.platform_key}, {6, hash_enc}, {9, 1}})),
        with_command(0x0A, cbor::map({{1, 4},
                                      {2, cbor::map({{1, sha256_of("example.org")}})},
                                      {3, 2},
                                      {4, Bytes(32, 1)}})),
        with_command(0x06, cbor::map({{1, 1}, {2, 1}})),
        Bytes{0x04},
        Bytes{0x07},
    };
    std::mt19937_64 rng(20240601);
    int rejected = 0;
    for (int i = 0; i < 3000; ++i) {
        Bytes req;
        if (rng() % 10 == 0) {
            req.resize(1 + rng() % 64);
            for (auto& c : req)
                c = static_cast<std::uint8_t>(rng());
        } else {
            req = mutate(seeds[rng() % seeds.size()], rng);
        }
        if (req[0] == 0x07) continue;  // reset would legitimately wipe
        const auto before = rig.tree();
        const auto retries_before = rig.pin_retries();
        Response r;
        ASSERT_NO_THROW(r = rig.raw_ctap(req, Presence::granted)) << i;
        if (r.status != 0) {
            ++rejected;
            const auto after = rig.tree();
            // A wrong PIN is the one rejection that must be written: the retry counter.
            if (r.status != 0x31 && r.status != 0x34 && r.status != 0x32) {
                EXPECT_EQ(after, before) << "request " << i << " status " << int(r.status);
            } else {
                // A refused PIN may only have written the retry counter, never raised it.
                EXPECT_LE(rig.pin_retries(), retries_before);
                for (const auto& [path, content] : after.nodes) {
                    if (path.find("persistent-state") == std::string::npos) {
                        EXPECT_EQ(content, before.nodes.at(path)) << path;
                    }
                }
            }
        }
        if (rig.pin_retries() < 4) {
            // Keep the PIN usable: a successful token restores the retries.
            rig.reboot();
            ASSERT_EQ(rig.get_token("1234", 0x01).status, 0);
        }
    }
    EXPECT_GT(rejected, 1000);
}

TEST(Fuzz, MutatedApdusNeverCrash) {
    Rig rig(ctap21_config(), lpc55_stack());
    Bytes reg{0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x40};
    reg.insert(reg.end(), 64, 0x42);
    const auto r = rig.u2f(reg);
    ASSERT_EQ(r[r.size() - 2], 0x90);
    const std::size_t kh_len = r[66];
    Bytes auth{0x00, 0x02, 0x03, 0x00, 0x00, 0x00, static_cast<std::uint8_t>(65 + kh_len)};
    auth.insert(auth.end(), 64, 0x42);
    auth.push_back(static_cast<std::uint8_t>(kh_len));
    auth.insert(auth.end(), r.begin() + 67, r.begin() + 67 + static_cast<long>(kh_len));
    std::mt19937_64 rng(7);
    for (int i = 0; i < 3000; ++i) {
        Bytes a = (i % 2) ? auth : reg;
        const int edits = 1 + static_cast<int>(rng() % 3);
        for (int k = 0; k < edits && !a.empty(); ++k) {
            const auto pos = rng() % a.size();
            if (rng() % 3 == 0)
                a.resize(pos);
            else
                a[pos] = static_cast<std::uint8_t>(rng());
        }
        const auto before = rig.tree();
        Bytes out;
        ASSERT_NO_THROW(out = rig.u2f(a, Presence::granted));
        ASSERT_GE(out.size(), 2u);
        if (out[out.size() - 2] != 0x90) {
            EXPECT_EQ(rig.tree(), before);
        }
    }
}

}  // namespace
}  // namespace nk3::fido::test
