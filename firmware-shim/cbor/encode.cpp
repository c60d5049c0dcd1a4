// Canonical CTAP2 CBOR encoding of cbor::Value through libcbor's builders and serializer.

#include "cbor/encode.hpp"

#include <algorithm>
#include <cstddef>
#include <limits>
#include <new>
#include <stdexcept>
#include <vector>

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

// cbor_serialize_alloc starts from a 32-byte buffer and serializes the whole item again after
// every doubling, so a 300-byte answer was serialized five times. This writes into a buffer the
// calling thread keeps at the largest size it needed so far: one pass in the usual case. The
// bytes are the same; cbor_serialize returns 0 only when the item does not fit.
Bytes serialize(const cbor_item_t* item) {
    constexpr std::size_t kMaxScratch = std::size_t{1} << 26;
    thread_local std::vector<unsigned char> scratch(512);
    for (;;) {
        const std::size_t n = cbor_serialize(item, scratch.data(), scratch.size());
        if (n != 0) return Bytes(scratch.begin(), scratch.begin() + static_cast<std::ptrdiff_t>(n));
        if (scratch.size() >= kMaxScratch) throw std::bad_alloc();
        scratch.resize(scratch.size() * 2);
    }
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
            // The key item is built once: serialized for the canonical order, then added.
            struct Keyed {
                Bytes encoded_key;
                ItemPtr key;
                const Value::Entry* entry;
            };
            std::vector<Keyed> keyed;
            keyed.reserve(entries.size());
            for (const auto& e : entries) {
                ItemPtr key = to_item(e.key);
                Bytes encoded = serialize(key.get());
                keyed.push_back({std::move(encoded), std::move(key), &e});
            }
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
                ItemPtr val = to_item(k.entry->value);
                if (!cbor_map_add(m.get(), cbor_pair{k.key.get(), val.get()}))
                    throw std::bad_alloc();
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
