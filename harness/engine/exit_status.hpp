#pragma once
// The exit statuses of `nk3rig run`, `replay` and `merge` (README, docs/engine.md).

namespace nk3::engine {

inline constexpr int kExitPass = 0;           // every trial passed every check
inline constexpr int kExitChecksFailed = 1;   // some check failed in some trial
inline constexpr int kExitBadInput = 2;       // scenario, profile, bench file or arguments
inline constexpr int kExitRigFailed = 3;      // the rig itself could not run
inline constexpr int kExitInterrupted = 130;  // SIGINT: stopped cleanly, everything so far saved

}  // namespace nk3::engine
