// cbor::Value: construction and typed access.

#include "cbor/value.hpp"

#include <limits>

#include "cbor/cbor_error.hpp"

namespace nk3::cbor {

namespace {

[[noreturn]] void wrong_type(const char* wanted) {
    throw CborError(CborErrc::unexpected_type, std::string("expected ") + wanted);
}

}  // namespace

Value::Value(std::int64_t v) {
    if (v >= 0) {
        kind_ = Kind::unsigned_int;
        raw_ = static_cast<std::uint64_t>(v);
    } else {
        kind_ = Kind::negative_int;
        raw_ = static_cast<std::uint64_t>(-(v + 1));
    }
}

Value::Value(Map entries) : kind_(Kind::map), map_(std::move(entries)) {}

Value Value::negative_raw(std::uint64_t n) {
    Value v;
    v.kind_ = Kind::negative_int;
    v.raw_ = n;
    return v;
}

std::int64_t Value::as_int() const {
    constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    if (!is_int()) wrong_type("an integer");
    if (raw_ > kMax) wrong_type("an integer in the int64 range");
    const auto r = static_cast<std::int64_t>(raw_);
    return kind_ == Kind::unsigned_int ? r : -1 - r;
}

std::uint64_t Value::as_uint() const {
    if (kind_ != Kind::unsigned_int) wrong_type("an unsigned integer");
    return raw_;
}

const Bytes& Value::as_bytes() const {
    if (kind_ != Kind::bytes) wrong_type("a byte string");
    return bytes_;
}

const std::string& Value::as_text() const {
    if (kind_ != Kind::text) wrong_type("a text string");
    return text_;
}

bool Value::as_bool() const {
    if (kind_ != Kind::boolean) wrong_type("a boolean");
    return raw_ != 0;
}

const Value::Array& Value::as_array() const {
    if (kind_ != Kind::array) wrong_type("an array");
    return array_;
}

Value::Array& Value::as_array() {
    if (kind_ != Kind::array) wrong_type("an array");
    return array_;
}

const Value::Map& Value::as_map() const {
    if (kind_ != Kind::map) wrong_type("a map");
    return map_;
}

Value::Map& Value::as_map() {
    if (kind_ != Kind::map) wrong_type("a map");
    return map_;
}

const Value* Value::find(const Value& key) const {
    if (kind_ != Kind::map) return nullptr;
    for (const auto& e : map_)
        if (e.key == key) return &e.value;
    return nullptr;
}

bool Value::operator==(const Value& o) const {
    if (kind_ != o.kind_) return false;
    switch (kind_) {
        case Kind::unsigned_int:
        case Kind::negative_int:
        case Kind::boolean:
            return raw_ == o.raw_;
        case Kind::bytes:
            return bytes_ == o.bytes_;
        case Kind::text:
            return text_ == o.text_;
        case Kind::array:
            return array_ == o.array_;
        case Kind::map:
            return map_ == o.map_;
        case Kind::null:
        case Kind::other:
            return true;
    }
    return false;
}

Value map(std::initializer_list<Value::Entry> entries) {
    return Value(Value::Map(entries.begin(), entries.end()));
}

Value array(std::initializer_list<Value> items) {
    return Value(Value::Array(items.begin(), items.end()));
}

}  // namespace nk3::cbor
