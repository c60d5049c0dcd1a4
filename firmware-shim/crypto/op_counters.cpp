#include "crypto/op_counters.hpp"

#include <atomic>

namespace nk3::crypto {

namespace {

// One cache line per counter: the workers of a campaign count from several threads.
struct alignas(64) Counter {
    std::atomic<std::uint64_t> value{0};
};

using Counters = std::array<Counter, kCryptoOpKinds>;

Counters& counters() noexcept {
    static Counters c;
    return c;
}

Counters& reused_counters() noexcept {
    static Counters c;
    return c;
}

CryptoOpCounts snapshot(const Counters& c) noexcept {
    CryptoOpCounts out{};
    for (std::size_t i = 0; i < kCryptoOpKinds; ++i)
        out[i] = c[i].value.load(std::memory_order_relaxed);
    return out;
}

}  // namespace

void count_op(CryptoOp op) noexcept {
    counters()[static_cast<std::size_t>(op)].value.fetch_add(1, std::memory_order_relaxed);
}

void count_reused(CryptoOp op) noexcept {
    reused_counters()[static_cast<std::size_t>(op)].value.fetch_add(1, std::memory_order_relaxed);
}

CryptoOpCounts crypto_op_counts() noexcept {
    return snapshot(counters());
}

CryptoOpCounts crypto_reused_counts() noexcept {
    return snapshot(reused_counters());
}

std::string_view crypto_op_name(CryptoOp op) noexcept {
    static constexpr std::array<std::string_view, kCryptoOpKinds> kNames = {
        "p256_base_mul", "p256_ecdh",      "es256_sign", "es256_verify", "ed25519_keygen",
        "ed25519_sign",  "ed25519_verify", "x509_parse", "hmac_sha256",  "aes256",
    };
    return kNames[static_cast<std::size_t>(op)];
}

}  // namespace nk3::crypto
