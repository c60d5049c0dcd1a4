#pragma once
// What the command handlers share: the filesystem, the configuration, the platform, the
// persistent state as last read or written, and the RAM state of this power-up (key agreement
// key, pinUvAuthToken, PIN mismatches since boot, getNextAssertion and credential management
// iteration). The Authenticator owns one; each command lives in its own file and works on it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cbor/value.hpp"
#include "crypto/ec_p256.hpp"
#include "fido/attestation.hpp"
#include "fido/authenticator.hpp"
#include "fido/device_keys.hpp"
#include "fido/hmac_secret.hpp"
#include "fido/persistent_state.hpp"
#include "fido/pin_token.hpp"
#include "fido/resident_credential.hpp"

namespace nk3::fido {

// One credential found for an assertion (from the allowList or the resident store).
struct FoundCredential {
    crypto::Bytes id;
    CredentialKey key;
    std::uint8_t cred_protect = 1;
    bool hmac_secret = false;
    std::optional<ResidentCredential> resident;  // set for discoverable credentials
};

// What getNextAssertion continues (CTAP 2.1, 6.3).
struct PendingAssertions {
    std::vector<FoundCredential> remaining;
    crypto::Bytes rp_id_hash;
    crypto::Bytes client_data_hash;
    std::uint8_t flags = 0;  // UP / UV of the getAssertion
    bool include_user_details = false;
    std::optional<HmacSecretInput> hmac_secret;
    SimTime started{0};
};

// Credential management enumeration state (enumerateRPs / enumerateCredentials).
struct CredMgmtCursor {
    std::vector<std::string> rp_ids;              // remaining rpIds (enumerateRPs)
    std::vector<ResidentCredential> credentials;  // remaining credentials
};

struct Session {
    Session(fs::Filesystem& fs, const AuthenticatorConfig& config, Platform& platform)
        : fs(fs), config(config), platform(platform) {}

    fs::Filesystem& fs;
    AuthenticatorConfig config;
    Platform& platform;

    bool booted = false;
    bool halted = false;
    // trussed's RAM: whether its DRBG was seeded this power-up (the first trussed request writes
    // trussed/dat/rng-state.bin).
    bool trussed_rng_seeded = false;
    // Whether `state` was read from flash this power-up (lazily, at the first request).
    bool state_loaded = false;
    PersistentState state;

    // RAM state of this power-up.
    std::optional<crypto::P256KeyPair> key_agreement;
    PinToken token;
    unsigned mismatches_since_boot = 0;
    bool assertion_since_boot = false;
    std::optional<PendingAssertions> pending_assertions;
    std::optional<CredMgmtCursor> rp_cursor;
    std::optional<CredMgmtCursor> cred_cursor;

    crypto::Drbg& rng() { return platform.rng(); }
    PersistentState default_state() const;
    // What every CTAP1/CTAP2 request does first: the trussed rng-state write of the first
    // trussed request of a power-up (trussed_rng.hpp), then the lazy state load
    // (fido-authenticator 0.1.1 `src/dispatch.rs` load_if_not_initialised: missing or
    // unparseable -> defaults, silently).
    void begin_request();
    // Saves `next` as the persistent state (one file write) and adopts it.
    void save(const PersistentState& next);

    // The key-encryption and key-wrapping keys, each created on first use as the real
    // key_encryption_key() / key_wrapping_key() do: key file, then a state write naming it.
    // They return the key bytes, or std::nullopt when the state names a key file that is gone
    // or malformed (the caller decides: a decrypt fails, an encrypt or wrap panics).
    std::optional<crypto::Bytes> kek();
    std::optional<crypto::Bytes> kwk();
    // Both keys for sealing a new credential id; Panic when a named key file is unusable
    // (trussed's syscall! on encrypt/wrap with a missing key).
    DeviceKeys sealing_keys();

    // The signature counter for one use (CounterStep): `one`: returns the value and saves +1
    // (fido-authenticator's timestamp()); `random`: adds Drbg 1..256, saves, returns the new
    // value. One state write either way.
    std::uint32_t use_counter();
    bool ctap21() const { return config.ctap_level == CtapLevel::v2_1; }
    // New key agreement key (boot, PIN mismatch, reset).
    void regenerate_key_agreement();
};

// Encodes a successful CTAP2 reply: status 0x00 then the CBOR map (nothing for an empty map).
Reply ctap_ok(const cbor::Value& map);
Reply ctap_ok();

// Presence handling shared by the commands: std::nullopt when granted; the needs-presence reply
// on the first call; throws CtapError for denied (OPERATION_DENIED) and timed out
// (USER_ACTION_TIMEOUT).
std::optional<Reply> await_presence(Presence presence);

// The commands (CTAP 2.1, 6).
Reply get_info(Session& s);
Reply make_credential(Session& s, const cbor::Value& params, Presence presence);
Reply get_assertion(Session& s, const cbor::Value& params, Presence presence);
Reply get_next_assertion(Session& s);
Reply client_pin(Session& s, const cbor::Value& params);
Reply reset(Session& s, Presence presence);
Reply credential_management(Session& s, const cbor::Value& params);
Reply selection(Presence presence);
Reply u2f_message(Session& s, crypto::ByteView apdu, Presence presence);

}  // namespace nk3::fido
