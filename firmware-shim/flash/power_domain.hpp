#pragma once
// The power rail that one or more flash chips share. It owns what a cut is about: the running
// operation index, the simulated clock, whether power is on, the armed cut and the record of the
// last one. A chip asks the domain before each program or erase (begin) and reports back when
// the effect is applied (finish); the domain decides whether the operation runs whole, not at
// all, or torn, and raises PowerLoss when the cut lands.

#include <cstdint>
#include <optional>
#include <vector>

#include "flash/flash_op.hpp"

namespace nk3::flash {

class PowerDomain {
  public:
    // What the chip must do with the operation it announced.
    struct Ticket {
        FlashOp op;
        std::optional<CutMode> cut;  // empty: run the operation whole
        // A torn operation cut at a simulated instant: how far it got (0..1), which the chip
        // follows instead of drawing the point from the seed. Empty for cuts at an index.
        std::optional<double> torn_at;
        std::uint64_t seed = 0;           // drives what a torn operation leaves behind
        std::optional<SimTime> armed_at;  // the instant, when the cut was armed at one
    };

    // Numbers and times an operation. Throws PowerLoss when power is off.
    Ticket begin(OpKind kind, std::uint8_t chip, std::uint32_t address, std::uint32_t length,
                 SimTime duration);
    // Advances the clock past the operation. When the ticket carried a cut, records it, turns
    // power off and throws PowerLoss. `fraction` is how far a torn operation got (0..1).
    void finish(const Ticket& ticket, double fraction = 1.0, std::uint32_t bytes_changed = 0,
                std::string detail = {});

    // Arms a cut at a running operation index (absolute, like FlashOp::index).
    void arm_cut(const CutPlan& plan) { armed_ = plan; }
    // Arms a cut at simulated instant `at`: the operation running then is torn at the matching
    // fraction of its duration; when `at` falls between operations (or before the next one),
    // the next operation is cut `before`. A device that is idle when its clock reaches `at`
    // calls cut_idle() (the domain cannot see time pass without flash activity on its own).
    // Independent of a cut armed at an index; whichever lands first fires, the other stays.
    void arm_cut_at_time(SimTime at, std::uint64_t seed = 0) { armed_time_ = TimeCut{at, seed}; }
    void disarm() {
        armed_.reset();
        armed_time_.reset();
    }
    const std::optional<CutPlan>& armed() const { return armed_; }
    const std::optional<TimeCut>& armed_time() const { return armed_time_; }
    // Idle devices: true when a time cut is armed at or before now() + dt (power on).
    bool time_cut_within(SimTime dt) const {
        return powered_ && armed_time_ && armed_time_->at <= now_ + dt;
    }
    // The armed time cut lands with no operation running: the clock moves to its instant (if
    // that is still ahead), the cut is recorded (CutRecord::idle) and power goes off. No
    // exception: the caller is the device's idle loop, not firmware code. No-op when none is
    // armed.
    void cut_idle();

    bool powered() const { return powered_; }
    void require_power() const;
    void power_off() { powered_ = false; }
    // Power returns; an armed cut that already fired is gone, one still ahead stays armed.
    void power_on() { powered_ = true; }

    const std::optional<CutRecord>& last_cut() const { return last_cut_; }
    void clear_last_cut() { last_cut_.reset(); }

    std::uint64_t next_index() const { return next_index_; }
    SimTime now() const { return now_; }
    // Time passes with no flash activity (CPU work, power-off time, host delays).
    void advance(SimTime dt) { now_ += dt; }

    // Off by default: a trial needs only the counter, a dry run wants the whole list.
    void set_recording(bool on) { recording_ = on; }
    const std::vector<FlashOp>& log() const { return log_; }
    void clear_log() { log_.clear(); }

    struct State {
        std::uint64_t next_index = 0;
        SimTime now{0};
    };
    State state() const { return {next_index_, now_}; }
    // Restores counter and clock, powers on, forgets the last cut and any armed one.
    void restore(const State& s);

  private:
    std::uint64_t next_index_ = 0;
    SimTime now_{0};
    bool powered_ = true;
    bool recording_ = false;
    std::optional<CutPlan> armed_;
    std::optional<TimeCut> armed_time_;
    std::optional<CutRecord> last_cut_;
    std::vector<FlashOp> log_;
};

}  // namespace nk3::flash
