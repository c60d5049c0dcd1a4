// authenticatorReset (0x07, CTAP 2.1 6.6): only within reset_window of power-up, after a
// touch. In the order of fido-authenticator 0.1.1 `src/ctap2.rs` reset:
//   1. trussed delete_all(Internal): every key file in fido/sec and fido/pub whose name has at
//      least 4 characters (so not the attestation key 00), in directory order;
//   2. remove_dir_all("rk"): every rk file and directory under fido/dat/rk, then rk itself;
//   3. PersistentState::reset: the device keys (already gone) forgotten, no PIN, retries back,
//      signature counter 0 (counter_step random: kept, nk3rig's earlier model), saved.
// The attestation (fido/sec/00, fido/x5c/00) stays.

#include "fido/ctap_status.hpp"
#include "fido/paths.hpp"
#include "fido/session.hpp"

namespace nk3::fido {

Reply reset(Session& s, Presence presence) {
    if (s.platform.now() - s.platform.powered_since() > s.config.reset_window)
        throw CtapError(status::kNotAllowed, "reset only right after power-up");
    if (auto r = await_presence(presence)) return *r;

    const auto long_name = [](const std::string& name) { return name.size() >= 4; };
    paths::remove_dir_all_where(s.fs, std::string(paths::kSec), long_name);
    paths::remove_dir_all_where(s.fs, std::string(paths::kPub), long_name);
    paths::remove_dir_all_where(s.fs, std::string(paths::kRk),
                                [](const std::string&) { return true; });

    PersistentState next = s.default_state();
    if (s.config.counter_step == CounterStep::random)
        next.signature_counter = s.state.signature_counter;
    s.save(next);

    s.mismatches_since_boot = 0;
    s.regenerate_key_agreement();
    s.token.reset(s.rng());
    return ctap_ok();
}

}  // namespace nk3::fido
