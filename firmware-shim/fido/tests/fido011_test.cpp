// fido-authenticator 0.1.1 on trussed (firmware v1.3.1), where it matters under power cuts:
// the files each command writes and in which order (seen through the file-operation observer,
// file_ops.hpp), the signature counter, the PIN attempts per power-up, the lazy state, the
// AAGUID fallback, the CTAP 2.1-PRE level and the panics.

#include <gtest/gtest.h>

#include <regex>

#include "cbor/encode.hpp"
#include "fido/file_ops.hpp"
#include "fido/paths.hpp"
#include "test_client.hpp"

namespace nk3::fido::test {
namespace {

using Ops = std::vector<std::string>;

// Records the file operations of the calling thread, named by kind: "w state", "w key",
// "w rk", "w rng", "rm key", "rm rk", "rm rp" (an RP directory), "rm rkdir", "mkdir rk",
// "mkdir rp", anything else by its path.
class Recorder {
  public:
    Recorder() {
        set_file_op_observer([this](FileOp op, std::string_view path) {
            const char* verb = op == FileOp::write ? "w " : op == FileOp::remove ? "rm " : "mkdir ";
            ops_.push_back(verb + name(std::string(path)));
        });
    }
    ~Recorder() { set_file_op_observer({}); }
    Recorder(const Recorder&) = delete;
    Recorder& operator=(const Recorder&) = delete;

    // The operations since the last take().
    Ops take() { return std::exchange(ops_, {}); }

