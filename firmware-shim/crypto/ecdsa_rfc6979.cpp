#include "crypto/ecdsa_rfc6979.hpp"

#include <openssl/core_names.h>

#include <algorithm>
#include <initializer_list>
#include <span>
#include <string_view>

#include "crypto/op_counters.hpp"
#include "crypto/openssl_error.hpp"
#include "crypto/p256_group.hpp"
#include "crypto/sha.hpp"

namespace nk3::crypto {

namespace {

constexpr std::size_t kScalarSize = 32;  // rlen = qlen / 8 for P-256

// n, the order of the P-256 base point (SEC 2 / FIPS 186-4), big-endian.
constexpr std::array<std::uint8_t, kScalarSize> kOrder = {
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51};

// Big-endian comparison of two 32-byte integers: a < b.
bool be_less(ByteView a, ByteView b) {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
}

bool in_scalar_range(ByteView k) {
    const bool zero = std::all_of(k.begin(), k.end(), [](std::uint8_t b) { return b == 0; });
    return !zero && be_less(k, kOrder);
}

// bits2octets(h1) (RFC 6979, 2.3.4) for qlen = hlen = 256: z1 = bits2int(h1) = h1 (no shift
// since hlen == qlen), z2 = z1 mod q, which is z1 - q when z1 >= q because z1 < 2^256 < 2q.
// h1 is a hash of the (public) message, so the branch leaks nothing secret.
std::array<std::uint8_t, kScalarSize> bits2octets(ByteView h1) {
    std::array<std::uint8_t, kScalarSize> out{};
    std::copy(h1.begin(), h1.end(), out.begin());
    if (be_less(out, kOrder)) return out;
    unsigned borrow = 0;
    for (std::size_t i = kScalarSize; i-- > 0;) {
        const unsigned diff = unsigned{out[i]} - unsigned{kOrder[i]} - borrow;
        out[i] = static_cast<std::uint8_t>(diff);
        borrow = (diff >> 8) & 1u;
    }
    return out;
}

EVP_MAC* hmac_algorithm() {
    // Fetched once; EVP_MAC objects are immutable and safe to share between threads.
    static const EvpMacPtr mac{EVP_MAC_fetch(nullptr, "HMAC", nullptr)};
    if (!mac) throw_openssl_error("EVP_MAC_fetch(HMAC)");
    return mac.get();
}

// Zeroises a buffer when the scope ends, also when an exception leaves it.
class WipeOnExit {
  public:
    explicit WipeOnExit(std::span<std::uint8_t> buffer) : buffer_(buffer) {}
    ~WipeOnExit() { secure_wipe(buffer_); }
    WipeOnExit(const WipeOnExit&) = delete;
    WipeOnExit& operator=(const WipeOnExit&) = delete;

  private:
    std::span<std::uint8_t> buffer_;
};

// The private scalar d of a P-256 EVP_PKEY, flagged constant-time; throws unless the key is an
// EC key on P-256 with a private part.
SecretBignumPtr p256_private_scalar(const EVP_PKEY* key) {
    if (key == nullptr || EVP_PKEY_is_a(key, "EC") != 1) {
        throw_crypto_error("ECDSA P-256 (RFC 6979): not an EC key");
    }
    char group[64] = {};
    std::size_t group_len = 0;
    if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group),
                                       &group_len) != 1 ||
        std::string_view(group, group_len) != "prime256v1") {
        clear_openssl_errors();
        throw_crypto_error("ECDSA P-256 (RFC 6979): key is not on P-256");
    }
    BIGNUM* raw = nullptr;
    if (EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_PRIV_KEY, &raw) != 1 || raw == nullptr) {
        clear_openssl_errors();
        throw_crypto_error("ECDSA P-256 (RFC 6979): key has no private scalar");
    }
    SecretBignumPtr d{raw};
    BN_set_flags(d.get(), BN_FLG_CONSTTIME);
    return d;
}

SecretBignumPtr new_secret_bn() {
    SecretBignumPtr bn{BN_secure_new()};
    if (!bn) throw_openssl_error("BN_secure_new");
    BN_set_flags(bn.get(), BN_FLG_CONSTTIME);
    return bn;
}

BignumPtr new_bn() {
    BignumPtr bn{BN_new()};
    if (!bn) throw_openssl_error("BN_new");
    return bn;
}

