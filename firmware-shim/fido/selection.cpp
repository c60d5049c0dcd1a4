// authenticatorSelection (0x0B, CTAP 2.1 6.9): a touch, nothing else.

#include "fido/session.hpp"

namespace nk3::fido {

Reply selection(Presence presence) {
    if (auto r = await_presence(presence)) return *r;
    return ctap_ok();
}

}  // namespace nk3::fido
