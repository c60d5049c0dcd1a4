#pragma once
// An owned CBOR data item: what the strict decoder produces and the canonical encoder consumes.
// Only the types CTAP2 uses can be built (integers, byte and text strings, arrays, maps,
// booleans, null); floats, undefined and simple values decode to Kind::other so that a request
// carrying one in an ignored field still parses, and any typed access to them fails.
//
// Typed accessors throw CborError(unexpected_type), which the FIDO application answers with
// CTAP2_ERR_CBOR_UNEXPECTED_TYPE.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace nk3::cbor {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

enum class Kind : std::uint8_t {
    unsigned_int,  // major type 0
    negative_int,  // major type 1
    bytes,         // major type 2
    text,          // major type 3
    array,         // major type 4
    map,           // major type 5
    boolean,
    null,
    other,  // float, undefined: decoded, never encoded
};

class Value {
  public:
    using Array = std::vector<Value>;
    struct Entry;
    using Map = std::vector<Entry>;

    Value() : kind_(Kind::null) {}  // null
    // Integers: any int64 (negative values become major type 1).
    Value(std::int64_t v);  // NOLINT(google-explicit-constructor): map literals read better
    Value(int v) : Value(static_cast<std::int64_t>(v)) {}
    Value(std::uint64_t v) : kind_(Kind::unsigned_int), payload_(v) {}
    Value(std::uint32_t v) : Value(static_cast<std::uint64_t>(v)) {}
    Value(bool v) : kind_(Kind::boolean), payload_(std::uint64_t{v ? 1u : 0u}) {}
    Value(std::string_view text)
        : kind_(Kind::text), payload_(std::in_place_type<std::string>, text) {}
    Value(const char* text) : Value(std::string_view(text)) {}
    Value(std::string text) : kind_(Kind::text), payload_(std::move(text)) {}
    Value(Bytes bytes) : kind_(Kind::bytes), payload_(std::move(bytes)) {}
    Value(ByteView bytes)
        : kind_(Kind::bytes), payload_(std::in_place_type<Bytes>, bytes.begin(), bytes.end()) {}
    Value(Array items) : kind_(Kind::array), payload_(std::move(items)) {}
    Value(Map entries);

    static Value null() { return Value(); }
    static Value other() { return Value(Kind::other, std::monostate{}); }
    // Major type 1 with the raw argument n (the value -1 - n); covers the whole CBOR range.
    static Value negative_raw(std::uint64_t n) { return Value(Kind::negative_int, Payload(n)); }

    Kind kind() const { return kind_; }
    bool is_int() const { return kind_ == Kind::unsigned_int || kind_ == Kind::negative_int; }
    bool is_bytes() const { return kind_ == Kind::bytes; }
    bool is_text() const { return kind_ == Kind::text; }
    bool is_array() const { return kind_ == Kind::array; }
    bool is_map() const { return kind_ == Kind::map; }
    bool is_bool() const { return kind_ == Kind::boolean; }

    // The CBOR argument of an integer (the value, or n of -1 - n); 1 or 0 for a boolean, 0 for
    // any other kind.
    std::uint64_t raw() const {
        const auto* r = std::get_if<std::uint64_t>(&payload_);
        return r ? *r : 0;
    }

    // Typed access; CborError(unexpected_type) on a different kind, or an integer out of range.
    std::int64_t as_int() const;
    std::uint64_t as_uint() const;
    const Bytes& as_bytes() const;
    const std::string& as_text() const;
    bool as_bool() const;
    const Array& as_array() const;
    const Map& as_map() const;
    Array& as_array();
    Map& as_map();

    // Looks up a map entry by key (linear; maps in CTAP are small). nullptr when absent or when
    // this is not a map.
    const Value* find(const Value& key) const;

    bool operator==(const Value& other) const;

  private:
    // One payload per kind: the CBOR argument for integers (and 0/1 for booleans), the string
    // or container itself, nothing for null and other. A Value is one small object (48 bytes
    // with libstdc++) that builds, moves and destroys only the member its kind uses.
    using Payload = std::variant<std::monostate, std::uint64_t, Bytes, std::string, Array, Map>;

    Value(Kind kind, Payload payload) : kind_(kind), payload_(std::move(payload)) {}

    Kind kind_;
    Payload payload_;
};

struct Value::Entry {
    Value key;
    Value value;
    bool operator==(const Entry&) const = default;
};

// Short-hand for building maps: cbor::map({{1, "x"}, {"id", bytes}}).
Value map(std::initializer_list<Value::Entry> entries);
Value array(std::initializer_list<Value> items);

}  // namespace nk3::cbor
