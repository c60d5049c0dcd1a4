// cbor::Value: kinds, raw arguments, typed access, equality and lookup.

#include "cbor/value.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <utility>

#include "cbor/cbor_error.hpp"

namespace nk3::cbor {
namespace {

CborErrc error_of(void (*access)(const Value&), const Value& v) {
    try {
        access(v);
    } catch (const CborError& e) {
        return e.code();
    }
    ADD_FAILURE() << "no error";
    return CborErrc::invalid_cbor;
}

TEST(CborValue, KindsAndRaw) {
    EXPECT_EQ(Value().kind(), Kind::null);
    EXPECT_EQ(Value::null().kind(), Kind::null);
    EXPECT_EQ(Value::other().kind(), Kind::other);
    EXPECT_EQ(Value(5).kind(), Kind::unsigned_int);
    EXPECT_EQ(Value(5).raw(), 5u);
    EXPECT_EQ(Value(-1).kind(), Kind::negative_int);
    EXPECT_EQ(Value(-1).raw(), 0u);
    EXPECT_EQ(Value(std::numeric_limits<std::int64_t>::min()).raw(),
              static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()));
    EXPECT_EQ(Value::negative_raw(41).as_int(), -42);
    EXPECT_EQ(Value(std::uint32_t{7}).as_uint(), 7u);
    EXPECT_EQ(Value(true).raw(), 1u);
    EXPECT_EQ(Value(false).raw(), 0u);
    // Kinds without an integer argument report 0.
    EXPECT_EQ(Value("x").raw(), 0u);
    EXPECT_EQ(Value(Bytes{1, 2}).raw(), 0u);
    EXPECT_EQ(array({1}).raw(), 0u);
    EXPECT_EQ(Value().raw(), 0u);
    EXPECT_TRUE(Value(3).is_int() && Value(-3).is_int());
    EXPECT_TRUE(Value(Bytes{}).is_bytes());
    EXPECT_TRUE(Value(std::string("t")).is_text());
    EXPECT_TRUE(Value(std::string_view("t")).is_text());
    const std::uint8_t raw[] = {1, 2, 3};
    EXPECT_EQ(Value(ByteView(raw)).as_bytes(), (Bytes{1, 2, 3}));
    EXPECT_TRUE(array({}).is_array());
    EXPECT_TRUE(map({}).is_map());
    EXPECT_TRUE(Value(false).is_bool());
}

TEST(CborValue, TypedAccessRefusesOtherKinds) {
    const Value text("t");
    EXPECT_EQ(error_of([](const Value& v) { (void)v.as_int(); }, text), CborErrc::unexpected_type);
    EXPECT_EQ(error_of([](const Value& v) { (void)v.as_uint(); }, Value(-1)),
              CborErrc::unexpected_type);
    EXPECT_EQ(error_of([](const Value& v) { (void)v.as_int(); }, Value::negative_raw(~0ull)),
              CborErrc::unexpected_type);
    EXPECT_EQ(error_of([](const Value& v) { (void)v.as_bytes(); }, text),
              CborErrc::unexpected_type);
    EXPECT_EQ(error_of([](const Value& v) { (void)v.as_text(); }, Value(Bytes{})),
              CborErrc::unexpected_type);
    EXPECT_EQ(error_of([](const Value& v) { (void)v.as_bool(); }, Value(1)),
              CborErrc::unexpected_type);
    EXPECT_EQ(error_of([](const Value& v) { (void)v.as_array(); }, map({})),
              CborErrc::unexpected_type);
    EXPECT_EQ(error_of([](const Value& v) { (void)v.as_map(); }, array({})),
              CborErrc::unexpected_type);
    EXPECT_EQ(error_of([](const Value& v) { (void)v.as_int(); }, Value::other()),
              CborErrc::unexpected_type);
    Value a = map({});
    EXPECT_THROW(a.as_array(), CborError);
    EXPECT_NO_THROW(a.as_map());
}

TEST(CborValue, Equality) {
    EXPECT_EQ(Value(), Value::null());
    EXPECT_NE(Value(), Value::other());
    EXPECT_EQ(Value::other(), Value::other());
    EXPECT_EQ(Value(1), Value(std::uint64_t{1}));
    EXPECT_NE(Value(1), Value(true));  // same argument, different kind
    EXPECT_NE(Value(0), Value(-1));
    EXPECT_NE(Value("a"), Value(Bytes{'a'}));
    EXPECT_EQ(map({{1, "a"}, {"k", array({Bytes{1}})}}), map({{1, "a"}, {"k", array({Bytes{1}})}}));
    EXPECT_NE(map({{1, "a"}}), map({{1, "b"}}));
    EXPECT_NE(array({1, 2}), array({2, 1}));
}

TEST(CborValue, FindAndMutation) {
    Value m = map({{1, "one"}, {"two", 2}});
    ASSERT_NE(m.find(1), nullptr);
    EXPECT_EQ(m.find(1)->as_text(), "one");
    EXPECT_EQ(m.find("two")->as_int(), 2);
    EXPECT_EQ(m.find(3), nullptr);
    EXPECT_EQ(array({1}).find(0), nullptr);
    m.as_map().push_back({3, Value()});
    EXPECT_NE(m.find(3), nullptr);
    // Copies are independent.
    Value copy = m;
    copy.as_map().pop_back();
    EXPECT_EQ(m.as_map().size(), 3u);
    EXPECT_EQ(copy.as_map().size(), 2u);
    Value moved = std::move(copy);
    EXPECT_EQ(moved.as_map().size(), 2u);
    Value a = array({1});
    a.as_array().push_back("x");
    EXPECT_EQ(a, array({1, "x"}));
}

}  // namespace
}  // namespace nk3::cbor
