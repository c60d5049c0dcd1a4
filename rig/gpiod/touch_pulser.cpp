// TouchPulser: one worker thread, one pending press at most.
#include "rig/gpiod/touch_pulser.hpp"

#include <exception>
#include <utility>

namespace nk3::rig {

TouchPulser::TouchPulser(std::function<void(bool)> drive, std::chrono::milliseconds press)
    : drive_(std::move(drive)), press_(press), worker_([this] { run(); }) {}

TouchPulser::~TouchPulser() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    cv_.notify_all();
    worker_.join();
}

void TouchPulser::rethrow_locked() {
    if (error_) {
        std::exception_ptr e = std::exchange(error_, nullptr);
        std::rethrow_exception(e);
    }
}

void TouchPulser::arm(std::chrono::nanoseconds delay) {
    {
        std::lock_guard lock(mutex_);
        rethrow_locked();
        if (armed_) return;
        armed_ = true;
        due_ = Clock::now() + std::chrono::duration_cast<Clock::duration>(delay);
    }
    cv_.notify_all();
}

void TouchPulser::disarm() {
    {
        std::lock_guard lock(mutex_);
        armed_ = false;
        rethrow_locked();
    }
    cv_.notify_all();
}

unsigned TouchPulser::presses() const {
    std::lock_guard lock(mutex_);
    return presses_;
}

bool TouchPulser::wait_presses(unsigned count, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, timeout, [&] { return presses_ >= count; });
}

void TouchPulser::run() {
    std::unique_lock lock(mutex_);
    while (!stop_) {
        if (!armed_) {
            cv_.wait(lock, [&] { return stop_ || armed_; });
            continue;
        }
        if (cv_.wait_until(lock, due_, [&] { return stop_ || !armed_; })) continue;
        // Due: press, hold for press_ (a disarm or stop ends it early), release.
        try {
            lock.unlock();
            drive_(true);
            lock.lock();
            cv_.wait_for(lock, press_, [&] { return stop_ || !armed_; });
            lock.unlock();
            drive_(false);
            lock.lock();
            ++presses_;
        } catch (...) {
            if (!lock.owns_lock()) lock.lock();
            error_ = std::current_exception();
        }
        armed_ = false;
        cv_.notify_all();
    }
}

}  // namespace nk3::rig
