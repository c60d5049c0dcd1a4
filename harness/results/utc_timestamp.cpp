// ISO 8601 UTC timestamps.

#include "harness/results/utc_timestamp.hpp"

#include <ctime>

namespace nk3::results {

std::string utc_timestamp_now() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    const std::size_t size = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return std::string(text, size);
}

}  // namespace nk3::results
