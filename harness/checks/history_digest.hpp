#pragma once
// A SHA-256 digest of everything in a History: two trials whose histories have equal digests
// told the host the same things, so the checks judge them alike (the engine reuses the outcome
// of a power-on it has already seen, docs/engine.md "Same state, same outcome"). It covers the
// PIN too; the digest stays in memory and is never written anywhere.

#include "crypto/bytes.hpp"
#include "harness/checks/history.hpp"

namespace nk3::checks {

crypto::Bytes history_digest(const History& history);

}  // namespace nk3::checks
