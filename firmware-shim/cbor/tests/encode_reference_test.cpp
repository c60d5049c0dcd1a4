// The canonical encoder against a reference built the other way: a libcbor item tree (maps in
// canonical key order) serialized by cbor_serialize_alloc, over random nested values.

#include <cbor.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>

#include "cbor/encode.hpp"

namespace nk3::cbor {
namespace {

struct Decref {
    void operator()(cbor_item_t* item) const {
        if (item) cbor_decref(&item);
    }
};
using Item = std::unique_ptr<cbor_item_t, Decref>;

Item own(cbor_item_t* item) {
    if (!item) throw std::bad_alloc();
    return Item(item);
}

Bytes serialize(const cbor_item_t* item) {
    unsigned char* buffer = nullptr;
    std::size_t capacity = 0;
    const std::size_t n = cbor_serialize_alloc(item, &buffer, &capacity);
    Bytes out(buffer, buffer + n);
    std::free(buffer);
    if (n == 0) throw std::bad_alloc();
    return out;
}

Item reference_item(const Value& v) {
    static constexpr std::uint8_t kEmpty = 0;
    switch (v.kind()) {
        case Kind::unsigned_int:
            if (v.raw() <= 0xFF) return own(cbor_build_uint8(static_cast<std::uint8_t>(v.raw())));
            if (v.raw() <= 0xFFFF)
                return own(cbor_build_uint16(static_cast<std::uint16_t>(v.raw())));
            if (v.raw() <= 0xFFFFFFFF)
                return own(cbor_build_uint32(static_cast<std::uint32_t>(v.raw())));
            return own(cbor_build_uint64(v.raw()));
        case Kind::negative_int:
            if (v.raw() <= 0xFF) return own(cbor_build_negint8(static_cast<std::uint8_t>(v.raw())));
            if (v.raw() <= 0xFFFF)
                return own(cbor_build_negint16(static_cast<std::uint16_t>(v.raw())));
            if (v.raw() <= 0xFFFFFFFF)
                return own(cbor_build_negint32(static_cast<std::uint32_t>(v.raw())));
            return own(cbor_build_negint64(v.raw()));
        case Kind::bytes: {
            const auto& b = v.as_bytes();
            return own(cbor_build_bytestring(b.empty() ? &kEmpty : b.data(), b.size()));
        }
        case Kind::text:
            return own(cbor_build_stringn(v.as_text().data(), v.as_text().size()));
        case Kind::array: {
            Item a = own(cbor_new_definite_array(v.as_array().size()));
            for (const auto& item : v.as_array())
                if (!cbor_array_push(a.get(), reference_item(item).get())) throw std::bad_alloc();
            return a;
        }
        case Kind::map: {
            struct Keyed {
                Bytes encoded;
                Item key;
                const Value* value;
            };
            std::vector<Keyed> keyed;
            for (const auto& e : v.as_map()) {
                Item key = reference_item(e.key);
                Bytes encoded = serialize(key.get());
                keyed.push_back({std::move(encoded), std::move(key), &e.value});
            }
            std::sort(keyed.begin(), keyed.end(), [](const Keyed& a, const Keyed& b) {
                if (a.encoded.size() != b.encoded.size())
                    return a.encoded.size() < b.encoded.size();
                return a.encoded < b.encoded;
            });
            for (std::size_t i = 1; i < keyed.size(); ++i)
                if (keyed[i].encoded == keyed[i - 1].encoded)
                    throw std::logic_error("duplicate map key");
            Item m = own(cbor_new_definite_map(keyed.size()));
            for (const auto& k : keyed)
                if (!cbor_map_add(m.get(), {k.key.get(), reference_item(*k.value).get()}))
                    throw std::bad_alloc();
            return m;
        }
        case Kind::boolean:
            return own(cbor_build_bool(v.as_bool()));
        case Kind::null:
            return own(cbor_new_null());
        case Kind::other:
            break;
    }
    throw std::logic_error("no encoding");
}

Bytes reference_encode(const Value& v) {
    return serialize(reference_item(v).get());
}

// Random values that favour the boundaries of the CBOR head forms.
class Generator {
  public:
    explicit Generator(std::uint32_t seed) : rng_(seed) {}

