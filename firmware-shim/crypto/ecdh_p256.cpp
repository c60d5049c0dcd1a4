#include "crypto/ecdh_p256.hpp"

#include "crypto/openssl_error.hpp"

namespace nk3::crypto {

Bytes ecdh_p256_shared_x(const P256KeyPair& own, const P256PublicKey& peer) {
    EvpPkeyCtxPtr ctx{EVP_PKEY_CTX_new_from_pkey(nullptr, own.native(), nullptr)};
    if (!ctx) throw_openssl_error("EVP_PKEY_CTX_new_from_pkey");
    if (EVP_PKEY_derive_init(ctx.get()) != 1) throw_openssl_error("EVP_PKEY_derive_init");
    // validate_peer = 1: OpenSSL re-checks the peer public key.
    if (EVP_PKEY_derive_set_peer_ex(ctx.get(), peer.native(), 1) != 1) {
        throw_openssl_error("EVP_PKEY_derive_set_peer_ex");
    }
    Bytes secret(kP256CoordinateSize);
    std::size_t len = secret.size();
    if (EVP_PKEY_derive(ctx.get(), secret.data(), &len) != 1 || len != kP256CoordinateSize) {
        throw_openssl_error("EVP_PKEY_derive(ECDH P-256)");
    }
    return secret;
}

std::optional<Bytes> ecdh_p256_shared_x(const P256KeyPair& own, ByteView peer_x, ByteView peer_y) {
    const auto peer = P256PublicKey::from_xy(peer_x, peer_y);
    if (!peer) return std::nullopt;
    return ecdh_p256_shared_x(own, *peer);
}

}  // namespace nk3::crypto
