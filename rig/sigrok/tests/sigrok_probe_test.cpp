// SigrokProbe against libsigrok for real: the built-in "demo" driver generates toggling logic
// patterns, so a short capture must show edges with increasing times and leave a .sr file.
// Missing drivers, devices and channels are RigErrors that name them.
#include "rig/sigrok/sigrok_probe.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "rig/rig_error.hpp"

namespace nk3::rig {
namespace {

using ::testing::HasSubstr;

std::string error_of(const SigrokProbeSpec& spec) {
    try {
        SigrokProbe probe(spec);
    } catch (const RigError& e) {
        return e.what();
    }
    return "";
}

TEST(SigrokProbe, UnknownDriverIsNamedWithTheDriversThatExist) {
    const std::string msg = error_of({"no-such-analyzer", {{"D0", "vbus"}}, 1'000'000});
    EXPECT_THAT(msg, HasSubstr("no driver \"no-such-analyzer\""));
    EXPECT_THAT(msg, HasSubstr("demo"));
}

TEST(SigrokProbe, AnalyzerThatIsNotPluggedInIsNamed) {
    // fx2lafw scans USB; nothing of the kind is on a build machine. (On a bench with one
    // attached this test would open it, so it is skipped there.)
    const std::string msg = error_of({"fx2lafw", {{"D0", "vbus"}}, 1'000'000});
    if (msg.empty()) GTEST_SKIP() << "an fx2lafw analyzer is attached to this host";
    EXPECT_THAT(msg, HasSubstr("fx2lafw"));
    EXPECT_THAT(msg, HasSubstr("found no device"));
}

TEST(SigrokProbe, ChannelTheDeviceLacksIsNamedWithTheChannelsItHas) {
    const std::string msg = error_of({"demo", {{"D42", "vbus"}}, 1'000'000});
    EXPECT_THAT(msg, HasSubstr("no logic channel \"D42\" (for vbus)"));
    EXPECT_THAT(msg, HasSubstr("D0"));
}

TEST(SigrokProbe, MalformedDriverSpecAndUnknownOption) {
    EXPECT_THAT(error_of({"demo:conn", {{"D0", "x"}}, 1'000'000}), HasSubstr("driver spec"));
    EXPECT_THAT(error_of({"demo:nosuchoption=1", {{"D0", "x"}}, 1'000'000}),
                HasSubstr("unknown option \"nosuchoption\""));
}

TEST(SigrokProbe, DemoDriverCaptureHasEdgesAndWritesASessionFile) {
    SigrokProbe probe({"demo", {{"D0", "vbus"}, {"D1", "rail"}}, 100'000});
    EXPECT_THAT(probe.describe(), HasSubstr("sigrok demo at 100000 Hz, D0=vbus, D1=rail"));
    const auto file = std::filesystem::temp_directory_path() /
                      ("nk3rig-sigrok-test-" + std::to_string(::getpid()) + ".sr");
    std::filesystem::remove(file);
    probe.capture_to(file.string());
    probe.start();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const ProbeCapture capture = probe.stop();

    ASSERT_FALSE(capture.edges.empty()) << "the demo pattern toggles D0 and D1";
    bool saw_vbus = false;
    for (std::size_t i = 0; i < capture.edges.size(); ++i) {
        saw_vbus = saw_vbus || capture.edges[i].channel == "vbus";
        EXPECT_TRUE(capture.edges[i].channel == "vbus" || capture.edges[i].channel == "rail");
        if (i > 0) {
            EXPECT_GE(capture.edges[i].t_ns, capture.edges[i - 1].t_ns);
        }
        EXPECT_GT(capture.edges[i].t_ns, 0);
    }
    EXPECT_TRUE(saw_vbus);
    // Edges on one channel alternate in level.
    std::map<std::string, bool> last;
    for (const auto& e : capture.edges) {
        if (last.count(e.channel)) {
            EXPECT_NE(last[e.channel], e.level) << e.channel;
        }
        last[e.channel] = e.level;
    }
    EXPECT_EQ(probe.initial_levels().size(), 2u);

    EXPECT_EQ(capture.file, file.string());
    ASSERT_TRUE(std::filesystem::exists(file));
    EXPECT_GT(std::filesystem::file_size(file), 0u);
    std::ifstream in(file, std::ios::binary);
    char magic[2] = {};
    in.read(magic, 2);
    EXPECT_EQ(std::string(magic, 2), "PK") << "a .sr file is a zip archive";
    std::filesystem::remove(file);

    // A second capture on the same probe works, without a file this time.
    probe.capture_to("");
    probe.start();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const ProbeCapture again = probe.stop();
    EXPECT_TRUE(again.file.empty());
}

TEST(SigrokProbe, StopWithoutStartIsARigError) {
    SigrokProbe probe({"demo", {{"D0", "vbus"}}, 100'000});
    EXPECT_THROW(probe.stop(), RigError);
}

}  // namespace
}  // namespace nk3::rig
