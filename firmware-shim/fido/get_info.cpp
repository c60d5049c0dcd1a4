// authenticatorGetInfo (0x04, CTAP 2.1 6.4): the answer of the profile's CTAP level.

#include <optional>
#include <utility>

#include "cbor/value.hpp"
#include "fido/session.hpp"

namespace nk3::fido {

namespace {

// Everything the answer depends on, as one comparable record.
struct InfoInputs {
    CtapLevel level = CtapLevel::v2_1_pre;
    Aaguid aaguid{};
    std::uint32_t firmware_version = 0;
    std::uint32_t max_msg_size = 0;
    std::uint32_t max_credential_count_in_list = 0;
    std::uint32_t max_credential_id_length = 0;
    std::uint32_t remaining = 0;
    std::uint8_t min_pin_length = 0;
    bool pin_set = false;
    bool force_pin_change = false;
    bool operator==(const InfoInputs&) const = default;
};

// fido-authenticator 0.1.1 `src/ctap2.rs` get_info: CTAP 2.0 / 2.1-PRE, PIN protocol 1, no
// algorithms, firmwareVersion or remaining-credentials fields.
crypto::Bytes encode_info_2_1_pre(const InfoInputs& in) {
    const cbor::Value options = cbor::map({
        {"rk", true},
        {"up", true},
        {"plat", false},
        {"clientPin", in.pin_set},
        {"credMgmt", true},
        {"credentialMgmtPreview", true},
    });
    const cbor::Value info = cbor::map({
        {0x01, cbor::array({"U2F_V2", "FIDO_2_0", "FIDO_2_1_PRE"})},
        {0x02, cbor::array({"credProtect", "hmac-secret"})},
        {0x03, crypto::Bytes(in.aaguid.begin(), in.aaguid.end())},
        {0x04, options},
        {0x05, in.max_msg_size},
        {0x06, cbor::array({1})},
        {0x07, in.max_credential_count_in_list},
        {0x08, in.max_credential_id_length},
        {0x09, cbor::array({"nfc", "usb"})},
    });
    return ctap_ok(info).payload;
}

crypto::Bytes encode_info(const InfoInputs& in) {
    if (in.level == CtapLevel::v2_1_pre) return encode_info_2_1_pre(in);
    const cbor::Value options = cbor::map({
        {"rk", true},
        {"up", true},
        {"plat", false},
        {"clientPin", in.pin_set},
        {"credMgmt", true},
        {"pinUvAuthToken", true},
        {"makeCredUvNotRqd", true},
    });
    const cbor::Value info = cbor::map({
        {0x01, cbor::array({"U2F_V2", "FIDO_2_0", "FIDO_2_1"})},
        {0x02, cbor::array({"credProtect", "hmac-secret"})},
        {0x03, crypto::Bytes(in.aaguid.begin(), in.aaguid.end())},
        {0x04, options},
        {0x05, in.max_msg_size},
        {0x06, cbor::array({2, 1})},
        {0x07, in.max_credential_count_in_list},
        {0x08, in.max_credential_id_length},
        {0x09, cbor::array({"usb"})},
        {0x0A, cbor::array({cbor::map({{"alg", -7}, {"type", "public-key"}}),
                            cbor::map({{"alg", -8}, {"type", "public-key"}})})},
        {0x0C, in.force_pin_change},
        {0x0D, static_cast<int>(in.min_pin_length)},
        {0x0E, in.firmware_version},
        {0x14, in.remaining},
    });
    return ctap_ok(info).payload;
}

// The host asks at every connect and the answer rarely changes, while building and encoding the
// CBOR map costs more than the rest of the command. So the calling thread keeps its last answer
// with the inputs it was made from; any change of input builds it again. Nothing outside this
// function sees the cache, so snapshots, cuts and worker threads cannot make it stale.
const crypto::Bytes& info_payload(const InfoInputs& in) {
    thread_local std::optional<std::pair<InfoInputs, crypto::Bytes>> last;
    if (!last || !(last->first == in)) last.emplace(in, encode_info(in));
    return last->second;
}

}  // namespace

Reply get_info(Session& s) {
    const auto& c = s.config;
    // Identity::attestation() runs at every getInfo: it may panic (attestation.hpp).
    const auto identity = attestation_identity(s.fs);
    InfoInputs in;
    in.level = c.ctap_level;
    in.aaguid = identity.aaguid;
    in.firmware_version = c.firmware_version;
    in.max_msg_size = c.max_msg_size;
    in.max_credential_count_in_list = c.max_credential_count_in_list;
    in.max_credential_id_length = c.max_credential_id_length;
    if (c.ctap_level == CtapLevel::v2_1) {
        const auto residents = static_cast<std::uint32_t>(count_residents(s.fs, c.rk_layout));
        const auto max = c.max_resident_credentials ? c.max_resident_credentials : 100;
        in.remaining = residents >= max ? 0 : max - residents;
    }
    in.min_pin_length = s.state.min_pin_length;
    in.pin_set = s.state.pin_set();
    in.force_pin_change = s.state.force_pin_change;
    Reply r;
    r.payload = info_payload(in);
    return r;
}

}  // namespace nk3::fido
