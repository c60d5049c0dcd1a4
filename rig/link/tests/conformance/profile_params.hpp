#pragma once
// The shipped profiles the conformance suites run on, and a GoogleTest name for each
// ("nk3am-1.2.2" -> "nk3am_1_3_0").

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <string>

namespace nk3::rig::conformance {

inline const char* const kProfiles[] = {"nk3am-1.2.2", "nk3am-1.3.1", "nk3xn-1.3.1"};

inline std::string test_name_of(std::string profile) {
    std::replace_if(
        profile.begin(), profile.end(),
        [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
    return profile;
}

struct ProfileName {
    template <class ParamType>
    std::string operator()(const ::testing::TestParamInfo<ParamType>& info) const {
        return test_name_of(info.param);
    }
};

}  // namespace nk3::rig::conformance
