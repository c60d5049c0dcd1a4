#include "flash/power_domain.hpp"

#include <cmath>
#include <string>

#include "flash/flash_error.hpp"

namespace nk3::flash {

void PowerDomain::require_power() const {
    if (!powered_) throw PowerLoss{};
}

PowerDomain::Ticket PowerDomain::begin(OpKind kind, std::uint8_t chip, std::uint32_t address,
                                       std::uint32_t length, SimTime duration) {
    require_power();
    Ticket t;
    t.op.index = next_index_++;
    t.op.kind = kind;
    t.op.chip = chip;
    t.op.address = address;
    t.op.length = length;
    t.op.start = now_;
    t.op.duration = duration;
    if (armed_ && armed_->op_index == t.op.index) {
        t.cut = armed_->mode;
        t.seed = armed_->seed;
    } else if (armed_time_) {
        const SimTime at = armed_time_->at;
        if (at <= now_) {
            t.cut = CutMode::before;
        } else if (at < now_ + duration) {
            t.cut = CutMode::torn;
            t.torn_at =
                static_cast<double>((at - now_).count()) / static_cast<double>(duration.count());
        }
        if (t.cut) {
            t.seed = armed_time_->seed;
            t.armed_at = at;
        }
    }
    if (recording_) log_.push_back(t.op);
    return t;
}

void PowerDomain::finish(const Ticket& ticket, double fraction, std::uint32_t bytes_changed,
                         std::string detail) {
    if (!ticket.cut) {
        now_ += ticket.op.duration;
        return;
    }
    SimTime elapsed{0};
    switch (*ticket.cut) {
        case CutMode::before:
            break;
        case CutMode::torn:
            // A time cut lands exactly at its instant; a cut at an index where the chip says.
            elapsed = ticket.armed_at
                          ? *ticket.armed_at - ticket.op.start
                          : SimTime{static_cast<SimTime::rep>(std::llround(
                                static_cast<double>(ticket.op.duration.count()) * fraction))};
            break;
        case CutMode::after:
            elapsed = ticket.op.duration;
            break;
    }
    now_ += elapsed;
    CutRecord record;
    record.plan = CutPlan{ticket.op.index, *ticket.cut, ticket.seed};
    record.op = ticket.op;
    record.at = now_;
    record.bytes_changed = bytes_changed;
    record.detail = std::move(detail);
    record.armed_at = ticket.armed_at;
    last_cut_ = std::move(record);
    if (ticket.armed_at)
        armed_time_.reset();
    else
        armed_.reset();
    powered_ = false;
    throw PowerLoss{};
}

void PowerDomain::cut_idle() {
    if (!armed_time_) return;
    const TimeCut cut = *armed_time_;
    if (cut.at > now_) now_ = cut.at;
    CutRecord record;
    record.plan = CutPlan{next_index_, CutMode::before, cut.seed};
    record.op.index = next_index_;
    record.op.start = now_;
    record.at = now_;
    record.detail =
        "power cut at t=" + std::to_string(now_.count()) + " ns with no flash operation running";
    record.armed_at = cut.at;
    record.idle = true;
    last_cut_ = std::move(record);
    armed_time_.reset();
    powered_ = false;
}

void PowerDomain::restore(const State& s) {
    next_index_ = s.next_index;
    now_ = s.now;
    powered_ = true;
    armed_.reset();
    armed_time_.reset();
    last_cut_.reset();
}

}  // namespace nk3::flash
