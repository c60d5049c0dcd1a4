// The real FIDO application of firmware v1.3.1 (fido-authenticator 0.1.1 on trussed 0.1.0)
// on the NK3A mini storage stack of profile nk3am-1.3.1: it boots on littlefs formatted by the
// C++ side, answers getInfo, makeCredential and getAssertion, writes its files where the
// firmware writes them, and a power cut inside makeCredential turns the instance off without
// unwinding; the flash then boots again.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "cbor/decode.hpp"
#include "cbor/encode.hpp"
#include "cbor/value.hpp"
#include "firmware/real_firmware.hpp"
#include "flash/flash_error.hpp"
#include "flash/power_domain.hpp"
#include "fs/filesystem.hpp"
#include "profiles/profile_loader.hpp"
#include "storage/storage_stack.hpp"

namespace nk3::firmware {
namespace {

using cbor::Bytes;
using cbor::Value;

constexpr std::uint8_t kMakeCredential = 0x01;
constexpr std::uint8_t kGetAssertion = 0x02;
constexpr std::uint8_t kGetInfo = 0x04;

Bytes request(std::uint8_t command, const Value& body) {
    Bytes out{command};
    const Bytes cbor = cbor::encode(body);
    out.insert(out.end(), cbor.begin(), cbor.end());
    return out;
}

Bytes client_data_hash(std::uint8_t fill) {
    return Bytes(32, fill);
}

Bytes make_credential_request(bool resident) {
    Value body = cbor::map({
        {1, Value(client_data_hash(0x11))},
        {2, cbor::map({{"id", "example.com"}, {"name", "Example"}})},
        {3, cbor::map({{"id", Value(Bytes{1, 2, 3, 4})}, {"name", "alice"}})},
        {4, cbor::array({cbor::map({{"alg", -7}, {"type", "public-key"}})})},
    });
    if (resident) body.as_map().push_back({7, cbor::map({{"rk", true}})});
    return request(kMakeCredential, body);
}

Bytes get_assertion_request() {
    return request(kGetAssertion,
                   cbor::map({{1, "example.com"}, {2, Value(client_data_hash(0x22))}}));
}

// The CTAP status byte and the decoded CBOR body (null when there is none).
struct Answer {
    std::uint8_t status = 0xff;
    Value body;
};

Answer decode(const RealFidoApp::Reply& reply) {
    Answer a;
    if (reply.result != FwResult::ok || reply.bytes.empty()) return a;
    a.status = reply.bytes[0];
    if (reply.bytes.size() > 1) a.body = cbor::decode(cbor::ByteView(reply.bytes).subspan(1));
    return a;
}

// The NK3A mini on firmware 1.3.1: internal flash with the firmware journal, littlefs as the
// board configures it, formatted once (as the factory does) by the C++ filesystem.
class RealFidoAppTest : public ::testing::Test {
  protected:
    RealFidoAppTest()
        : profile_(profiles::load_profile("nk3am-1.3.1")), stack_(profile_.internal, domain_, 0) {
        stack_.format();
    }

    // A power-up of the board: the storage boot in C++ (journal recovery, mount check), then
    // the firmware, which mounts littlefs itself.
    void board_boot() {
        domain_.power_on();
        const storage::BootReport report = stack_.boot();
        ASSERT_TRUE(report.mounted) << report.error;
        stack_.unmount();
    }

    RealFidoApp::Options options() {
        RealFidoApp::Options o;
        for (std::size_t i = 0; i < o.seed.size(); ++i)
            o.seed[i] = static_cast<std::uint8_t>(i);
        o.user_presence = [this] { return touch_ ? 1 : 0; };
        o.uptime_ms = [this] {
            return static_cast<std::uint64_t>(domain_.now().count() / 1000000);
        };
        return o;
    }

    fs::Filesystem mount_in_cpp() {
        return fs::Filesystem::mount(stack_.device(), profile_.internal.fs);
    }

