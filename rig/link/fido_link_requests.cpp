// Request builders and answer readers of FidoLink.
#include "rig/link/fido_link_requests.hpp"

#include <fido/eddsa.h>
#include <fido/es256.h>

#include <array>

#include "rig/link/fido_handles.hpp"

namespace nk3::rig {

namespace {

constexpr std::array<unsigned char, 32> kClientDataHash = {
    'n', 'k', '3', 'r', 'i', 'g', ' ', 'c', 'l', 'i', 'e', 'n', 't', 'D', 'a', 't',
    'a', 'H', 'a', 's', 'h', ' ', 'o', 'f', ' ', 'a', ' ', 't', 'r', 'i', 'a', 'l'};

}  // namespace

std::span<const unsigned char> client_data_hash() {
    return kClientDataHash;
}

int cose_alg(Alg alg) {
    return alg == Alg::eddsa ? COSE_EDDSA : COSE_ES256;
}

Bytes bytes_of(const unsigned char* ptr, std::size_t len) {
    if (ptr == nullptr) return {};
    return Bytes(ptr, ptr + len);
}

int fill_credential(fido_cred_t* cred, const CredentialRequest& r) {
    int rc = fido_cred_set_type(cred, cose_alg(r.alg));
    if (rc == FIDO_OK)
        rc = fido_cred_set_clientdata_hash(cred, kClientDataHash.data(), kClientDataHash.size());
    if (rc == FIDO_OK) rc = fido_cred_set_rp(cred, r.rp.c_str(), r.rp.c_str());
    if (rc == FIDO_OK)
        rc = fido_cred_set_user(cred, r.user_id.data(), r.user_id.size(), r.user_name.c_str(),
                                r.user_name.c_str(), nullptr);
    if (rc == FIDO_OK && r.resident) rc = fido_cred_set_rk(cred, FIDO_OPT_TRUE);
    if (rc == FIDO_OK && r.cred_protect != 0) rc = fido_cred_set_prot(cred, r.cred_protect);
    for (const Bytes& id : r.exclude) {
        if (rc != FIDO_OK) break;
        rc = fido_cred_exclude(cred, id.data(), id.size());
    }
    return rc;
}

Credential credential_of(const fido_cred_t* cred, const CredentialRequest& r) {
    Credential c;
    c.rp = r.rp;
    c.id = bytes_of(fido_cred_id_ptr(cred), fido_cred_id_len(cred));
    c.public_key = bytes_of(fido_cred_pubkey_ptr(cred), fido_cred_pubkey_len(cred));
    c.alg = r.alg;
    c.user_id = r.user_id;
    c.resident = r.resident;
    return c;
}

Attestation attestation_of(const fido_cred_t* cred) {
    Attestation a;
    const char* fmt = fido_cred_fmt(cred);
    a.format = fmt != nullptr ? fmt : "";
    a.certificate = bytes_of(fido_cred_x5c_ptr(cred), fido_cred_x5c_len(cred));
    a.has_x5c = !a.certificate.empty();
    a.aaguid = bytes_of(fido_cred_aaguid_ptr(cred), fido_cred_aaguid_len(cred));
    a.signature_valid =
        (a.has_x5c ? fido_cred_verify(cred) : fido_cred_verify_self(cred)) == FIDO_OK;
    return a;
}

int fill_assertion(fido_assert_t* a, const std::string& rp, const std::vector<Credential>& allow,
                   bool up) {
    int rc = fido_assert_set_clientdata_hash(a, kClientDataHash.data(), kClientDataHash.size());
    if (rc == FIDO_OK) rc = fido_assert_set_rp(a, rp.c_str());
    for (const Credential& c : allow) {
        if (rc != FIDO_OK) break;
        rc = fido_assert_allow_cred(a, c.id.data(), c.id.size());
    }
    if (rc == FIDO_OK && !up) rc = fido_assert_set_up(a, FIDO_OPT_FALSE);
    return rc;
}

int verify_assertion(const fido_assert_t* a, std::size_t idx, const Credential& cred) {
    if (cred.alg == Alg::eddsa) {
        EddsaPkPtr pk = make_eddsa_pk();
        const int r = eddsa_pk_from_ptr(pk.get(), cred.public_key.data(), cred.public_key.size());
        if (r != FIDO_OK) return r;
        return fido_assert_verify(a, idx, COSE_EDDSA, pk.get());
    }
    Es256PkPtr pk = make_es256_pk();
    const int r = es256_pk_from_ptr(pk.get(), cred.public_key.data(), cred.public_key.size());
    if (r != FIDO_OK) return r;
    return fido_assert_verify(a, idx, COSE_ES256, pk.get());
}

}  // namespace nk3::rig
