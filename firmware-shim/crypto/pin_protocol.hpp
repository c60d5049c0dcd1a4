// CTAP 2.1 PIN/UV auth protocols One and Two (CTAP 2.1 sections 6.5.6 and 6.5.7).
#pragma once

#include <memory>
#include <optional>

#include "crypto/bytes.hpp"
#include "crypto/drbg.hpp"
#include "crypto/ec_p256.hpp"

namespace nk3::crypto {

// The abstract pinUvAuthProtocol interface of CTAP 2.1 section 6.5.4. Keys passed to
// encrypt/decrypt are the shared secret returned by kdf()/decapsulate(); keys passed to
// authenticate/verify are either that shared secret or a pinUvAuthToken.
class PinProtocol {
  public:
    virtual ~PinProtocol() = default;

    // 1 or 2: the pinUvAuthProtocol value of the CTAP requests.
    virtual int version() const = 0;

    // Derives the shared secret from Z (the 32-byte ECDH x-coordinate): 32 bytes for v1, 64 for
    // v2 (HMAC key || AES key).
    virtual Bytes kdf(ByteView z) const = 0;

    // Encrypts a plaintext whose length is a multiple of 16 (throws CryptoError otherwise, or if
    // the key is the wrong size). Not const: protocol Two draws its IV from the Drbg.
    virtual Bytes encrypt(ByteView key, ByteView plaintext) = 0;

    // std::nullopt on a malformed ciphertext (wrong length); throws CryptoError on a wrong key
    // size. CBC has no integrity: a tampered ciphertext decrypts to garbage, which the
    // authenticator catches through authenticate/verify or the PIN hash comparison.
    virtual std::optional<Bytes> decrypt(ByteView key, ByteView ciphertext) const = 0;

    // The pinUvAuthParam of `message`: 16 bytes for v1, 32 bytes for v2.
    virtual Bytes authenticate(ByteView key, ByteView message) const = 0;

    // Constant-time comparison of authenticate(key, message) with `signature`; false if they
    // differ, including in length. (Whether a pinUvAuthToken is "in use" is the caller's state.)
    bool verify(ByteView key, ByteView message, ByteView signature) const;

    // Authenticator side of key agreement (6.5.6 decapsulate / ecdh): kdf(Z) with Z the x
    // coordinate of own.d * (peer_x, peer_y). std::nullopt if the peer point is invalid.
    std::optional<Bytes> decapsulate(const P256KeyPair& own, ByteView peer_x,
                                     ByteView peer_y) const;

    // Platform side (6.5.6 encapsulate): an ephemeral key pair drawn from `drbg` and the shared
    // secret with the authenticator's key (peer_x, peer_y). std::nullopt if the point is invalid.
    struct Encapsulation {
        P256PublicKey platform_key;  // sent as the keyAgreement COSE key
        Bytes shared_secret;
    };
    std::optional<Encapsulation> encapsulate(Drbg& drbg, ByteView peer_x, ByteView peer_y) const;
};

// Protocol One: kdf = SHA-256(Z); AES-256-CBC with an all-zero IV; HMAC-SHA-256 truncated to its
// first 16 bytes.
class PinProtocolV1 final : public PinProtocol {
  public:
    int version() const override { return 1; }
    Bytes kdf(ByteView z) const override;
    Bytes encrypt(ByteView key, ByteView plaintext) override;
    std::optional<Bytes> decrypt(ByteView key, ByteView ciphertext) const override;
    Bytes authenticate(ByteView key, ByteView message) const override;
};

// Protocol Two: kdf = HKDF-SHA-256(salt = 32 zero bytes, Z, info "CTAP2 HMAC key") ||
// HKDF-SHA-256(salt = 32 zero bytes, Z, info "CTAP2 AES key"); encrypt uses the AES half of the
// key with a fresh 16-byte IV (drawn from the Drbg, so deterministic) prepended to the
// ciphertext; authenticate is the full HMAC-SHA-256 under the first 32 bytes of the key.
class PinProtocolV2 final : public PinProtocol {
  public:
    // The Drbg must outlive this object.
    explicit PinProtocolV2(Drbg& drbg) : drbg_(&drbg) {}
    int version() const override { return 2; }
    Bytes kdf(ByteView z) const override;
    Bytes encrypt(ByteView key, ByteView plaintext) override;
    std::optional<Bytes> decrypt(ByteView key, ByteView ciphertext) const override;
    Bytes authenticate(ByteView key, ByteView message) const override;

  private:
    Drbg* drbg_;
};

// The protocol for a pinUvAuthProtocol value, or nullptr if unsupported (not 1 or 2). The Drbg
// must outlive the returned object.
std::unique_ptr<PinProtocol> make_pin_protocol(int version, Drbg& drbg);

}  // namespace nk3::crypto
