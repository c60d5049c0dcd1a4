#pragma once
// Errors of the CBOR layer, carrying the CTAP2 status code a request with that defect earns
// (CTAP 2.1, 8.2): the FIDO application answers a request with the code of the first error.

#include <cstdint>
#include <stdexcept>
#include <string>

namespace nk3::cbor {

enum class CborErrc : std::uint8_t {
    unexpected_type = 0x11,    // CTAP2_ERR_CBOR_UNEXPECTED_TYPE: a value of the wrong major type
    invalid_cbor = 0x12,       // CTAP2_ERR_INVALID_CBOR: malformed, trailing bytes, too deep, dups
    missing_parameter = 0x14,  // CTAP2_ERR_MISSING_PARAMETER: a required map key is absent
};

class CborError : public std::runtime_error {
  public:
    CborError(CborErrc code, const std::string& what) : std::runtime_error(what), code_(code) {}
    CborErrc code() const { return code_; }
    std::uint8_t status() const { return static_cast<std::uint8_t>(code_); }

  private:
    CborErrc code_;
};

}  // namespace nk3::cbor
