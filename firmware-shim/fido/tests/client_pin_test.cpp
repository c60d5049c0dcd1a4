// clientPIN: set/change/token with both protocols, retries and lockouts, and the order of the
// retry-counter writes against power cuts (before_compare vs after_compare).

#include <gtest/gtest.h>

#include "cbor/encode.hpp"
#include "flash/flash_error.hpp"
#include "test_client.hpp"

namespace nk3::fido::test {
namespace {

class ClientPinProtocol : public ::testing::TestWithParam<int> {};

TEST_P(ClientPinProtocol, SetChangeAndToken) {
    const int proto = GetParam();
    Rig rig;
    EXPECT_EQ(rig.pin_retries(), 8);
    EXPECT_EQ(rig.get_token("1234", 0x01, "example.org", proto).status, 0x35);  // not set
    EXPECT_EQ(rig.set_pin("12", proto), 0x37);
    EXPECT_EQ(rig.set_pin(std::string(64, '1'), proto), 0x37);
    ASSERT_EQ(rig.set_pin("1234", proto), 0);
    EXPECT_EQ(rig.set_pin("5678", proto), 0x30);  // already set
    const auto t = rig.get_token("1234", 0x03, "example.org", proto);
    ASSERT_EQ(t.status, 0);
    EXPECT_EQ(t.token.size(), 32u);
    EXPECT_EQ(rig.get_token("1234", 0, std::nullopt, proto).status, 0);  // getPinToken
    EXPECT_EQ(rig.change_pin("9999", "5678", proto), 0x31);
    EXPECT_EQ(rig.pin_retries(), 7);
    ASSERT_EQ(rig.change_pin("1234", "5678", proto), 0);
    EXPECT_EQ(rig.pin_retries(), 8);
    EXPECT_EQ(rig.get_token("1234", 0x01, std::nullopt, proto).status, 0x31);
    EXPECT_EQ(rig.get_token("5678", 0x01, std::nullopt, proto).status, 0);
    // The PIN survives a power cycle.
    rig.reboot();
    EXPECT_EQ(rig.get_token("5678", 0x01, std::nullopt, proto).status, 0);
}

INSTANTIATE_TEST_SUITE_P(Protocols, ClientPinProtocol, ::testing::Values(1, 2));

TEST(ClientPin, ParameterErrors) {
    Rig rig;
    EXPECT_EQ(rig.ctap(0x06, cbor::map({{1, 2}})).status, 0x14);
    EXPECT_EQ(rig.ctap(0x06, cbor::map({{1, 2}, {2, 7}})).status, 0x3E);
    EXPECT_EQ(rig.ctap(0x06, cbor::map({{1, 3}, {2, 2}})).status, 0x02);
    EXPECT_EQ(rig.ctap(0x06, cbor::map({{2, 2}})).status, 0x14);
    EXPECT_EQ(rig.ctap(0x06, cbor::map({{1, 2}, {2, 3}})).status, 0x14);
    ASSERT_EQ(rig.set_pin("1234"), 0);
    auto sh = rig.key_agreement(2);
    // Unsupported permissions.
    auto hash_enc = sh.protocol->encrypt(sh.secret, Bytes(16, 0));
    EXPECT_EQ(
        rig.ctap(0x06, cbor::map({{1, 2}, {2, 9}, {3, sh.platform_key}, {6, hash_enc}, {9, 0x08}}))
            .status,
        0x40);
    EXPECT_EQ(
        rig.ctap(0x06, cbor::map({{1, 2}, {2, 9}, {3, sh.platform_key}, {6, hash_enc}, {9, 0}}))
            .status,
        0x02);
    // A key agreement point off the curve.
    auto bad_key = cbor::map({{1, 2}, {3, -25}, {-1, 1}, {-2, Bytes(32, 1)}, {-3, Bytes(32, 2)}});
    EXPECT_EQ(
        rig.ctap(0x06, cbor::map({{1, 2}, {2, 9}, {3, bad_key}, {6, hash_enc}, {9, 1}})).status,
        0x02);
    // A malformed pinHashEnc does not cost a retry.
    EXPECT_EQ(
        rig.ctap(0x06, cbor::map({{1, 2}, {2, 9}, {3, sh.platform_key}, {6, Bytes(5, 0)}, {9, 1}}))
            .status,
        0x02);
    EXPECT_EQ(rig.pin_retries(), 8);
}

TEST(ClientPin, ThreeMismatchesPerBootThenEightInAll) {
    Rig rig;
    ASSERT_EQ(rig.set_pin("1234"), 0);
    int attempts = 0;
    for (int boot = 0; boot < 3; ++boot) {
        for (int i = 0; i < 3 && attempts < 8; ++i, ++attempts) {
            const auto s = rig.get_token("0000", 0x01).status;
            if (attempts == 7)
                EXPECT_EQ(s, 0x32);
            else if (i == 2)
                EXPECT_EQ(s, 0x34);
            else
                EXPECT_EQ(s, 0x31);
        }
        if (attempts < 8) {
            EXPECT_EQ(rig.get_token("1234", 0x01).status, 0x34);  // blocked until power cycle
            const auto r = rig.ctap(0x06, cbor::map({{1, 2}, {2, 1}}));
            EXPECT_TRUE(r.body.find(cbor::Value(4))->as_bool());
        }
        EXPECT_EQ(rig.pin_retries(), 8 - attempts);
        rig.reboot();
    }
    EXPECT_EQ(rig.pin_retries(), 0);
    EXPECT_EQ(rig.get_token("1234", 0x01).status, 0x32);
    EXPECT_EQ(rig.change_pin("1234", "5678"), 0x32);
}

// The per-boot count counts attempts before the comparison (State::decrement_retries), so
// after two mismatches the third attempt is refused even with the right PIN (and costs a
// retry); a success restores both counts.
TEST(ClientPin, SuccessResetsTheCounters) {
    Rig rig;
    ASSERT_EQ(rig.set_pin("1234"), 0);
    EXPECT_EQ(rig.get_token("0000", 0x01).status, 0x31);
    ASSERT_EQ(rig.get_token("1234", 0x01).status, 0);
    EXPECT_EQ(rig.pin_retries(), 8);
    EXPECT_EQ(rig.get_token("0000", 0x01).status, 0x31);
    EXPECT_EQ(rig.get_token("0000", 0x01).status, 0x31);
    EXPECT_EQ(rig.get_token("1234", 0x01).status, 0x34);  // refused before comparing
    EXPECT_EQ(rig.pin_retries(), 5);
    rig.reboot();
    ASSERT_EQ(rig.get_token("1234", 0x01).status, 0);
    EXPECT_EQ(rig.pin_retries(), 8);
}

TEST(ClientPin, BeforeCompareWritesTwiceOnSuccessOnceOnMismatch) {
    Rig rig;
    ASSERT_EQ(rig.set_pin("1234"), 0);
    const auto count_state_writes = [&](const std::string& pin) {
        // Count commits by watching the state file change: record its content after each op.
        rig.domain.set_recording(true);
        rig.domain.clear_log();
        const auto status = rig.get_token(pin, 0x01).status;
        return std::pair{status, rig.domain.log().size()};
    };
    const auto [ok_status, ok_ops] = count_state_writes("1234");
    const auto [bad_status, bad_ops] = count_state_writes("0000");
    EXPECT_EQ(ok_status, 0);
    EXPECT_EQ(bad_status, 0x31);
    EXPECT_GT(bad_ops, 0u);
    EXPECT_EQ(ok_ops, 2 * bad_ops);  // two state writes vs one (getKeyAgreement writes nothing)
}

// One wrong-PIN attempt with a power cut armed `k` operations into it (no cut when k is
// beyond the attempt). Returns whether the host got its answer and the retries after reboot.
struct CutOutcome {
    bool replied = false;
    bool cut = false;
    std::uint8_t retries = 0;
};

CutOutcome wrong_pin_with_cut(PinRetriesWrite mode, std::uint64_t k, flash::CutMode how,
                              std::uint64_t* ops_used = nullptr) {
    AuthenticatorConfig cfg = ctap21_config();
    cfg.pin_retries_write = mode;
    Rig rig(cfg, lpc55_stack());
    EXPECT_EQ(rig.set_pin("1234"), 0);
    auto sh = rig.key_agreement(2);  // no flash writes
    const auto hash_enc = sh.protocol->encrypt(sh.secret, Bytes(16, 0x55));
    const auto enc =
        cbor::encode(cbor::map({{1, 2}, {2, 9}, {3, sh.platform_key}, {6, hash_enc}, {9, 1}}));
    Bytes req{0x06};
    req.insert(req.end(), enc.begin(), enc.end());
    const auto start = rig.domain.next_index();
    rig.domain.arm_cut({start + k, how, 1});
    CutOutcome out;
    try {
        auto reply = rig.auth->cbor(req, Presence::not_asked);
        out.replied = !reply.payload.empty();  // queued for the host
        EXPECT_EQ(reply.payload.at(0), 0x31);
        if (reply.after_sent) reply.after_sent();
    } catch (const flash::PowerLoss&) {
        out.cut = true;
    }
    if (ops_used) *ops_used = rig.domain.next_index() - start;
    rig.domain.disarm();
    rig.reboot();
    out.retries = rig.pin_retries();
    return out;
}

TEST(ClientPin, BeforeCompareNoAnsweredGuessIsEverFree) {
    std::uint64_t ops = 0;
    const auto dry =
        wrong_pin_with_cut(PinRetriesWrite::before_compare, 1000, flash::CutMode::before, &ops);
    EXPECT_EQ(dry.retries, 7);
    ASSERT_GT(ops, 0u);
    for (auto how : {flash::CutMode::before, flash::CutMode::torn, flash::CutMode::after}) {
        for (std::uint64_t k = 0; k < ops; ++k) {
            const auto o = wrong_pin_with_cut(PinRetriesWrite::before_compare, k, how);
            EXPECT_TRUE(o.cut) << k;
            EXPECT_FALSE(o.replied) << k;  // the write precedes the answer
            EXPECT_TRUE(o.retries == 7 || o.retries == 8) << k;
        }
    }
    // Cut after the last operation of the write: the attempt is paid for.
    EXPECT_EQ(
        wrong_pin_with_cut(PinRetriesWrite::before_compare, ops - 1, flash::CutMode::after).retries,
        7);
}

TEST(ClientPin, AfterCompareCutAtTheFirstOpOfTheAttemptMakesItFree) {
    std::uint64_t ops = 0;
    const auto dry =
        wrong_pin_with_cut(PinRetriesWrite::after_compare, 1000, flash::CutMode::before, &ops);
    EXPECT_EQ(dry.retries, 7);
    const auto o = wrong_pin_with_cut(PinRetriesWrite::after_compare, 0, flash::CutMode::before);
    EXPECT_TRUE(o.cut);
    EXPECT_TRUE(o.replied);   // the host knows the PIN was wrong...
    EXPECT_EQ(o.retries, 8);  // ...and the attempt cost nothing
}

TEST(ClientPin, AfterCompareAnswersFirstAndTheCutMakesTheGuessFree) {
    bool replied = false;
    // CutMode::before at the first op of after_sent: the write never lands.
    AuthenticatorConfig cfg = ctap21_config();
    cfg.pin_retries_write = PinRetriesWrite::after_compare;
    Rig rig(cfg);
    ASSERT_EQ(rig.set_pin("1234"), 0);
    auto sh = rig.key_agreement(2);
    const auto hash_enc = sh.protocol->encrypt(sh.secret, Bytes(16, 0x55));
    const auto enc =
        cbor::encode(cbor::map({{1, 2}, {2, 9}, {3, sh.platform_key}, {6, hash_enc}, {9, 1}}));
    Bytes req{0x06};
    req.insert(req.end(), enc.begin(), enc.end());
    const auto ops = rig.domain.next_index();
    auto reply = rig.auth->cbor(req, Presence::not_asked);
    EXPECT_EQ(rig.domain.next_index(), ops);  // nothing written before the answer
    ASSERT_FALSE(reply.payload.empty());
    EXPECT_EQ(reply.payload[0], 0x31);
    replied = true;
    ASSERT_TRUE(reply.after_sent);
    rig.domain.arm_cut({rig.domain.next_index(), flash::CutMode::before, 1});
    EXPECT_THROW(reply.after_sent(), flash::PowerLoss);
    rig.domain.disarm();
    rig.reboot();
    EXPECT_TRUE(replied);
    EXPECT_EQ(rig.pin_retries(), 8);  // the wrong guess cost nothing
    // Without a cut the count is saved.
    EXPECT_EQ(rig.get_token("0000", 0x01).status, 0x31);
    rig.reboot();
    EXPECT_EQ(rig.pin_retries(), 7);
    // Success restores it in after_sent.
    ASSERT_EQ(rig.get_token("1234", 0x01).status, 0);
    rig.reboot();
    EXPECT_EQ(rig.pin_retries(), 8);
}

}  // namespace
}  // namespace nk3::fido::test