Bytes encode_der(BignumPtr r, BignumPtr s) {
    EcdsaSigPtr sig{ECDSA_SIG_new()};
    if (!sig) throw_openssl_error("ECDSA_SIG_new");
    if (ECDSA_SIG_set0(sig.get(), r.get(), s.get()) != 1) throw_openssl_error("ECDSA_SIG_set0");
    r.release();  // owned by sig now
    s.release();
    const int len = i2d_ECDSA_SIG(sig.get(), nullptr);
    if (len <= 0) throw_openssl_error("i2d_ECDSA_SIG");
    Bytes der(static_cast<std::size_t>(len));
    unsigned char* p = der.data();
    if (i2d_ECDSA_SIG(sig.get(), &p) != len) throw_openssl_error("i2d_ECDSA_SIG");
    return der;
}

}  // namespace

// ---- Rfc6979NonceGenerator ------------------------------------------------------------------

Rfc6979NonceGenerator::Rfc6979NonceGenerator(ByteView private_scalar, ByteView digest)
    : mac_(EVP_MAC_CTX_new(hmac_algorithm())) {
    if (private_scalar.size() != kScalarSize) {
        throw_crypto_error("RFC 6979: private scalar must be 32 bytes");
    }
    if (digest.size() != kSha256Size) throw_crypto_error("RFC 6979: digest must be 32 bytes");
    if (!in_scalar_range(private_scalar)) {
        throw_crypto_error("RFC 6979: private scalar not in [1, n-1]");
    }
    if (!mac_) throw_openssl_error("EVP_MAC_CTX_new");
    char digest_name[] = "SHA256";
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
        OSSL_PARAM_construct_end(),
    };
    if (EVP_MAC_CTX_set_params(mac_.get(), params) != 1) {
        throw_openssl_error("EVP_MAC_CTX_set_params(HMAC-SHA-256)");
    }

    const std::array<std::uint8_t, kScalarSize> h1_octets = bits2octets(digest);
    const std::array<std::uint8_t, 1> zero{0x00};
    const std::array<std::uint8_t, 1> one{0x01};
    v_.fill(0x01);                                      // step b
    key_.fill(0x00);                                    // step c
    hmac(key_, {v_, zero, private_scalar, h1_octets});  // step d
    hmac(v_, {v_});                                     // step e
    hmac(key_, {v_, one, private_scalar, h1_octets});   // step f
    hmac(v_, {v_});                                     // step g
}

Rfc6979NonceGenerator::~Rfc6979NonceGenerator() {
    secure_wipe(key_);
    secure_wipe(v_);
}

void Rfc6979NonceGenerator::hmac(std::array<std::uint8_t, 32>& dest,
                                 std::initializer_list<ByteView> parts) {
    // Re-keying keeps the digest set in the constructor. The MAC goes to a local buffer first
    // because `dest` (K or V) may also be an input.
    if (EVP_MAC_init(mac_.get(), key_.data(), key_.size(), nullptr) != 1) {
        throw_openssl_error("EVP_MAC_init(HMAC-SHA-256)");
    }
    for (const ByteView part : parts) {
        if (!part.empty() && EVP_MAC_update(mac_.get(), part.data(), part.size()) != 1) {
            throw_openssl_error("EVP_MAC_update");
        }
    }
    std::array<std::uint8_t, 32> out{};
    const WipeOnExit wipe_out{out};
    std::size_t len = 0;
    if (EVP_MAC_final(mac_.get(), out.data(), &len, out.size()) != 1 || len != out.size()) {
        throw_openssl_error("EVP_MAC_final");
    }
    dest = out;
}

Bytes Rfc6979NonceGenerator::next_candidate() {
    if (started_) {
        // step h.3, after a rejected candidate
        const std::array<std::uint8_t, 1> zero{0x00};
        hmac(key_, {v_, zero});
        hmac(v_, {v_});
    }
    started_ = true;
    // steps h.1-h.2: tlen < qlen, so one V = HMAC_K(V) fills T; bits2int(T) = T (tlen == qlen).
    hmac(v_, {v_});
    return Bytes(v_.begin(), v_.end());
}

Bytes Rfc6979NonceGenerator::next_nonce() {
    for (;;) {
        Bytes k = next_candidate();
        if (in_scalar_range(k)) return k;
        secure_wipe(k);
    }
}

// ---- signing --------------------------------------------------------------------------------

Bytes ecdsa_p256_sign_digest_rfc6979(const EVP_PKEY* key, ByteView digest) {
    if (digest.size() != kSha256Size) {
        throw_crypto_error("ECDSA P-256 (RFC 6979): digest must be 32 bytes");
    }
    const SecretBignumPtr d = p256_private_scalar(key);
    std::array<std::uint8_t, kScalarSize> x{};  // int2octets(d)
    const WipeOnExit wipe_x{x};
    if (BN_bn2binpad(d.get(), x.data(), static_cast<int>(x.size())) != static_cast<int>(x.size())) {
        throw_crypto_error("ECDSA P-256 (RFC 6979): private scalar not in [1, n-1]");
    }
    return ecdsa_p256_sign_digest_rfc6979_scalar(x, digest);
}

