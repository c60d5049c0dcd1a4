#include "crypto/sha.hpp"

#include <array>
#include <cstdint>

#include "common/endian.hpp"
#include "crypto/openssl_error.hpp"

namespace nk3::crypto {

namespace {

// Fetched once: EVP_sha256() is a legacy handle that EVP_DigestInit_ex2 resolves by an implicit
// fetch (a name lookup in the provider store) on every call, which costs more than hashing a
// short message. EVP_MD objects are immutable and safe to share between threads.
const EVP_MD* sha256_algorithm() {
    static const EvpMdPtr md{EVP_MD_fetch(nullptr, "SHA2-256", nullptr)};
    if (!md) throw_openssl_error("EVP_MD_fetch(SHA2-256)");
    return md.get();
}

}  // namespace

Bytes sha256(ByteView data) {
    return Sha256().update(data).finish();
}

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
    if (!ctx_) throw_openssl_error("EVP_MD_CTX_new");
    if (EVP_DigestInit_ex2(ctx_.get(), sha256_algorithm(), nullptr) != 1) {
        throw_openssl_error("EVP_DigestInit_ex2(SHA-256)");
    }
}

Sha256& Sha256::update(ByteView data) {
    if (finished_) throw_crypto_error("Sha256::update after finish");
    if (!data.empty() && EVP_DigestUpdate(ctx_.get(), data.data(), data.size()) != 1) {
        throw_openssl_error("EVP_DigestUpdate");
    }
    return *this;
}

Sha256& Sha256::update_framed(ByteView data) {
    std::array<std::uint8_t, 8> length{};
    store_be64(length.data(), data.size());
    return update(length).update(data);
}

Bytes Sha256::finish() {
    if (finished_) throw_crypto_error("Sha256::finish called twice");
    Bytes out(kSha256Size);
    unsigned int len = 0;
    if (EVP_DigestFinal_ex(ctx_.get(), out.data(), &len) != 1) {
        throw_openssl_error("EVP_DigestFinal_ex");
    }
    finished_ = true;
    out.resize(len);
    return out;
}

}  // namespace nk3::crypto
