#pragma once
// Building libfido2 requests (makeCredential, getAssertion) for the conformance tests, and
// keeping what a test needs of a made credential to use and verify it later.

#include <fido.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rig/link/fido_handles.hpp"

namespace nk3::rig::conformance {

using Bytes = std::vector<std::uint8_t>;

// SHA-256 of `label`: a clientDataHash that differs per use.
Bytes client_data_hash(std::string_view label);

struct CredentialRequest {
    std::string rp_id = "example.org";
    std::string rp_name = "Example";
    Bytes user_id = {0xa1, 0x1c, 0xe0};
    std::string user_name = "alice";
    std::string display_name = "Alice";
    int alg = COSE_ES256;
    bool resident = false;
    int extensions = 0;    // FIDO_EXT_CRED_PROTECT | FIDO_EXT_HMAC_SECRET
    int cred_protect = 0;  // FIDO_CRED_PROT_*; 0: not asked
    std::vector<Bytes> exclude;
    std::string client_data = "makeCredential";
};

// A fido_cred_t ready for fido_dev_make_cred. Throws FidoError when libfido2 refuses a field.
CredPtr credential_request(const CredentialRequest& request);

// What a test keeps of a credential the key made.
struct Credential {
    std::string rp_id;
    Bytes id;
    Bytes public_key;  // as fido_cred_pubkey_ptr gives it (ES256: x || y; EdDSA: 32 bytes)
    int alg = 0;
    Bytes user_id;
};

Credential credential_of(const fido_cred_t* cred);

struct AssertionRequest {
    std::string rp_id = "example.org";
    std::vector<Bytes> allow;        // empty: discoverable credentials
    std::optional<bool> up;          // nullopt: option omitted (the authenticator's default: true)
    std::optional<Bytes> hmac_salt;  // 32 or 64 bytes: hmac-secret extension
    std::string client_data = "getAssertion";
};

AssertPtr assertion_request(const AssertionRequest& request);

// fido_assert_verify of statement `idx` with the credential's public key: FIDO_OK when the
// signature over authenticatorData || clientDataHash verifies.
int verify_assertion(const fido_assert_t* assertion, std::size_t idx, const Credential& cred);

Bytes cred_id(const fido_cred_t* cred);
Bytes assert_id(const fido_assert_t* assertion, std::size_t idx);
Bytes assert_user_id(const fido_assert_t* assertion, std::size_t idx);
Bytes hmac_secret(const fido_assert_t* assertion, std::size_t idx);

}  // namespace nk3::rig::conformance
