// SimHidIo: libfido2's read/write/open/close callbacks on a simulated key's HidEndpoint (the
// path libfido2 passes to open finds the instance through IoRegistry).
#include "rig/link/sim_hid_io.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

#include "ctaphid/commands.hpp"
#include "ctaphid/packet.hpp"
#include "rig/link/io_registry.hpp"
#include "rig/link/wire_events.hpp"

namespace nk3::rig {

namespace {

// libfido2 prefixes every output report with the report id (0 for FIDO HID devices).
constexpr std::size_t kOutputReportSize = ctaphid::kReportSize + 1;

using Registry = IoRegistry<SimHidIo>;

}  // namespace

SimHidIo::SimHidIo(device::HidEndpoint& endpoint, LinkTiming timing)
    : endpoint_(endpoint), timing_(timing), path_(Registry::add("nk3-sim", this)) {
    if (timing_.poll_step <= SimTime::zero()) timing_.poll_step = std::chrono::milliseconds(1);
}

SimHidIo::~SimHidIo() {
    Registry::remove(path_);
}

const fido_dev_io_t& SimHidIo::io_functions() {
    static const fido_dev_io_t io{&SimHidIo::c_open, &SimHidIo::c_close, &SimHidIo::c_read,
                                  &SimHidIo::c_write};
    return io;
}

std::exception_ptr SimHidIo::take_error() {
    return std::exchange(error_, nullptr);
}

void SimHidIo::keep_error() {
    if (!error_) error_ = std::current_exception();
}

void* SimHidIo::c_open(const char* path) {
    SimHidIo* io = Registry::lookup(path);
    if (io == nullptr || io->open_) return nullptr;
    try {
        io->open();
    } catch (...) {
        io->keep_error();
        return nullptr;
    }
    return io;
}

void SimHidIo::c_close(void* handle) {
    if (handle != nullptr) static_cast<SimHidIo*>(handle)->open_ = false;
}

int SimHidIo::c_read(void* handle, unsigned char* buf, std::size_t len, int ms) {
    if (handle == nullptr || buf == nullptr) return -1;
    auto* io = static_cast<SimHidIo*>(handle);
    try {
        return io->read(buf, len, ms);
    } catch (...) {
        io->keep_error();
        return -1;
    }
}

int SimHidIo::c_write(void* handle, const unsigned char* buf, std::size_t len) {
    if (handle == nullptr || buf == nullptr) return -1;
    auto* io = static_cast<SimHidIo*>(handle);
    try {
        return io->write(buf, len);
    } catch (...) {
        io->keep_error();
        return -1;
    }
}

void SimHidIo::open() {
    // A freshly opened hidraw file sees only reports that arrive after the open.
    while (endpoint_.read()) {
    }
    open_ = true;
    last_request_ = wait_base_ = endpoint_.now();
    waited_since_base_ = SimTime::zero();
    u2f_pace_due_ = false;
}

int SimHidIo::read(unsigned char* buf, std::size_t len, int ms) {
    if (!open_ || len < ctaphid::kReportSize) return -1;
    const SimTime limit = ms >= 0 ? SimTime(std::chrono::milliseconds(ms)) : timing_.unbounded_wait;
    for (;;) {
        if (const auto report = endpoint_.read()) {
            std::memcpy(buf, report->data(), ctaphid::kReportSize);
            ++stats_.reports_read;
            const bool keepalive = is_init_with_cmd(*report, ctaphid::cmd::kKeepalive);
            if (keepalive) ++stats_.keepalives;
            if (is_init_with_cmd(*report, ctaphid::cmd::kMsg)) u2f_pace_due_ = true;
            if (observer_)
                if (const auto event = event_of_read(*report)) observer_(*event);
            return static_cast<int>(ctaphid::kReportSize);
        }
        // The endpoint's clock may also move on its own (flash operations); the link's own
        // count of waited time guarantees the loop ends even if it does not move at all.
        const SimTime elapsed = std::max(endpoint_.now() - wait_base_, waited_since_base_);
        if (elapsed >= limit) {
            ++stats_.timeouts;
            wait_base_ = endpoint_.now();
            waited_since_base_ = SimTime::zero();
            return -1;
        }
        const SimTime step = next_step(limit - elapsed);
        endpoint_.advance(step);
        waited_since_base_ += step;
        stats_.waited += step;
        if (wait_hook_) wait_hook_(endpoint_.now() - last_request_);
    }
}

SimTime SimHidIo::next_step(SimTime remaining) const {
    const SimTime step = std::min(timing_.poll_step, remaining);
    if (wait_hook_) return step;  // the hook sees every step
    // While the key stays quiet, the polls in between would find nothing and change nothing:
    // the whole poll steps that end before it may act pass as one advance, so that the next
    // step starts at the same instant as stepping would have reached, and every simulated time
    // stays the same. (A key waiting 200 ms for a touch costs one advance, not 200.)
    const SimTime now = endpoint_.now();
    const SimTime quiet_until = endpoint_.quiet_until();
    if (quiet_until <= now) return step;
    const SimTime quiet = quiet_until - now;
    if (quiet > remaining) return remaining;  // nothing at all happens before the wait ends
    const auto whole = (quiet - SimTime(1)) / timing_.poll_step;  // steps ending before it
    return whole > 1 ? timing_.poll_step * whole : step;
}

int SimHidIo::write(const unsigned char* buf, std::size_t len) {
    if (!open_ || len != kOutputReportSize || buf[0] != 0) return -1;
    ctaphid::Report report;
    std::memcpy(report.data(), buf + 1, ctaphid::kReportSize);
    const bool new_request = event_of_written(report).has_value();
    if (new_request && u2f_pace_due_) {
        u2f_pace_due_ = false;
        pass_time(timing_.u2f_pace);
    }
    last_request_ = wait_base_ = endpoint_.now();
    waited_since_base_ = SimTime::zero();
    if (new_request && observer_) observer_(LinkEvent::request_sent);
    endpoint_.write(report);
    ++stats_.reports_written;
    return static_cast<int>(kOutputReportSize);
}

void SimHidIo::pass_time(SimTime dt) {
    while (dt > SimTime::zero()) {
        const SimTime step = std::min(timing_.poll_step, dt);
        endpoint_.advance(step);
        stats_.waited += step;
        dt -= step;
    }
}

}  // namespace nk3::rig
