#include "crypto/drbg.hpp"

#include <algorithm>

#include "common/endian.hpp"
#include "crypto/hmac.hpp"
#include "crypto/openssl_error.hpp"

namespace nk3::crypto {

namespace {

// SP 800-90A Table 2: reseed_interval for HMAC_DRBG is at most 2^48.
constexpr std::uint64_t kReseedInterval = std::uint64_t{1} << 48;

bool all_empty(std::initializer_list<ByteView> parts) {
    return std::all_of(parts.begin(), parts.end(), [](ByteView p) { return p.empty(); });
}

}  // namespace

Drbg::Drbg(ByteView entropy_input, ByteView nonce, ByteView personalization) {
    key_.fill(0x00);
    v_.fill(0x01);
    update({entropy_input, nonce, personalization});
    reseed_counter_ = 1;
}

Drbg::Drbg(std::uint64_t seed) {
    std::array<std::uint8_t, 8> be{};
    store_be64(be.data(), seed);
    key_.fill(0x00);
    v_.fill(0x01);
    update({be, {}, as_bytes("nk3rig.drbg.v1")});
    reseed_counter_ = 1;
}

Drbg::~Drbg() {
    secure_wipe(key_);
    secure_wipe(v_);
}

// HMAC_DRBG_Update (SP 800-90A 10.1.2.2); provided_data is the concatenation of `provided`.
void Drbg::update(std::initializer_list<ByteView> provided) {
    for (const std::uint8_t separator : {std::uint8_t{0x00}, std::uint8_t{0x01}}) {
        // Key = HMAC(Key, V || separator || provided_data); V = HMAC(Key, V)
        const std::array<std::uint8_t, 1> sep{separator};
        Bytes k = hmac_sha256(key_, [&] {
            Bytes msg(v_.begin(), v_.end());
            msg.insert(msg.end(), sep.begin(), sep.end());
            for (ByteView p : provided)
                msg.insert(msg.end(), p.begin(), p.end());
            return msg;
        }());
        std::copy(k.begin(), k.end(), key_.begin());
        secure_wipe(k);
        Bytes v = hmac_sha256(key_, v_);
        std::copy(v.begin(), v.end(), v_.begin());
        secure_wipe(v);
        if (all_empty(provided)) return;  // the second round only runs with provided data
    }
}

void Drbg::update_digest(Sha256& digest) const {
    std::array<std::uint8_t, 8> counter{};
    store_be64(counter.data(), reseed_counter_);
    digest.update(key_).update(v_).update(counter);
}

void Drbg::reseed(ByteView entropy_input, ByteView additional_input) {
    update({entropy_input, additional_input});
    reseed_counter_ = 1;
}

Bytes Drbg::generate(std::size_t n, ByteView additional_input) {
    if (n > kMaxBytesPerGenerate) throw_crypto_error("Drbg::generate: request too large");
    if (reseed_counter_ > kReseedInterval) throw_crypto_error("Drbg::generate: reseed required");
    if (!additional_input.empty()) update({additional_input});
    Bytes out;
    out.reserve(n + v_.size());
    while (out.size() < n) {
        const Bytes v = hmac_sha256(key_, v_);
        std::copy(v.begin(), v.end(), v_.begin());
        out.insert(out.end(), v_.begin(), v_.end());
    }
    out.resize(n);
    update({additional_input});
    ++reseed_counter_;
    return out;
}

Bytes Drbg::bytes(std::size_t n) {
    Bytes out;
    out.reserve(n);
    while (out.size() < n) {
        const Bytes chunk = generate(std::min(kMaxBytesPerGenerate, n - out.size()));
        out.insert(out.end(), chunk.begin(), chunk.end());
    }
    return out;
}

void Drbg::fill(std::span<std::uint8_t> out) {
    Bytes b = bytes(out.size());
    std::copy(b.begin(), b.end(), out.begin());
    secure_wipe(b);
}

std::uint64_t Drbg::next_u64() {
    const Bytes b = bytes(8);
    std::uint64_t x = 0;
    for (std::uint8_t byte : b)
        x = (x << 8) | byte;
    return x;
}

std::uint64_t Drbg::uniform(std::uint64_t lo, std::uint64_t hi) {
    if (lo > hi) throw_crypto_error("Drbg::uniform: lo > hi");
    const std::uint64_t span = hi - lo + 1;  // 0 means the full 2^64 range
    if (span == 0) return next_u64();
    // Accept x only in [threshold, 2^64) whose size is a multiple of span: unbiased x % span.
    const std::uint64_t threshold = (0 - span) % span;
    for (;;) {
        const std::uint64_t x = next_u64();
        if (x >= threshold) return lo + x % span;
    }
}

}  // namespace nk3::crypto
