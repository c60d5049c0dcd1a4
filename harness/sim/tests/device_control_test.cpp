// The control commands carried out on a real VirtualNk3, and the JSON they answer.

#include "harness/sim/device_control.hpp"

#include <gtest/gtest.h>

#include "profiles/profile_loader.hpp"

namespace nk3::sim {
namespace {

class DeviceControlTest : public ::testing::Test {
  protected:
    profiles::DeviceProfile profile_ = profiles::load_profile("nk3am-1.3.1");
    device::VirtualNk3 key_{profile_, 1};
    ServeCounters counters_;
    DeviceControl control_{key_, device::ButtonConfig{}, nullptr, counters_};
};

TEST_F(DeviceControlTest, StatusDescribesThePoweredKey) {
    const auto s = control_.handle("status");
    EXPECT_EQ(s["ok"], true);
    EXPECT_EQ(s["command"], "status");
    EXPECT_EQ(s["profile"], "nk3am-1.3.1");
    EXPECT_EQ(s["powered"], true);
    EXPECT_EQ(s["halted"], false);
    EXPECT_TRUE(s["armed_cut"].is_null());
    EXPECT_TRUE(s["last_cut"].is_null());
    EXPECT_TRUE(s["state_dir"].is_null());
    // Firmware 1.3.1 answers 4 bytes: no variant (it came with 1.4.0).
    EXPECT_TRUE(s["admin_status"]["variant"].is_null());
    EXPECT_EQ(s["admin_status"]["bytes"], 4);
    EXPECT_EQ(s["button"], "press-after:200ms");
    EXPECT_EQ(s["counters"]["control_commands"], 1);
}

TEST_F(DeviceControlTest, PowerCommands) {
    EXPECT_EQ(control_.handle("off")["powered"], false);
    EXPECT_FALSE(key_.powered());
    EXPECT_TRUE(control_.handle("status")["admin_status"].is_null());
    EXPECT_EQ(control_.handle("on")["powered"], true);
    const double before = control_.status()["sim_time_ms"];
    const auto cycled = control_.handle("cycle 3s");
    EXPECT_EQ(cycled["powered"], true);
    EXPECT_GE(cycled["sim_time_ms"].get<double>(), before + 3000);
}

TEST_F(DeviceControlTest, CutAfterArmsAndDisarmForgets) {
    const std::uint64_t next = key_.power_domain().next_index();
    const auto armed = control_.handle("cut-after 0 after")["armed_cut"];
    EXPECT_EQ(armed["op_index"], next);
    EXPECT_EQ(armed["mode"], "after");
    EXPECT_TRUE(control_.handle("disarm")["armed_cut"].is_null());

    // A fired cut (status "last_cut", power off) is covered end to end in
    // tests/e2e/test_sim_persistence.py, where a real request runs into it.
    control_.handle("cut-after 7 torn");
    EXPECT_EQ(control_.status()["armed_cut"]["ops_from_now"], 7);
}

TEST_F(DeviceControlTest, ButtonIsRemembered) {
    EXPECT_EQ(control_.handle("button hold:5s")["button"], "hold:5s");
    EXPECT_EQ(control_.status()["button"], "hold:5s");
}

TEST_F(DeviceControlTest, ErrorsChangeNothing) {
    for (const char* bad : {"", "nope", "off now", "cut-after 1 sideways", "save"}) {
        const auto answer = control_.handle(bad);
        EXPECT_EQ(answer["ok"], false) << bad;
        EXPECT_FALSE(answer["error"].get<std::string>().empty()) << bad;
    }
    EXPECT_TRUE(key_.powered());
    EXPECT_FALSE(key_.power_domain().armed());
    EXPECT_EQ(counters_.control_errors, 5u);
}

TEST(DeviceControlLine, OneLineEvenForInvalidUtf8) {
    const auto line = to_line(nlohmann::json{{"ok", false}, {"error", "bad \xff byte\nhere"}});
    EXPECT_EQ(line.back(), '\n');
    EXPECT_EQ(line.find('\n'), line.size() - 1);
}

}  // namespace
}  // namespace nk3::sim
