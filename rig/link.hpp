#pragma once
// The CTAP client the campaign engine speaks through: the operations of a scenario (make a
// credential, authenticate, PIN, delete, reset) and of the checks (list resident credentials,
// read the PIN retries, admin status), each returning what the key said. Implemented over
// libfido2 (rig/link), on a real key's hidraw node or on the simulator's transport alike, so a
// scenario runs unchanged on a bench.
//
// Results carry the key's answer as a libfido2 status code (FIDO_OK, FIDO_ERR_NO_CREDENTIALS,
// FIDO_ERR_PIN_INVALID, FIDO_ERR_RX when nothing answered, ...; CTAP2 status bytes keep their
// numeric value) and one line of text. A Link never throws for what a key answers; it throws
// RigError only when the bench itself fails (no device node, libfido2 cannot allocate).
// PINs are passed in and never logged.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace nk3::rig {

using Bytes = std::vector<std::uint8_t>;

enum class Alg : unsigned char { es256, eddsa };

struct LinkStatus {
    int code = 0;      // FIDO_OK (0) or a FIDO_ERR_* value
    std::string text;  // fido_strerr, or what the link could not do
    bool ok() const { return code == 0; }
};

template <typename T>
struct LinkResult {
    LinkStatus status;
    std::optional<T> value;  // set when status.ok()
    bool ok() const { return status.ok() && value.has_value(); }
};

struct Empty {};

struct CredentialRequest {
    std::string rp;  // rp id, e.g. "ssh:" or "example.org"
    Bytes user_id;
    std::string user_name;
    Alg alg = Alg::es256;
    bool resident = false;
    int cred_protect = 0;        // 0: not asked; 1..3
    std::vector<Bytes> exclude;  // credential ids
};

// What the host keeps of a credential to use and verify it later.
struct Credential {
    std::string rp;
    Bytes id;
    Bytes public_key;  // ES256: x || y (64 bytes); EdDSA: 32 bytes
    Alg alg = Alg::es256;
    Bytes user_id;
    bool resident = false;

    bool operator==(const Credential&) const = default;
};

struct Attestation {
    std::string format;            // "packed"
    bool has_x5c = false;          // false: self attestation
    Bytes certificate;             // the x5c leaf (DER) when present
    Bytes aaguid;                  // from the authenticator data
    bool signature_valid = false;  // the attestation statement verifies
};

struct MadeCredential {
    Credential credential;
    Attestation attestation;
    std::uint32_t counter = 0;
};

struct Assertion {
    Bytes credential_id;
    Bytes user_id;
    std::uint32_t counter = 0;
    bool user_present = false;
    bool signature_valid = false;  // verified against the public key the host holds
};

struct ResidentCredential {
    std::string rp;
    Bytes id;
    Bytes user_id;
    std::string user_name;
};

struct DeviceInfo {
    Bytes aaguid;
    std::vector<std::string> versions;
    bool pin_set = false;
    std::uint32_t firmware_version = 0;
};

// Admin vendor command 0x72 / 0x80: init flags, free blocks (counted at the key's boot), and
// from firmware v1.4.0 the variant (Nitrokey/nitrokey-3-firmware components/apps/src/lib.rs:
// 4 bytes @v1.3.1, 5 @v1.4.0).
struct AdminStatus {
    std::uint8_t init_flags = 0;
    std::uint8_t free_internal_blocks = 0;
    std::uint16_t free_external_blocks = 0;
    std::uint8_t variant = 0;  // 0 when the key did not send it
    std::size_t length = 0;    // bytes the key answered (4 or 5 from an NK3)
};

// Moments on the wire a time-sweep fault plan anchors its cuts to. The observer runs on the
// thread that drives the link, synchronously, as the event happens (on the simulator: at that
// simulated time, so it may arm a cut there).
enum class LinkEvent : unsigned char { request_sent, keepalive, response };
using LinkObserver = std::function<void(LinkEvent)>;

class Link {
  public:
    virtual ~Link() = default;
    virtual std::string describe() const = 0;
    virtual void set_observer(LinkObserver observer) = 0;

    // Finds and opens the key (after power came back: a new channel, getInfo). Not ok when it
    // does not answer within the link's timeout.
    virtual LinkResult<DeviceInfo> connect() = 0;
    virtual void disconnect() = 0;

    virtual LinkResult<MadeCredential> make_credential(const CredentialRequest& request,
                                                       const std::optional<std::string>& pin) = 0;
    // getAssertion for `rp` with the given allow list (empty: discoverable credentials, the
    // first one's assertion). Signatures are verified against the public keys of `allow` (or of
    // `known` for discoverable credentials); up=false asks for a silent assertion.
    virtual LinkResult<Assertion> get_assertion(const std::string& rp,
                                                const std::vector<Credential>& allow,
                                                const std::vector<Credential>& known, bool up,
                                                const std::optional<std::string>& pin) = 0;
    virtual LinkResult<Empty> set_pin(const std::string& pin) = 0;
    virtual LinkResult<Empty> change_pin(const std::string& old_pin,
                                         const std::string& new_pin) = 0;
    virtual LinkResult<int> pin_retries() = 0;
    // clientPIN getPinUvAuthToken with `pin`: the way a scenario tries a right or wrong PIN.
    virtual LinkResult<Empty> pin_token(const std::string& pin) = 0;
    virtual LinkResult<std::vector<ResidentCredential>> resident_credentials(
        const std::optional<std::string>& pin) = 0;
    virtual LinkResult<Empty> delete_credential(const Bytes& id,
                                                const std::optional<std::string>& pin) = 0;
    // Deletes a credential the host knows: a resident one through delete_credential(); a
    // non-resident one is nowhere on the key (its id wraps the key), so there is nothing to
    // delete: not ok (FIDO_ERR_UNSUPPORTED_OPTION, 0x2B) without asking the key.
    LinkResult<Empty> delete_known_credential(const Credential& credential,
                                              const std::optional<std::string>& pin) {
        if (!credential.resident)
            return {{kUnsupportedOption, "a non-resident credential is not stored on the key"},
                    std::nullopt};
        return delete_credential(credential.id, pin);
    }
    static constexpr int kUnsupportedOption = 0x2B;  // FIDO_ERR_UNSUPPORTED_OPTION
    virtual LinkResult<Empty> reset() = 0;
    // Not every key speaks the NK3 admin commands: not ok (FIDO_ERR_UNSUPPORTED_OPTION) then.
    virtual LinkResult<AdminStatus> admin_status() = 0;
};

}  // namespace nk3::rig
