// Authenticator: boot, the CTAP2 command dispatch and its error mapping, U2F entry, factory
// provisioning.

#include "fido/authenticator.hpp"

#include <stdexcept>

#include "cbor/cbor_error.hpp"
#include "cbor/decode.hpp"
#include "crypto/openssl_error.hpp"
#include "fido/apdu.hpp"
#include "fido/attestation.hpp"
#include "fido/ctap_status.hpp"
#include "fido/panic.hpp"
#include "fido/paths.hpp"
#include "fido/session.hpp"
#include "fido/trussed_rng.hpp"

namespace nk3::fido {

namespace cmd {
inline constexpr std::uint8_t kMakeCredential = 0x01;
inline constexpr std::uint8_t kGetAssertion = 0x02;
inline constexpr std::uint8_t kGetInfo = 0x04;
inline constexpr std::uint8_t kClientPin = 0x06;
inline constexpr std::uint8_t kReset = 0x07;
inline constexpr std::uint8_t kGetNextAssertion = 0x08;
inline constexpr std::uint8_t kCredentialManagement = 0x0A;
inline constexpr std::uint8_t kSelection = 0x0B;
inline constexpr std::uint8_t kCredentialManagementPreview = 0x41;
}  // namespace cmd

struct Authenticator::Impl : Session {
    using Session::Session;
};

namespace {

Reply status_reply(std::uint8_t code) {
    return Reply{{code}, false, {}};
}

// Request maps nest at most four deep (CTAP 2.1, 8); the limit leaves room for that.
constexpr cbor::DecodeLimits kRequestLimits{.max_depth = 8};

cbor::Value parse_params(crypto::ByteView params) {
    if (params.empty()) throw CtapError(status::kMissingParameter, "no parameters");
    return cbor::decode(params, kRequestLimits);
}

void no_params(crypto::ByteView params) {
    if (!params.empty()) throw CtapError(status::kInvalidLength, "unexpected parameters");
}

}  // namespace

Authenticator::Authenticator(fs::Filesystem& internal, const AuthenticatorConfig& config,
                             Platform& platform)
    : impl_(std::make_unique<Impl>(internal, config, platform)) {}

Authenticator::~Authenticator() = default;

BootOutcome Authenticator::boot() {
    Session& s = *impl_;
    BootOutcome out;
    s.booted = true;
    // A diagnostic look at the files (reads only). The application itself loads its state
    // lazily at the first request (Session::begin_request), as the real one does.
    const auto loaded = load_state(s.fs, s.default_state());
    out.state_missing = loaded.missing;
    out.state_was_corrupt = loaded.corrupt;
    out.state_loaded = !loaded.missing && !loaded.corrupt;
    out.attestation_present = load_attestation(s.fs).has_value();
    // The state file is created lazily, so only one that exists and does not parse is unusable.
    if (loaded.corrupt && s.config.on_state_file_corrupt == StateFileCorrupt::halt) {
        s.halted = true;
        out.halted = true;
        return out;
    }
    s.regenerate_key_agreement();
    s.token.reset(s.rng());
    return out;
}

bool Authenticator::halted() const {
    return impl_->halted;
}

bool Authenticator::trussed_rng_seeded() const {
    return impl_->trussed_rng_seeded;
}

void Authenticator::set_trussed_rng_seeded(bool seeded) {
    impl_->trussed_rng_seeded = seeded;
}

Reply Authenticator::cbor(crypto::ByteView request, Presence presence) {
    Session& s = *impl_;
    if (!s.booted) boot();
    if (s.halted) return status_reply(status::kOther);
    try {
        s.begin_request();
    } catch (const fs::FsError& e) {
        throw Panic(std::string("filesystem error: ") + e.what());
    }
    if (request.empty()) return status_reply(status::kInvalidLength);
    const std::uint8_t command = request[0];
    const auto params = request.subspan(1);
    if (command != cmd::kGetNextAssertion) s.pending_assertions.reset();
    if (command != cmd::kCredentialManagement && command != cmd::kCredentialManagementPreview) {
        s.rp_cursor.reset();
        s.cred_cursor.reset();
    }
    try {
        if (request.size() > s.config.max_msg_size)
            throw CtapError(status::kRequestTooLarge, "request too large");
        switch (command) {
            case cmd::kGetInfo:
                no_params(params);
                return get_info(s);
            case cmd::kMakeCredential:
                return make_credential(s, parse_params(params), presence);
            case cmd::kGetAssertion:
                return get_assertion(s, parse_params(params), presence);
            case cmd::kGetNextAssertion:
                no_params(params);
                return get_next_assertion(s);
            case cmd::kClientPin:
                return client_pin(s, parse_params(params));
            case cmd::kReset:
                no_params(params);
                return reset(s, presence);
            case cmd::kCredentialManagement:
            case cmd::kCredentialManagementPreview:
                return credential_management(s, parse_params(params));
            case cmd::kSelection:
                no_params(params);
                return selection(presence);
            default:
                return status_reply(status::kInvalidCommand);
        }
    } catch (const Panic&) {
        throw;
    } catch (const CtapError& e) {
        return status_reply(e.status());
    } catch (const cbor::CborError& e) {
        return status_reply(e.status());
    } catch (const fs::FsError& e) {
        // trussed's syscall! unwraps every filesystem error the application does not handle
        // itself: the firmware panics.
        throw Panic(std::string("filesystem error: ") + e.what());
    } catch (const crypto::CryptoError&) {
        return status_reply(status::kOther);
    } catch (const std::logic_error&) {
        // A bug, not the request's fault; the key answers CTAP1_ERR_OTHER rather than crash.
        return status_reply(status::kOther);
    }
}

Reply Authenticator::u2f(crypto::ByteView apdu, Presence presence) {
    Session& s = *impl_;
    if (!s.booted) boot();
    if (s.halted) return Reply{{0x6F, 0x00}, false, {}};
    s.pending_assertions.reset();
    try {
        // An APDU that does not parse is answered before the application touches trussed.
        if (parse_apdu(apdu)) s.begin_request();
        return u2f_message(s, apdu, presence);
    } catch (const Panic&) {
        throw;
    } catch (const fs::FsError& e) {
        throw Panic(std::string("filesystem error: ") + e.what());
    } catch (const crypto::CryptoError&) {
        return Reply{{0x6F, 0x00}, false, {}};
    }
}

void Authenticator::provision(fs::Filesystem& internal, const AuthenticatorConfig& config,
                              const crypto::CertificateAuthority& ca, crypto::Drbg& drbg) {
    // The provisioner generates the attestation key through trussed, whose first request writes
    // trussed/dat/rng-state.bin: a key leaves the factory with it (so the first request in the
    // field replaces the file, which littlefs does atomically, instead of creating it, which
    // commits an empty file first). Then the attestation. No state file: the real application
    // creates it lazily, at its first state write (fido-authenticator 0.1.1 `src/state.rs`
    // PersistentState::save).
    write_trussed_rng_state(internal, drbg);
    write_attestation(internal, ca, config.aaguid, drbg);
}

}  // namespace nk3::fido
