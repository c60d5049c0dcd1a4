#pragma once
// CTAP status codes (CTAP 2.1, 8.2) the FIDO application answers with, and the exception that
// carries one out of a command handler. A handler throws before its first flash write, so a
// rejected request leaves the persistent state as it was.

#include <cstdint>
#include <stdexcept>
#include <string>

namespace nk3::fido {

namespace status {
inline constexpr std::uint8_t kOk = 0x00;
inline constexpr std::uint8_t kInvalidCommand = 0x01;
inline constexpr std::uint8_t kInvalidParameter = 0x02;
inline constexpr std::uint8_t kInvalidLength = 0x03;
inline constexpr std::uint8_t kCborUnexpectedType = 0x11;
inline constexpr std::uint8_t kInvalidCbor = 0x12;
inline constexpr std::uint8_t kMissingParameter = 0x14;
inline constexpr std::uint8_t kLimitExceeded = 0x15;
inline constexpr std::uint8_t kCredentialExcluded = 0x19;
inline constexpr std::uint8_t kUnsupportedAlgorithm = 0x26;
inline constexpr std::uint8_t kOperationDenied = 0x27;
inline constexpr std::uint8_t kKeyStoreFull = 0x28;
inline constexpr std::uint8_t kUnsupportedOption = 0x2B;
inline constexpr std::uint8_t kInvalidOption = 0x2C;
inline constexpr std::uint8_t kKeepaliveCancel = 0x2D;
inline constexpr std::uint8_t kNoCredentials = 0x2E;
inline constexpr std::uint8_t kUserActionTimeout = 0x2F;
inline constexpr std::uint8_t kNotAllowed = 0x30;
inline constexpr std::uint8_t kPinInvalid = 0x31;
inline constexpr std::uint8_t kPinBlocked = 0x32;
inline constexpr std::uint8_t kPinAuthInvalid = 0x33;
inline constexpr std::uint8_t kPinAuthBlocked = 0x34;
inline constexpr std::uint8_t kPinNotSet = 0x35;
inline constexpr std::uint8_t kPinRequired = 0x36;  // CTAP 2.0 name of 0x36
inline constexpr std::uint8_t kPuatRequired = 0x36;
inline constexpr std::uint8_t kPinPolicyViolation = 0x37;
inline constexpr std::uint8_t kRequestTooLarge = 0x39;
inline constexpr std::uint8_t kInvalidSubcommand = 0x3E;
inline constexpr std::uint8_t kUnauthorizedPermission = 0x40;
inline constexpr std::uint8_t kOther = 0x7F;
}  // namespace status

class CtapError : public std::runtime_error {
  public:
    explicit CtapError(std::uint8_t status, const std::string& what = "CTAP error")
        : std::runtime_error(what), status_(status) {}
    std::uint8_t status() const { return status_; }

  private:
    std::uint8_t status_;
};

}  // namespace nk3::fido
