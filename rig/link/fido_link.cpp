// FidoLink: each Link operation as libfido2 calls on the opened device.
#include "rig/link/fido_link.hpp"

#include <fido/credman.h>
#include <openssl/rand.h>

#include <array>
#include <cstring>
#include <exception>
#include <new>
#include <stdexcept>

#include "crypto/drbg.hpp"
#include "rig/link/ctap2_credential_listing.hpp"
#include "rig/link/ctaphid_channel.hpp"
#include "rig/link/fido_link_requests.hpp"
#include "rig/link/host_crypto_counts.hpp"
#include "rig/link/pin_uv_auth_token.hpp"
#include "rig/rig_error.hpp"

namespace nk3::rig {

namespace {

constexpr std::uint8_t kVendorAdmin = 0x72;
constexpr std::uint8_t kCredentialManagement = 0x0A;
constexpr std::uint8_t kCredentialManagementPreview = 0x41;
constexpr std::uint8_t kPermissionCredentialManagement = 0x04;
constexpr std::uint8_t kAdminStatus = 0x80;

void init_libfido2() {
    static const bool done = [] {
        fido_init(0);
        return true;
    }();
    (void)done;
}

LinkStatus status(int code, const char* what) {
    if (code == FIDO_OK) return {};
    std::string text = what;
    text += ": ";
    text += fido_strerr(code);
    return {code, std::move(text)};
}

template <class T>
LinkResult<T> failed(int code, const char* what) {
    return {status(code, what), std::nullopt};
}

template <class T>
LinkResult<T> not_connected() {
    return {{FIDO_ERR_RX, "not connected (connect() after power came back)"}, std::nullopt};
}

template <class T>
LinkResult<T> success(T value) {
    return {{}, std::move(value)};
}

// The PIN argument of a libfido2 request. libfido2 turns a PIN into a PIN token for each
// request given one, which costs a key agreement on the host: counted here, once, for the
// benchmark's crypto floor (host_crypto_counts.hpp).
const char* request_pin(const std::string& pin) {
    host_crypto::count(host_crypto::key_agreements);
    return pin.c_str();
}
const char* request_pin(const std::optional<std::string>& pin) {
    return pin ? request_pin(*pin) : nullptr;
}

bool cbor_option(const fido_cbor_info_t* info, const char* name, bool& value) {
    char** names = fido_cbor_info_options_name_ptr(info);
    const bool* values = fido_cbor_info_options_value_ptr(info);
    for (std::size_t i = 0; i < fido_cbor_info_options_len(info); ++i) {
        if (std::strcmp(names[i], name) == 0) {
            value = values[i];
            return true;
        }
    }
    return false;
}

// 48 bytes of OpenSSL's RAND for the link's Drbg.
std::unique_ptr<crypto::Drbg> seeded_drbg() {
    std::array<unsigned char, 48> seed{};
    if (RAND_bytes(seed.data(), static_cast<int>(seed.size())) != 1)
        throw RigError("OpenSSL's RAND_bytes failed: no randomness for the PIN protocol");
    auto drbg = std::make_unique<crypto::Drbg>(crypto::ByteView(seed));
    crypto::secure_wipe(seed);
    return drbg;
}

const Credential* find_credential(const Bytes& id, const std::vector<Credential>& a,
                                  const std::vector<Credential>& b) {
    for (const auto* list : {&a, &b})
        for (const Credential& c : *list)
            if (c.id == id) return &c;
    return nullptr;
}

}  // namespace

FidoLink::FidoLink(std::unique_ptr<FidoDeviceOpener> opener)
    : opener_(std::move(opener)), host_drbg_(seeded_drbg()) {
    if (!opener_) throw std::invalid_argument("FidoLink: no device opener");
    init_libfido2();
}

FidoLink::~FidoLink() {
    disconnect();
}

std::string FidoLink::describe() const {
    return "libfido2 on " + opener_->describe();
}

void FidoLink::set_observer(LinkObserver observer) {
    opener_->set_observer(std::move(observer));
}

void FidoLink::check_bench() {
    if (std::exception_ptr error = opener_->take_error()) {
        try {
            std::rethrow_exception(error);
        } catch (const RigError&) {
            throw;
        } catch (const std::exception& e) {
            throw RigError(std::string("the simulated key failed: ") + e.what());
        } catch (...) {
            throw RigError("the simulated key failed");
        }
    }
}

LinkResult<DeviceInfo> FidoLink::connect() {
    disconnect();
    FidoDevPtr dev = make_dev();
    const int r = opener_->open(dev.get());
    check_bench();
    if (r != FIDO_OK) {
        auto out = failed<DeviceInfo>(r, "open");
        if (const std::string why = opener_->open_error(); !why.empty())
            out.status.text += " (" + why + ")";
        return out;
    }
    dev_ = std::move(dev);

    CborInfoPtr info = make_cbor_info();
    const int ri = fido_dev_get_cbor_info(dev_.get(), info.get());
    check_bench();
    if (ri != FIDO_OK) return failed<DeviceInfo>(ri, "getInfo");
    DeviceInfo d;
    d.aaguid =
        bytes_of(fido_cbor_info_aaguid_ptr(info.get()), fido_cbor_info_aaguid_len(info.get()));
    char** versions = fido_cbor_info_versions_ptr(info.get());
    for (std::size_t i = 0; i < fido_cbor_info_versions_len(info.get()); ++i)
        d.versions.emplace_back(versions[i]);
    cbor_option(info.get(), "clientPin", d.pin_set);
    facts_ = KeyFacts{};
    const std::uint8_t* protocols = fido_cbor_info_protocols_ptr(info.get());
    for (std::size_t i = 0; i < fido_cbor_info_protocols_len(info.get()); ++i)
        if (protocols[i] == 2) facts_.pin_protocol = 2;
    cbor_option(info.get(), "pinUvAuthToken", facts_.token_permissions);
    bool credman = false;
    bool preview = false;
    cbor_option(info.get(), "credMgmt", credman);
    cbor_option(info.get(), "credentialMgmtPreview", preview);
    facts_.credman_command =
        credman ? kCredentialManagement : (preview ? kCredentialManagementPreview : 0);
    d.firmware_version = static_cast<std::uint32_t>(fido_cbor_info_fwversion(info.get()));
    return success(std::move(d));
}

void FidoLink::disconnect() {
    if (dev_) {
        fido_dev_close(dev_.get());
        dev_.reset();
    }
}

template <class T>
LinkResult<T> FidoLink::refreshed(LinkResult<T> result) {
    if (result.ok()) {
        // A reconnect that fails leaves the link disconnected; the next operation says so.
        if (!connect().ok()) disconnect();
    }
    return result;
}

LinkResult<MadeCredential> FidoLink::make_credential(const CredentialRequest& request,
                                                     const std::optional<std::string>& pin) {
    if (!dev_) return not_connected<MadeCredential>();
    CredPtr cred = make_cred();
    if (const int r = fill_credential(cred.get(), request); r != FIDO_OK)
        return failed<MadeCredential>(r, "credential request");
    const int r = fido_dev_make_cred(dev_.get(), cred.get(), request_pin(pin));
    check_bench();
    if (r != FIDO_OK) return failed<MadeCredential>(r, "makeCredential");
    MadeCredential made;
    made.credential = credential_of(cred.get(), request);
    made.attestation = attestation_of(cred.get());
    made.counter = fido_cred_sigcount(cred.get());
    return success(std::move(made));
}

LinkResult<Assertion> FidoLink::get_assertion(const std::string& rp,
                                              const std::vector<Credential>& allow,
                                              const std::vector<Credential>& known, bool up,
                                              const std::optional<std::string>& pin) {
    if (!dev_) return not_connected<Assertion>();
    AssertPtr a = make_assert();
    if (const int r = fill_assertion(a.get(), rp, allow, up); r != FIDO_OK)
        return failed<Assertion>(r, "assertion request");
    const int r = fido_dev_get_assert(dev_.get(), a.get(), request_pin(pin));
    check_bench();
    if (r != FIDO_OK) return failed<Assertion>(r, "getAssertion");
    if (fido_assert_count(a.get()) == 0)
        return failed<Assertion>(FIDO_ERR_NO_CREDENTIALS, "getAssertion");
    Assertion out;
    out.credential_id = bytes_of(fido_assert_id_ptr(a.get(), 0), fido_assert_id_len(a.get(), 0));
    if (out.credential_id.empty() && allow.size() == 1) out.credential_id = allow.front().id;
    out.user_id =
        bytes_of(fido_assert_user_id_ptr(a.get(), 0), fido_assert_user_id_len(a.get(), 0));
    out.counter = fido_assert_sigcount(a.get(), 0);
    out.user_present = (fido_assert_flags(a.get(), 0) & 0x01) != 0;
    if (const Credential* c = find_credential(out.credential_id, allow, known))
        out.signature_valid = verify_assertion(a.get(), 0, *c) == FIDO_OK;
    return success(std::move(out));
}

LinkResult<Empty> FidoLink::set_pin(const std::string& pin) {
    if (!dev_) return not_connected<Empty>();
    const int r = fido_dev_set_pin(dev_.get(), request_pin(pin), nullptr);
    check_bench();
    if (r != FIDO_OK) return failed<Empty>(r, "setPIN");
    return refreshed(success(Empty{}));
}

LinkResult<Empty> FidoLink::change_pin(const std::string& old_pin, const std::string& new_pin) {
    if (!dev_) return not_connected<Empty>();
    const int r = fido_dev_set_pin(dev_.get(), request_pin(new_pin), old_pin.c_str());
    check_bench();
    if (r != FIDO_OK) return failed<Empty>(r, "changePIN");
    return success(Empty{});
}

LinkResult<int> FidoLink::pin_retries() {
    if (!dev_) return not_connected<int>();
    int retries = 0;
    const int r = fido_dev_get_retry_count(dev_.get(), &retries);
    check_bench();
    if (r != FIDO_OK) return failed<int>(r, "getPINRetries");
    return success(retries);
}

LinkResult<Empty> FidoLink::pin_token(const std::string& pin) {
    if (!dev_) return not_connected<Empty>();
    if (const fido_dev_io_t* io = opener_->raw_io(); io != nullptr && facts_.credman_command != 0) {
        CtaphidChannel channel(*io, fido_dev_io_handle(dev_.get()));
        auto token = credman_token(channel, pin);
        if (!token.ok()) return {token.status, std::nullopt};
        return success(Empty{});
    }
    CredmanMetadataPtr md = make_credman_metadata();
    const int r = fido_credman_get_dev_metadata(dev_.get(), md.get(), request_pin(pin));
    check_bench();
    if (r != FIDO_OK) return failed<Empty>(r, "getPinUvAuthToken");
    return success(Empty{});
}

LinkResult<std::vector<ResidentCredential>> FidoLink::resident_credentials(
    const std::optional<std::string>& pin) {
    using List = std::vector<ResidentCredential>;
    if (!dev_) return not_connected<List>();
    const fido_dev_io_t* io = opener_->raw_io();
    if (io != nullptr && pin && facts_.credman_command != 0) return list_with_one_token(*io, *pin);
    CredmanRpPtr rps = make_credman_rp();
    int r = fido_credman_get_dev_rp(dev_.get(), rps.get(), request_pin(pin));
    check_bench();
    if (r == FIDO_ERR_NO_CREDENTIALS) return success(List{});
    if (r != FIDO_OK) return failed<List>(r, "enumerateRPs");
    List out;
    for (std::size_t i = 0; i < fido_credman_rp_count(rps.get()); ++i) {
        const char* rp_id = fido_credman_rp_id(rps.get(), i);
        if (rp_id == nullptr) continue;
        CredmanRkPtr rks = make_credman_rk();
        r = fido_credman_get_dev_rk(dev_.get(), rp_id, rks.get(), request_pin(pin));
        check_bench();
        if (r == FIDO_ERR_NO_CREDENTIALS) continue;
        if (r != FIDO_OK) return failed<List>(r, "enumerateCredentials");
        for (std::size_t j = 0; j < fido_credman_rk_count(rks.get()); ++j) {
            const fido_cred_t* c = fido_credman_rk(rks.get(), j);
            ResidentCredential rc;
            rc.rp = rp_id;
            rc.id = bytes_of(fido_cred_id_ptr(c), fido_cred_id_len(c));
            rc.user_id = bytes_of(fido_cred_user_id_ptr(c), fido_cred_user_id_len(c));
            const char* name = fido_cred_user_name(c);
            rc.user_name = name != nullptr ? name : "";
            out.push_back(std::move(rc));
        }
    }
    return success(std::move(out));
}

LinkResult<PinUvAuthToken> FidoLink::credman_token(CtaphidChannel& channel,
                                                   const std::string& pin) {
    HidReply init = channel.open();
    check_bench();
    if (!init.ok()) return {{init.status, "CTAPHID INIT: " + init.text}, std::nullopt};
    TokenRequest request;
    request.protocol = facts_.pin_protocol;
    request.with_permissions = facts_.token_permissions;
    request.permissions = kPermissionCredentialManagement;
    // The host's key agreement runs through firmware-shim/crypto, which counts it itself.
    auto token = get_pin_uv_auth_token(channel, *host_drbg_, pin, request);
    check_bench();
    return token;
}

LinkResult<std::vector<ResidentCredential>> FidoLink::list_with_one_token(const fido_dev_io_t& io,
                                                                          const std::string& pin) {
    CtaphidChannel channel(io, fido_dev_io_handle(dev_.get()));
    auto token = credman_token(channel, pin);
    if (!token.ok()) return {token.status, std::nullopt};
    auto listing = list_resident_credentials(channel, *token.value, facts_.credman_command);
    check_bench();
    return listing;
}

LinkResult<Empty> FidoLink::delete_credential(const Bytes& id,
                                              const std::optional<std::string>& pin) {
    if (!dev_) return not_connected<Empty>();
    const int r = fido_credman_del_dev_rk(dev_.get(), id.data(), id.size(), request_pin(pin));
    check_bench();
    if (r != FIDO_OK) return failed<Empty>(r, "deleteCredential");
    return success(Empty{});
}

LinkResult<Empty> FidoLink::reset() {
    if (!dev_) return not_connected<Empty>();
    const int r = fido_dev_reset(dev_.get());
    check_bench();
    if (r != FIDO_OK) return failed<Empty>(r, "reset");
    return refreshed(success(Empty{}));
}

LinkResult<AdminStatus> FidoLink::admin_status() {
    const fido_dev_io_t* io = opener_->raw_io();
    if (io == nullptr)
        return {{FIDO_ERR_UNSUPPORTED_OPTION,
                 "admin status needs raw CTAPHID access, which libfido2's own HID I/O does not "
                 "give (" +
                     opener_->describe() + ")"},
                std::nullopt};
    if (!dev_) return not_connected<AdminStatus>();
    const std::uint8_t sub = kAdminStatus;
    const HidReply reply =
        ctaphid_vendor_command(*io, fido_dev_io_handle(dev_.get()), kVendorAdmin, {&sub, 1});
    check_bench();
    if (reply.status != FIDO_OK)
        return {{reply.status, "admin status: " + reply.text}, std::nullopt};
    // Firmware before v1.4.0 answers 4 bytes (no variant), later 5; what is there is filled in.
    const Bytes& p = reply.payload;
    if (p.empty()) return {{FIDO_ERR_RX, "admin status: empty answer"}, std::nullopt};
    AdminStatus s;
    s.length = p.size();
    s.init_flags = p[0];
    if (p.size() > 1) s.free_internal_blocks = p[1];
    if (p.size() > 3) s.free_external_blocks = static_cast<std::uint16_t>((p[2] << 8) | p[3]);
    if (p.size() > 4) s.variant = p[4];
    return success(s);
}

}  // namespace nk3::rig