    Value value(int depth) {
        switch (pick(depth > 0 ? 9 : 7)) {
            case 0:
                return Value(argument());
            case 1:
                return Value::negative_raw(argument());
            case 2:
                return Value(bytes(length()));
            case 3:
                return Value(text(length()));
            case 4:
                return Value(pick(2) == 1);
            case 5:
                return Value();
            case 6:
                return Value(static_cast<std::int64_t>(pick(64)) - 32);
            case 7: {
                Value::Array items;
                for (std::size_t n = length() % 12; n > 0; --n)
                    items.push_back(value(depth - 1));
                return Value(std::move(items));
            }
            default: {
                Value::Map entries;
                for (std::size_t n = length() % 12; n > 0; --n)
                    entries.push_back({key(depth - 1), value(depth - 1)});
                return Value(std::move(entries));
            }
        }
    }

  private:
    std::size_t pick(std::size_t n) {
        return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_);
    }

    std::uint64_t argument() {
        static constexpr std::uint64_t kEdges[] = {
            0, 1, 23, 24, 255, 256, 65535, 65536, 0xFFFFFFFF, 0x100000000, ~std::uint64_t{0}};
        if (pick(2) == 0) return kEdges[pick(std::size(kEdges))];
        return std::uniform_int_distribution<std::uint64_t>()(rng_) >> (pick(64));
    }

    std::size_t length() {
        static constexpr std::size_t kEdges[] = {0, 1, 23, 24, 255, 256};
        if (pick(4) == 0) return kEdges[pick(std::size(kEdges))];
        return pick(8);
    }

    Bytes bytes(std::size_t n) {
        Bytes b(n);
        for (auto& c : b)
            c = static_cast<std::uint8_t>(pick(256));
        return b;
    }

    std::string text(std::size_t n) {
        std::string s(n, ' ');
        for (auto& c : s)
            c = static_cast<char>('a' + pick(3));  // short alphabet: shared prefixes
        return s;
    }

    // Keys of every kind, small ones often so that maps mix lengths and collide now and then.
    Value key(int depth) {
        switch (pick(6)) {
            case 0:
                return Value(static_cast<std::int64_t>(pick(40)) - 20);
            case 1:
                return Value(text(pick(4)));
            case 2:
                return Value(bytes(pick(3)));
            case 3:
                return Value(argument());
            case 4:
                return Value::negative_raw(argument());
            default:
                return value(depth);
        }
    }

    std::mt19937 rng_;
};

TEST(CborEncodeReference, RandomNestedValuesMatchLibcborSerializer) {
    int compared = 0;
    int duplicates = 0;
    for (std::uint32_t seed = 1; seed <= 3000; ++seed) {
        const Value v = Generator(seed).value(3);
        Bytes expected;
        try {
            expected = reference_encode(v);
        } catch (const std::logic_error&) {
            ++duplicates;
            EXPECT_THROW(encode(v), std::logic_error) << "seed " << seed;
            continue;
        }
        ASSERT_EQ(encode(v), expected) << "seed " << seed;
        ++compared;
    }
    // Both paths of the comparison are exercised.
    EXPECT_GT(compared, 1000);
    EXPECT_GT(duplicates, 10);
}

TEST(CborEncodeReference, LongStringHeads) {
    for (std::size_t n : {std::size_t{65535}, std::size_t{65536}, std::size_t{70000}}) {
        EXPECT_EQ(encode(Value(Bytes(n, 0xAB))), reference_encode(Value(Bytes(n, 0xAB))));
        EXPECT_EQ(encode(Value(std::string(n, 'x'))), reference_encode(Value(std::string(n, 'x'))));
    }
}

}  // namespace
}  // namespace nk3::cbor
