// sim_target_factory: targets for sim:PROFILE, each with its own key, and the errors of bad
// specs and profiles (yaml::InputError with file and line).

#include <fido.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "profiles/profile_loader.hpp"
#include "rig/target.hpp"
#include "sim_key_fixture.hpp"
#include "yaml/input_error.hpp"

namespace nk3::rig::testing {
namespace {

TEST(SimTarget, BuildsEveryInterface) {
    const TargetFactory factory = sim_target_factory("sim:nk3am-1.2.2", 7);
    const auto t = factory();
    ASSERT_TRUE(t);
    EXPECT_EQ(t->spec, "sim:nk3am-1.2.2");
    EXPECT_EQ(t->profile, "nk3am-1.2.2");
    EXPECT_EQ(t->firmware, "1.2.2");
    ASSERT_TRUE(t->power && t->probe && t->touch && t->link && t->sim && t->owned);
    EXPECT_EQ(t->max_parallel, static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
    const auto info = t->link->connect();
    ASSERT_TRUE(info.ok()) << info.status.text;
    const auto made = t->link->make_credential(request("example.org", "al"), {});
    ASSERT_TRUE(made.ok());
    // The switch, probe and SimPowers act on the same key as the link.
    t->probe->start();
    t->power->set(false);
    EXPECT_FALSE(t->link->connect().ok());
    t->power->set(true);
    EXPECT_EQ(t->probe->stop().edges.size(), 2u);
    EXPECT_TRUE(t->link->connect().ok());
    EXPECT_TRUE(t->sim->check_filesystems().ok);
    EXPECT_TRUE(
        t->link->get_assertion("example.org", {made.value->credential}, {}, false, {}).ok());
}

TEST(SimTarget, TargetsAreIndependentAndAlike) {
    const TargetFactory factory = sim_target_factory("sim:nk3xn-1.3.1", 3);
    const auto a = factory();
    const auto b = factory();
    ASSERT_TRUE(a->link->connect().ok());
    ASSERT_TRUE(b->link->connect().ok());
    const auto made_a = a->link->make_credential(request("example.org", "bo"), {});
    const auto made_b = b->link->make_credential(request("example.org", "bo"), {});
    ASSERT_TRUE(made_a.ok() && made_b.ok());
    // Same seed, same key: the same credential.
    EXPECT_EQ(made_a.value->credential.id, made_b.value->credential.id);
    a->power->set(false);
    EXPECT_TRUE(
        b->link->get_assertion("example.org", {made_b.value->credential}, {}, false, {}).ok());
}

TEST(SimTarget, ATargetOutlivesNothingItNeeds) {
    // Destroying a target in member order must not touch a destroyed key.
    auto t = sim_target_factory("sim:nk3am-1.3.1", 1)();
    ASSERT_TRUE(t->link->connect().ok());
    t->probe->start();
    t.reset();
    SUCCEED();
}

TEST(SimTarget, BadSpecs) {
    EXPECT_THROW(sim_target_factory("nk3am-1.3.1", 1), yaml::InputError);
    EXPECT_THROW(sim_target_factory("sim:", 1), yaml::InputError);
    EXPECT_THROW(sim_target_factory("bench:lab.yaml", 1), yaml::InputError);
    try {
        sim_target_factory("sim:no-such-profile", 1);
        FAIL() << "no error";
    } catch (const yaml::InputError& e) {
        EXPECT_NE(std::string(e.what()).find("no-such-profile"), std::string::npos) << e.what();
    }
    EXPECT_THROW(sim_target_factory("sim:/nonexistent/dir/p.yaml", 1), yaml::InputError);
}

TEST(SimTarget, ABadProfileFileNamesFileAndLine) {
    const auto dir = std::filesystem::temp_directory_path() / "nk3-rig-sim-target-test";
    std::filesystem::create_directories(dir);
    const auto path = dir / "broken.yaml";
    {
        std::string text(profiles::builtin_profile_text("nk3am-1.3.1"));
        text += "\nno_such_field: 1\n";
        std::ofstream(path) << text;
    }
    try {
        sim_target_factory("sim:" + path.string(), 1);
        FAIL() << "no error";
    } catch (const yaml::InputError& e) {
        EXPECT_EQ(e.file(), path.string());
        EXPECT_GT(e.line(), 0);
        EXPECT_NE(std::string(e.what()).find("no_such_field"), std::string::npos) << e.what();
    }
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace nk3::rig::testing
