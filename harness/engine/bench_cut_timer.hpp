#pragma once
// A bench's power cut at a time offset: started at the anchor event (request sent, first
// KEEPALIVE), it switches the PowerSwitch off `offset` of real time later, on its own thread,
// while the link thread waits for the key's answer. The simulator does the same in simulated
// time (SimPowers::arm_cut_at_time) and needs no thread.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>

#include "rig/power_switch.hpp"

namespace nk3::engine {

class BenchCutTimer {
  public:
    explicit BenchCutTimer(rig::PowerSwitch& power) : power_(power) {}
    ~BenchCutTimer();
    BenchCutTimer(const BenchCutTimer&) = delete;
    BenchCutTimer& operator=(const BenchCutTimer&) = delete;

    // Cuts `offset` from now. Ignored when already started.
    void start(std::chrono::microseconds offset);
    bool started() const { return started_; }
    bool fired() const { return fired_.load(); }
    // Waits until the cut happened (or returns at once if never started); rethrows the switch's
    // RigError.
    void wait();
    // Stops a timer that has not fired.
    void cancel();

  private:
    rig::PowerSwitch& power_;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool cancelled_ = false;
    bool started_ = false;
    std::atomic<bool> fired_{false};
    std::exception_ptr error_;
};

}  // namespace nk3::engine
