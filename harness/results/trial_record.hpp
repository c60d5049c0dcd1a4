#pragma once
// One trial of a campaign as the result store keeps it: where the fault was, what the checks
// said, how long it took. trials.csv has one row per TrialRecord (columns in docs/results.md).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace nk3::results {

struct CheckOutcome {
    std::string check;  // "credentials_survive"
    bool passed = true;
    std::string reason;  // one line; "" when passed

    bool operator==(const CheckOutcome&) const = default;
};

struct TrialRecord {
    std::uint64_t plan_index = 0;  // position in the fault plan (stable across runs and shards)
    std::string fault;             // one line: "flash op 37 (erase chip 0 @0x3000) torn"
    std::string plan;              // flash-sweep | nested | time-sweep | random
    std::string cut_mode;          // before | torn | after | time | "" (none)
    std::optional<std::int64_t> flash_op;   // index relative to the operation under test
    std::optional<std::int64_t> second_op;  // nested: the second cut's index in the boot
    std::string op_kind;                    // program | erase | ""
    std::optional<std::int64_t> offset_us;  // time-sweep / random: offset from the anchor
    std::int64_t sim_time_ns = 0;           // simulated time of the cut (0 on a bench)
    std::string verdict;                    // pass | fail
    std::vector<CheckOutcome> checks;       // every check that ran, in order
    std::string reason;                     // one line: first failing check's reason
    std::int64_t recovery_ns = 0;           // power-on to the key's first answer
    std::int64_t duration_us = 0;           // wall clock of the whole trial
    std::string replay;                     // "nk3rig replay DIR 37" for failing trials

    std::vector<std::string> failing_checks() const;  // names of the checks that failed, in order

    bool operator==(const TrialRecord&) const = default;
};

}  // namespace nk3::results
