// Finding profiles: by name with or without "sim:", by path, and the errors when neither works.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "profile_test_util.hpp"
#include "profiles/profile_loader.hpp"

namespace nk3::profiles {
namespace {

namespace fs = std::filesystem;

class TempDir {
  public:
    TempDir() {
        path_ = fs::temp_directory_path() / ("nk3-profiles-test-" + std::to_string(::getpid()) +
                                             "-" + std::to_string(count_++));
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    const fs::path& path() const { return path_; }
    fs::path write(const std::string& name, const std::string& text) const {
        const fs::path p = path_ / name;
        std::ofstream(p, std::ios::binary) << text;
        return p;
    }

  private:
    static inline int count_ = 0;
    fs::path path_;
};

TEST(LoadProfile, ByNameWithAndWithoutSimPrefix) {
    EXPECT_EQ(load_profile("nk3xn-1.3.1").name, "nk3xn-1.3.1");
    EXPECT_EQ(load_profile("sim:nk3xn-1.3.1").name, "nk3xn-1.3.1");
    EXPECT_EQ(load_profile("sim:nk3xn").variant, 1);
}

TEST(LoadProfile, WhatCountsAsAPath) {
    EXPECT_TRUE(spec_is_path("x.yaml"));
    EXPECT_TRUE(spec_is_path("sim:x.yml"));
    EXPECT_TRUE(spec_is_path("dir/x"));
    EXPECT_TRUE(spec_is_path("./nk3xn"));
    EXPECT_FALSE(spec_is_path("nk3xn"));
    EXPECT_FALSE(spec_is_path("sim:nk3am-1.3.1"));
}

TEST(LoadProfile, ByPathReadsTheFileAndNamesItByItsStem) {
    TempDir dir;
    const fs::path file = dir.write("my-model.yaml", testing::kValidProfile);
    for (const std::string& spec : {file.string(), "sim:" + file.string()}) {
        const DeviceProfile p = load_profile(spec);
        EXPECT_EQ(p.name, "my-model");
        EXPECT_EQ(p.source, file.string());
        EXPECT_EQ(p.model, "test profile");
        EXPECT_EQ(p.internal.ftl.mode, ftl::FtlMode::journaled);
    }
}

TEST(LoadProfile, ARelativePathEndingInYamlIsAFileNotAName) {
    TempDir dir;
    dir.write("nk3xn.yaml", testing::with_line(1, "model: a local variant"));
    const auto old = fs::current_path();
    fs::current_path(dir.path());
    const DeviceProfile p = load_profile("nk3xn.yaml");
    fs::current_path(old);
    EXPECT_EQ(p.model, "a local variant");  // the file, not the shipped nk3xn
}

TEST(LoadProfile, ErrorsInAFileNameTheFile) {
    TempDir dir;
    const fs::path file = dir.write("bad.yaml", testing::with_line(22, "  pin_retries: 0"));
    try {
        load_profile(file.string());
        FAIL() << "no error";
    } catch (const ProfileError& e) {
        EXPECT_EQ(e.file(), file.string());
        EXPECT_EQ(e.line(), 22);
        EXPECT_EQ(e.field(), "ctap.pin_retries");
        EXPECT_EQ(std::string(e.what()).rfind(file.string() + ":22:", 0), 0u) << e.what();
    }
}

TEST(LoadProfile, MissingFileIsAProfileErrorNamingIt) {
    TempDir dir;
    const std::string missing = (dir.path() / "nope.yaml").string();
    try {
        load_profile(missing);
        FAIL() << "no error";
    } catch (const ProfileError& e) {
        EXPECT_EQ(e.file(), missing);
        EXPECT_EQ(e.line(), 0);
        EXPECT_NE(std::string(e.what()).find("cannot read"), std::string::npos) << e.what();
    }
    EXPECT_THROW(load_profile(dir.path().string() + "/"), ProfileError);  // a directory
}

TEST(LoadProfile, UnknownNameListsTheShippedOnes) {
    try {
        load_profile("sim:nk4");
        FAIL() << "no error";
    } catch (const ProfileError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("unknown profile \"nk4\""), std::string::npos) << what;
        for (const auto& name : builtin_profile_names())
            EXPECT_NE(what.find(name), std::string::npos) << name << " missing from: " << what;
    }
    EXPECT_THROW(load_profile("sim:"), ProfileError);
    EXPECT_THROW(load_profile(""), ProfileError);
}

}  // namespace
}  // namespace nk3::profiles
