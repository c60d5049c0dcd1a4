#pragma once
// The resident credentials on a key, listed the way CTAP 2.1 means credentialManagement to be
// used (6.8): one pinUvAuthToken with the cm permission authenticates enumerateRPsBegin and
// every enumerateCredentialsBegin; the GetNext subcommands need none. libfido2 1.12's
// fido_credman_get_dev_rp / _rk take a new token for each call, which on the simulator costs a
// key agreement on both sides and two retry-counter writes on the key's flash for every rp.
//
// Every answer is a key's bytes: each field is checked for its type, the counts for presence
// and a plausible value, and a defect is a failed status (FIDO_ERR_RX) naming the subcommand and
// the field. What a damaged credential may lack (its public key, the user's name or id, an rp's
// id) is not required, as libfido2 does not require it: the credential is listed as the key
// lists it, and the checks judge whether it is usable. The listing is the one libfido2 gives
// (rig/sim/tests/fido_link_listing_test.cpp compares the two on the same key).

#include <cstdint>
#include <vector>

#include "rig/link.hpp"
#include "rig/link/ctaphid_channel.hpp"
#include "rig/link/pin_uv_auth_token.hpp"

namespace nk3::rig {

// `command`: 0x0A (authenticatorCredentialManagement), or 0x41 for a CTAP 2.1 preview key.
// A key without resident credentials answers NO_CREDENTIALS: an empty list.
LinkResult<std::vector<ResidentCredential>> list_resident_credentials(CtaphidChannel& channel,
                                                                      const PinUvAuthToken& token,
                                                                      std::uint8_t command);

}  // namespace nk3::rig
