#pragma once
// SplitMix64: a tiny, fully specified generator. Every random choice of the simulator goes
// through it, so a seed means the same thing on every platform and standard library.

#include <cstdint>

namespace nk3::flash {

class SplitMix64 {
  public:
    explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    // Uniform in [0, bound); bound > 0. The modulo bias is irrelevant at these sizes.
    std::uint64_t below(std::uint64_t bound) { return next() % bound; }

  private:
    std::uint64_t state_;
};

// Combines two values into one seed (used to derive a per-operation seed from a trial seed).
inline std::uint64_t mix_seed(std::uint64_t a, std::uint64_t b) {
    SplitMix64 g(a ^ (b * 0xD1B54A32D192ED03ull));
    return g.next();
}

}  // namespace nk3::flash
