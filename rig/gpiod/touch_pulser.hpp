#pragma once
// The timing half of a GPIO touch, apart from the GPIO itself so it can be tested without one:
// a worker thread that, when armed, asserts a "press" output `delay` later for `press` long.
// Arming while a press is pending or under way does nothing (one press per request); disarming
// cancels a pending press and ends one under way.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace nk3::rig {

class TouchPulser {
  public:
    using Clock = std::chrono::steady_clock;
    // `drive(true)` presses, `drive(false)` releases; called on the worker thread. Exceptions
    // it throws are kept and rethrown by the next arm() or disarm().
    TouchPulser(std::function<void(bool)> drive, std::chrono::milliseconds press);
    ~TouchPulser();
    TouchPulser(const TouchPulser&) = delete;
    TouchPulser& operator=(const TouchPulser&) = delete;

    void arm(std::chrono::nanoseconds delay);
    void disarm();
    // Presses completed so far.
    unsigned presses() const;
    // Blocks until `count` presses completed or `timeout` passed; true when they did.
    bool wait_presses(unsigned count, std::chrono::milliseconds timeout) const;

  private:
    void run();
    void rethrow_locked();

    std::function<void(bool)> drive_;
    std::chrono::milliseconds press_;
    mutable std::mutex mutex_;
    mutable std::condition_variable cv_;
    bool stop_ = false;
    bool armed_ = false;
    Clock::time_point due_{};
    unsigned presses_ = 0;
    std::exception_ptr error_;
    std::thread worker_;
};

}  // namespace nk3::rig
