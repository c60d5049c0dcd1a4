// Run status names.

#include "harness/results/run_info.hpp"

namespace nk3::results {

std::string_view to_string(RunStatus status) {
    switch (status) {
        case RunStatus::running:
            return "running";
        case RunStatus::complete:
            return "complete";
        case RunStatus::interrupted:
            return "interrupted";
    }
    return "running";
}

std::optional<RunStatus> parse_run_status(std::string_view text) {
    for (const RunStatus status :
         {RunStatus::running, RunStatus::complete, RunStatus::interrupted}) {
        if (to_string(status) == text) return status;
    }
    return std::nullopt;
}

}  // namespace nk3::results
