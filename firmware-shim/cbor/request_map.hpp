#pragma once
// Checked access to the maps of a CTAP2 request: the top-level parameter map keyed by small
// unsigned integers, and the nested maps keyed by text (entities, options, extensions).
// Type errors become CborError(unexpected_type), absent required keys
// CborError(missing_parameter); the caller turns them into CTAP2 status codes.

#include <cstdint>
#include <string_view>

#include "cbor/value.hpp"

namespace nk3::cbor {

// A map whose keys are all unsigned integers (the parameters of a CTAP2 command).
class IntKeyMap {
  public:
    // Throws unexpected_type unless `value` is a map with unsigned integer keys only.
    explicit IntKeyMap(const Value& value);

    const Value* find(std::uint64_t key) const;
    const Value& require(std::uint64_t key) const;  // missing_parameter when absent

    // Typed shortcuts: nullptr / std::nullopt when absent, unexpected_type on a wrong type.
    const Bytes* bytes(std::uint64_t key) const;
    const std::string* text(std::uint64_t key) const;
    const Value* map(std::uint64_t key) const;
    const Value* array(std::uint64_t key) const;

    const Value& value() const { return *value_; }

  private:
    const Value* value_;
};

// A map whose keys are all text strings (PublicKeyCredentialRpEntity, options, extensions...).
class TextKeyMap {
  public:
    // Throws unexpected_type unless `value` is a map with text keys only.
    explicit TextKeyMap(const Value& value);

    const Value* find(std::string_view key) const;
    const Value& require(std::string_view key) const;  // missing_parameter when absent

  private:
    const Value* value_;
};

}  // namespace nk3::cbor
