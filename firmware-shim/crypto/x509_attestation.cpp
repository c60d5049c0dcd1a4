#include "crypto/x509_attestation.hpp"

#include <openssl/core_names.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <ctime>
#include <utility>
#include <vector>

#include "crypto/op_counters.hpp"
#include "crypto/openssl_error.hpp"
#include "crypto/ossl_handles.hpp"
#include "crypto/sha.hpp"

namespace nk3::crypto {

namespace {

using NameEntry = std::pair<const char*, std::string>;

X509NamePtr make_name(const std::vector<NameEntry>& entries) {
    X509NamePtr name{X509_NAME_new()};
    if (!name) throw_openssl_error("X509_NAME_new");
    for (const auto& [field, value] : entries) {
        if (X509_NAME_add_entry_by_txt(name.get(), field, MBSTRING_UTF8,
                                       reinterpret_cast<const unsigned char*>(value.c_str()), -1,
                                       -1, 0) != 1) {
            throw_openssl_error("X509_NAME_add_entry_by_txt");
        }
    }
    return name;
}

// A positive, non-zero 64-bit serial number derived from `material` (SHA-256, first 8 bytes,
// top bit cleared): deterministic, and distinct for distinct keys with overwhelming probability.
void set_serial(X509* cert, ByteView material) {
    Bytes digest = sha256(material);
    digest.resize(8);
    digest[0] &= 0x7f;
    digest[7] |= 0x01;
    BignumPtr bn{BN_bin2bn(digest.data(), static_cast<int>(digest.size()), nullptr)};
    if (!bn) throw_openssl_error("BN_bin2bn(serial)");
    if (BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert)) == nullptr) {
        throw_openssl_error("BN_to_ASN1_INTEGER(serial)");
    }
}

void set_validity(X509* cert) {
    if (ASN1_TIME_set_string_X509(X509_getm_notBefore(cert), kValidityNotBefore) != 1 ||
        ASN1_TIME_set_string_X509(X509_getm_notAfter(cert), kValidityNotAfter) != 1) {
        throw_openssl_error("ASN1_TIME_set_string_X509");
    }
}

void add_conf_extension(X509* cert, X509* issuer, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509ExtensionPtr ext{X509V3_EXT_nconf_nid(nullptr, &ctx, nid, value)};
    if (!ext) throw_openssl_error("X509V3_EXT_nconf_nid");
    if (X509_add_ext(cert, ext.get(), -1) != 1) throw_openssl_error("X509_add_ext");
}

void add_aaguid_extension(X509* cert, ByteView aaguid) {
    // extnValue = OCTET STRING { OCTET STRING (16) aaguid }: X509_EXTENSION holds the outer
    // OCTET STRING's contents, i.e. the DER of the inner OCTET STRING.
    Bytes inner{0x04, static_cast<std::uint8_t>(kAaguidSize)};
    inner.insert(inner.end(), aaguid.begin(), aaguid.end());
    Asn1OctetStringPtr data{ASN1_OCTET_STRING_new()};
    if (!data ||
        ASN1_OCTET_STRING_set(data.get(), inner.data(), static_cast<int>(inner.size())) != 1) {
        throw_openssl_error("ASN1_OCTET_STRING_set");
    }
    Asn1ObjectPtr oid{OBJ_txt2obj(kAaguidExtensionOid, 1)};
    if (!oid) throw_openssl_error("OBJ_txt2obj(AAGUID OID)");
    X509ExtensionPtr ext{X509_EXTENSION_create_by_OBJ(nullptr, oid.get(), 0, data.get())};
    if (!ext) throw_openssl_error("X509_EXTENSION_create_by_OBJ");
    if (X509_add_ext(cert, ext.get(), -1) != 1) throw_openssl_error("X509_add_ext(AAGUID)");
}

X509Ptr new_v3_certificate(const P256KeyPair& subject_key) {
    X509Ptr cert{X509_new()};
    if (!cert) throw_openssl_error("X509_new");
    if (X509_set_version(cert.get(), X509_VERSION_3) != 1) throw_openssl_error("X509_set_version");
    set_validity(cert.get());
    if (X509_set_pubkey(cert.get(), subject_key.native()) != 1) {
        throw_openssl_error("X509_set_pubkey");
    }
    return cert;
}

