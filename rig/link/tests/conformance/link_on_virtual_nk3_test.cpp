// The link against the real simulated key rather than the fake: an unpowered VirtualNk3 cannot
// be opened (a clean FIDO_ERR_RX after the open timeout), a power cut in the middle of a request
// fails that call instead of hanging, and after power returns a reopened link works again.
#include <fido.h>
#include <gtest/gtest.h>

#include "device/virtual_nk3.hpp"
#include "flash/flash_op.hpp"
#include "profiles/profile_loader.hpp"
#include "rig/link/fido_error.hpp"
#include "rig/link/sim_fido_device.hpp"
#include "virtual_key.hpp"

namespace nk3::rig::conformance {
namespace {

using namespace std::chrono_literals;

TEST(LinkOnVirtualNk3Test, UnpoweredKeyDoesNotOpen) {
    const profiles::DeviceProfile profile = profiles::load_profile("nk3am-1.3.1");
    device::VirtualNk3 nk3(profile, 3);
    nk3.power_off();
    const SimTime before = nk3.now();
    try {
        SimFidoDevice dev(nk3);
        FAIL() << "opened an unpowered key";
    } catch (const FidoError& e) {
        EXPECT_EQ(e.code(), FIDO_ERR_RX);
    }
    EXPECT_GE(nk3.now() - before, 2s);  // LinkTiming::open_timeout_ms
}

TEST(LinkOnVirtualNk3Test, PowerCutDuringARequestFailsTheCall) {
    LinkTiming timing;
    timing.operation_timeout_ms = 3000;
    VirtualKey key("nk3am-1.3.1", 3, timing);
    const Credential c = key.make_credential({});
    AssertionRequest r;
    r.allow = {c.id};

    // The next flash operation (the signature counter's write) never happens.
    key.nk3().cut_after(0, flash::CutMode::before);
    EXPECT_EQ(key.try_get_assertion(r), FIDO_ERR_RX);
    EXPECT_FALSE(key.nk3().powered());
    ASSERT_TRUE(key.nk3().last_cut().has_value());

    key.link().close();
    key.nk3().power_on();
    key.reopen();
    AssertPtr a = key.get_assertion(r);
    EXPECT_EQ(verify_assertion(a.get(), 0, c), FIDO_OK);
}

TEST(LinkOnVirtualNk3Test, CallsOnAPowerCycledKeyNeedAReopen) {
    VirtualKey key("nk3xn-1.3.1", 3);
    key.nk3().power_cycle();
    CborInfoPtr info = make_cbor_info();
    EXPECT_EQ(fido_dev_get_cbor_info(key.dev(), info.get()), FIDO_ERR_RX);
    key.reopen();
    EXPECT_EQ(fido_dev_get_cbor_info(key.dev(), info.get()), FIDO_OK);
}

}  // namespace
}  // namespace nk3::rig::conformance
