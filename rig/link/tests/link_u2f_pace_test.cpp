// U2F through libfido2 polls: the key answers "conditions not satisfied" until touched and
// libfido2 pauses between polls. The link charges that pause in simulated time, so a touch that
// comes after a simulated delay is seen.
#include <fido.h>
#include <gtest/gtest.h>

#include <chrono>
#include <optional>

#include "fake_key.hpp"
#include "request_builders.hpp"
#include "rig/link/sim_fido_device.hpp"

namespace nk3::rig {
namespace {

using namespace std::chrono_literals;
using testing::Bytes;
using testing::FakeKey;

constexpr std::uint8_t kInsAuthenticate = 0x02;
constexpr std::uint8_t kCheckOnly = 0x07;

TEST(LinkU2fPaceTest, AuthenticatePollsUntilTheSimulatedTouch) {
    FakeKey key;
    std::optional<SimTime> first_sign;
    int sign_polls = 0;
    key.app.on_msg = [&](std::span<const std::uint8_t> apdu, SimTime now) -> Bytes {
        if (apdu.size() < 4 || apdu[1] != kInsAuthenticate) return {0x6D, 0x00};
        if (apdu[2] == kCheckOnly) return {0x69, 0x85};  // the key handle is ours
        ++sign_polls;
        if (!first_sign) first_sign = now;
        if (now - *first_sign < 350ms) return {0x69, 0x85};
        // user presence, counter 7, a (fake) signature, SW 9000
        return {0x01, 0x00, 0x00, 0x00, 0x07, 0x30, 0x06, 0x02,
                0x01, 0x01, 0x02, 0x01, 0x01, 0x90, 0x00};
    };
    // Without the pace in simulated time the key would never see its touch; the timeout (which
    // libfido2 counts down by its pauses) makes that a failure instead of a hang.
    LinkTiming timing;
    timing.operation_timeout_ms = 3000;
    SimFidoDevice dev(key, timing);
    fido_dev_force_u2f(dev.get());
    AssertPtr a = testing::make_assert_request(Bytes(32, 0x42));

    ASSERT_EQ(fido_dev_get_assert(dev.get(), a.get(), nullptr), FIDO_OK);

    ASSERT_EQ(fido_assert_count(a.get()), 1u);
    EXPECT_EQ(fido_assert_sigcount(a.get(), 0), 7u);
    // 0, 100, 200, 300 ms: conditions not satisfied; 400 ms: signed.
    EXPECT_EQ(sign_polls, 5);
}

}  // namespace
}  // namespace nk3::rig