// Parses exactly one DER certificate; nullptr (errors cleared) if malformed or trailing bytes.
X509Ptr from_der(ByteView der) {
    if (der.empty()) return X509Ptr{};
    const unsigned char* p = der.data();
    X509Ptr cert{d2i_X509(nullptr, &p, static_cast<long>(der.size()))};
    if (!cert || p != der.data() + der.size()) {
        clear_openssl_errors();
        return X509Ptr{};
    }
    return cert;
}

constexpr std::uint8_t kDerBitString = 0x03;
constexpr std::uint8_t kDerSequence = 0x30;  // SEQUENCE, constructed

// DER tag || definite length (X.690 8.1.3) || contents.
Bytes der_tlv(std::uint8_t tag, ByteView contents) {
    Bytes out{tag};
    const std::size_t len = contents.size();
    if (len < 0x80) {
        out.push_back(static_cast<std::uint8_t>(len));
    } else {
        Bytes octets;
        for (std::size_t rest = len; rest != 0; rest >>= 8) {
            octets.insert(octets.begin(), static_cast<std::uint8_t>(rest & 0xff));
        }
        out.push_back(static_cast<std::uint8_t>(0x80 | octets.size()));
        out.insert(out.end(), octets.begin(), octets.end());
    }
    out.insert(out.end(), contents.begin(), contents.end());
    return out;
}

// The DER of tbsCertificate, re-encoded from the current fields (i2d_re_X509_tbs).
Bytes tbs_der(X509* cert) {
    const int len = i2d_re_X509_tbs(cert, nullptr);
    if (len <= 0) throw_openssl_error("i2d_re_X509_tbs");
    Bytes der(static_cast<std::size_t>(len));
    unsigned char* p = der.data();
    if (i2d_re_X509_tbs(cert, &p) != len) throw_openssl_error("i2d_re_X509_tbs");
    return der;
}

Bytes algorithm_der(const X509_ALGOR* alg) {
    const int len = i2d_X509_ALGOR(alg, nullptr);
    if (len <= 0) throw_openssl_error("i2d_X509_ALGOR");
    Bytes der(static_cast<std::size_t>(len));
    unsigned char* p = der.data();
    if (i2d_X509_ALGOR(alg, &p) != len) throw_openssl_error("i2d_X509_ALGOR");
    return der;
}

// Signs `cert` with `issuer_key` (ECDSA-SHA-256) and returns the Certificate DER, byte-for-byte
// reproducible. X509_sign runs only to fill in both AlgorithmIdentifiers (tbsCertificate.signature
// and signatureAlgorithm: ecdsa-with-SHA256, no parameters) exactly as OpenSSL encodes them; its
// signature value, whose nonce comes from OpenSSL's RAND, is discarded. The tbsCertificate is then
// signed with the RFC 6979 signer (P256KeyPair::sign_es256) and the certificate assembled as
// SEQUENCE { tbsCertificate, signatureAlgorithm, BIT STRING (no unused bits) signature }.
Bytes sign_certificate(X509* cert, const P256KeyPair& issuer_key) {
    if (X509_sign(cert, issuer_key.native(), EVP_sha256()) <= 0) throw_openssl_error("X509_sign");
    const ASN1_BIT_STRING* discarded = nullptr;
    const X509_ALGOR* outer_alg = nullptr;
    X509_get0_signature(&discarded, &outer_alg, cert);
    if (outer_alg == nullptr || X509_ALGOR_cmp(outer_alg, X509_get0_tbs_sigalg(cert)) != 0) {
        throw_crypto_error("sign_certificate: signature algorithms do not match");
    }
    const Bytes tbs = tbs_der(cert);
    Bytes signature_bits{0x00};  // BIT STRING initial octet: 0 unused bits
    const Bytes signature = issuer_key.sign_es256(tbs);
    signature_bits.insert(signature_bits.end(), signature.begin(), signature.end());

    Bytes body = tbs;
    const Bytes alg = algorithm_der(outer_alg);
    body.insert(body.end(), alg.begin(), alg.end());
    const Bytes bit_string = der_tlv(kDerBitString, signature_bits);
    body.insert(body.end(), bit_string.begin(), bit_string.end());
    // Not parsed back here (d2i_X509 costs about three signatures); the tests check that the
    // result parses, passes X509_verify and verify_chain, and pin its bytes.
    return der_tlv(kDerSequence, body);
}

