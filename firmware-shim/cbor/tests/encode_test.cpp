// Canonical encoding: shortest integers and CTAP2 map key order.

#include "cbor/encode.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace nk3::cbor {
namespace {

std::string hex(const Bytes& b) {
    static const char* d = "0123456789abcdef";
    std::string s;
    for (auto c : b) {
        s += d[c >> 4];
        s += d[c & 15];
    }
    return s;
}

TEST(CborEncode, ShortestIntegers) {
    EXPECT_EQ(hex(encode(Value(0))), "00");
    EXPECT_EQ(hex(encode(Value(23))), "17");
    EXPECT_EQ(hex(encode(Value(24))), "1818");
    EXPECT_EQ(hex(encode(Value(256))), "190100");
    EXPECT_EQ(hex(encode(Value(65536))), "1a00010000");
    EXPECT_EQ(hex(encode(Value(std::uint64_t{1} << 32))), "1b0000000100000000");
    EXPECT_EQ(hex(encode(Value(-1))), "20");
    EXPECT_EQ(hex(encode(Value(-7))), "26");
    EXPECT_EQ(hex(encode(Value(-25))), "3818");
    EXPECT_EQ(hex(encode(Value(-257))), "390100");
}

TEST(CborEncode, StringsAndSimple) {
    EXPECT_EQ(hex(encode(Value(Bytes{}))), "40");
    EXPECT_EQ(hex(encode(Value(""))), "60");
    EXPECT_EQ(hex(encode(Value("usb"))), "63757362");
    EXPECT_EQ(hex(encode(Value(true))), "f5");
    EXPECT_EQ(hex(encode(Value(false))), "f4");
    EXPECT_EQ(hex(encode(Value())), "f6");
    EXPECT_EQ(hex(encode(array({1, "a"}))), "82016161");
}

TEST(CborEncode, CanonicalMapOrder) {
    // COSE key: 1, 3, -1, -2, -3.
    const Value cose = map({{-3, Bytes{3}}, {-1, 1}, {3, -7}, {-2, Bytes{2}}, {1, 2}});
    EXPECT_EQ(hex(encode(cose)), "a5010203262001214102224103");
    // Text keys: shorter first, then lexical.
    const Value opts = map({{"up", true}, {"clientPin", false}, {"rk", true}, {"plat", false}});
    EXPECT_EQ(hex(encode(opts)), "a462726bf5627570f564706c6174f469636c69656e7450696ef4");
    // Integers before text.
    EXPECT_EQ(hex(encode(map({{"a", 1}, {24, 2}, {1, 3}}))),
              "a301031818026161"
              "01");
}

TEST(CborEncode, CanonicalOrderIsByEncodedLengthThenBytes) {
    // One-byte keys 23, -1, -24, h'', "" come before the two-byte keys 24, -25, h'00', "a"
    // and the three-byte 256; within a length the bytes decide.
    const Value m = map({{256, 0},
                         {"a", 0},
                         {Bytes{0}, 0},
                         {-25, 0},
                         {24, 0},
                         {"", 0},
                         {Bytes{}, 0},
                         {-24, 0},
                         {-1, 0},
                         {23, 0}});
    EXPECT_EQ(hex(encode(m)),
              "aa"
              "1700"
              "2000"
              "3700"
              "4000"
              "6000"
              "181800"
              "381800"
              "410000"
              "616100"
              "19010000");
    // Nested maps are ordered too, and a container may be a key.
    EXPECT_EQ(hex(encode(map({{array({1}), map({{"b", 1}, {"a", 2}})}, {2, Value()}}))),
              "a202f6810"
              "1a2616102616201");
}

TEST(CborEncode, LongLengths) {
    const Bytes b(256, 0x5a);
    const Bytes e = encode(Value(b));
    ASSERT_EQ(e.size(), 3u + 256u);
    EXPECT_EQ(hex(Bytes(e.begin(), e.begin() + 4)), "5901005a");
    EXPECT_EQ(hex(encode(Value(std::uint64_t{0xFFFFFFFFFFFFFFFF}))), "1bffffffffffffffff");
    EXPECT_EQ(hex(encode(Value::negative_raw(0xFFFFFFFFFFFFFFFF))), "3bffffffffffffffff");
    EXPECT_EQ(hex(encode(Value(std::uint64_t{0xFFFFFFFF}))), "1affffffff");
}

TEST(CborEncode, RefusesWhatHasNoEncoding) {
    EXPECT_THROW(encode(Value::other()), std::logic_error);
    EXPECT_THROW(encode(map({{1, 1}, {1, 2}})), std::logic_error);
    // Keys built differently but encoded alike are duplicates too.
    EXPECT_THROW(encode(map({{1, 1}, {std::uint64_t{1}, 2}})), std::logic_error);
    EXPECT_THROW(encode(array({map({{"k", 1}, {"k", 2}})})), std::logic_error);
    EXPECT_THROW(encode(map({{1, Value::other()}})), std::logic_error);
}

}  // namespace
}  // namespace nk3::cbor
