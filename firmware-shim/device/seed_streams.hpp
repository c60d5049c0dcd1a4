#pragma once
// Everything random in the simulated NK3 comes from the device seed, split into independent
// streams by purpose, so that one consumer drawing more or fewer bytes never shifts another's
// (the UUID stays the same whatever the authenticator does, a torn cut's pattern does not
// depend on how many credentials were made before it).

#include <cstdint>
#include <string_view>

#include "crypto/drbg.hpp"

namespace nk3::device {

// Purposes used by VirtualNk3.
namespace stream {
inline constexpr std::string_view kUuid = "uuid";
inline constexpr std::string_view kProvisioning = "provisioning";  // factory attestation key
inline constexpr std::string_view kAuthenticator = "authenticator";
}  // namespace stream

// A Drbg seeded with the device seed (8 bytes big-endian) and personalised with
// "nk3rig.device." + purpose: a pure function of (seed, purpose).
crypto::Drbg seed_stream(std::uint64_t seed, std::string_view purpose);

// Seed of the torn-operation pattern of a cut at flash operation `op_index`: a pure function of
// (device seed, op_index), so replaying a trial tears the same bits.
std::uint64_t tear_seed(std::uint64_t seed, std::uint64_t op_index);

}  // namespace nk3::device