Bytes ecdsa_p256_sign_digest_rfc6979_scalar(ByteView private_scalar, ByteView digest) {
    if (digest.size() != kSha256Size) {
        throw_crypto_error("ECDSA P-256 (RFC 6979): digest must be 32 bytes");
    }
    if (private_scalar.size() != kScalarSize || !in_scalar_range(private_scalar)) {
        throw_crypto_error("ECDSA P-256 (RFC 6979): private scalar not in [1, n-1]");
    }
    const EC_GROUP* group = p256_group();
    const BIGNUM* n = EC_GROUP_get0_order(group);
    const SecretBignumPtr d = new_secret_bn();
    if (BN_bin2bn(private_scalar.data(), static_cast<int>(private_scalar.size()), d.get()) ==
        nullptr) {
        throw_openssl_error("BN_bin2bn(d)");
    }
    count_op(CryptoOp::es256_sign);
    Rfc6979NonceGenerator nonces(private_scalar, digest);

    BnCtxPtr ctx{BN_CTX_secure_new()};
    EcPointPtr point{EC_POINT_new(group)};
    if (!ctx || !point) throw_openssl_error("BN_CTX_secure_new/EC_POINT_new");
    // e = bits2int(H(m)): the whole digest, since hlen == qlen.
    BignumPtr e{BN_bin2bn(digest.data(), static_cast<int>(digest.size()), nullptr)};
    if (!e) throw_openssl_error("BN_bin2bn(e)");
    BignumPtr n_minus_2 = new_bn();
    if (BN_copy(n_minus_2.get(), n) == nullptr || BN_sub_word(n_minus_2.get(), 2) != 1) {
        throw_openssl_error("BN_sub_word(n - 2)");
    }

    const SecretBignumPtr k = new_secret_bn();
    const SecretBignumPtr k_inv = new_secret_bn();
    const SecretBignumPtr tmp = new_secret_bn();
    const BignumPtr x1 = new_bn();
    for (;;) {
        Bytes k_octets = nonces.next_nonce();
        const bool converted =
            BN_bin2bn(k_octets.data(), static_cast<int>(k_octets.size()), k.get()) != nullptr;
        secure_wipe(k_octets);
        if (!converted) throw_openssl_error("BN_bin2bn(k)");

        // r = x(k*G) mod n
        if (EC_POINT_mul(group, point.get(), k.get(), nullptr, nullptr, ctx.get()) != 1 ||
            EC_POINT_get_affine_coordinates(group, point.get(), x1.get(), nullptr, ctx.get()) !=
                1) {
            throw_openssl_error("EC_POINT_mul(k*G)");
        }
        BignumPtr r = new_bn();
        if (BN_nnmod(r.get(), x1.get(), n, ctx.get()) != 1) throw_openssl_error("BN_nnmod(r)");
        if (BN_is_zero(r.get())) continue;  // RFC 6979 3.4: next k

        // s = k^-1 (e + r*d) mod n, with k^-1 = k^(n-2) mod n (n is prime).
        BignumPtr s = new_bn();
        if (BN_mod_exp_mont_consttime(k_inv.get(), k.get(), n_minus_2.get(), n, ctx.get(),
                                      EC_GROUP_get_mont_data(group)) != 1 ||
            BN_mod_mul(tmp.get(), r.get(), d.get(), n, ctx.get()) != 1 ||
            BN_mod_add(tmp.get(), tmp.get(), e.get(), n, ctx.get()) != 1 ||
            BN_mod_mul(s.get(), k_inv.get(), tmp.get(), n, ctx.get()) != 1) {
            throw_openssl_error("ECDSA P-256 (RFC 6979): computing s");
        }
        if (BN_is_zero(s.get())) continue;  // RFC 6979 3.4: next k
        return encode_der(std::move(r), std::move(s));
    }
}

Bytes ecdsa_p256_sha256_sign_rfc6979(const EVP_PKEY* key, ByteView message) {
    Bytes digest = sha256(message);
    return ecdsa_p256_sign_digest_rfc6979(key, digest);
}

Bytes ecdsa_p256_sha256_sign_rfc6979_scalar(ByteView private_scalar, ByteView message) {
    Bytes digest = sha256(message);
    return ecdsa_p256_sign_digest_rfc6979_scalar(private_scalar, digest);
}

}  // namespace nk3::crypto
