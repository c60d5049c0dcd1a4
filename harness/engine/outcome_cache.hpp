#pragma once
// Same state, same outcome (docs/engine.md). On the simulator, everything that happens once
// power comes back is a function of two things: what the unpowered key holds (both flash chips,
// its random stream, the simulated button) and what the host was told (the History). Many cuts
// of a flash sweep leave both the same, byte for byte: a cut before operation n+1 and one after
// operation n, a torn program that cleared nothing, a cut whose damage the next boot repairs
// the same way. The campaign keeps each power-on's outcome (recovery time and check results)
// under a digest of the two, and a trial that arrives at a digest already seen takes that
// outcome instead of booting and checking again. Its record is the one it would have computed:
// the CSV of a run is the same with or without reuse (tests compare them), and `nk3rig run
// --no-reuse` turns it off. Replays never reuse: they exist to show the boot and the checks.
//
// The key is SHA-256 over: the flash digest of the snapshot the trial started from, the
// key's unpowered digest relative to that snapshot (device::VirtualNk3::unpowered_digest), the
// History's digest (checks::history_digest). Time is left out on purpose: cuts land at
// different instants, and the firmware only measures durations (since power-on, since a
// request), never the clock itself. The operation counter is left out too: it only places the
// next cut, and no cut is armed after this point.
//
// The digest is not trusted alone (as knossos compares cache hits by value): each outcome keeps
// the History it was computed for, and a hit whose History differs from the trial's is an error
// (checks::history_digest missed a field), never a reuse. And a seeded sample of the hits of
// every run (each worker's first, then about one in kRecheckOneIn) boots and checks anyway: an outcome that differs from
// the remembered one is an error too.
//
// Shared by the campaign's workers (BoundedCache takes a mutex); bounded, so memory stays flat.

#include <cstdint>
#include <memory>
#include <vector>

#include "crypto/bounded_cache.hpp"
#include "harness/checks/history.hpp"
#include "harness/results/trial_record.hpp"

namespace nk3::engine {

struct PowerOnOutcome {
    std::int64_t recovery_ns = 0;               // power-on to the key's first answer
    std::vector<results::CheckOutcome> checks;  // every check, in order
    checks::History history;                    // what the host had been told, compared on a hit
};

// One in this many cache hits is checked again (seeded by the run's seed and the plan index),
// and each worker's first hit too, so every run re-checks some.
inline constexpr std::uint64_t kRecheckOneIn = 64;

// The hit's History equals `history`, or DeterminismError names the trial: the power-on key's
// digest matched while the History differs, so the digest does not cover everything the checks
// read.
void require_same_history(const PowerOnOutcome& hit, const checks::History& history,
                          std::uint64_t trial);
// A re-check's fresh outcome equals the remembered one (checks and recovery time), or
// DeterminismError names the trial and the first check that differs.
void require_same_outcome(const PowerOnOutcome& remembered, const PowerOnOutcome& fresh,
                          std::uint64_t trial);

// The campaign's outcomes by power-on key. The capacity is enough for the distinct power-on
// states of any shipped scenario's sweep several times over; a few hundred bytes each.
class OutcomeCache : public crypto::BoundedCache<PowerOnOutcome> {
  public:
    static constexpr std::size_t kDefaultCapacity = 8192;
    explicit OutcomeCache(std::size_t capacity = kDefaultCapacity) : BoundedCache(capacity) {}
};

}  // namespace nk3::engine
