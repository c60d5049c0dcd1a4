// Session: persistent-state writes, device keys on first use, the signature counter, and the
// reply helpers every command uses.

#include "fido/session.hpp"

#include "cbor/encode.hpp"
#include "fido/ctap_status.hpp"

namespace nk3::fido {

PersistentState Session::default_state() const {
    PersistentState d;
    d.pin_retries = config.pin_retries;
    return d;
}

void Session::save(const PersistentState& next) {
    save_state(fs, next);
    state = next;
}

const DeviceKeys& Session::ensure_device_keys() {
    if (device_keys) return *device_keys;
    PersistentState next = state;
    auto keys = create_device_keys(fs, next, rng());
    save(next);
    device_keys = std::move(keys);
    return *device_keys;
}

std::uint32_t Session::bump_counter() {
    PersistentState next = state;
    const auto step = static_cast<std::uint32_t>(rng().uniform(1, 256));
    next.signature_counter =
        next.signature_counter > UINT32_MAX - step ? UINT32_MAX : next.signature_counter + step;
    save(next);
    return state.signature_counter;
}

void Session::regenerate_key_agreement() {
    key_agreement = crypto::P256KeyPair::generate(rng());
}

Reply ctap_ok(const cbor::Value& map) {
    Reply r;
    r.payload.push_back(status::kOk);
    const auto body = cbor::encode(map);
    r.payload.insert(r.payload.end(), body.begin(), body.end());
    return r;
}

Reply ctap_ok() {
    return Reply{{status::kOk}, false, {}};
}

std::optional<Reply> await_presence(Presence presence) {
    switch (presence) {
        case Presence::granted:
            return std::nullopt;
        case Presence::denied:
            throw CtapError(status::kOperationDenied, "user denied presence");
        case Presence::timed_out:
            throw CtapError(status::kUserActionTimeout, "no touch");
        case Presence::not_asked:
            break;
    }
    return Reply::needs_presence();
}

}  // namespace nk3::fido
