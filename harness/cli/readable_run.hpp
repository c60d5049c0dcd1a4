#pragma once
// The check `nk3rig report` and `nk3rig compare` make before handing a run directory to the
// Python renderer: every row of its result store passes the read-back checks
// (harness/results/read_back_check.hpp). A run changed outside nk3rig, or a damaged file, is
// refused with exit status 2 instead of being rendered as if it were true. A directory that is
// not a run at all is left to the renderer, which names it (also exit status 2).

#include <string>

namespace nk3::cli {

// 0 when `dir` is a consistent run or no run at all; for a corrupt one prints "WHO: message"
// on stderr and returns 2.
int check_readable_run(const std::string& dir, const char* who);

}  // namespace nk3::cli
