// authenticatorReset (0x07, CTAP 2.1 6.6): only within reset_window of power-up, after a
// touch. Removes every resident credential (rk file, then key file), writes a fresh state
// (no device keys, no PIN; the signature counter is kept so that it never goes backwards), then
// removes the old device key files. The attestation (fido/sec/00, fido/x5c/00) stays.

#include "fido/ctap_status.hpp"
#include "fido/key_file.hpp"
#include "fido/session.hpp"

namespace nk3::fido {

Reply reset(Session& s, Presence presence) {
    if (s.platform.now() - s.platform.powered_since() > s.config.reset_window)
        throw CtapError(status::kNotAllowed, "reset only right after power-up");
    if (auto r = await_presence(presence)) return *r;

    for (const auto& rk : list_residents(s.fs))
        remove_resident(s.fs, rk);
    const PersistentState old = s.state;
    PersistentState next = s.default_state();
    next.signature_counter = old.signature_counter;
    s.save(next);
    s.device_keys.reset();
    if (old.kek_id) remove_key(s.fs, *old.kek_id);
    if (old.kwk_id) remove_key(s.fs, *old.kwk_id);

    s.mismatches_since_boot = 0;
    s.regenerate_key_agreement();
    s.token.reset(s.rng());
    return ctap_ok();
}

}  // namespace nk3::fido
