// Derivation of the device's random streams from its seed.

#include "device/seed_streams.hpp"

#include <array>
#include <string>

#include "common/endian.hpp"

namespace nk3::device {

crypto::Drbg seed_stream(std::uint64_t seed, std::string_view purpose) {
    std::array<std::uint8_t, 8> entropy{};
    store_be64(entropy.data(), seed);
    const std::string personalization = "nk3rig.device." + std::string(purpose);
    return crypto::Drbg(entropy, {}, crypto::as_bytes(personalization));
}

std::uint64_t tear_seed(std::uint64_t seed, std::uint64_t op_index) {
    // splitmix64 of the pair: cheap, and every bit of both inputs reaches every output bit.
    std::uint64_t z = seed ^ (op_index + 0x9E3779B97F4A7C15ull) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

}  // namespace nk3::device
