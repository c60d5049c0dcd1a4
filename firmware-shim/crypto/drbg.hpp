// Deterministic random bit generator: HMAC_DRBG with SHA-256 (NIST SP 800-90A Rev. 1, 10.1.2),
// written over OpenSSL's HMAC.
//
// Determinism: the output is a pure function of the seed material (entropy input, nonce,
// personalization string) and of the sequence of calls made on the object. Nothing is read from
// the operating system, the clock or OpenSSL's RAND. Two Drbg objects built from the same seed and
// driven by the same calls produce identical bytes on every run and machine; a copy of a Drbg
// continues the same stream independently. This is what makes the simulated authenticator
// reproducible. It is NOT a source of real randomness: never use it for production secrets.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>

#include "crypto/bytes.hpp"
#include "crypto/sha.hpp"

namespace nk3::crypto {

class Drbg {
  public:
    // Maximum bytes produced by one SP 800-90A Generate call (2^19 bits).
    static constexpr std::size_t kMaxBytesPerGenerate = 65536;

    // Instantiate with entropy_input || nonce || personalization as seed material (no
    // prediction resistance, no derivation function). Any lengths are accepted: the simulator
    // needs reproducibility, not entropy.
    explicit Drbg(ByteView entropy_input, ByteView nonce = {}, ByteView personalization = {});

    // Instantiate from a 64-bit seed: entropy_input = seed as 8 big-endian bytes, nonce empty,
    // personalization "nk3rig.drbg.v1".
    explicit Drbg(std::uint64_t seed);

    Drbg(const Drbg&) = default;
    Drbg& operator=(const Drbg&) = default;
    ~Drbg();

    // SP 800-90A Generate with optional additional input, n <= kMaxBytesPerGenerate.
    Bytes generate(std::size_t n, ByteView additional_input = {});

    // n bytes: the concatenation of Generate calls of at most kMaxBytesPerGenerate bytes each.
    Bytes bytes(std::size_t n);

    // Fills `out` like bytes(out.size()) would.
    void fill(std::span<std::uint8_t> out);

    // 8 bytes from bytes(8), read big-endian.
    std::uint64_t next_u64();

    // Uniform integer in the closed range [lo, hi], by rejection sampling over next_u64() (so
    // unbiased). Throws CryptoError if lo > hi.
    std::uint64_t uniform(std::uint64_t lo, std::uint64_t hi);

    // SP 800-90A Reseed with caller-provided (deterministic) input.
    void reseed(ByteView entropy_input, ByteView additional_input = {});

    // Number of Generate calls since the last (re)seed, plus one (SP 800-90A reseed_counter).
    std::uint64_t reseed_counter() const { return reseed_counter_; }

    // Feeds the whole state (Key, V, reseed_counter) into `digest`: tells two generators apart
    // (equal digests, equal streams from here on) without handing the state out.
    void update_digest(Sha256& digest) const;

  private:
    void update(std::initializer_list<ByteView> provided);

    std::array<std::uint8_t, 32> key_{};
    std::array<std::uint8_t, 32> v_{};
    std::uint64_t reseed_counter_ = 0;
};

}  // namespace nk3::crypto
