// Session: persistent-state writes, device keys on first use, the signature counter, and the
// reply helpers every command uses.

#include "fido/session.hpp"

#include "cbor/encode.hpp"
#include "fido/ctap_status.hpp"
#include "fido/panic.hpp"
#include "fido/trussed_rng.hpp"

namespace nk3::fido {

PersistentState Session::default_state() const {
    PersistentState d;
    d.pin_retries = config.pin_retries;
    return d;
}

void Session::begin_request() {
    if (!trussed_rng_seeded) {
        write_trussed_rng_state(fs, rng());
        trussed_rng_seeded = true;
    }
    if (!state_loaded) {
        state = load_state(fs, default_state()).state;
        state_loaded = true;
    }
}

void Session::save(const PersistentState& next) {
    save_state(fs, next);
    state = next;
}

namespace {

// key_encryption_key() / key_wrapping_key(): the named key, or a new one (key file, then a
// state write naming it) when the state names none.
std::optional<crypto::Bytes> device_key(Session& s,
                                        std::optional<crypto::Bytes> PersistentState::*id) {
    if (const auto& named = s.state.*id) return load_device_key(s.fs, *named);
    auto created = create_device_key(s.fs, s.rng());
    PersistentState next = s.state;
    next.*id = created.id;
    s.save(next);
    return std::move(created.key);
}

}  // namespace

std::optional<crypto::Bytes> Session::kek() {
    return device_key(*this, &PersistentState::kek_id);
}

std::optional<crypto::Bytes> Session::kwk() {
    return device_key(*this, &PersistentState::kwk_id);
}

DeviceKeys Session::sealing_keys() {
    auto wrapping = kwk();
    if (!wrapping) throw Panic("key-wrapping key file missing or malformed");
    auto encryption = kek();
    if (!encryption) throw Panic("key-encryption key file missing or malformed");
    return DeviceKeys{std::move(*encryption), std::move(*wrapping)};
}

std::uint32_t Session::use_counter() {
    PersistentState next = state;
    if (config.counter_step == CounterStep::one) {
        const std::uint32_t now = state.signature_counter;
        next.signature_counter = now + 1;  // wraps like the firmware's u32 += 1 in release builds
        save(next);
        return now;
    }
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
