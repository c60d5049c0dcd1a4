#pragma once
// Test-side platform and client for driving the Authenticator directly: a settable clock and a
// Drbg, a storage stack (default: the NK3A mini layout, 256 B blocks and programs through the
// rmw translation layer), CBOR request builders, response and authenticatorData parsing,
// signature and attestation verification, and the platform half of the PIN protocols.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cbor/value.hpp"
#include "crypto/bytes.hpp"
#include "crypto/drbg.hpp"
#include "crypto/pin_protocol.hpp"
#include "fido/attestation.hpp"
#include "fido/authenticator.hpp"
#include "fido/panic.hpp"
#include "flash/power_domain.hpp"
#include "storage/storage_stack.hpp"

namespace nk3::fido::test {

using crypto::Bytes;
using crypto::ByteView;

class TestPlatform : public Platform {
  public:
    explicit TestPlatform(std::uint64_t seed) : drbg_(seed) {}
    SimTime now() const override { return now_; }
    SimTime powered_since() const override { return powered_since_; }
    crypto::Drbg& rng() override { return drbg_; }
    void advance(SimTime dt) { now_ += dt; }
    void power_up() { powered_since_ = now_; }

  private:
    crypto::Drbg drbg_;
    SimTime now_{std::chrono::seconds(100)};
    SimTime powered_since_{std::chrono::seconds(100)};
};

storage::StackConfig mini_stack();   // nRF52840, 20 pages, rmw FTL 256 B, prog 256
storage::StackConfig lpc55_stack();  // LPC55, 87 pages of 512 B, no FTL

struct Response {
    std::uint8_t status = 0xFF;
    cbor::Value body;  // null when the reply carries no CBOR
    bool presence_needed = false;
};

struct ParsedAuthData {
    Bytes rp_id_hash;
    std::uint8_t flags = 0;
    std::uint32_t counter = 0;
    Bytes aaguid;
    Bytes credential_id;
    std::optional<cbor::Value> public_key;
    std::optional<cbor::Value> extensions;
};
ParsedAuthData parse_auth_data(ByteView auth_data);

// Verifies an ES256 or EdDSA signature with a COSE public key.
bool verify_cose_signature(const cbor::Value& cose_key, ByteView message, ByteView signature);

Bytes sha256_of(std::string_view text);

// The application of later firmware, as a what-if: CTAP 2.1 (PIN protocol 2, permission
// tokens), random counter steps, the flat rk layout and 10 resident slots. The tests written for
// CTAP 2.1 use it; those of fido-authenticator 0.1.1 (firmware v1.3.1) use fido011_config().
AuthenticatorConfig ctap21_config();
// fido-authenticator 0.1.1 (AuthenticatorConfig's defaults).
AuthenticatorConfig fido011_config();

// One simulated key and its host.
class Rig {
  public:
    explicit Rig(AuthenticatorConfig config = ctap21_config(),
                 storage::StackConfig stack = mini_stack(), std::uint64_t seed = 7);

    flash::PowerDomain domain;
    storage::StorageStack stack;
    AuthenticatorConfig config;
    TestPlatform platform;
    crypto::Drbg host_rng{99};
    std::unique_ptr<Authenticator> auth;
    BootOutcome last_boot;
    Presence touch = Presence::granted;  // what the "user" does when asked

    fs::Filesystem& fs() { return stack.fs(); }
    // Power cycle: remount the filesystem, new Authenticator, boot. Time moves on `off`.
    void reboot(SimTime off = std::chrono::seconds(3));

    // Sends a CTAP2 command; answers a presence request with `touch`. Runs after_sent.
    Response ctap(std::uint8_t command, const std::optional<cbor::Value>& params);
    Response raw_ctap(ByteView request, Presence presence = Presence::not_asked);
    // One CTAPHID_MSG APDU; returns data || SW.
    Bytes u2f(ByteView apdu, Presence presence = Presence::granted);

    // Builders.
    cbor::Value make_credential_params(const std::string& rp_id, const Bytes& user_id, int alg = -7,
                                       bool rk = false) const;
    Response make_credential(const std::string& rp_id, const Bytes& user_id, int alg = -7,
                             bool rk = false);
    Response get_assertion(const std::string& rp_id, const std::vector<Bytes>& allow,
                           bool up = true);

    // PIN platform side.
    struct Shared {
        std::unique_ptr<crypto::PinProtocol> protocol;
        Bytes secret;
        cbor::Value platform_key;
    };
    Shared key_agreement(int protocol = 2);
    std::uint8_t set_pin(const std::string& pin, int protocol = 2);
    std::uint8_t change_pin(const std::string& old_pin, const std::string& new_pin,
                            int protocol = 2);
    // getPinUvAuthTokenUsingPinWithPermissions (or getPinToken when permissions == 0).
    struct Token {
        std::uint8_t status = 0xFF;
        Bytes token;
        int protocol = 2;
    };
    Token get_token(const std::string& pin, std::uint8_t permissions,
                    std::optional<std::string> rp_id = std::nullopt, int protocol = 2);
    Bytes pin_auth(const Token& token, ByteView message) const;
    std::uint8_t pin_retries();

    // Persistent files, for "nothing changed" checks.
    fs::Tree tree() { return fs().tree(); }
    // The same without trussed's files (the rng-state the first request of a power-up writes).
    fs::Tree fido_tree();

    const Bytes client_data_hash = Bytes(32, 0xCD);
};

}  // namespace nk3::fido::test