std::string name_to_string(const X509_NAME* name) {
    BioPtr bio{BIO_new(BIO_s_mem())};
    if (!bio) throw_openssl_error("BIO_new");
    if (X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253) < 0) {
        throw_openssl_error("X509_NAME_print_ex");
    }
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(len));
}

std::optional<std::int64_t> to_unix_time(const ASN1_TIME* t) {
    std::tm tm{};
    if (ASN1_TIME_to_tm(t, &tm) != 1) return std::nullopt;
    return static_cast<std::int64_t>(timegm(&tm));
}

std::vector<NameEntry> ca_subject() {
    return {{"C", "DE"}, {"O", "nk3rig"}, {"CN", kTestCaCommonName}};
}

}  // namespace

CertificateAuthority create_test_ca(Drbg& drbg) {
    P256KeyPair key = P256KeyPair::generate(drbg);
    X509Ptr cert = new_v3_certificate(key);
    set_serial(cert.get(), key.public_key().uncompressed());
    const X509NamePtr name = make_name(ca_subject());
    if (X509_set_subject_name(cert.get(), name.get()) != 1 ||
        X509_set_issuer_name(cert.get(), name.get()) != 1) {
        throw_openssl_error("X509_set_subject/issuer_name");
    }
    add_conf_extension(cert.get(), cert.get(), NID_basic_constraints, "critical,CA:TRUE");
    add_conf_extension(cert.get(), cert.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
    add_conf_extension(cert.get(), cert.get(), NID_subject_key_identifier, "hash");
    add_conf_extension(cert.get(), cert.get(), NID_authority_key_identifier, "keyid:always");
    Bytes der = sign_certificate(cert.get(), key);
    return CertificateAuthority{std::move(key), std::move(der)};
}

AttestationIdentity issue_attestation_certificate(const CertificateAuthority& ca, ByteView aaguid,
                                                  Drbg& drbg, std::string_view common_name) {
    if (aaguid.size() != kAaguidSize) throw_crypto_error("attestation: AAGUID must be 16 bytes");
    if (common_name.empty()) throw_crypto_error("attestation: empty common name");
    const X509Ptr ca_cert = from_der(ca.certificate_der);
    if (!ca_cert) throw_crypto_error("attestation: CA certificate does not parse");

    P256KeyPair key = P256KeyPair::generate(drbg);
    X509Ptr cert = new_v3_certificate(key);
    Bytes serial_material(aaguid.begin(), aaguid.end());
    const Bytes pub = key.public_key().uncompressed();
    serial_material.insert(serial_material.end(), pub.begin(), pub.end());
    set_serial(cert.get(), serial_material);

    const X509NamePtr subject = make_name({{"C", "DE"},
                                           {"O", "nk3rig"},
                                           {"OU", "Authenticator Attestation"},
                                           {"CN", std::string(common_name)}});
    if (X509_set_subject_name(cert.get(), subject.get()) != 1 ||
        X509_set_issuer_name(cert.get(), X509_get_subject_name(ca_cert.get())) != 1) {
        throw_openssl_error("X509_set_subject/issuer_name");
    }
    add_conf_extension(cert.get(), ca_cert.get(), NID_basic_constraints, "critical,CA:FALSE");
    add_conf_extension(cert.get(), ca_cert.get(), NID_key_usage, "critical,digitalSignature");
    add_conf_extension(cert.get(), ca_cert.get(), NID_subject_key_identifier, "hash");
    add_conf_extension(cert.get(), ca_cert.get(), NID_authority_key_identifier, "keyid:always");
    add_aaguid_extension(cert.get(), aaguid);
    Bytes der = sign_certificate(cert.get(), ca.key);
    return AttestationIdentity{std::move(key), std::move(der)};
}

bool verify_chain(ByteView leaf_der, ByteView ca_der, std::optional<std::int64_t> at_unix_time) {
    const X509Ptr leaf = from_der(leaf_der);
    const X509Ptr ca = from_der(ca_der);
    if (!leaf || !ca) return false;
    X509StorePtr store{X509_STORE_new()};
    X509StoreCtxPtr ctx{X509_STORE_CTX_new()};
    if (!store || !ctx) throw_openssl_error("X509_STORE(_CTX)_new");
    if (X509_STORE_add_cert(store.get(), ca.get()) != 1) {
        clear_openssl_errors();
        return false;
    }
    if (X509_STORE_CTX_init(ctx.get(), store.get(), leaf.get(), nullptr) != 1) {
        throw_openssl_error("X509_STORE_CTX_init");
    }
    X509_STORE_CTX_set_flags(ctx.get(), X509_V_FLAG_X509_STRICT);
    if (at_unix_time) X509_STORE_CTX_set_time(ctx.get(), 0, static_cast<time_t>(*at_unix_time));
    const bool ok = X509_verify_cert(ctx.get()) == 1;
    clear_openssl_errors();
    return ok;
}

std::string certificate_der_to_pem(ByteView der) {
    const X509Ptr cert = from_der(der);
    if (!cert) throw_crypto_error("certificate_der_to_pem: DER does not parse");
    BioPtr bio{BIO_new(BIO_s_mem())};
    if (!bio) throw_openssl_error("BIO_new");
    if (PEM_write_bio_X509(bio.get(), cert.get()) != 1) throw_openssl_error("PEM_write_bio_X509");
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(len));
}

