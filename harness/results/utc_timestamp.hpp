#pragma once
// The current time as the result store writes it: ISO 8601 UTC to the second,
// "2025-01-31T12:00:00Z".

#include <string>

namespace nk3::results {

std::string utc_timestamp_now();

}  // namespace nk3::results
