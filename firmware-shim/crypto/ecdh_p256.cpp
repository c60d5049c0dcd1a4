#include "crypto/ecdh_p256.hpp"

#include "crypto/op_counters.hpp"
#include "crypto/openssl_error.hpp"
#include "crypto/p256_group.hpp"

namespace nk3::crypto {

// Z = x(d * Q), computed as OpenSSL's own ECDH does (ossl_ecdh_simple_compute_key: EC_POINT_mul
// of the peer point by the private scalar, constant-time for the scalar; P-256 has cofactor 1),
// on the two keys as held, without building EVP_PKEYs for them. The peer point was validated
// when its P256PublicKey was made (on the curve, coordinates below p).
Bytes ecdh_p256_shared_x(const P256KeyPair& own, const P256PublicKey& peer) {
    const EC_GROUP* group = p256_group();
    BnCtxPtr ctx{BN_CTX_secure_new()};
    EcPointPtr q{EC_POINT_new(group)};
    EcPointPtr r{EC_POINT_new(group)};
    SecretBignumPtr d{BN_secure_new()};
    SecretBignumPtr x{BN_secure_new()};  // Z is a secret too
    if (!ctx || !q || !r || !d || !x) throw_openssl_error("ECDH P-256: allocation");
    BN_set_flags(d.get(), BN_FLG_CONSTTIME);
    const ByteView scalar = own.scalar();
    if (BN_bin2bn(scalar.data(), static_cast<int>(scalar.size()), d.get()) == nullptr) {
        throw_openssl_error("BN_bin2bn(d)");
    }
    const Bytes point = peer.uncompressed();
    if (EC_POINT_oct2point(group, q.get(), point.data(), point.size(), ctx.get()) != 1) {
        throw_openssl_error("EC_POINT_oct2point(peer)");
    }
    if (EC_POINT_mul(group, r.get(), nullptr, q.get(), d.get(), ctx.get()) != 1) {
        throw_openssl_error("EC_POINT_mul(ECDH P-256)");
    }
    count_op(CryptoOp::p256_ecdh);
    if (EC_POINT_is_at_infinity(group, r.get()) == 1) {
        throw_crypto_error("ECDH P-256: shared point at infinity");
    }
    if (EC_POINT_get_affine_coordinates(group, r.get(), x.get(), nullptr, ctx.get()) != 1) {
        throw_openssl_error("EC_POINT_get_affine_coordinates(ECDH P-256)");
    }
    Bytes secret(kP256CoordinateSize);
    if (BN_bn2binpad(x.get(), secret.data(), static_cast<int>(secret.size())) !=
        static_cast<int>(secret.size())) {
        throw_openssl_error("BN_bn2binpad(Z)");
    }
    return secret;
}

std::optional<Bytes> ecdh_p256_shared_x(const P256KeyPair& own, ByteView peer_x, ByteView peer_y) {
    const auto peer = P256PublicKey::from_xy(peer_x, peer_y);
    if (!peer) return std::nullopt;
    return ecdh_p256_shared_x(own, *peer);
}

}  // namespace nk3::crypto
