// The SIGINT handler: an async-signal-safe store to a lock-free atomic, then the default action
// for the next one.

#include "harness/cli/sigint_stop.hpp"

namespace nk3::cli {

namespace {

std::atomic<bool> g_stop{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void on_sigint(int) {
    g_stop = true;
    std::signal(SIGINT, SIG_DFL);  // a second Ctrl-C ends the process at once
}

}  // namespace

SigintStop::SigintStop() {
    g_stop = false;
    previous_ = std::signal(SIGINT, on_sigint);
    if (previous_ == SIG_ERR) previous_ = SIG_DFL;
}

SigintStop::~SigintStop() {
    std::signal(SIGINT, previous_);
}

const std::atomic<bool>& SigintStop::flag() const {
    return g_stop;
}

}  // namespace nk3::cli
