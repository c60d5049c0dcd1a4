#pragma once
// The pinUvAuthToken (CTAP 2.1, 6.5.2.1): one per power-up, shared by both PIN protocols,
// with the permissions and the relying party it was granted for.

#include <cstdint>
#include <optional>
#include <string>

#include "crypto/bytes.hpp"
#include "crypto/drbg.hpp"

namespace nk3::fido {

namespace permission {
inline constexpr std::uint8_t kMc = 0x01;
inline constexpr std::uint8_t kGa = 0x02;
inline constexpr std::uint8_t kCm = 0x04;
inline constexpr std::uint8_t kBe = 0x08;
inline constexpr std::uint8_t kLbw = 0x10;
inline constexpr std::uint8_t kAcfg = 0x20;
inline constexpr std::uint8_t kSupported = kMc | kGa | kCm;
}  // namespace permission

struct PinToken {
    crypto::Bytes value;  // 32 bytes
    bool in_use = false;
    std::uint8_t permissions = 0;
    std::optional<std::string> rp_id;

    // resetPinUvAuthToken: a fresh random value, not in use.
    void reset(crypto::Drbg& drbg);
    // beginUsingPinUvAuthToken with these permissions (and rpId binding, when given).
    void begin_using(std::uint8_t perms, std::optional<std::string> rp);
    void stop_using();
};

}  // namespace nk3::fido