  private:
    static std::string name(const std::string& path) {
        static const std::regex key("fido/sec/[0-9a-f]{32}");
        static const std::regex rk("fido/dat/rk/[0-9a-f]{16}/[0-9a-f]{16}");
        static const std::regex rp("fido/dat/rk/[0-9a-f]{16}");
        if (path == "fido/dat/persistent-state.cbor") return "state";
        if (path == "trussed/dat/rng-state.bin") return "rng";
        if (path == "fido/dat/rk") return "rkdir";
        if (std::regex_match(path, key)) return "key";
        if (std::regex_match(path, rk)) return "rk";
        if (std::regex_match(path, rp)) return "rp";
        return path;
    }
    Ops ops_;
};

// A v1.3.1 key whose first request of the power-up has been made (trussed's rng-state).
struct Key011 {
    Key011() : rig(fido011_config()) { warm_up(); }
    void warm_up() { EXPECT_EQ(rig.ctap(0x04, std::nullopt).status, 0); }
    void reboot() {
        rig.reboot();
        warm_up();
    }
    std::uint32_t counter_of(const Response& r) {
        return parse_auth_data(r.body.find(cbor::Value(2))->as_bytes()).counter;
    }
    Bytes id_of(const Response& r) {
        return parse_auth_data(r.body.find(cbor::Value(2))->as_bytes()).credential_id;
    }
    Rig rig;
};

TEST(Fido011, FirstRequestOfEveryPowerUpWritesTheRngState) {
    Rig rig(fido011_config());
    Recorder rec;
    // The factory's provisioning already created the file (and its directories); the first
    // request of every power-up replaces it.
    const Bytes factory = rig.fs().read_file("trussed/dat/rng-state.bin");
    ASSERT_EQ(rig.ctap(0x04, std::nullopt).status, 0);
    EXPECT_EQ(rec.take(), (Ops{"w rng"}));
    EXPECT_NE(rig.fs().read_file("trussed/dat/rng-state.bin"), factory);
    const Bytes first = rig.fs().read_file("trussed/dat/rng-state.bin");
    EXPECT_EQ(first.size(), 32u);
    ASSERT_EQ(rig.ctap(0x04, std::nullopt).status, 0);
    EXPECT_EQ(rec.take(), Ops{});
    rig.reboot();
    // Any request, a malformed one too.
    EXPECT_EQ(rig.raw_ctap(Bytes{}).status, 0x03);
    EXPECT_EQ(rec.take(), Ops{"w rng"});
    EXPECT_NE(rig.fs().read_file("trussed/dat/rng-state.bin"), first);
    rig.reboot();
    EXPECT_EQ(rig.u2f(Bytes{0x00, 0x03, 0x00, 0x00, 0x00}).size(), 8u);  // U2F VERSION
    EXPECT_EQ(rec.take(), Ops{"w rng"});
}

TEST(Fido011, NoStateFileUntilTheFirstStateWrite) {
    Key011 k;
    EXPECT_FALSE(k.rig.fs().exists("fido/dat/persistent-state.cbor"));
    EXPECT_EQ(k.rig.pin_retries(), 8);
    EXPECT_FALSE(k.rig.fs().exists("fido/dat"));
}

TEST(Fido011, NonResidentMakeCredentialWritesKwkKekThenTheCounterTwice) {
    Key011 k;
    Recorder rec;
    const auto first = k.rig.make_credential("ssh:", Bytes{1});
    ASSERT_EQ(first.status, 0);
    EXPECT_EQ(rec.take(), (Ops{"w key", "mkdir fido/dat", "w state", "w key", "w state", "w state",
                               "w state"}));
    EXPECT_EQ(k.counter_of(first), 1u);  // creation time 0, sign count 1
    const auto second = k.rig.make_credential("ssh:", Bytes{2});
    ASSERT_EQ(second.status, 0);
    EXPECT_EQ(rec.take(), (Ops{"w state", "w state"}));
    EXPECT_EQ(k.counter_of(second), 3u);
    const auto ga = k.rig.get_assertion("ssh:", {k.id_of(first)}, false);
    ASSERT_EQ(ga.status, 0);
    EXPECT_EQ(rec.take(), Ops{"w state"});
    EXPECT_EQ(k.counter_of(ga), 4u);
}

TEST(Fido011, ResidentMakeCredentialWritesTheKeyFirstAndTheStateLast) {
    Key011 k;
    Recorder rec;
    const auto first = k.rig.make_credential("example.org", Bytes{1}, -7, true);
    ASSERT_EQ(first.status, 0);
    EXPECT_EQ(rec.take(), (Ops{"w key", "w key", "mkdir fido/dat", "w state", "w state",
                               "mkdir rkdir", "mkdir rp", "w rk", "w state"}));
    // The same user again: the old key file, then the old rk file, go before the new rk file.
    const auto second = k.rig.make_credential("example.org", Bytes{1}, -7, true);
    ASSERT_EQ(second.status, 0);
    EXPECT_EQ(rec.take(), (Ops{"w key", "w state", "rm key", "rm rk", "w rk", "w state"}));
    EXPECT_EQ(k.counter_of(second), 3u);
    const auto rps = k.rig.fs().list("fido/dat/rk");
    ASSERT_EQ(rps.size(), 1u);
    EXPECT_EQ(rps[0].name, paths::hex(ByteView(sha256_of("example.org")).first(8)));
    EXPECT_EQ(k.rig.fs().list("fido/dat/rk/" + rps[0].name).size(), 1u);
}

TEST(Fido011, NoResidentLimitBeyondTheFilesystem) {
    Key011 k;
    for (std::uint8_t u = 0; u < 12; ++u)
        ASSERT_EQ(k.rig.make_credential("example.org", Bytes{u}, -7, true).status, 0) << int(u);
}

TEST(Fido011, AssertionAfterStateLossCreatesANewKekThenFindsNothing) {
    Key011 k;
    const auto mc = k.rig.make_credential("ssh:", Bytes{1});
    ASSERT_EQ(mc.status, 0);
    k.rig.fs().remove("fido/dat/persistent-state.cbor");
    k.reboot();
    Recorder rec;
    EXPECT_EQ(k.rig.get_assertion("ssh:", {k.id_of(mc)}, false).status, 0x2E);
    EXPECT_EQ(rec.take(), (Ops{"w key", "w state"}));
    EXPECT_EQ(k.rig.get_assertion("ssh:", {k.id_of(mc)}, false).status, 0x2E);
    EXPECT_EQ(rec.take(), Ops{});
}

TEST(Fido011, UnparseableStateGivesSilentDefaults) {
    Key011 k;
    ASSERT_EQ(k.rig.set_pin("1234", 1), 0);
    k.rig.fs().write_file("fido/dat/persistent-state.cbor", Bytes(40, 0xFF));
    k.reboot();
    EXPECT_FALSE(k.rig.auth->halted());
    EXPECT_EQ(k.rig.pin_retries(), 8);
    EXPECT_EQ(k.rig.set_pin("5678", 1), 0);  // no PIN any more
}

TEST(Fido011, TwoPinComparisonsPerPowerUp) {
    Key011 k;
    ASSERT_EQ(k.rig.set_pin("1234", 1), 0);
    Recorder rec;
    EXPECT_EQ(k.rig.get_token("0000", 0, std::nullopt, 1).status, 0x31);
    EXPECT_EQ(rec.take(), Ops{"w state"});
    EXPECT_EQ(k.rig.get_token("0000", 0, std::nullopt, 1).status, 0x31);
    EXPECT_EQ(rec.take(), Ops{"w state"});
    // The third attempt is paid for and refused before the comparison, right PIN or not.
    EXPECT_EQ(k.rig.get_token("1234", 0, std::nullopt, 1).status, 0x34);
    EXPECT_EQ(rec.take(), Ops{"w state"});
    EXPECT_EQ(k.rig.get_token("1234", 0, std::nullopt, 1).status, 0x34);
    EXPECT_EQ(rec.take(), Ops{});
    EXPECT_EQ(k.rig.pin_retries(), 5);
    k.reboot();
    rec.take();
    EXPECT_EQ(k.rig.get_token("1234", 0, std::nullopt, 1).status, 0);
    EXPECT_EQ(rec.take(), (Ops{"w state", "w state"}));  // paid, then restored
    EXPECT_EQ(k.rig.pin_retries(), 8);
}

TEST(Fido011, CtapLevelIs21Pre) {
    Key011 k;
    const auto info = k.rig.ctap(0x04, std::nullopt);
    EXPECT_EQ(*info.body.find(cbor::Value(1)), cbor::array({"U2F_V2", "FIDO_2_0", "FIDO_2_1_PRE"}));
    EXPECT_EQ(*info.body.find(cbor::Value(6)), cbor::array({1}));
    EXPECT_EQ(info.body.find(cbor::Value(0x0A)), nullptr);
    // PIN protocol 2 and the permission-token subcommand are refused.
    EXPECT_EQ(k.rig.ctap(0x06, cbor::map({{1, 2}, {2, 1}})).status, 0x02);
    EXPECT_EQ(k.rig.ctap(0x06, cbor::map({{1, 2}, {2, 2}})).status, 0x02);  // getKeyAgreement
    ASSERT_EQ(k.rig.set_pin("1234", 1), 0);
    EXPECT_EQ(k.rig.get_token("1234", 0x01, std::nullopt, 1).status, 0x02);
    // With a PIN set every makeCredential needs pinAuth, non-resident too.
    EXPECT_EQ(k.rig.make_credential("ssh:", Bytes{1}).status, 0x36);
    const auto token = k.rig.get_token("1234", 0, std::nullopt, 1);
    ASSERT_EQ(token.status, 0);
    auto p = k.rig.make_credential_params("ssh:", Bytes{1});
    p.as_map().push_back({8, k.rig.pin_auth(token, k.rig.client_data_hash)});
    p.as_map().push_back({9, 1});
    EXPECT_EQ(k.rig.ctap(0x01, p).status, 0);
    // getAssertion without pinAuth still works (no UV).
    EXPECT_EQ(k.rig.get_assertion("ssh:", {}, false).status, 0x2E);
}

TEST(Fido011, ResetRemovesKeysThenTheRkTreeThenWritesDefaults) {
    Key011 k;
    ASSERT_EQ(k.rig.make_credential("ssh:", Bytes{1}).status, 0);
    ASSERT_EQ(k.rig.make_credential("a.example", Bytes{1}, -7, true).status, 0);
    ASSERT_EQ(k.rig.make_credential("b.example", Bytes{1}, -7, true).status, 0);
    ASSERT_EQ(k.rig.set_pin("1234", 1), 0);
    k.reboot();
    Recorder rec;
    ASSERT_EQ(k.rig.ctap(0x07, std::nullopt).status, 0);
    const Ops ops = rec.take();
    // 2 device keys + 2 resident keys, then 2 rk files, 2 RP directories and rk, then the state.
    ASSERT_EQ(ops.size(), 10u);
    for (std::size_t i = 0; i < 4; ++i)
        EXPECT_EQ(ops[i], "rm key") << i;
    EXPECT_EQ(std::count(ops.begin() + 4, ops.begin() + 8, "rm rk"), 2);
    EXPECT_EQ(std::count(ops.begin() + 4, ops.begin() + 8, "rm rp"), 2);
    EXPECT_EQ(ops[8], "rm rkdir");
    EXPECT_EQ(ops[9], "w state");
    EXPECT_TRUE(k.rig.fs().exists("fido/sec/00"));
    EXPECT_EQ(k.rig.set_pin("5678", 1), 0);  // no PIN any more
}

TEST(Fido011, ResetSetsTheCounterToZero) {
    Key011 k;
    ASSERT_EQ(k.rig.make_credential("ssh:", Bytes{1}).status, 0);
    ASSERT_EQ(k.rig.make_credential("ssh:", Bytes{2}).status, 0);
    k.reboot();
    ASSERT_EQ(k.rig.ctap(0x07, std::nullopt).status, 0);
    const auto mc = k.rig.make_credential("ssh:", Bytes{3});
    ASSERT_EQ(mc.status, 0);
    EXPECT_EQ(k.counter_of(mc), 1u);
}

TEST(Fido011, DeleteCredentialRemovesKeyThenRkThenTheEmptyRpDirectory) {
    Key011 k;
    ASSERT_EQ(k.rig.set_pin("1234", 1), 0);
    auto token = k.rig.get_token("1234", 0, std::nullopt, 1);
    ASSERT_EQ(token.status, 0);
    auto p = k.rig.make_credential_params("example.org", Bytes{1}, -7, true);
    p.as_map().push_back({8, k.rig.pin_auth(token, k.rig.client_data_hash)});
    p.as_map().push_back({9, 1});
    const auto mc = k.rig.ctap(0x01, p);
    ASSERT_EQ(mc.status, 0);
    const cbor::Value sub_params =
        cbor::map({{2, cbor::map({{"id", k.id_of(mc)}, {"type", "public-key"}})}});
    Bytes msg{0x06};
    const auto enc = cbor::encode(sub_params);
    msg.insert(msg.end(), enc.begin(), enc.end());
    Recorder rec;
    const auto r = k.rig.ctap(
        0x0A, cbor::map({{1, 6}, {2, sub_params}, {3, 1}, {4, k.rig.pin_auth(token, msg)}}));
    ASSERT_EQ(r.status, 0);
    EXPECT_EQ(rec.take(), (Ops{"rm key", "rm rk", "rm rp"}));
    EXPECT_TRUE(k.rig.fs().list("fido/dat/rk").empty());
}

TEST(Fido011, U2fRegisterWritesTheCounter) {
    Key011 k;
    Recorder rec;
    Bytes apdu{0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x40};
    apdu.insert(apdu.end(), 64, 0x11);
    const auto reply = k.rig.u2f(apdu, Presence::granted);
    ASSERT_GE(reply.size(), 2u);
    EXPECT_EQ(reply[reply.size() - 2], 0x90);
    EXPECT_EQ(rec.take(),
              (Ops{"w key", "mkdir fido/dat", "w state", "w state", "w key", "w state"}));
}

TEST(Fido011, AaguidFallsBackWithoutTheAttestationKey) {
    Key011 k;
    const auto info = k.rig.ctap(0x04, std::nullopt);
    EXPECT_EQ(info.body.find(cbor::Value(3))->as_bytes(),
              Bytes(k.rig.config.aaguid.begin(), k.rig.config.aaguid.end()));
    k.rig.fs().remove("fido/sec/00");
    const auto after = k.rig.ctap(0x04, std::nullopt);
    EXPECT_EQ(after.body.find(cbor::Value(3))->as_bytes(),
              Bytes(kFallbackAaguid.begin(), kFallbackAaguid.end()));
    EXPECT_EQ(
        Bytes(kFallbackAaguid.begin(), kFallbackAaguid.end()),
        Bytes({'A', 'A', 'G', 'U', 'I', 'D', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'}));
}

TEST(Fido011, FilesystemTroublePanics) {
    {
        // An rng-state file that is not 32 bytes trips trussed at the first request.
        Rig rig(fido011_config());
        rig.fs().write_file("trussed/dat/rng-state.bin", Bytes(5, 0));
        rig.reboot();
        EXPECT_THROW(rig.ctap(0x04, std::nullopt), Panic);
    }
    {
        // The state names a key-encryption key whose file is gone: sealing a new credential id
        // panics (trussed's syscall! on encrypt).
        Key011 k;
        ASSERT_EQ(k.rig.make_credential("ssh:", Bytes{1}).status, 0);
        for (const auto& e : k.rig.fs().list("fido/sec"))
            if (e.name != "00") k.rig.fs().remove("fido/sec/" + e.name);
        EXPECT_THROW(k.rig.make_credential("ssh:", Bytes{2}), Panic);
    }
}

TEST(Fido011, CounterStepRandomStaysAKnob) {
    AuthenticatorConfig cfg = fido011_config();
    cfg.counter_step = CounterStep::random;
    Rig rig(cfg);
    ASSERT_EQ(rig.ctap(0x04, std::nullopt).status, 0);
    Recorder rec;
    const auto mc = rig.make_credential("ssh:", Bytes{1});
    ASSERT_EQ(mc.status, 0);
    // One counter write per makeCredential.
    EXPECT_EQ(rec.take(),
              (Ops{"w key", "mkdir fido/dat", "w state", "w key", "w state", "w state"}));
    EXPECT_GE(parse_auth_data(mc.body.find(cbor::Value(2))->as_bytes()).counter, 1u);
}

// The per-RP layout on the real stacks: 10 resident credentials in 3 RP directories, 10
// non-resident ones, PIN, device keys and attestation fit the NK3A mini and the LPC55, names stay
// within littlefs limits, and everything survives a remount.
class Layout011 : public ::testing::TestWithParam<int> {};

TEST_P(Layout011, FullStoreFitsAndSurvivesRemount) {
    Rig rig(fido011_config(), GetParam() == 0 ? mini_stack() : lpc55_stack());
    ASSERT_EQ(rig.set_pin("123456", 1), 0);
    const auto token = rig.get_token("123456", 0, std::nullopt, 1);
    ASSERT_EQ(token.status, 0);
    const auto with_pin = [&](cbor::Value p) {
        p.as_map().push_back({8, rig.pin_auth(token, rig.client_data_hash)});
        p.as_map().push_back({9, 1});
        return rig.ctap(0x01, p);
    };
    for (std::uint8_t u = 0; u < 10; ++u) {
        const auto rp = "rp" + std::to_string(u % 3) + ".example.org";
        auto p = rig.make_credential_params(rp, Bytes(64, u), u % 2 ? -8 : -7, true);
        p.as_map()[2].value = cbor::map({{"id", Bytes(64, u)},
                                         {"name", std::string(64, 'n')},
                                         {"displayName", std::string(64, 'd')}});
        ASSERT_EQ(with_pin(p).status, 0) << int(u);
    }
    std::vector<Bytes> ids;
    for (std::uint8_t u = 0; u < 10; ++u) {
        const auto r = with_pin(rig.make_credential_params("ssh:", Bytes{u}, -8));
        ASSERT_EQ(r.status, 0);
        ids.push_back(parse_auth_data(r.body.find(cbor::Value(2))->as_bytes()).credential_id);
    }
    EXPECT_EQ(rig.fs().list("fido/dat/rk").size(), 3u);
    for (const auto& [path, content] : rig.tree().nodes) {
        EXPECT_LE(path.substr(path.rfind('/') + 1).size(), 48u) << path;
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
}

INSTANTIATE_TEST_SUITE_P(Stacks, Layout011, ::testing::Values(0, 1),
                         [](const auto& info) { return info.param == 0 ? "nk3am" : "lpc55"; });

}  // namespace
}  // namespace nk3::fido::test
