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

Value::Value(std::int64_t v)
    : kind_(v >= 0 ? Kind::unsigned_int : Kind::negative_int),
      payload_(v >= 0 ? static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(-(v + 1))) {}

Value::Value(Map entries) : kind_(Kind::map), payload_(std::move(entries)) {}

std::int64_t Value::as_int() const {
    constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    if (!is_int()) wrong_type("an integer");
    const std::uint64_t raw = std::get<std::uint64_t>(payload_);
    if (raw > kMax) wrong_type("an integer in the int64 range");
    const auto r = static_cast<std::int64_t>(raw);
    return kind_ == Kind::unsigned_int ? r : -1 - r;
}

std::uint64_t Value::as_uint() const {
    if (kind_ != Kind::unsigned_int) wrong_type("an unsigned integer");
    return std::get<std::uint64_t>(payload_);
}

const Bytes& Value::as_bytes() const {
    if (kind_ != Kind::bytes) wrong_type("a byte string");
    return std::get<Bytes>(payload_);
}

const std::string& Value::as_text() const {
    if (kind_ != Kind::text) wrong_type("a text string");
    return std::get<std::string>(payload_);
}

bool Value::as_bool() const {
    if (kind_ != Kind::boolean) wrong_type("a boolean");
    return std::get<std::uint64_t>(payload_) != 0;
}

const Value::Array& Value::as_array() const {
    if (kind_ != Kind::array) wrong_type("an array");
    return std::get<Array>(payload_);
}

Value::Array& Value::as_array() {
    if (kind_ != Kind::array) wrong_type("an array");
    return std::get<Array>(payload_);
}

const Value::Map& Value::as_map() const {
    if (kind_ != Kind::map) wrong_type("a map");
    return std::get<Map>(payload_);
}

Value::Map& Value::as_map() {
    if (kind_ != Kind::map) wrong_type("a map");
    return std::get<Map>(payload_);
}

const Value* Value::find(const Value& key) const {
    if (kind_ != Kind::map) return nullptr;
    for (const auto& e : std::get<Map>(payload_))
        if (e.key == key) return &e.value;
    return nullptr;
}

// The kind decides first (null and other share an empty payload; unsigned, negative and
// boolean share the integer one), then the payloads compare as values.
bool Value::operator==(const Value& o) const {
    return kind_ == o.kind_ && payload_ == o.payload_;
}

Value map(std::initializer_list<Value::Entry> entries) {
    return Value(Value::Map(entries.begin(), entries.end()));
}

Value array(std::initializer_list<Value> items) {
    return Value(Value::Array(items.begin(), items.end()));
}

}  // namespace nk3::cbor
