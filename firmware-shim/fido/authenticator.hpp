#pragma once
// The FIDO application of the simulated NK3: CTAP 2.1 (CBOR) and CTAP1/U2F (MSG) on top of the
// internal filesystem, laid out as the real firmware lays it out (firmware-shim/fido/README.md,
// "What the FIDO application stores"). It knows nothing of CTAPHID framing, power or buttons: the
// device (firmware-shim/device) feeds it whole requests and decides when the user touched the key.
//
// Contract with the device:
//  * Every flash write happens through the fs::Filesystem given to the constructor; a power cut
//    surfaces as flash::PowerLoss thrown out of any call. The device then drops this object and
//    builds a new one after the next boot (as RAM is lost).
//  * User presence: a command that needs a touch first returns Reply::needs_presence() and is
//    called again with the same request and Presence::granted / denied / timed_out once the
//    device knows. Presence::not_asked is the first call. Before the touch only what the real
//    firmware does before it is done, and none of it is repeated by the second call: the
//    first-request work (trussed rng-state, state load) and, as fido-authenticator 0.1.1 looks
//    up excludeList/allowList ids before the touch, the creation of a missing key-encryption
//    key (key file + state write). Everything else before the touch is parsing and checking.
//  * U2F: register/authenticate answer SW_CONDITIONAL_NOT_SATISFIED (0x6985) unless called with
//    Presence::granted (U2F clients poll); the device latches a touch for the next U2F request.

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "common/sim_time.hpp"
#include "crypto/bytes.hpp"
#include "crypto/drbg.hpp"
#include "crypto/x509_attestation.hpp"
#include "fs/filesystem.hpp"

namespace nk3::fido {

using Aaguid = std::array<std::uint8_t, 16>;

// ctap.pin_retries_write in a profile.
//   before_compare: the decremented retry count is saved before the PIN hash is compared, and
//                   restored by a second write on success (the real firmware; IP-Box safe).
//   after_compare:  the PIN is compared and answered first, the count saved after the answer is
//                   queued (a vulnerable firmware: a cut right after the answer makes the attempt
//                   free).
enum class PinRetriesWrite : std::uint8_t { before_compare, after_compare };

// boot.on_state_file_corrupt in a profile: what to do when fido/dat/persistent-state.cbor is
// missing or does not parse.
//   defaults: start from defaults (new device keys on first use: old non-resident credentials
//             silently stop unwrapping), as the real firmware does, lazily at the first CTAP
//             request (fido-authenticator 0.1.1 `src/state.rs` load_if_not_initialised);
//   halt:     a what-if with no real counterpart: a state file that exists but does not parse
//             stops the firmware at boot (BootOutcome::halted): the device answers nothing, as
//             a bricked key. A missing file is normal (the state is created at its first write)
//             and gives defaults under both policies.
enum class StateFileCorrupt : std::uint8_t { defaults, halt };

// ctap.level in a profile: which CTAP the FIDO application speaks.
//   v2_1_pre: fido-authenticator 0.1.1 (firmware up to v1.6.x): versions U2F_V2, FIDO_2_0,
//             FIDO_2_1_PRE; PIN protocol 1 only (2 and the permission-token subcommands are
//             INVALID_PARAMETER); legacy getPinToken only; with a PIN set every makeCredential
//             needs pinAuth (PIN_REQUIRED).
//   v2_1:     CTAP 2.1 (firmware v1.7 on): FIDO_2_1, PIN protocols 2 and 1, permission tokens,
//             makeCredUvNotRqd.
enum class CtapLevel : std::uint8_t { v2_1_pre, v2_1 };

// ctap.counter_step in a profile: how the global signature counter moves.
//   one:    +1 per use; makeCredential uses it twice (creation time, then sign count), reset
//           sets it to 0 (fido-authenticator 0.1.1 ... v0.1.1-nitrokey.27, firmware <= v1.8.x);
//   random: +Drbg uniform 1..256 once per signing command, reset keeps it (firmware
//           v1.9.0-rc.1 increments randomly; its reset to 1 is not modelled).
enum class CounterStep : std::uint8_t { one, random };

// ctap.rk_layout in a profile: where resident credentials live under fido/dat/rk.
//   per_rp: rk/<16 hex of rpIdHash>/<16 hex of SHA-256(credential id)>, a directory per relying
//           party (fido-authenticator 0.1.1 up to firmware v1.8.1);
//   flat:   rk/<8 hex>.<8 hex> in one directory (nk3rig's earlier layout; the real flat layout
//           of v1.8.2 uses 16 hex digits each).
enum class RkLayout : std::uint8_t { per_rp, flat };

struct AuthenticatorConfig {
    Aaguid aaguid{};
    std::uint32_t firmware_version = 0;  // getInfo firmwareVersion (0x0E)
    PinRetriesWrite pin_retries_write = PinRetriesWrite::before_compare;
    StateFileCorrupt on_state_file_corrupt = StateFileCorrupt::defaults;
    std::uint32_t max_credential_count_in_list = 10;
    std::uint32_t max_credential_id_length = 255;
    // 0: no limit but the filesystem (0.1.1; credMgmt metadata then reports 100 - existing, the
    // real "guesstimate"); otherwise makeCredential answers KEY_STORE_FULL beyond it.
    std::uint32_t max_resident_credentials = 0;
    CtapLevel ctap_level = CtapLevel::v2_1_pre;
    CounterStep counter_step = CounterStep::one;
    RkLayout rk_layout = RkLayout::per_rp;
    std::uint32_t max_msg_size = 3072;
    std::uint8_t pin_retries = 8;           // persistent retries
    std::uint8_t pin_retries_per_boot = 3;  // consecutive mismatches before power cycle needed
    SimTime reset_window = std::chrono::seconds(10);
    SimTime touch_free_assertion_window = std::chrono::seconds(2);
};

// The device services the application uses.
class Platform {
  public:
    virtual ~Platform() = default;
    virtual SimTime now() const = 0;            // simulated time
    virtual SimTime powered_since() const = 0;  // time of the last power-up
    virtual crypto::Drbg& rng() = 0;            // the device's randomness (seeded: reproducible)
};

enum class Presence : std::uint8_t { not_asked, granted, denied, timed_out };

struct Reply {
    // The whole response payload: for CBOR the CTAP2 status byte then the CBOR map; for MSG the
    // APDU response data plus the status word.
    crypto::Bytes payload;
    bool presence_needed = false;
    // Work the firmware does after the response is handed to the transport (the vulnerable
    // after-compare PIN retry write). The device queues the response first, then runs it; a cut
    // inside it therefore lands after the host has its answer.
    std::function<void()> after_sent;

