#pragma once
// Strict decoding of one CBOR data item with libcbor's streaming decoder, as a CTAP2
// authenticator must parse untrusted requests (CTAP 2.1, 8 "Message Encoding"):
//  * exactly one item: trailing bytes are an error;
//  * definite lengths only (CTAP2 canonical form has no indefinite-length items);
//  * nesting at most DecodeLimits::max_depth arrays/maps deep (the spec asks for four);
//  * no duplicate map keys;
//  * text strings must be valid UTF-8;
//  * tags are refused (CTAP2 never uses them).
// Every defect throws CborError(invalid_cbor) except tags (unexpected_type). The decoder never
// recurses and never allocates more than the input can describe, so hostile input cannot crash it.

#include <cstddef>

#include "cbor/value.hpp"

namespace nk3::cbor {

struct DecodeLimits {
    std::size_t max_depth = 8;  // containers nested in containers: a map inside a map is depth 2
};

Value decode(ByteView data, const DecodeLimits& limits = {});

// True when `text` is well-formed UTF-8 (no overlong forms, no surrogates, at most U+10FFFF).
bool valid_utf8(std::string_view text);

}  // namespace nk3::cbor
