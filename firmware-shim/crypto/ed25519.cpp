#include "crypto/ed25519.hpp"

#include "crypto/bounded_cache.hpp"
#include "crypto/evp_verify.hpp"
#include "crypto/op_counters.hpp"
#include "crypto/openssl_error.hpp"
#include "crypto/result_memo.hpp"

namespace nk3::crypto {

namespace {

// Key pairs by seed: importing one computes its public key (a SHA-512 and a base point
// multiplication), and the simulated key re-imports the same credential keys at every use.
// Bounded, like the P-256 cache: memory stays flat over any number of trials.
constexpr std::size_t kKeyPairCacheCapacity = 256;

// The Ed25519 signature of `message` by `key`, computed.
Bytes sign_now(EVP_PKEY* key, ByteView message) {
    EvpMdCtxPtr ctx{EVP_MD_CTX_new()};
    if (!ctx) throw_openssl_error("EVP_MD_CTX_new");
    if (EVP_DigestSignInit_ex(ctx.get(), nullptr, nullptr, nullptr, nullptr, key, nullptr) != 1)
        throw_openssl_error("EVP_DigestSignInit_ex(Ed25519)");
    count_op(CryptoOp::ed25519_sign);
    Bytes sig(kEd25519SignatureSize);
    std::size_t len = sig.size();
    if (EVP_DigestSign(ctx.get(), sig.data(), &len, data_or_dummy(message), message.size()) != 1 ||
        len != sig.size())
        throw_openssl_error("EVP_DigestSign(Ed25519)");
    return sig;
}

// An EVP_PKEY shared read-only by the threads that sign with it (OpenSSL 3 allows that).
struct SharedPkey {
    EvpPkeyPtr pkey;
};

}  // namespace

// ---- Ed25519PublicKey ---------------------------------------------------------------------

Ed25519PublicKey& Ed25519PublicKey::operator=(const Ed25519PublicKey& other) {
    if (this != &other) pkey_ = share_pkey(other.pkey_.get());
    return *this;
}

std::optional<Ed25519PublicKey> Ed25519PublicKey::from_raw(ByteView raw) {
    if (raw.size() != kEd25519KeySize) return std::nullopt;
    EvpPkeyPtr pkey{EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, raw.data(), raw.size())};
    if (!pkey) {
        clear_openssl_errors();
        return std::nullopt;
    }
    return Ed25519PublicKey(std::move(pkey));
}

Bytes Ed25519PublicKey::raw() const {
    Bytes out(kEd25519KeySize);
    std::size_t len = out.size();
    if (EVP_PKEY_get_raw_public_key(pkey_.get(), out.data(), &len) != 1 || len != out.size()) {
        throw_openssl_error("EVP_PKEY_get_raw_public_key(Ed25519)");
    }
    return out;
}

bool Ed25519PublicKey::verify(ByteView message, ByteView signature) const {
    if (signature.size() != kEd25519SignatureSize) return false;
    return remembered(remembered_verdicts(), CryptoOp::ed25519_verify, {raw(), message, signature},
                      [&] {
                          count_op(CryptoOp::ed25519_verify);
                          return evp_verify(pkey_.get(), nullptr, message, signature, "Ed25519");
                      });
}

// ---- Ed25519KeyPair -----------------------------------------------------------------------

Ed25519KeyPair& Ed25519KeyPair::operator=(const Ed25519KeyPair& other) {
    if (this != &other) pkey_ = share_pkey(other.pkey_.get());
    return *this;
}

Ed25519KeyPair Ed25519KeyPair::generate(Drbg& drbg) {
    Bytes seed = drbg.bytes(kEd25519KeySize);
    Ed25519KeyPair pair = from_private_bytes(seed);
    secure_wipe(seed);
    return pair;
}

Ed25519KeyPair Ed25519KeyPair::from_private_bytes(ByteView seed) {
    if (seed.size() != kEd25519KeySize) {
        throw_crypto_error("Ed25519KeyPair::from_private_bytes: key must be 32 bytes");
    }
    static BoundedCache<SharedPkey> cache(kKeyPairCacheCapacity);
    const auto entry = cache.find_or_put(cache_key(seed), [&] {
        auto made = std::make_shared<SharedPkey>();
        made->pkey.reset(
            EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size()));
        if (!made->pkey) throw_openssl_error("EVP_PKEY_new_raw_private_key(Ed25519)");
        count_op(CryptoOp::ed25519_keygen);
        return made;
    });
    return Ed25519KeyPair(share_pkey(entry->pkey.get()));
}

Bytes Ed25519KeyPair::private_bytes() const {
    Bytes out(kEd25519KeySize);
    std::size_t len = out.size();
    if (EVP_PKEY_get_raw_private_key(pkey_.get(), out.data(), &len) != 1 || len != out.size()) {
        throw_openssl_error("EVP_PKEY_get_raw_private_key(Ed25519)");
    }
    return out;
}

Ed25519PublicKey Ed25519KeyPair::public_key() const {
    Bytes raw(kEd25519KeySize);
    std::size_t len = raw.size();
    if (EVP_PKEY_get_raw_public_key(pkey_.get(), raw.data(), &len) != 1 || len != raw.size()) {
        throw_openssl_error("EVP_PKEY_get_raw_public_key(Ed25519)");
    }
    auto pub = Ed25519PublicKey::from_raw(raw);
    if (!pub) throw_openssl_error("Ed25519KeyPair::public_key");
    return std::move(*pub);
}

Bytes Ed25519KeyPair::sign(ByteView message) const {
    Bytes seed = private_bytes();
    Bytes signature = remembered(remembered_signatures(), CryptoOp::ed25519_sign, {seed, message},
                                 [&] { return sign_now(pkey_.get(), message); });
    secure_wipe(seed);
    return signature;
}

}  // namespace nk3::crypto
