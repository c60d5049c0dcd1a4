// Reproducibility: the same profile and seed give the same key, byte for byte where the
// simulator controls the bytes.

#include <gtest/gtest.h>

#include "device/seed_streams.hpp"
#include "device/vendor_commands.hpp"
#include "flash/flash_error.hpp"
#include "test_host.hpp"

namespace nk3::device {
namespace {

using namespace testing;

struct Observed {
    Bytes uuid;
    Bytes info;
    Bytes status;
};

Observed observe(const std::string& name, std::uint64_t seed) {
    VirtualNk3 key(profile(name), seed);
    TestHost host(key);
    Observed o;
    const auto cid = host.init();
    EXPECT_TRUE(cid);
    if (!cid) return o;
    if (auto m = host.transact(*cid, vendor::kUuid, {})) o.uuid = m->payload;
    if (auto m = host.cbor(*cid, ctap::kGetInfo)) o.info = m->payload;
    if (auto m = host.transact(*cid, vendor::kAdmin, {vendor::admin::kStatus}))
        o.status = m->payload;
    return o;
}

TEST(Determinism, SameSeedSameUuidGetInfoAndStatus) {
    for (const char* name : {"nk3am-1.3.1", "nk3xn-1.3.1"}) {
        SCOPED_TRACE(name);
        const Observed a = observe(name, 42);
        const Observed b = observe(name, 42);
        ASSERT_EQ(a.uuid.size(), 16u);
        ASSERT_FALSE(a.info.empty());
        EXPECT_EQ(a.info.at(0), ctap::kOk);
        EXPECT_EQ(a.uuid, b.uuid);
        EXPECT_EQ(a.info, b.info);
        EXPECT_EQ(a.status, b.status);
        EXPECT_NE(observe(name, 43).uuid, a.uuid);
    }
}

TEST(Determinism, GetInfoNamesTheProfilesAaguidAndFirmware) {
    VirtualNk3 key(profile("nk3xn-1.3.1"), 1);
    TestHost host(key);
    const auto cid = host.init();
    ASSERT_TRUE(cid);
    const auto info = host.cbor(*cid, ctap::kGetInfo);
    ASSERT_TRUE(info);
    const cbor::Value body = decode_ctap_body(*info);
    const cbor::Value* aaguid = body.find(cbor::Value(3));
    ASSERT_TRUE(aaguid);
    EXPECT_EQ(aaguid->as_bytes(),
              Bytes(key.profile().fido.aaguid.begin(), key.profile().fido.aaguid.end()));
    const cbor::Value* firmware = body.find(cbor::Value(0x0E));
    if (key.profile().fido.ctap_level == fido::CtapLevel::v2_1_pre) {
        // fido-authenticator 0.1.1 sends no firmwareVersion (vendor command 0x61 has it).
        EXPECT_FALSE(firmware);
        return;
    }
    ASSERT_TRUE(firmware);
    EXPECT_EQ(firmware->as_uint(), key.profile().firmware_version);
}

TEST(Determinism, SeedStreamsAreIndependentAndReproducible) {
    auto a = seed_stream(9, stream::kUuid);
    auto b = seed_stream(9, stream::kUuid);
    auto c = seed_stream(9, stream::kAuthenticator);
    const auto x = a.bytes(16);
    EXPECT_EQ(x, b.bytes(16));
    EXPECT_NE(x, c.bytes(16));
    EXPECT_EQ(tear_seed(9, 100), tear_seed(9, 100));
    EXPECT_NE(tear_seed(9, 100), tear_seed(9, 101));
    EXPECT_NE(tear_seed(9, 100), tear_seed(10, 100));
}

TEST(Determinism, SameCutSameTear) {
    auto tear = [](std::uint64_t seed) {
        VirtualNk3 key(profile("nk3am-1.2.2"), seed);
        key.cut_after(1, flash::CutMode::torn);
        EXPECT_THROW(key.internal().fs().write_file("x", Bytes(600, 0)), flash::PowerLoss);
        key.power_off();
        EXPECT_TRUE(key.last_cut().has_value());
        return key.last_cut().value_or(flash::CutRecord{});
    };
    const flash::CutRecord a = tear(77);
    const flash::CutRecord b = tear(77);
    EXPECT_EQ(a.plan.seed, b.plan.seed);
    EXPECT_EQ(a.op.index, b.op.index);
    EXPECT_EQ(a.detail, b.detail);
    EXPECT_EQ(a.bytes_changed, b.bytes_changed);
    EXPECT_NE(tear(78).plan.seed, a.plan.seed);
}

}  // namespace
}  // namespace nk3::device
