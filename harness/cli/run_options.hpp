#pragma once
// The options of `nk3rig run` as given on the command line; a suite hands each of its members
// a copy with the member's run directory (suite_run.hpp).

#include <cstdint>
#include <string>

namespace nk3::cli {

struct RunOptions {
    std::string scenario;  // a scenario or a suite file
    std::string target;    // --target sim:...; "" = the scenario's
    std::string bench;     // --bench FILE.yaml
    std::string out;       // --out DIR; "" = the default run directory
    int jobs = 1;
    std::uint64_t seed = 1;
    bool seed_given = false;
    bool resume = false;
    std::string shard;       // --shard I/N; "" = the whole plan
    bool no_report = false;  // --no-report
    bool no_reuse = false;   // --no-reuse
};

// The target the command line asks for: "bench:FILE.yaml", the --target spec, or "" (the
// scenario's own).
inline std::string requested_spec(const RunOptions& o) {
    return !o.bench.empty() ? "bench:" + o.bench : o.target;
}

}  // namespace nk3::cli
