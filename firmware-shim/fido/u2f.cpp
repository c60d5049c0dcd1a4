// CTAP1/U2F over CTAPHID_MSG (FIDO U2F Raw Message Formats): VERSION, REGISTER, AUTHENTICATE.
// Key handles are non-resident ES256 credential ids with the application parameter as rpIdHash,
// so a U2F registration also answers CTAP2 getAssertion for the matching rpId.

#include "crypto/ec_p256.hpp"
#include "fido/apdu.hpp"
#include "fido/attestation.hpp"
#include "fido/credential_id.hpp"
#include "fido/panic.hpp"
#include "fido/session.hpp"

namespace nk3::fido {

namespace {

namespace sw {
inline constexpr std::uint16_t kOk = 0x9000;
inline constexpr std::uint16_t kConditionsNotSatisfied = 0x6985;
inline constexpr std::uint16_t kWrongData = 0x6A80;
inline constexpr std::uint16_t kWrongLength = 0x6700;
inline constexpr std::uint16_t kInsNotSupported = 0x6D00;
inline constexpr std::uint16_t kClaNotSupported = 0x6E00;
inline constexpr std::uint16_t kUnknown = 0x6F00;
inline constexpr std::uint16_t kKeyReferenceNotFound = 0x6A88;
}  // namespace sw

inline constexpr std::uint8_t kRegister = 0x01;
inline constexpr std::uint8_t kAuthenticate = 0x02;
inline constexpr std::uint8_t kVersion = 0x03;
inline constexpr std::uint8_t kCheckOnly = 0x07;
inline constexpr std::uint8_t kEnforce = 0x03;
inline constexpr std::uint8_t kDontEnforce = 0x08;

Reply respond(crypto::Bytes data, std::uint16_t status) {
    data.push_back(static_cast<std::uint8_t>(status >> 8));
    data.push_back(static_cast<std::uint8_t>(status));
    return Reply{std::move(data), false, {}};
}

Reply status_only(std::uint16_t status) {
    return respond({}, status);
}

Reply do_register(Session& s, const Apdu& a, Presence presence) {
    if (a.data.size() != 64) return status_only(sw::kWrongLength);
    const crypto::ByteView challenge(a.data.data(), 32);
    const crypto::ByteView application(a.data.data() + 32, 32);
    if (presence != Presence::granted) return status_only(sw::kConditionsNotSatisfied);

    // fido-authenticator 0.1.1 `src/ctap1.rs` register: key_wrapping_key() (first use: key file
    // + state), timestamp() (state write), key_encryption_key() (first use: key file + state),
    // then the attestation: without a key KEY_REFERENCE_NOT_FOUND (after those writes), with a
    // key but no certificate a panic.
    auto key = CredentialKey::generate(Alg::es256, s.rng());
    auto wrapping = s.kwk();
    if (!wrapping) throw Panic("key-wrapping key file missing or malformed");
    (void)s.use_counter();
    auto encryption = s.kek();
    if (!encryption) throw Panic("key-encryption key file missing or malformed");
    const DeviceKeys keys{std::move(*encryption), std::move(*wrapping)};
    const auto handle =
        wrap_credential_id(keys, application, WrappedCredential{key, 1, false}, s.rng());
    auto attestation = attestation_identity(s.fs).attestation;
    if (!attestation) return status_only(sw::kKeyReferenceNotFound);
    const auto pub = key.uncompressed_public_key();
    crypto::Bytes signed_data{0x00};
    signed_data.insert(signed_data.end(), application.begin(), application.end());
    signed_data.insert(signed_data.end(), challenge.begin(), challenge.end());
    signed_data.insert(signed_data.end(), handle.begin(), handle.end());
    signed_data.insert(signed_data.end(), pub.begin(), pub.end());

    crypto::Bytes out{0x05};
    out.insert(out.end(), pub.begin(), pub.end());
    out.push_back(static_cast<std::uint8_t>(handle.size()));
    out.insert(out.end(), handle.begin(), handle.end());
    out.insert(out.end(), attestation->certificate_der.begin(), attestation->certificate_der.end());
    const auto sig = attestation->key.sign_es256(signed_data);
    out.insert(out.end(), sig.begin(), sig.end());
    return respond(std::move(out), sw::kOk);
}

Reply do_authenticate(Session& s, const Apdu& a, Presence presence) {
    if (a.data.size() < 65 || a.data.size() != 65u + a.data[64])
        return status_only(sw::kWrongLength);
    if (a.p1 != kCheckOnly && a.p1 != kEnforce && a.p1 != kDontEnforce)
        return status_only(sw::kWrongData);
    const crypto::ByteView challenge(a.data.data(), 32);
    const crypto::ByteView application(a.data.data() + 32, 32);
    const crypto::ByteView handle(a.data.data() + 65, a.data[64]);
    // Credential::try_from_bytes: the key-encryption key (created on first use).
    std::optional<OpenedCredentialId> opened;
    if (const auto kek = s.kek()) opened = open_credential_id(*kek, application, handle);
    // U2F has no user verification: credProtect uvRequired credentials are not usable here.
    if (!opened || opened->cred_protect == 3) return status_only(sw::kWrongData);
    if (a.p1 == kCheckOnly) return status_only(sw::kConditionsNotSatisfied);
    if (a.p1 == kEnforce && presence != Presence::granted)
        return status_only(sw::kConditionsNotSatisfied);
    const auto kwk = s.kwk();  // created on first use
    if (!kwk) throw Panic("key-wrapping key file missing or malformed");
    auto unwrapped = unwrap_private_key(*kwk, *opened);
    if (!unwrapped || unwrapped->alg() != Alg::es256) return status_only(sw::kWrongData);
    std::optional<WrappedCredential> c =
        WrappedCredential{std::move(*unwrapped), opened->cred_protect, opened->hmac_secret};

    const std::uint8_t user_presence = a.p1 == kEnforce ? 0x01 : 0x00;
    const auto counter = s.use_counter();
    crypto::Bytes out{user_presence};
    for (int i = 3; i >= 0; --i)
        out.push_back(static_cast<std::uint8_t>(counter >> (8 * i)));
    crypto::Bytes signed_data(application.begin(), application.end());
    signed_data.insert(signed_data.end(), out.begin(), out.end());
    signed_data.insert(signed_data.end(), challenge.begin(), challenge.end());
    const auto sig = c->key.sign(signed_data);
    out.insert(out.end(), sig.begin(), sig.end());
    return respond(std::move(out), sw::kOk);
}

}  // namespace

Reply u2f_message(Session& s, crypto::ByteView raw, Presence presence) {
    const auto a = parse_apdu(raw);
    if (!a) return status_only(sw::kWrongLength);
    if (a->cla != 0) return status_only(sw::kClaNotSupported);
    switch (a->ins) {
        case kVersion:
            if (!a->data.empty()) return status_only(sw::kWrongLength);
            return respond({'U', '2', 'F', '_', 'V', '2'}, sw::kOk);
        case kRegister:
            return do_register(s, *a, presence);
        case kAuthenticate:
            return do_authenticate(s, *a, presence);
        default:
            return status_only(sw::kInsNotSupported);
    }
}

}  // namespace nk3::fido
