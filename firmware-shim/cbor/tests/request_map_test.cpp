// IntKeyMap / TextKeyMap: the CTAP2 status a type or presence error maps to.

#include "cbor/request_map.hpp"

#include <gtest/gtest.h>

#include "cbor/cbor_error.hpp"

namespace nk3::cbor {
namespace {

CborErrc code_of(auto&& f) {
    try {
        f();
    } catch (const CborError& e) {
        return e.code();
    }
    ADD_FAILURE() << "no error";
    return CborErrc::invalid_cbor;
}

TEST(RequestMap, IntKeys) {
    const Value v = map({{1, Bytes{1}}, {2, map({{"id", "x"}})}, {3, array({})}, {4, "t"}});
    IntKeyMap m(v);
    EXPECT_EQ(*m.bytes(1), Bytes{1});
    EXPECT_NE(m.map(2), nullptr);
    EXPECT_NE(m.array(3), nullptr);
    EXPECT_EQ(*m.text(4), "t");
    EXPECT_EQ(m.find(9), nullptr);
    EXPECT_EQ(m.bytes(9), nullptr);
    EXPECT_EQ(code_of([&] { m.require(9); }), CborErrc::missing_parameter);
    EXPECT_EQ(code_of([&] { m.bytes(4); }), CborErrc::unexpected_type);
    EXPECT_EQ(code_of([&] { m.map(1); }), CborErrc::unexpected_type);
    EXPECT_EQ(code_of([&] { IntKeyMap bad(map({{"a", 1}})); }), CborErrc::unexpected_type);
    EXPECT_EQ(code_of([&] { IntKeyMap bad(map({{-1, 1}})); }), CborErrc::unexpected_type);
    EXPECT_EQ(code_of([&] { IntKeyMap bad(Value(1)); }), CborErrc::unexpected_type);
}

TEST(RequestMap, TextKeys) {
    const Value v = map({{"id", "example.org"}, {"name", "Example"}});
    TextKeyMap m(v);
    EXPECT_EQ(m.require("id").as_text(), "example.org");
    EXPECT_EQ(m.find("icon"), nullptr);
    EXPECT_EQ(code_of([&] { m.require("icon"); }), CborErrc::missing_parameter);
    EXPECT_EQ(code_of([&] { TextKeyMap bad(map({{1, 1}})); }), CborErrc::unexpected_type);
}

}  // namespace
}  // namespace nk3::cbor
