// Suite files: include lists, relative paths, and their errors.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "harness/scenario/tests/scenario_test_util.hpp"

namespace nk3::scenario::testing {
namespace {

struct Suite : ::testing::Test {
    std::filesystem::path dir;
    void SetUp() override {
        dir = std::filesystem::temp_directory_path() /
              ("nk3-suite-" + std::to_string(::getpid()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::create_directories(dir / "sub");
    }
    void TearDown() override { std::filesystem::remove_all(dir); }
    void write(const std::string& name, const std::string& text) {
        std::ofstream(dir / name) << text;
    }
    std::string scenario(const std::string& name) {
        std::string text = scenario_with("", "  - power_cycle\n");
        return text.replace(text.find("name: t"), 7, "name: " + name);
    }
};

TEST_F(Suite, ListsScenariosInItsOrder) {
    write("sub/b.yaml", scenario("b"));
    write("a.yaml", scenario("a"));
    write("all.yaml", "name: all\nabout: both\ninclude: [sub/b.yaml, a.yaml]\n");
    const auto all = load_scenarios(dir / "all.yaml");
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].name, "b");
    EXPECT_EQ(all[1].name, "a");
    EXPECT_EQ(all[0].source, (dir / "sub/b.yaml").string());
}

TEST_F(Suite, AScenarioFileIsASuiteOfOne) {
    write("a.yaml", scenario("a"));
    EXPECT_EQ(load_scenarios(dir / "a.yaml").size(), 1u);
}

TEST_F(Suite, LoadSuiteGivesItsNameAndMembers) {
    write("a.yaml", scenario("a"));
    write("all.yaml", "name: nightly-ish\nabout: one\ninclude: [a.yaml]\n");
    const auto suite = load_suite(dir / "all.yaml");
    EXPECT_EQ(suite.name, "nightly-ish");
    ASSERT_EQ(suite.scenarios.size(), 1u);
    EXPECT_EQ(suite.scenarios[0].name, "a");
}

TEST_F(Suite, LoadSuiteRefusesAScenarioFile) {
    write("a.yaml", scenario("a"));
    try {
        load_suite(dir / "a.yaml");
        FAIL();
    } catch (const yaml::InputError& e) {
        EXPECT_EQ(e.file(), (dir / "a.yaml").string());
        EXPECT_EQ(e.field(), "include");
    }
}

TEST_F(Suite, MissingFile) {
    write("all.yaml", "name: all\nabout: x\ninclude:\n  - a.yaml\n  - gone.yaml\n");
    write("a.yaml", scenario("a"));
    try {
        load_scenarios(dir / "all.yaml");
        FAIL();
    } catch (const yaml::InputError& e) {
        EXPECT_EQ(e.line(), 5);
        EXPECT_EQ(e.column(), 5);
        EXPECT_EQ(e.field(), "include[1]");
    }
}

TEST_F(Suite, ErrorsInsideAScenarioNameThatFile) {
    write("a.yaml", "name: a\nabout: x\ntarget: sim:nk3am-1.3.1\nsurprise: 1\n");
    write("all.yaml", "name: all\nabout: x\ninclude: [a.yaml]\n");
    try {
        load_scenarios(dir / "all.yaml");
        FAIL();
    } catch (const yaml::InputError& e) {
        EXPECT_EQ(e.file(), (dir / "a.yaml").string());
        EXPECT_EQ(e.line(), 4);
    }
}

TEST_F(Suite, NoNestingNoDuplicatesNoDirectories) {
    write("a.yaml", scenario("a"));
    write("inner.yaml", "name: inner\nabout: x\ninclude: [a.yaml]\n");
    write("outer.yaml", "name: outer\nabout: x\ninclude: [inner.yaml]\n");
    write("twice.yaml", "name: twice\nabout: x\ninclude: [a.yaml, a.yaml]\n");
    EXPECT_THROW(load_scenarios(dir / "outer.yaml"), yaml::InputError);
    EXPECT_THROW(load_scenarios(dir / "twice.yaml"), yaml::InputError);
    EXPECT_THROW(load_scenarios(dir), yaml::InputError);
    EXPECT_THROW(load_scenario(dir / "inner.yaml"), yaml::InputError);
    EXPECT_THROW(load_scenario(dir / "nothing.yaml"), yaml::InputError);
}

}  // namespace
}  // namespace nk3::scenario::testing