    static Reply needs_presence() { return Reply{{}, true, {}}; }
};

// What boot() found.
struct BootOutcome {
    bool state_loaded = false;       // persistent-state.cbor parsed
    bool state_was_corrupt = false;  // it existed but did not parse
    bool state_missing = false;
    bool halted = false;               // on_state_file_corrupt == halt and the state was unusable
    bool attestation_present = false;  // fido/sec/00 and fido/x5c/00 both present and usable
};

class Authenticator {
  public:
    Authenticator(fs::Filesystem& internal, const AuthenticatorConfig& config, Platform& platform);
    ~Authenticator();
    Authenticator(const Authenticator&) = delete;
    Authenticator& operator=(const Authenticator&) = delete;

    // Power-up: RAM state only, plus a read-only look at the state and attestation files for
    // BootOutcome (and the halt what-if). Never writes. The state is loaded at the first request.
    BootOutcome boot();
    bool halted() const;

    // Whether trussed's DRBG was seeded this power-up (the first request's rng-state write is
    // done). RAM that VirtualNk3 snapshots keep, so that a restore in the middle of a power-up
    // does not write the rng-state again; set it on a fresh Authenticator right after boot().
    bool trussed_rng_seeded() const;
    void set_trussed_rng_seeded(bool seeded);

    // One CTAPHID_CBOR request: command byte then CBOR parameters. The first request of a
    // power-up (any command, an empty or malformed one too) first writes trussed's rng-state and
    // loads the persistent state (Session::begin_request).
    // Throws Panic (panic.hpp) where the firmware panics: a filesystem error it does not handle,
    // the attestation key present without a readable certificate. flash::PowerLoss passes.
    Reply cbor(crypto::ByteView request, Presence presence);
    // One CTAPHID_MSG request: an ISO 7816-4 APDU (short or extended encoding). Same first-request
    // work and panics as cbor(), except that an APDU that does not parse touches nothing.
    Reply u2f(crypto::ByteView apdu, Presence presence);

    // Factory provisioning of a freshly formatted internal filesystem: attestation key
    // (fido/sec/00) and certificate (fido/x5c/00) issued by `ca` for config.aaguid.
    static void provision(fs::Filesystem& internal, const AuthenticatorConfig& config,
                          const crypto::CertificateAuthority& ca, crypto::Drbg& drbg);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The project's test CA: a fixed key drawn from a fixed seed, so that every process builds the
// same certificate, byte for byte (signatures use RFC 6979 nonces).
const crypto::CertificateAuthority& project_test_ca();

}  // namespace nk3::fido
