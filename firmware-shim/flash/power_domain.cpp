#include "flash/power_domain.hpp"

#include <cmath>

#include "flash/flash_error.hpp"

namespace nk3::flash {

void PowerDomain::require_power() const {
    if (!powered_) throw PowerLoss{};
}

PowerDomain::Ticket PowerDomain::begin(OpKind kind, std::uint8_t chip, std::uint32_t address,
                                       std::uint32_t length, SimTime duration) {
    require_power();
    Ticket t{.op = {.index = next_index_++,
                    .kind = kind,
                    .chip = chip,
                    .address = address,
                    .length = length,
                    .start = now_,
                    .duration = duration},
             .cut = std::nullopt};
    if (armed_ && armed_->op_index == t.op.index) t.cut = armed_->mode;
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
            elapsed = SimTime{static_cast<SimTime::rep>(
                std::llround(static_cast<double>(ticket.op.duration.count()) * fraction))};
            break;
        case CutMode::after:
            elapsed = ticket.op.duration;
            break;
    }
    now_ += elapsed;
    last_cut_ = CutRecord{.plan = *armed_,
                          .op = ticket.op,
                          .at = now_,
                          .bytes_changed = bytes_changed,
                          .detail = std::move(detail)};
    armed_.reset();
    powered_ = false;
    throw PowerLoss{};
}

void PowerDomain::restore(const State& s) {
    next_index_ = s.next_index;
    now_ = s.now;
    powered_ = true;
    armed_.reset();
    last_cut_.reset();
}

}  // namespace nk3::flash
