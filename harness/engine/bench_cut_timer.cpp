// BenchCutTimer: a thread that switches power off at a real-time deadline unless cancelled.

#include "harness/engine/bench_cut_timer.hpp"

namespace nk3::engine {

BenchCutTimer::~BenchCutTimer() {
    cancel();
}

void BenchCutTimer::start(std::chrono::microseconds offset) {
    if (started_) return;
    started_ = true;
    const auto deadline = std::chrono::steady_clock::now() + offset;
    thread_ = std::thread([this, deadline] {
        std::unique_lock lock(mutex_);
        if (cv_.wait_until(lock, deadline, [this] { return cancelled_; })) return;
        try {
            power_.set(false);
        } catch (...) {
            error_ = std::current_exception();
        }
        fired_ = true;
    });
}

void BenchCutTimer::wait() {
    if (thread_.joinable()) thread_.join();
    if (error_) std::rethrow_exception(error_);
}

void BenchCutTimer::cancel() {
    {
        std::lock_guard lock(mutex_);
        cancelled_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

}  // namespace nk3::engine
