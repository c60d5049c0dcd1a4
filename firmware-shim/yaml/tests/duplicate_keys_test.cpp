// MapView finds duplicate keys in linear time: 200,000 keys with the duplicate last would take
// minutes with the old pairwise scan; ctest's timeout fails the test on such a hang.

#include <gtest/gtest.h>

#include <string>

#include "yaml/document.hpp"
#include "yaml/strict_reader.hpp"

namespace nk3::yaml {
namespace {

TEST(DuplicateKeys, ManyKeysWithADuplicateAtTheEnd) {
    constexpr int kKeys = 200000;
    std::string text;
    for (int i = 0; i < kKeys; ++i)
        text += "k" + std::to_string(i) + ": 1\n";
    text += "k7: 2\n";
    const Source src{"big.yaml"};
    const YAML::Node root = load_single_document(text, src, "file");
    try {
        MapView m(src, root, "", YAML::Mark());
        FAIL() << "duplicate accepted";
    } catch (const InputError& e) {
        EXPECT_EQ(e.file(), "big.yaml");
        EXPECT_EQ(e.line(), kKeys + 1);
        EXPECT_EQ(e.field(), "k7");
        EXPECT_NE(e.message().find("first given at line 8"), std::string::npos) << e.what();
    }
}

TEST(DuplicateKeys, LookupsFindEachKey) {
    const Source src{"m.yaml"};
    const YAML::Node root = load_single_document("a: 1\nb: x\n", src, "file");
    MapView m(src, root, "top", YAML::Mark());
    EXPECT_TRUE(m.has("a"));
    EXPECT_FALSE(m.has("c"));
    EXPECT_EQ(m.get("b").string(), "x");
    EXPECT_EQ(m.get("b").field(), "top.b");
    EXPECT_FALSE(m.find("c").has_value());
}

}  // namespace
}  // namespace nk3::yaml
