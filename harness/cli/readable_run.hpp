#pragma once
// The check `nk3rig report` and `nk3rig compare` make before handing a run directory to the
// Python renderer: the directory holds a result store this nk3rig reads, and every row of it
// passes the read-back checks (harness/results/read_back_check.hpp). A run changed outside
// nk3rig is refused with exit status 2 instead of being rendered as if it were true.

#include <string>

namespace nk3::cli {

// 0 when `dir` is a readable, consistent run; otherwise prints "WHO: message" on stderr and
// returns the exit status (2 bad input, 3 the rig could not read it).
int check_readable_run(const std::string& dir, const char* who);

}  // namespace nk3::cli
