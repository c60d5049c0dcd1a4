#pragma once
// What a run directory's results describe: the scenario, the target, the seed and the plan, so
// that a report, a comparison or --resume knows what it is looking at.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace nk3::results {

enum class RunStatus : unsigned char { running, complete, interrupted };

// "running" | "complete" | "interrupted", as the database and summary.json spell them.
std::string_view to_string(RunStatus status);
std::optional<RunStatus> parse_run_status(std::string_view text);

struct RunInfo {
    std::string scenario;       // name
    std::string scenario_file;  // path as given
    std::string scenario_sha256;
    std::string target;   // "sim:nk3am-1.2.2"
    std::string profile;  // device profile name ("" on a bench)
    std::string firmware;
    std::uint64_t seed = 0;
    std::string plan;               // flash-sweep | nested | time-sweep | random
    std::uint64_t plan_size = 0;    // trials in the whole plan (all shards)
    std::uint32_t shard_index = 0;  // 0-based
    std::uint32_t shard_count = 1;
    std::string rig_version;
    std::string host;
    std::string started;   // ISO 8601 UTC: "2025-01-31T12:00:00Z"
    std::string finished;  // "" while running; set_status() stamps it
    RunStatus status = RunStatus::running;

    bool operator==(const RunInfo&) const = default;
};

}  // namespace nk3::results
