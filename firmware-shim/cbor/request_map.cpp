// IntKeyMap / TextKeyMap: typed lookups in CTAP2 request maps.

#include "cbor/request_map.hpp"

#include <string>

#include "cbor/cbor_error.hpp"

namespace nk3::cbor {

namespace {

const Value* typed(const Value* v, Kind kind, const char* what) {
    if (v && v->kind() != kind)
        throw CborError(CborErrc::unexpected_type, std::string("expected ") + what);
    return v;
}

}  // namespace

IntKeyMap::IntKeyMap(const Value& value) : value_(&value) {
    for (const auto& e : value.as_map())
        if (e.key.kind() != Kind::unsigned_int)
            throw CborError(CborErrc::unexpected_type, "parameter keys must be unsigned integers");
}

const Value* IntKeyMap::find(std::uint64_t key) const {
    for (const auto& e : value_->as_map())
        if (e.key.raw() == key) return &e.value;
    return nullptr;
}

const Value& IntKeyMap::require(std::uint64_t key) const {
    const Value* v = find(key);
    if (!v)
        throw CborError(CborErrc::missing_parameter, "missing parameter " + std::to_string(key));
    return *v;
}

const Bytes* IntKeyMap::bytes(std::uint64_t key) const {
    const Value* v = typed(find(key), Kind::bytes, "a byte string");
    return v ? &v->as_bytes() : nullptr;
}

const std::string* IntKeyMap::text(std::uint64_t key) const {
    const Value* v = typed(find(key), Kind::text, "a text string");
    return v ? &v->as_text() : nullptr;
}

const Value* IntKeyMap::map(std::uint64_t key) const {
    return typed(find(key), Kind::map, "a map");
}

const Value* IntKeyMap::array(std::uint64_t key) const {
    return typed(find(key), Kind::array, "an array");
}

TextKeyMap::TextKeyMap(const Value& value) : value_(&value) {
    for (const auto& e : value.as_map())
        if (e.key.kind() != Kind::text)
            throw CborError(CborErrc::unexpected_type, "keys must be text strings");
}

const Value* TextKeyMap::find(std::string_view key) const {
    for (const auto& e : value_->as_map())
        if (e.key.as_text() == key) return &e.value;
    return nullptr;
}

const Value& TextKeyMap::require(std::string_view key) const {
    const Value* v = find(key);
    if (!v) throw CborError(CborErrc::missing_parameter, "missing " + std::string(key));
    return *v;
}

}  // namespace nk3::cbor
