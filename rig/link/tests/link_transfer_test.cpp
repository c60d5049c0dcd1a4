// Requests and answers longer than one report cross the link whole, and the key's CTAP2 status
// byte reaches the caller as libfido2's matching error code.
#include <fido.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "ctaphid/commands.hpp"
#include "ctaphid/packet.hpp"
#include "fake_key.hpp"
#include "request_builders.hpp"
#include "rig/link/sim_fido_device.hpp"

namespace nk3::rig {
namespace {

using testing::FakeKey;

bool contains(const std::vector<std::uint8_t>& hay, const std::vector<std::uint8_t>& needle) {
    return std::search(hay.begin(), hay.end(), needle.begin(), needle.end()) != hay.end();
}

TEST(LinkTransferTest, LongRequestReachesTheKeyWhole) {
    FakeKey key;
    SimFidoDevice dev(key);
    std::vector<std::vector<std::uint8_t>> exclude;
    for (std::uint8_t i = 0; i < 6; ++i) {
        std::vector<std::uint8_t> id(64);
        for (std::size_t j = 0; j < id.size(); ++j)
            id[j] = static_cast<std::uint8_t>(i * 64 + j);
        exclude.push_back(id);
    }
    CredPtr cred = testing::make_cred_request(exclude);
    const auto written_before = dev.io().stats().reports_written;

    EXPECT_EQ(fido_dev_make_cred(dev.get(), cred.get(), nullptr), FIDO_ERR_OPERATION_DENIED);

    ASSERT_FALSE(key.app.requests.empty());
    const auto& request = key.app.requests.back();
    EXPECT_EQ(request.cmd, ctaphid::cmd::kCbor);
    ASSERT_GT(request.payload.size(), 6u * 64u);
    EXPECT_EQ(request.payload[0], 0x01);  // authenticatorMakeCredential
    for (const auto& id : exclude)
        EXPECT_TRUE(contains(request.payload, id));
    EXPECT_EQ(dev.io().stats().reports_written - written_before,
              ctaphid::packet_count(request.payload.size()));
}

struct StatusCase {
    std::uint8_t ctap_status;
    int fido_error;
};

class LinkStatusTest : public ::testing::TestWithParam<StatusCase> {};

TEST_P(LinkStatusTest, Ctap2StatusBecomesTheLibfido2Error) {
    FakeKey key;
    key.app.cbor.status = GetParam().ctap_status;
    SimFidoDevice dev(key);
    CredPtr cred = testing::make_cred_request();
    EXPECT_EQ(fido_dev_make_cred(dev.get(), cred.get(), nullptr), GetParam().fido_error);
}

INSTANTIATE_TEST_SUITE_P(Statuses, LinkStatusTest,
                         ::testing::Values(StatusCase{0x27, FIDO_ERR_OPERATION_DENIED},
                                           StatusCase{0x2E, FIDO_ERR_NO_CREDENTIALS},
                                           StatusCase{0x19, FIDO_ERR_CREDENTIAL_EXCLUDED},
                                           StatusCase{0x2F, FIDO_ERR_USER_ACTION_TIMEOUT},
                                           StatusCase{0x31, FIDO_ERR_PIN_INVALID}));

}  // namespace
}  // namespace nk3::rig
