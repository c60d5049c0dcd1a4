// The link opens a libfido2 device on a simulated key: INIT and getInfo go through the custom
// I/O functions, the report framing is what libfido2 expects, and a key that answers nothing
// (off, power lost, unknown path) makes open and later calls fail instead of hanging.
#include <fido.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <stdexcept>

#include "ctaphid/commands.hpp"
#include "ctaphid/packet.hpp"
#include "fake_key.hpp"
#include "rig/link/fido_error.hpp"
#include "rig/link/fido_handles.hpp"
#include "rig/link/sim_fido_device.hpp"

namespace nk3::rig {
namespace {

using namespace std::chrono_literals;
using testing::FakeKey;

std::size_t get_info_requests(const testing::FakeCtapApp& app) {
    return static_cast<std::size_t>(
        std::count_if(app.requests.begin(), app.requests.end(), [](const auto& r) {
            return r.cmd == ctaphid::cmd::kCbor && r.payload.size() == 1 && r.payload[0] == 0x04;
        }));
}

TEST(LinkOpenTest, OpensThroughInitAndGetInfo) {
    FakeKey key;
    SimFidoDevice dev(key);
    ASSERT_TRUE(dev.is_open());
    EXPECT_TRUE(fido_dev_is_fido2(dev.get()));
    EXPECT_EQ(fido_dev_protocol(dev.get()), ctaphid::kProtocolVersion);
    EXPECT_EQ(fido_dev_flags(dev.get()), ctaphid::capability::kWink | ctaphid::capability::kCbor);
    // Flags libfido2 derives from the getInfo answer it read during open.
    EXPECT_TRUE(fido_dev_supports_cred_prot(dev.get()));
    EXPECT_TRUE(fido_dev_supports_pin(dev.get()));
    EXPECT_FALSE(fido_dev_has_pin(dev.get()));
    EXPECT_EQ(get_info_requests(key.app), 1u);
    EXPECT_TRUE(key.transport.channel_allocated(1));
}

TEST(LinkOpenTest, GetInfoAnswerSpanningSeveralReportsIsParsed) {
    FakeKey key;
    SimFidoDevice dev(key);
    ASSERT_GT(testing::fake_get_info().size() + 1, ctaphid::kInitDataSize);

    CborInfoPtr info = make_cbor_info();
    dev.check(fido_dev_get_cbor_info(dev.get(), info.get()), "fido_dev_get_cbor_info");
    ASSERT_EQ(fido_cbor_info_aaguid_len(info.get()), 16u);
    EXPECT_TRUE(std::equal(std::begin(testing::kFakeAaguid), std::end(testing::kFakeAaguid),
                           fido_cbor_info_aaguid_ptr(info.get())));
    ASSERT_EQ(fido_cbor_info_versions_len(info.get()), 3u);
    EXPECT_STREQ(fido_cbor_info_versions_ptr(info.get())[2], "FIDO_2_1");
    ASSERT_EQ(fido_cbor_info_extensions_len(info.get()), 2u);
    EXPECT_STREQ(fido_cbor_info_extensions_ptr(info.get())[1], "hmac-secret");
    EXPECT_EQ(fido_cbor_info_maxmsgsiz(info.get()), 1200u);
    ASSERT_EQ(fido_cbor_info_protocols_len(info.get()), 2u);
    EXPECT_EQ(fido_cbor_info_protocols_ptr(info.get())[0], 2);
    EXPECT_EQ(get_info_requests(key.app), 2u);
}

TEST(LinkOpenTest, OpenFailsWithinTheOpenTimeoutWhenTheKeyIsOff) {
    FakeKey key;
    key.power_off();
    LinkTiming timing;
    timing.open_timeout_ms = 1500;
    try {
        SimFidoDevice dev(key, timing);
        FAIL() << "open succeeded on an unpowered key";
    } catch (const FidoError& e) {
        EXPECT_EQ(e.code(), FIDO_ERR_RX);
    }
    EXPECT_GE(key.now(), 1500ms);
    EXPECT_LT(key.now(), 1600ms);
}

TEST(LinkOpenTest, OpenFailsForAPathNoLinkRegistered) {
    FidoDevPtr dev = make_dev();
    ASSERT_EQ(fido_dev_set_io_functions(dev.get(), &SimHidIo::io_functions()), FIDO_OK);
    EXPECT_EQ(fido_dev_open(dev.get(), "nk3-sim:no-such-link"), FIDO_ERR_INTERNAL);
}

TEST(LinkOpenTest, StaleReportsQueuedBeforeOpenAreNotSeen) {
    FakeKey key;
    // An INIT answer on the broadcast channel left over from an earlier host: libfido2 would
    // take it for the answer to its own INIT and reject the nonce.
    const std::array<std::uint8_t, 8> nonce{9, 9, 9, 9, 9, 9, 9, 9};
    key.transport.receive(
        ctaphid::encode_init(ctaphid::kBroadcastCid, ctaphid::cmd::kInit, 8, nonce), key.now());
    ASSERT_EQ(key.transport.output_size(), 1u);
    SimFidoDevice dev(key);
    EXPECT_TRUE(dev.is_open());
}

TEST(LinkOpenTest, CallsFailAfterPowerLossAndSucceedAfterReopen) {
    FakeKey key;
    SimFidoDevice dev(key);
    key.power_off();
    key.power_on();
    CborInfoPtr info = make_cbor_info();
    // The channel died with the power: the key answers INVALID_CHANNEL.
    EXPECT_EQ(fido_dev_get_cbor_info(dev.get(), info.get()), FIDO_ERR_RX);
    dev.reopen();
    info = make_cbor_info();
    EXPECT_EQ(fido_dev_get_cbor_info(dev.get(), info.get()), FIDO_OK);
}

TEST(LinkOpenTest, CallFailsInsteadOfHangingWhenTheKeyStaysOff) {
    FakeKey key;
    LinkTiming timing;
    timing.unbounded_wait = 3s;
    SimFidoDevice dev(key, timing);
    key.power_off();
    const SimTime before = key.now();
    CborInfoPtr info = make_cbor_info();
    EXPECT_EQ(fido_dev_get_cbor_info(dev.get(), info.get()), FIDO_ERR_RX);
    EXPECT_GE(key.now() - before, 3s);
    EXPECT_EQ(dev.io().stats().timeouts, 1u);
}

TEST(LinkOpenTest, EndpointExceptionIsRethrownByCheck) {
    FakeKey key;
    SimFidoDevice dev(key);
    key.throw_on_write = true;
    CborInfoPtr info = make_cbor_info();
    const int r = fido_dev_get_cbor_info(dev.get(), info.get());
    EXPECT_NE(r, FIDO_OK);
    try {
        dev.check(r, "fido_dev_get_cbor_info");
        FAIL() << "no exception";
    } catch (const FidoError&) {
        FAIL() << "the endpoint's exception was replaced by a FidoError";
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "fake key: write failed");
    }
    // Taken once: a later failure is reported as the libfido2 error.
    EXPECT_THROW(dev.check(FIDO_ERR_RX, "again"), FidoError);
}

TEST(LinkOpenTest, CheckThrowsFidoErrorWithCodeAndText) {
    FakeKey key;
    SimFidoDevice dev(key);
    try {
        dev.check(FIDO_ERR_PIN_INVALID, "fido_dev_set_pin");
        FAIL() << "no exception";
    } catch (const FidoError& e) {
        EXPECT_EQ(e.code(), FIDO_ERR_PIN_INVALID);
        EXPECT_NE(std::string(e.what()).find("fido_dev_set_pin"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find(fido_strerr(FIDO_ERR_PIN_INVALID)), std::string::npos);
    }
    EXPECT_NO_THROW(dev.check(FIDO_OK, "ok"));
}

// The I/O functions themselves: libfido2 writes report id 0 + 64 bytes and reads 64.
class SimHidIoFramingTest : public ::testing::Test {
  protected:
    FakeKey key;
    SimHidIo io{key};
    const fido_dev_io_t& fns = SimHidIo::io_functions();
};

TEST_F(SimHidIoFramingTest, WriteTakesReportIdZeroPlus64Bytes) {
    void* handle = fns.open(io.path().c_str());
    ASSERT_NE(handle, nullptr);
    std::array<unsigned char, 65> out{};
    const auto init = ctaphid::encode_init(ctaphid::kBroadcastCid, ctaphid::cmd::kInit, 8,
                                           std::array<std::uint8_t, 8>{1, 2, 3, 4, 5, 6, 7, 8});
    std::copy(init.begin(), init.end(), out.begin() + 1);
    EXPECT_EQ(fns.write(handle, out.data(), 64), -1);  // no report id
    out[0] = 1;
    EXPECT_EQ(fns.write(handle, out.data(), 65), -1);  // wrong report id
    EXPECT_EQ(key.transport.output_size(), 0u);
    out[0] = 0;
    EXPECT_EQ(fns.write(handle, out.data(), 65), 65);
    std::array<unsigned char, 64> in{};
    EXPECT_EQ(fns.read(handle, in.data(), 63, 0), -1);  // too short for a report
    EXPECT_EQ(fns.read(handle, in.data(), 64, 0), 64);
    EXPECT_EQ(in[4], ctaphid::kInitBit | ctaphid::cmd::kInit);
    EXPECT_EQ(in[7], 1);  // the nonce comes back
    fns.close(handle);
    EXPECT_FALSE(io.is_open());
    EXPECT_EQ(fns.write(handle, out.data(), 65), -1);
}

TEST_F(SimHidIoFramingTest, OnlyOneOpenAtATime) {
    void* handle = fns.open(io.path().c_str());
    ASSERT_NE(handle, nullptr);
    EXPECT_EQ(fns.open(io.path().c_str()), nullptr);
    fns.close(handle);
    handle = fns.open(io.path().c_str());
    EXPECT_NE(handle, nullptr);
    fns.close(handle);
}

TEST_F(SimHidIoFramingTest, ReadWithZeroTimeoutDoesNotMoveTime) {
    void* handle = fns.open(io.path().c_str());
    ASSERT_NE(handle, nullptr);
    std::array<unsigned char, 64> in{};
    EXPECT_EQ(fns.read(handle, in.data(), in.size(), 0), -1);
    EXPECT_EQ(key.now(), SimTime::zero());
    EXPECT_EQ(fns.read(handle, in.data(), in.size(), 25), -1);
    EXPECT_EQ(key.now(), 25ms);
    fns.close(handle);
}

}  // namespace
}  // namespace nk3::rig
