// Canonical CTAP2 CBOR encoding of cbor::Value through libcbor's builders and serializer.

#include "cbor/encode.hpp"

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <new>
#include <stdexcept>

namespace nk3::cbor {

namespace {

ItemPtr build_uint(std::uint64_t v) {
    if (v <= std::numeric_limits<std::uint8_t>::max())
        return own(cbor_build_uint8(static_cast<std::uint8_t>(v)));
    if (v <= std::numeric_limits<std::uint16_t>::max())
        return own(cbor_build_uint16(static_cast<std::uint16_t>(v)));
    if (v <= std::numeric_limits<std::uint32_t>::max())
        return own(cbor_build_uint32(static_cast<std::uint32_t>(v)));
    return own(cbor_build_uint64(v));
}

ItemPtr build_negint(std::uint64_t n) {
    if (n <= std::numeric_limits<std::uint8_t>::max())
        return own(cbor_build_negint8(static_cast<std::uint8_t>(n)));
    if (n <= std::numeric_limits<std::uint16_t>::max())
        return own(cbor_build_negint16(static_cast<std::uint16_t>(n)));
    if (n <= std::numeric_limits<std::uint32_t>::max())
        return own(cbor_build_negint32(static_cast<std::uint32_t>(n)));
    return own(cbor_build_negint64(n));
}

Bytes serialize(const cbor_item_t* item) {
    unsigned char* buffer = nullptr;
    std::size_t capacity = 0;
    const std::size_t n = cbor_serialize_alloc(item, &buffer, &capacity);
    if (n == 0 || !buffer) {
        std::free(buffer);
        throw std::bad_alloc();
    }
    Bytes out(buffer, buffer + n);
    std::free(buffer);
    return out;
}

}  // namespace

ItemPtr to_item(const Value& value) {
    static constexpr std::uint8_t kEmpty = 0;
    switch (value.kind()) {
        case Kind::unsigned_int:
            return build_uint(value.raw());
        case Kind::negative_int:
            return build_negint(value.raw());
        case Kind::bytes: {
            const auto& b = value.as_bytes();
            return own(cbor_build_bytestring(b.empty() ? &kEmpty : b.data(), b.size()));
        }
        case Kind::text: {
            const auto& t = value.as_text();
            return own(cbor_build_stringn(t.empty() ? "" : t.data(), t.size()));
        }
        case Kind::array: {
            const auto& items = value.as_array();
            ItemPtr a = own(cbor_new_definite_array(items.size()));
            for (const auto& v : items)
                if (!cbor_array_push(a.get(), to_item(v).get())) throw std::bad_alloc();
            return a;
        }
        case Kind::map: {
            const auto& entries = value.as_map();
            struct Keyed {
                Bytes encoded_key;
                const Value::Entry* entry;
            };
            std::vector<Keyed> keyed;
            keyed.reserve(entries.size());
            for (const auto& e : entries)
                keyed.push_back({serialize(to_item(e.key).get()), &e});
            std::sort(keyed.begin(), keyed.end(), [](const Keyed& a, const Keyed& b) {
                if (a.encoded_key.size() != b.encoded_key.size())
                    return a.encoded_key.size() < b.encoded_key.size();
                return a.encoded_key < b.encoded_key;
            });
            for (std::size_t i = 1; i < keyed.size(); ++i)
                if (keyed[i].encoded_key == keyed[i - 1].encoded_key)
                    throw std::logic_error("cbor::encode: duplicate map key");
            ItemPtr m = own(cbor_new_definite_map(keyed.size()));
            for (const auto& k : keyed) {
                ItemPtr key = to_item(k.entry->key);
                ItemPtr val = to_item(k.entry->value);
                if (!cbor_map_add(m.get(), cbor_pair{key.get(), val.get()})) throw std::bad_alloc();
            }
            return m;
        }
        case Kind::boolean:
            return own(cbor_build_bool(value.as_bool()));
        case Kind::null:
            return own(cbor_new_null());
        case Kind::other:
            break;
    }
    throw std::logic_error("cbor::encode: value has no encoding");
}

Bytes encode(const Value& value) {
    return serialize(to_item(value).get());
}

}  // namespace nk3::cbor
