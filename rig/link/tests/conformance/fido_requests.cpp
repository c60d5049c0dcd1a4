// Request builders and verification helpers of the conformance tests.
#include "fido_requests.hpp"

#include <fido/eddsa.h>
#include <fido/es256.h>

#include <stdexcept>

#include "crypto/sha.hpp"
#include "rig/link/fido_error.hpp"

namespace nk3::rig::conformance {

namespace {

Bytes blob(const unsigned char* ptr, std::size_t len) {
    if (ptr == nullptr) return {};
    return Bytes(ptr, ptr + len);
}

fido_opt_t opt(bool value) {
    return value ? FIDO_OPT_TRUE : FIDO_OPT_FALSE;
}

}  // namespace

Bytes client_data_hash(std::string_view label) {
    const auto* p = reinterpret_cast<const std::uint8_t*>(label.data());
    return crypto::sha256(crypto::ByteView(p, label.size()));
}

CredPtr credential_request(const CredentialRequest& r) {
    CredPtr cred = make_cred();
    const Bytes cdh = client_data_hash(r.client_data);
    check_fido(fido_cred_set_type(cred.get(), r.alg), "fido_cred_set_type");
    check_fido(fido_cred_set_clientdata_hash(cred.get(), cdh.data(), cdh.size()),
               "fido_cred_set_clientdata_hash");
    check_fido(fido_cred_set_rp(cred.get(), r.rp_id.c_str(), r.rp_name.c_str()),
               "fido_cred_set_rp");
    check_fido(fido_cred_set_user(cred.get(), r.user_id.data(), r.user_id.size(),
                                  r.user_name.c_str(), r.display_name.c_str(), nullptr),
               "fido_cred_set_user");
    if (r.resident) check_fido(fido_cred_set_rk(cred.get(), FIDO_OPT_TRUE), "fido_cred_set_rk");
    if (r.extensions != 0) {
        check_fido(fido_cred_set_extensions(cred.get(), r.extensions), "fido_cred_set_extensions");
    }
    if (r.cred_protect != 0) {
        check_fido(fido_cred_set_prot(cred.get(), r.cred_protect), "fido_cred_set_prot");
    }
    for (const Bytes& id : r.exclude) {
        check_fido(fido_cred_exclude(cred.get(), id.data(), id.size()), "fido_cred_exclude");
    }
    return cred;
}

Credential credential_of(const fido_cred_t* cred) {
    Credential c;
    c.rp_id = fido_cred_rp_id(cred) ? fido_cred_rp_id(cred) : "";
    c.id = cred_id(cred);
    c.public_key = blob(fido_cred_pubkey_ptr(cred), fido_cred_pubkey_len(cred));
    c.alg = fido_cred_type(cred);
    c.user_id = blob(fido_cred_user_id_ptr(cred), fido_cred_user_id_len(cred));
    return c;
}

AssertPtr assertion_request(const AssertionRequest& r) {
    AssertPtr a = make_assert();
    const Bytes cdh = client_data_hash(r.client_data);
    check_fido(fido_assert_set_clientdata_hash(a.get(), cdh.data(), cdh.size()),
               "fido_assert_set_clientdata_hash");
    check_fido(fido_assert_set_rp(a.get(), r.rp_id.c_str()), "fido_assert_set_rp");
    for (const Bytes& id : r.allow) {
        check_fido(fido_assert_allow_cred(a.get(), id.data(), id.size()), "fido_assert_allow_cred");
    }
    if (r.up) check_fido(fido_assert_set_up(a.get(), opt(*r.up)), "fido_assert_set_up");
    if (r.hmac_salt) {
        check_fido(fido_assert_set_extensions(a.get(), FIDO_EXT_HMAC_SECRET),
                   "fido_assert_set_extensions");
        check_fido(fido_assert_set_hmac_salt(a.get(), r.hmac_salt->data(), r.hmac_salt->size()),
                   "fido_assert_set_hmac_salt");
    }
    return a;
}

int verify_assertion(const fido_assert_t* assertion, std::size_t idx, const Credential& cred) {
    switch (cred.alg) {
        case COSE_ES256: {
            Es256PkPtr pk = make_es256_pk();
            const int r =
                es256_pk_from_ptr(pk.get(), cred.public_key.data(), cred.public_key.size());
            if (r != FIDO_OK) return r;
            return fido_assert_verify(assertion, idx, COSE_ES256, pk.get());
        }
        case COSE_EDDSA: {
            EddsaPkPtr pk = make_eddsa_pk();
            const int r =
                eddsa_pk_from_ptr(pk.get(), cred.public_key.data(), cred.public_key.size());
            if (r != FIDO_OK) return r;
            return fido_assert_verify(assertion, idx, COSE_EDDSA, pk.get());
        }
        default:
            throw std::invalid_argument("verify_assertion: unsupported algorithm");
    }
}

Bytes cred_id(const fido_cred_t* cred) {
    return blob(fido_cred_id_ptr(cred), fido_cred_id_len(cred));
}

Bytes assert_id(const fido_assert_t* a, std::size_t idx) {
    return blob(fido_assert_id_ptr(a, idx), fido_assert_id_len(a, idx));
}

Bytes assert_user_id(const fido_assert_t* a, std::size_t idx) {
    return blob(fido_assert_user_id_ptr(a, idx), fido_assert_user_id_len(a, idx));
}

Bytes hmac_secret(const fido_assert_t* a, std::size_t idx) {
    return blob(fido_assert_hmac_secret_ptr(a, idx), fido_assert_hmac_secret_len(a, idx));
}

}  // namespace nk3::rig::conformance
