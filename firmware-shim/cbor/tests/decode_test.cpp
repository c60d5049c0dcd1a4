// Strict decoding: well-formed items, and every defect a hostile request can carry mapped to
// its CTAP2 status code.

#include "cbor/decode.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>

#include "cbor/cbor_error.hpp"
#include "cbor/encode.hpp"

namespace nk3::cbor {
namespace {

Bytes hex(std::string_view h) {
    Bytes out;
    for (std::size_t i = 0; i + 1 < h.size(); i += 2)
        out.push_back(
            static_cast<std::uint8_t>(std::stoi(std::string(h.substr(i, 2)), nullptr, 16)));
    return out;
}

CborErrc error_of(const Bytes& b, DecodeLimits limits = {}) {
    try {
        decode(b, limits);
    } catch (const CborError& e) {
        return e.code();
    }
    ADD_FAILURE() << "decoded";
    return CborErrc::unexpected_type;
}

TEST(CborDecode, Integers) {
    EXPECT_EQ(decode(hex("00")), Value(0));
    EXPECT_EQ(decode(hex("17")), Value(23));
    EXPECT_EQ(decode(hex("1818")), Value(24));
    EXPECT_EQ(decode(hex("20")), Value(-1));
    EXPECT_EQ(decode(hex("3818")), Value(-25));
    EXPECT_EQ(decode(hex("1bffffffffffffffff")).raw(), UINT64_MAX);
    EXPECT_EQ(decode(hex("3bffffffffffffffff")).kind(), Kind::negative_int);
    EXPECT_THROW(decode(hex("3bffffffffffffffff")).as_int(), CborError);
    EXPECT_EQ(decode(hex("26")).as_int(), -7);
}

TEST(CborDecode, StringsArraysMaps) {
    EXPECT_EQ(decode(hex("4401020304")), Value(Bytes{1, 2, 3, 4}));
    EXPECT_EQ(decode(hex("6449455446")), Value("IETF"));
    EXPECT_EQ(decode(hex("83010203")), array({1, 2, 3}));
    const Value m = decode(hex("a201020304"));
    EXPECT_EQ(m, map({{1, 2}, {3, 4}}));
    EXPECT_EQ(decode(hex("a1616101")), map({{"a", 1}}));
    EXPECT_EQ(decode(hex("f5")), Value(true));
    EXPECT_EQ(decode(hex("f6")).kind(), Kind::null);
    EXPECT_EQ(decode(hex("f7")).kind(), Kind::other);
    EXPECT_EQ(decode(hex("fb3ff199999999999a")).kind(), Kind::other);
    EXPECT_EQ(decode(hex("80")), array({}));
    EXPECT_EQ(decode(hex("a0")), Value(Value::Map{}));
}

TEST(CborDecode, RejectsDefects) {
    EXPECT_EQ(error_of({}), CborErrc::invalid_cbor);
    EXPECT_EQ(error_of(hex("0000")), CborErrc::invalid_cbor);                  // trailing bytes
    EXPECT_EQ(error_of(hex("a2010203")), CborErrc::invalid_cbor);              // truncated map
    EXPECT_EQ(error_of(hex("44010203")), CborErrc::invalid_cbor);              // truncated bytes
    EXPECT_EQ(error_of(hex("5f41014102ff")), CborErrc::invalid_cbor);          // indefinite bytes
    EXPECT_EQ(error_of(hex("9f01ff")), CborErrc::invalid_cbor);                // indefinite array
    EXPECT_EQ(error_of(hex("bf0102ff")), CborErrc::invalid_cbor);              // indefinite map
    EXPECT_EQ(error_of(hex("a201020103")), CborErrc::invalid_cbor);            // duplicate key
    EXPECT_EQ(error_of(hex("c11a514b67b0")), CborErrc::unexpected_type);       // tag
    EXPECT_EQ(error_of(hex("62c328")), CborErrc::invalid_cbor);                // bad UTF-8
    EXPECT_EQ(error_of(hex("ff")), CborErrc::invalid_cbor);                    // lone break
    EXPECT_EQ(error_of(hex("1c")), CborErrc::invalid_cbor);                    // reserved
    EXPECT_EQ(error_of(hex("9bffffffffffffffff00")), CborErrc::invalid_cbor);  // huge count
    EXPECT_EQ(error_of(hex("bbffffffffffffffff00")), CborErrc::invalid_cbor);
    EXPECT_EQ(error_of(hex("5bffffffffffffffff00")), CborErrc::invalid_cbor);
}

TEST(CborDecode, NestingLimit) {
    Bytes deep(8, 0x81);
    deep.push_back(0x01);
    EXPECT_NO_THROW(decode(deep));
    deep.insert(deep.begin(), 0x81);
    EXPECT_EQ(error_of(deep), CborErrc::invalid_cbor);
    EXPECT_EQ(error_of(Bytes(5000, 0x81)), CborErrc::invalid_cbor);
    EXPECT_EQ(error_of(hex("818101"), {.max_depth = 1}), CborErrc::invalid_cbor);
}

TEST(CborDecode, Utf8) {
    EXPECT_TRUE(valid_utf8("plain"));
    EXPECT_TRUE(valid_utf8("\xc3\xa9t\xc3\xa9 \xf0\x9f\x94\x91"));
    EXPECT_FALSE(valid_utf8("\xc0\xaf"));          // overlong
    EXPECT_FALSE(valid_utf8("\xed\xa0\x80"));      // surrogate
    EXPECT_FALSE(valid_utf8("\xf4\x90\x80\x80"));  // > U+10FFFF
    EXPECT_FALSE(valid_utf8("\xe2\x82"));          // truncated
}

TEST(CborDecode, RoundTripsAndSurvivesMutation) {
    const Value v = map({{1, Bytes(32, 7)},
                         {2, map({{"id", "example.org"}, {"name", "Ex"}})},
                         {4, array({map({{"alg", -7}, {"type", "public-key"}})})},
                         {7, map({{"rk", true}})}});
    const Bytes enc = encode(v);
    EXPECT_EQ(decode(enc), v);
    std::mt19937_64 rng(1234);
    for (int i = 0; i < 20000; ++i) {
        Bytes m = enc;
        const int edits = 1 + static_cast<int>(rng() % 4);
        for (int k = 0; k < edits; ++k) {
            switch (rng() % 3) {
                case 0:
                    m[rng() % m.size()] = static_cast<std::uint8_t>(rng());
                    break;
                case 1:
                    m.resize(rng() % (m.size() + 1));
                    break;
                default:
                    m.insert(m.begin() + static_cast<long>(rng() % (m.size() + 1)),
                             static_cast<std::uint8_t>(rng()));
            }
            if (m.empty()) m.push_back(0);
        }
        try {
            const Value d = decode(m);
            (void)encode(d.kind() == Kind::other ? Value() : Value(0));
        } catch (const CborError&) {
        }
    }
}

}  // namespace
}  // namespace nk3::cbor
