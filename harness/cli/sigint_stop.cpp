// The stop handler for SIGINT, SIGTERM and SIGHUP: an async-signal-safe store to a lock-free
// atomic, then the default action for the next of any of them.

#include "harness/cli/sigint_stop.hpp"

#include <iterator>

namespace nk3::cli {

namespace {

std::atomic<bool> g_stop{false};
static_assert(std::atomic<bool>::is_always_lock_free);

constexpr int kStopSignals[] = {SIGINT, SIGTERM, SIGHUP};

extern "C" void on_stop_signal(int) {
    g_stop = true;
    for (int s : kStopSignals)
        std::signal(s, SIG_DFL);  // a second signal ends the process at once
}

}  // namespace

SigintStop::SigintStop() {
    g_stop = false;
    for (std::size_t i = 0; i < std::size(kStopSignals); ++i) {
        previous_[i] = std::signal(kStopSignals[i], on_stop_signal);
        if (previous_[i] == SIG_ERR) previous_[i] = SIG_DFL;
    }
}

SigintStop::~SigintStop() {
    for (std::size_t i = 0; i < std::size(kStopSignals); ++i)
        std::signal(kStopSignals[i], previous_[i]);
}

const std::atomic<bool>& SigintStop::flag() const {
    return g_stop;
}

}  // namespace nk3::cli
