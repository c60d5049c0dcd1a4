// authenticatorGetInfo (0x04, CTAP 2.1 6.4).

#include "cbor/value.hpp"
#include "fido/session.hpp"

namespace nk3::fido {

Reply get_info(Session& s) {
    const auto& c = s.config;
    const auto residents = static_cast<std::uint32_t>(list_residents(s.fs).size());
    const std::uint32_t remaining =
        residents >= c.max_resident_credentials ? 0 : c.max_resident_credentials - residents;
    const cbor::Value options = cbor::map({
        {"rk", true},
        {"up", true},
        {"plat", false},
        {"clientPin", s.state.pin_set()},
        {"credMgmt", true},
        {"pinUvAuthToken", true},
        {"makeCredUvNotRqd", true},
    });
    const cbor::Value info = cbor::map({
        {0x01, cbor::array({"U2F_V2", "FIDO_2_0", "FIDO_2_1"})},
        {0x02, cbor::array({"credProtect", "hmac-secret"})},
        {0x03, crypto::Bytes(c.aaguid.begin(), c.aaguid.end())},
        {0x04, options},
        {0x05, c.max_msg_size},
        {0x06, cbor::array({2, 1})},
        {0x07, c.max_credential_count_in_list},
        {0x08, c.max_credential_id_length},
        {0x09, cbor::array({"usb"})},
        {0x0A, cbor::array({cbor::map({{"alg", -7}, {"type", "public-key"}}),
                            cbor::map({{"alg", -8}, {"type", "public-key"}})})},
        {0x0C, s.state.force_pin_change},
        {0x0D, static_cast<int>(s.state.min_pin_length)},
        {0x0E, c.firmware_version},
        {0x14, remaining},
    });
    return ctap_ok(info);
}

}  // namespace nk3::fido