    profiles::DeviceProfile profile_;
    flash::PowerDomain domain_;
    storage::StorageStack stack_;
    bool touch_ = true;
};

TEST_F(RealFidoAppTest, GetInfoMakeCredentialGetAssertionAndFiles) {
    board_boot();
    {
        RealFidoApp app(stack_.device(), options());
        ASSERT_EQ(app.boot(), FwResult::ok);
        EXPECT_EQ(app.state(), FwState::running);

        const Answer info = decode(app.ctap2(Bytes{kGetInfo}));
        ASSERT_EQ(info.status, 0x00);
        std::vector<std::string> versions;
        for (const Value& v : info.body.find(1)->as_array())
            versions.push_back(v.as_text());
        EXPECT_NE(std::find(versions.begin(), versions.end(), "FIDO_2_0"), versions.end());
        EXPECT_NE(std::find(versions.begin(), versions.end(), "FIDO_2_1_PRE"), versions.end());
        // No attestation key files (fido/sec/00, fido/x5c/00): the literal AAGUID
        // (fido-authenticator 0.1.1 src/state.rs, Identity::attestation).
        const std::string literal = "AAGUID0123456789";
        EXPECT_EQ(info.body.find(3)->as_bytes(), Bytes(literal.begin(), literal.end()));
        ASSERT_NE(info.body.find(5), nullptr);
        EXPECT_EQ(info.body.find(5)->as_uint(), 3072u);  // maxMsgSize

        const Answer made = decode(app.ctap2(make_credential_request(true)));
        ASSERT_EQ(made.status, 0x00);
        EXPECT_EQ(made.body.find(1)->as_text(), "packed");
        const Bytes& auth_data = made.body.find(2)->as_bytes();
        ASSERT_GT(auth_data.size(), 37u);
        EXPECT_EQ(auth_data[32] & 0x41, 0x41);  // UP and AT

        const Answer got = decode(app.ctap2(get_assertion_request()));
        ASSERT_EQ(got.status, 0x00);
        EXPECT_NE(got.body.find(2), nullptr);  // authData
        EXPECT_NE(got.body.find(3), nullptr);  // signature
        EXPECT_EQ(app.device_exception(), nullptr);
    }
    // The files, read back by nk3rig's own littlefs.
    fs::Filesystem fs = mount_in_cpp();
    EXPECT_TRUE(fs.exists("fido/dat/persistent-state.cbor"));
    EXPECT_TRUE(fs.exists("trussed/dat/rng-state.bin"));
    EXPECT_EQ(fs.stat("trussed/dat/rng-state.bin").size, 32u);
    EXPECT_TRUE(fs.exists("fido/dat/rk"));
    EXPECT_FALSE(fs.exists("fido/sec/00"));
}

// The RNG is ChaCha8 from the given seed (mixed with trussed/dat/rng-state.bin): the same seed
// on the same flash gives the same credential, byte for byte; another seed another one.
TEST_F(RealFidoAppTest, SameSeedSameCredential) {
    board_boot();
    const auto setup_flash = stack_.flash().snapshot();
    const auto setup_domain = domain_.state();
    auto run = [&](std::uint8_t seed0) {
        stack_.flash().restore(setup_flash);
        domain_.restore(setup_domain);
        board_boot();
        RealFidoApp::Options o = options();
        o.seed[0] = seed0;
        RealFidoApp app(stack_.device(), o);
        EXPECT_EQ(app.boot(), FwResult::ok);
        return app.ctap2(make_credential_request(false)).bytes;
    };
    const Bytes first = run(0);
    ASSERT_GT(first.size(), 100u);
    EXPECT_EQ(first[0], 0x00);
    EXPECT_EQ(run(0), first);
    EXPECT_NE(run(1), first);
}

TEST_F(RealFidoAppTest, NoTouchIsOperationDenied) {
    board_boot();
    touch_ = false;
    RealFidoApp app(stack_.device(), options());
    ASSERT_EQ(app.boot(), FwResult::ok);
    const Answer made = decode(app.ctap2(make_credential_request(false)));
    // trussed times out waiting for a touch; fido-authenticator 0.1.1 answers the timeout with
    // USER_ACTION_TIMEOUT (0x2f).
    EXPECT_EQ(made.status, 0x2f);
    EXPECT_EQ(app.state(), FwState::running);
}

TEST_F(RealFidoAppTest, OneInstanceAtATime) {
    board_boot();
    RealFidoApp app(stack_.device(), options());
    EXPECT_THROW(RealFidoApp(stack_.device(), options()), std::runtime_error);
}

TEST_F(RealFidoAppTest, UnformattedFlashDoesNotMount) {
    flash::PowerDomain domain;
    storage::StorageStack blank(profile_.internal, domain, 0);  // never formatted
    RealFidoApp app(blank.device(), options());
    EXPECT_EQ(app.boot(), FwResult::mount);
    EXPECT_EQ(app.ctap2(Bytes{kGetInfo}).result, FwResult::state);
}

// A cut at a flash operation in the middle of makeCredential: the call comes back (no unwinding
// through the firmware), the instance is off and stays off, and the flash boots a fresh
// instance afterwards.
TEST_F(RealFidoAppTest, PowerCutDuringMakeCredential) {
    board_boot();
    const auto setup_flash = stack_.flash().snapshot();
    const auto setup_domain = domain_.state();

    // A dry run counts makeCredential's flash operations (state loading included).
    std::uint64_t ops = 0;
    {
        RealFidoApp app(stack_.device(), options());
        ASSERT_EQ(app.boot(), FwResult::ok);
        const std::uint64_t before = domain_.next_index();
        ASSERT_EQ(decode(app.ctap2(make_credential_request(true))).status, 0x00);
        ops = domain_.next_index() - before;
    }
    ASSERT_GT(ops, 2u);

    stack_.flash().restore(setup_flash);
    domain_.restore(setup_domain);
    board_boot();
    {
        RealFidoApp app(stack_.device(), options());
        ASSERT_EQ(app.boot(), FwResult::ok);
        domain_.arm_cut(
            {.op_index = domain_.next_index() + ops / 2, .mode = flash::CutMode::after, .seed = 1});
        const RealFidoApp::Reply reply = app.ctap2(make_credential_request(true));
        EXPECT_EQ(reply.result, FwResult::off);
        EXPECT_TRUE(reply.bytes.empty());
        EXPECT_EQ(app.state(), FwState::off);
        ASSERT_NE(app.device_exception(), nullptr);
        EXPECT_THROW(std::rethrow_exception(app.device_exception()), flash::PowerLoss);
        EXPECT_TRUE(domain_.last_cut().has_value());
        EXPECT_EQ(app.ctap2(Bytes{kGetInfo}).result, FwResult::off);
    }
    {
        // Before any panic the message is empty.
        RealFidoApp idle(stack_.device(), options());
        EXPECT_EQ(idle.panic_message(), "");
    }

    // The next power-up: the board boots the storage, a fresh instance runs from that flash.
    stack_.lose_ram();
    board_boot();
    RealFidoApp app(stack_.device(), options());
    ASSERT_EQ(app.boot(), FwResult::ok);
    const Answer info = decode(app.ctap2(Bytes{kGetInfo}));
    EXPECT_EQ(info.status, 0x00);
    const Answer made = decode(app.ctap2(make_credential_request(true)));
    EXPECT_EQ(made.status, 0x00);
}

// A cut at every flash operation of makeCredential: each call comes back NK3FW_ERR_OFF (never
// hangs, never unwinds, never answers), and the next power-up's storage boot either mounts (the
// firmware then boots and answers getInfo) or is the board's own failure (the journal's).
TEST_F(RealFidoAppTest, EveryCutDuringMakeCredentialTurnsTheKeyOff) {
    board_boot();
    const auto setup_flash = stack_.flash().snapshot();
    const auto setup_domain = domain_.state();
    std::uint64_t ops = 0;
    {
        RealFidoApp app(stack_.device(), options());
        ASSERT_EQ(app.boot(), FwResult::ok);
        const std::uint64_t before = domain_.next_index();
        ASSERT_EQ(decode(app.ctap2(make_credential_request(true))).status, 0x00);
        ops = domain_.next_index() - before;
    }
    int booted = 0;       // the storage boot and the firmware's mount succeeded
    int not_mounted = 0;  // either failed
    int answered = 0;     // booted, and getInfo answered
    int halted = 0;       // booted, and getInfo panicked (the app's state loading)
    std::set<std::string> halt_reasons;
    for (std::uint64_t nth = 0; nth < ops; ++nth) {
        SCOPED_TRACE("cut at operation " + std::to_string(nth) + " of " + std::to_string(ops));
        stack_.flash().restore(setup_flash);
        domain_.restore(setup_domain);
        board_boot();
        {
            RealFidoApp app(stack_.device(), options());
            ASSERT_EQ(app.boot(), FwResult::ok);
            domain_.arm_cut({.op_index = domain_.next_index() + nth,
                             .mode = flash::CutMode::torn,
                             .seed = nth});
            EXPECT_EQ(app.ctap2(make_credential_request(true)).result, FwResult::off);
            EXPECT_EQ(app.state(), FwState::off);
        }
        stack_.lose_ram();
        domain_.power_on();
        bool mounted = false;
        try {
            mounted = stack_.boot().mounted;
        } catch (const std::exception&) {  // the firmware journal's panic
        }
        if (!mounted) {
            ++not_mounted;
            continue;
        }
        stack_.unmount();
        RealFidoApp app(stack_.device(), options());
        const FwResult boot = app.boot();
        if (boot != FwResult::ok) {
            ++not_mounted;
            continue;
        }
        const RealFidoApp::Reply info = app.ctap2(Bytes{kGetInfo});
        EXPECT_TRUE(info.result == FwResult::ok || info.result == FwResult::halted);
        ++(info.result == FwResult::ok ? answered : halted);
        if (info.result == FwResult::halted) halt_reasons.insert(app.panic_message());
        ++booted;
    }
    RecordProperty("operations", static_cast<int>(ops));
    RecordProperty("booted", booted);
    RecordProperty("not_mounted", not_mounted);
    RecordProperty("answered", answered);
    RecordProperty("halted", halted);
    std::string reasons;
    for (const std::string& r : halt_reasons)
        reasons += (reasons.empty() ? "" : "; ") + r;
    RecordProperty("halt_reasons", reasons);
    EXPECT_EQ(booted + not_mounted, static_cast<int>(ops));
}

}  // namespace
}  // namespace nk3::firmware