std::optional<CertificateInfo> parse_certificate(ByteView der) {
    count_op(CryptoOp::x509_parse);
    const X509Ptr cert = from_der(der);
    if (!cert) return std::nullopt;
    CertificateInfo info;
    info.version = X509_get_version(cert.get()) + 1;

    BignumPtr serial{ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert.get()), nullptr)};
    if (!serial) throw_openssl_error("ASN1_INTEGER_to_BN");
    info.serial.resize(static_cast<std::size_t>(BN_num_bytes(serial.get())));
    BN_bn2bin(serial.get(), info.serial.data());

    info.subject = name_to_string(X509_get_subject_name(cert.get()));
    info.issuer = name_to_string(X509_get_issuer_name(cert.get()));

    int critical = -1;
    auto* bc = static_cast<BASIC_CONSTRAINTS*>(
        X509_get_ext_d2i(cert.get(), NID_basic_constraints, &critical, nullptr));
    if (bc != nullptr) {
        info.basic_constraints_ca = bc->ca != 0;
        BASIC_CONSTRAINTS_free(bc);
    }

    const Asn1ObjectPtr oid{OBJ_txt2obj(kAaguidExtensionOid, 1)};
    if (!oid) throw_openssl_error("OBJ_txt2obj(AAGUID OID)");
    const int index = X509_get_ext_by_OBJ(cert.get(), oid.get(), -1);
    if (index >= 0) {
        X509_EXTENSION* ext = X509_get_ext(cert.get(), index);
        info.aaguid_extension_critical = X509_EXTENSION_get_critical(ext) != 0;
        const ASN1_OCTET_STRING* outer = X509_EXTENSION_get_data(ext);
        const unsigned char* p = ASN1_STRING_get0_data(outer);
        const long outer_len = ASN1_STRING_length(outer);
        Asn1OctetStringPtr inner{d2i_ASN1_OCTET_STRING(nullptr, &p, outer_len)};
        if (inner && p == ASN1_STRING_get0_data(outer) + outer_len) {
            const unsigned char* d = ASN1_STRING_get0_data(inner.get());
            info.aaguid = Bytes(d, d + ASN1_STRING_length(inner.get()));
        }
        clear_openssl_errors();
    }

    const EVP_PKEY* pkey = X509_get0_pubkey(cert.get());
    if (pkey != nullptr && EVP_PKEY_is_a(pkey, "EC")) {
        char group[64] = {};
        std::size_t group_len = 0;
        Bytes point(kP256UncompressedSize);
        std::size_t point_len = 0;
        if (EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group),
                                           &group_len) == 1 &&
            std::string_view(group, group_len) == "prime256v1" &&
            EVP_PKEY_get_octet_string_param(pkey, OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                            point.size(), &point_len) == 1 &&
            point_len == kP256UncompressedSize && point[0] == 0x04) {
            info.public_key_uncompressed = std::move(point);
        }
        clear_openssl_errors();
    }

    const auto not_before = to_unix_time(X509_get0_notBefore(cert.get()));
    const auto not_after = to_unix_time(X509_get0_notAfter(cert.get()));
    if (!not_before || !not_after) {
        clear_openssl_errors();
        return std::nullopt;
    }
    info.not_before = *not_before;
    info.not_after = *not_after;
    return info;
}

}  // namespace nk3::crypto
