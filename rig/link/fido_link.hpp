#pragma once
// rig::Link over libfido2: every CTAP operation a scenario or a check needs, on a fido_dev_t
// that a FidoDeviceOpener opens (a real key's hidraw node, or the simulator). The key's answers
// come back as status codes; RigError only when the bench fails (the simulator's endpoint threw,
// libfido2 could not allocate).
//
// Behaviour worth knowing:
//   - connect() opens a fresh fido_dev_t (a new CTAPHID channel) and reads getInfo; after a
//     power cycle or a snapshot restore the old channel is gone and connect() must be called.
//     Operations on a link that is not connected answer FIDO_ERR_RX ("not connected").
//   - set_pin() and reset() reconnect on success: libfido2 reads clientPin from getInfo at open
//     and would otherwise run later requests on a stale view of the key.
//   - pin_token(pin) checks a PIN the way a client does before credential management:
//     getKeyAgreement and getPinUvAuthToken(UsingPinWithPermissions, cm). Where the opener gives
//     raw HID access, the link asks for the token itself (pin_uv_auth_token.hpp); elsewhere
//     through fido_credman_get_dev_metadata, which adds one credentialManagement request
//     (libfido2 1.12 has no public call for the token alone).
//   - resident_credentials(pin) lists under one pinUvAuthToken (CTAP 2.1's way,
//     ctap2_credential_listing.hpp) over a CTAPHID channel of its own, where the opener gives
//     raw HID access (both shipped openers do); elsewhere through libfido2's credman calls,
//     which take a token per rp. Both give the same list.
//   - delete_credential(id) sends credentialManagement deleteCredential; a non-resident
//     credential is nowhere on the key, so the key answers FIDO_ERR_NO_CREDENTIALS.
//     Link::delete_known_credential() answers FIDO_ERR_UNSUPPORTED_OPTION for those without
//     asking the key.
//   - get_assertion returns the first statement; with an allow list of one the key may omit
//     the credential id, which is then taken from the list. The signature is verified against
//     the public key (from allow, then known) whose id matches.
//   - The observer sees wire events where the opener can (the simulator's SimHidIo, a real
//     key's HidrawIo). admin_status() needs raw CTAPHID access likewise.
//   - PINs are passed to libfido2 and never logged or kept.

#include <fido.h>

#include <cstdint>
#include <memory>

#include "rig/link.hpp"
#include "rig/link/ctaphid_channel.hpp"
#include "rig/link/fido_device_opener.hpp"
#include "rig/link/fido_handles.hpp"
#include "rig/link/pin_uv_auth_token.hpp"

namespace nk3::crypto {
class Drbg;
}

namespace nk3::rig {

class FidoLink final : public Link {
  public:
    explicit FidoLink(std::unique_ptr<FidoDeviceOpener> opener);
    ~FidoLink() override;
    FidoLink(const FidoLink&) = delete;
    FidoLink& operator=(const FidoLink&) = delete;

    std::string describe() const override;
    void set_observer(LinkObserver observer) override;

    LinkResult<DeviceInfo> connect() override;
    void disconnect() override;
    bool connected() const { return dev_ != nullptr; }

    LinkResult<MadeCredential> make_credential(const CredentialRequest& request,
                                               const std::optional<std::string>& pin) override;
    LinkResult<Assertion> get_assertion(const std::string& rp, const std::vector<Credential>& allow,
                                        const std::vector<Credential>& known, bool up,
                                        const std::optional<std::string>& pin) override;
    LinkResult<Empty> set_pin(const std::string& pin) override;
    LinkResult<Empty> change_pin(const std::string& old_pin, const std::string& new_pin) override;
    LinkResult<int> pin_retries() override;
    LinkResult<Empty> pin_token(const std::string& pin) override;
    LinkResult<std::vector<ResidentCredential>> resident_credentials(
        const std::optional<std::string>& pin) override;
    LinkResult<Empty> delete_credential(const Bytes& id,
                                        const std::optional<std::string>& pin) override;
    LinkResult<Empty> reset() override;
    LinkResult<AdminStatus> admin_status() override;

    // The open libfido2 device (null when not connected), for tests and tools.
    fido_dev_t* device() { return dev_.get(); }
    FidoDeviceOpener& opener() { return *opener_; }

  private:
    // Rethrows, as RigError, an exception the bench raised inside the last libfido2 call.
    void check_bench();
    // Reopens after an operation that changes what getInfo says; keeps `result` either way.
    template <class T>
    LinkResult<T> refreshed(LinkResult<T> result);

    // INIT on `channel`, then a pinUvAuthToken with the cm permission, as libfido2 asks for
    // before credential management.
    LinkResult<PinUvAuthToken> credman_token(CtaphidChannel& channel, const std::string& pin);
    // The listing under one token, on a CTAPHID channel of our own (needs raw_io()).
    LinkResult<std::vector<ResidentCredential>> list_with_one_token(const fido_dev_io_t& io,
                                                                    const std::string& pin);

    // What connect() read from getInfo for the requests the link builds itself.
    struct KeyFacts {
        int pin_protocol = 1;              // 2 when listed, else 1
        bool token_permissions = false;    // option pinUvAuthToken: subcommand 0x09
        std::uint8_t credman_command = 0;  // 0x0A (credMgmt), 0x41 (preview), 0: none
    };

    std::unique_ptr<FidoDeviceOpener> opener_;
    FidoDevPtr dev_;
    KeyFacts facts_;
    // Platform key agreement keys and PIN protocol Two IVs: seeded from OpenSSL's RAND.
    std::unique_ptr<crypto::Drbg> host_drbg_;
};

}  // namespace nk3::rig
