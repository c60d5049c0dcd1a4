#include "crypto/pin_protocol.hpp"

#include <array>

#include "crypto/aes_cbc.hpp"
#include "crypto/ecdh_p256.hpp"
#include "crypto/hkdf.hpp"
#include "crypto/hmac.hpp"
#include "crypto/openssl_error.hpp"
#include "crypto/sha.hpp"

namespace nk3::crypto {

namespace {

constexpr std::size_t kV1KeySize = 32;
constexpr std::size_t kV1AuthSize = 16;
constexpr std::size_t kV2HalfKeySize = 32;
constexpr std::size_t kV2KeySize = 2 * kV2HalfKeySize;

}  // namespace

// ---- PinProtocol --------------------------------------------------------------------------

bool PinProtocol::verify(ByteView key, ByteView message, ByteView signature) const {
    return constant_time_equal(authenticate(key, message), signature);
}

std::optional<Bytes> PinProtocol::decapsulate(const P256KeyPair& own, ByteView peer_x,
                                              ByteView peer_y) const {
    std::optional<Bytes> z = ecdh_p256_shared_x(own, peer_x, peer_y);
    if (!z) return std::nullopt;
    Bytes secret = kdf(*z);
    secure_wipe(*z);
    return secret;
}

std::optional<PinProtocol::Encapsulation> PinProtocol::encapsulate(Drbg& drbg, ByteView peer_x,
                                                                   ByteView peer_y) const {
    const auto peer = P256PublicKey::from_xy(peer_x, peer_y);
    if (!peer) return std::nullopt;
    const P256KeyPair ephemeral = P256KeyPair::generate(drbg);
    Bytes z = ecdh_p256_shared_x(ephemeral, *peer);
    Encapsulation out{ephemeral.public_key(), kdf(z)};
    secure_wipe(z);
    return out;
}

// ---- Protocol One -------------------------------------------------------------------------

Bytes PinProtocolV1::kdf(ByteView z) const {
    return sha256(z);
}

Bytes PinProtocolV1::encrypt(ByteView key, ByteView plaintext) {
    if (key.size() != kV1KeySize) throw_crypto_error("PIN protocol 1: key must be 32 bytes");
    static constexpr std::array<std::uint8_t, kAesBlockSize> kZeroIv{};
    return aes256_cbc_encrypt(key, kZeroIv, plaintext);
}

std::optional<Bytes> PinProtocolV1::decrypt(ByteView key, ByteView ciphertext) const {
    if (key.size() != kV1KeySize) throw_crypto_error("PIN protocol 1: key must be 32 bytes");
    if (ciphertext.size() % kAesBlockSize != 0) return std::nullopt;
    static constexpr std::array<std::uint8_t, kAesBlockSize> kZeroIv{};
    return aes256_cbc_decrypt(key, kZeroIv, ciphertext);
}

Bytes PinProtocolV1::authenticate(ByteView key, ByteView message) const {
    Bytes mac = hmac_sha256(key, message);
    mac.resize(kV1AuthSize);
    return mac;
}

// ---- Protocol Two -------------------------------------------------------------------------

Bytes PinProtocolV2::kdf(ByteView z) const {
    static constexpr std::array<std::uint8_t, 32> kSalt{};
    Bytes out = hkdf_sha256(z, kSalt, as_bytes("CTAP2 HMAC key"), kV2HalfKeySize);
    Bytes aes_key = hkdf_sha256(z, kSalt, as_bytes("CTAP2 AES key"), kV2HalfKeySize);
    out.insert(out.end(), aes_key.begin(), aes_key.end());
    secure_wipe(aes_key);
    return out;
}

Bytes PinProtocolV2::encrypt(ByteView key, ByteView plaintext) {
    if (key.size() != kV2KeySize) throw_crypto_error("PIN protocol 2: key must be 64 bytes");
    if (plaintext.size() % kAesBlockSize != 0) {
        throw_crypto_error("PIN protocol 2: plaintext length must be a multiple of 16");
    }
    const ByteView aes_key = key.subspan(kV2HalfKeySize);  // discard the HMAC key
    Bytes out = drbg_->bytes(kAesBlockSize);               // iv
    const Bytes ct = aes256_cbc_encrypt(aes_key, out, plaintext);
    out.insert(out.end(), ct.begin(), ct.end());
    return out;
}

std::optional<Bytes> PinProtocolV2::decrypt(ByteView key, ByteView ciphertext) const {
    if (key.size() != kV2KeySize) throw_crypto_error("PIN protocol 2: key must be 64 bytes");
    if (ciphertext.size() < kAesBlockSize || ciphertext.size() % kAesBlockSize != 0) {
        return std::nullopt;
    }
    const ByteView aes_key = key.subspan(kV2HalfKeySize);
    const ByteView iv = ciphertext.first(kAesBlockSize);
    return aes256_cbc_decrypt(aes_key, iv, ciphertext.subspan(kAesBlockSize));
}

Bytes PinProtocolV2::authenticate(ByteView key, ByteView message) const {
    if (key.size() < kV2HalfKeySize) {
        throw_crypto_error("PIN protocol 2: key must be at least 32 bytes");
    }
    // "If key is longer than 32 bytes, discard the remainder."
    return hmac_sha256(key.first(kV2HalfKeySize), message);
}

std::unique_ptr<PinProtocol> make_pin_protocol(int version, Drbg& drbg) {
    switch (version) {
        case 1:
            return std::make_unique<PinProtocolV1>();
        case 2:
            return std::make_unique<PinProtocolV2>(drbg);
        default:
            return nullptr;
    }
}

}  // namespace nk3::crypto
