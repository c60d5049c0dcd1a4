// The pinUvAuthToken state machine.

#include "fido/pin_token.hpp"

namespace nk3::fido {

void PinToken::reset(crypto::Drbg& drbg) {
    crypto::secure_wipe(value);
    value = drbg.bytes(32);
    stop_using();
}

void PinToken::begin_using(std::uint8_t perms, std::optional<std::string> rp) {
    in_use = true;
    permissions = perms;
    rp_id = std::move(rp);
}

void PinToken::stop_using() {
    in_use = false;
    permissions = 0;
    rp_id.reset();
}

}  // namespace nk3::fido
