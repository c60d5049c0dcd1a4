#pragma once
// Encoding in the CTAP2 canonical CBOR form (CTAP 2.1, 8 "Message Encoding"): integers and
// lengths in their shortest form, definite lengths only, and map keys sorted by their encoded
// bytes, shorter first, then lexically (the RFC 7049 canonical order CTAP2 adopts: unsigned
// integers ascending, then negative integers descending (-1, -2, ...), then byte strings, then
// text strings by length and then lexically). The items are built and serialised with libcbor.
//
// Throws std::logic_error for values that have no encoding (Kind::other) or maps with duplicate
// keys: both are programming errors, never the result of a request.

#include "cbor/item_handle.hpp"
#include "cbor/value.hpp"

namespace nk3::cbor {

Bytes encode(const Value& value);

// The libcbor item for `value` (maps already in canonical key order).
ItemPtr to_item(const Value& value);

}  // namespace nk3::cbor
