#pragma once
// What the dry run of the operation under test measured on the simulator, and the request
// boundaries trials start from.
//
// The dry run starts from the snapshot taken after the setup. Before each operation step it
// takes a snapshot (a *boundary*: the key's whole state, the flash operation counter, the
// simulated clock, and the host's History so far), restores it and reconnects (so the dry run
// passes through exactly the state a trial starting there sees), then runs the step and records
// its flash operations and the simulated times of its first request and first KEEPALIVE.
// A trial whose cut lands in step s starts at the last boundary at or before s instead of at
// the start of the operation: it re-runs one request, not all before it.
//
// Boundaries stop after the first pin_attempt step: a key keeps consecutive wrong PINs in RAM
// (3 per power cycle), which a restore would forget, so later steps run on from that boundary.

#include <cstdint>
#include <optional>
#include <vector>

#include "common/sim_time.hpp"
#include "device/virtual_nk3.hpp"
#include "flash/flash_op.hpp"
#include "harness/checks/history.hpp"

namespace nk3::engine {

struct Boundary {
    std::size_t step = 0;              // the operation step that follows
    device::VirtualNk3::Snapshot key;  // the key before that step
    std::uint64_t first_op = 0;        // absolute index of the next flash operation
    SimTime time{0};                   // simulated clock at the boundary
    checks::History history;           // what the host knew there
    crypto::Bytes flash_digest;        // of `key` (both chips), for the outcome cache
};

struct StepMeasure {
    std::uint64_t first_op = 0;  // absolute: [first_op, end_op) are this step's flash ops
    std::uint64_t end_op = 0;
    std::optional<SimTime> request_sent;  // first request of the step
    std::optional<SimTime> keepalive;     // first KEEPALIVE of the step
    SimTime start{0};                     // clock when the step began (after the boundary)
    SimTime end{0};
};

struct DryRun {
    std::vector<Boundary> boundaries;  // by step, only steps that have one
    std::vector<StepMeasure> steps;    // one per operation step
    std::vector<flash::FlashOp> ops;   // every flash op of the operation, in order
    std::uint64_t first_op = 0;        // absolute index of the operation's first flash op
    std::uint64_t fingerprint = 0;     // of the ops' indexes, kinds, chips, addresses

    std::uint64_t op_count() const { return ops.size(); }
    // The step holding absolute flash op `op` (the last step when past the end).
    std::size_t step_of_op(std::uint64_t op) const;
    // The step running (or the last one started) at simulated instant `at`.
    std::size_t step_at(SimTime at) const;
    // The last boundary whose clock is at or before `at` (the first one when none is).
    const Boundary& boundary_at(SimTime at) const;
    // The last boundary at or before `step`.
    const Boundary& boundary_for(std::size_t step) const;
};

}  // namespace nk3::engine
