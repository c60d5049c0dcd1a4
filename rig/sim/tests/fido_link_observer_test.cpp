// Wire events FidoLink reports on the simulator, in order, and an observer that cuts power at
// a simulated offset from request_sent (what the time-sweep fault plan does).

#include <fido.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "rig/rig_error.hpp"
#include "sim_key_fixture.hpp"

namespace nk3::rig::testing {
namespace {

using namespace std::chrono_literals;

TEST(FidoLinkObserver, SilentAssertionIsRequestThenResponse) {
    SimKey k;
    const Credential c = k.make(request("example.org", "wes"));
    std::vector<LinkEvent> events;
    k.link.set_observer([&](LinkEvent e) { events.push_back(e); });
    ASSERT_TRUE(k.link.get_assertion("example.org", {c}, {}, false, {}).ok());
    EXPECT_EQ(events, (std::vector<LinkEvent>{LinkEvent::request_sent, LinkEvent::response}));
}

TEST(FidoLinkObserver, ATouchBringsKeepalivesBetween) {
    SimKey k;
    std::vector<LinkEvent> events;
    std::vector<SimTime> times;
    k.link.set_observer([&](LinkEvent e) {
        events.push_back(e);
        times.push_back(k.key->now());
    });
    ASSERT_TRUE(k.link.make_credential(request("example.org", "xena"), {}).ok());
    ASSERT_GE(events.size(), 3u);
    EXPECT_EQ(events.front(), LinkEvent::request_sent);
    EXPECT_EQ(events.back(), LinkEvent::response);
    std::size_t keepalives = 0;
    for (std::size_t i = 1; i + 1 < events.size(); ++i) {
        EXPECT_EQ(events[i], LinkEvent::keepalive) << i;
        keepalives += events[i] == LinkEvent::keepalive;
    }
    EXPECT_GT(keepalives, 0u);
    EXPECT_TRUE(std::is_sorted(times.begin(), times.end()));
    EXPECT_GE(times.back() - times.front(), 200ms);  // the touch came after its delay
    events.clear();
    k.link.set_observer({});
    ASSERT_TRUE(k.link.make_credential(request("example.org", "yann"), {}).ok());
    EXPECT_TRUE(events.empty());
}

TEST(FidoLinkObserver, ConnectIsInitAndGetInfo) {
    SimKey k;
    std::vector<LinkEvent> events;
    k.link.set_observer([&](LinkEvent e) { events.push_back(e); });
    ASSERT_TRUE(k.link.connect().ok());
    // INIT, libfido2's getInfo at open, the link's getInfo.
    EXPECT_EQ(events, (std::vector<LinkEvent>{LinkEvent::request_sent, LinkEvent::response,
                                              LinkEvent::request_sent, LinkEvent::response,
                                              LinkEvent::request_sent, LinkEvent::response}));
}

TEST(FidoLinkObserver, CutAtAnOffsetFromRequestSent) {
    SimKey k;
    k.key->set_button({.mode = device::ButtonConfig::Mode::press_after, .delay = 300ms});
    bool armed = false;
    SimTime sent{0};
    k.link.set_observer([&](LinkEvent e) {
        if (e == LinkEvent::request_sent && !armed) {
            armed = true;
            sent = k.key->now();
            k.key->cut_at_time(sent + 100ms);  // while the key waits for the touch
        }
    });
    const auto made = k.link.make_credential(request("example.org", "zoe"), {});
    EXPECT_FALSE(made.ok());
    EXPECT_EQ(made.status.code, FIDO_ERR_RX);
    EXPECT_FALSE(k.key->powered());
    ASSERT_TRUE(k.key->last_cut());
    EXPECT_EQ(k.key->last_cut()->at, sent + 100ms);
    EXPECT_TRUE(k.key->last_cut()->idle);
    k.link.set_observer({});
    k.key->power_on();
    EXPECT_TRUE(k.link.connect().ok());
}

TEST(FidoLinkObserver, AnObserverThatThrowsIsABenchFailure) {
    SimKey k;
    k.link.set_observer([](LinkEvent) { throw std::runtime_error("observer broke"); });
    EXPECT_THROW(k.link.get_assertion("example.org", {}, {}, false, {}), RigError);
}

}  // namespace
}  // namespace nk3::rig::testing
