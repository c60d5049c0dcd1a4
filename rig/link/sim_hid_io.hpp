#pragma once
// libfido2's device I/O (fido_dev_io_t: open, close, read, write) over a simulated key's
// HidEndpoint. This is the one place where libfido2 meets the simulator: libfido2 writes
// 65-byte reports (report id 0, then the 64-byte CTAPHID packet) and reads 64-byte ones; while
// it waits and the key has nothing queued, simulated time moves forward (LinkTiming), so
// keepalives, touches and timeouts cost no wall time.
//
// Timeouts: libfido2 hands every read the wall-clock time left of its operation, which barely
// shrinks against a simulator. A read therefore waits until `ms` (or LinkTiming::unbounded_wait
// when ms is -1) of simulated time have passed since the later of the last request written and
// the last read that timed out; keepalives do not extend it. An operation with a timeout thus
// ends in simulated time, and polling reads (fido_dev_get_touch_status) each wait their own ms.
//
// libfido2 finds the instance through the path it passes to open (path()); instances register
// themselves under a unique path for their lifetime. Exceptions from the endpoint never cross
// into libfido2: the call fails (-1) and the exception is kept for take_error().

#include <fido.h>

#include <cstdint>
#include <exception>
#include <functional>
#include <string>

#include "common/sim_time.hpp"
#include "device/hid_endpoint.hpp"
#include "rig/link.hpp"
#include "rig/link/link_timing.hpp"

namespace nk3::rig {

// Counters of what crossed the link since construction.
struct LinkStats {
    std::uint64_t reports_written = 0;  // host -> key
    std::uint64_t reports_read = 0;     // key -> host, keepalives included
    std::uint64_t keepalives = 0;
    std::uint64_t timeouts = 0;  // reads that gave up
    SimTime waited{0};           // simulated time spent waiting in reads and pauses
};

class SimHidIo {
  public:
    // Called after every step of simulated time a read waits, with the simulated time since the
    // last request was written. It stands for "another thread of the host": it may call
    // fido_dev_cancel() on the device being read, or act on the simulated key (cut its power, ...).
    using WaitHook = std::function<void(SimTime since_request)>;

    explicit SimHidIo(device::HidEndpoint& endpoint, LinkTiming timing = {});
    ~SimHidIo();
    SimHidIo(const SimHidIo&) = delete;
    SimHidIo& operator=(const SimHidIo&) = delete;

    // The io functions to give fido_dev_set_io_functions, and the path to give fido_dev_open.
    static const fido_dev_io_t& io_functions();
    const std::string& path() const { return path_; }

    device::HidEndpoint& endpoint() { return endpoint_; }
    const LinkTiming& timing() const { return timing_; }
    const LinkStats& stats() const { return stats_; }
    bool is_open() const { return open_; }

    void set_wait_hook(WaitHook hook) { wait_hook_ = std::move(hook); }

    // Moments on the wire (rig::LinkEvent), reported synchronously at the simulated time they
    // happen: request_sent just before the first report of a request (any initialization
    // packet but CANCEL, INIT included) reaches the key, so the observer may arm a cut that
    // the request's own flash work runs into; keepalive after each KEEPALIVE read; response
    // after the first report of any other answer. Empty: none.
    void set_observer(LinkObserver observer) { observer_ = std::move(observer); }

    // The first exception an endpoint call threw since the last take_error(), if any.
    std::exception_ptr take_error();

  private:
    static void* c_open(const char* path);
    static void c_close(void* handle);
    static int c_read(void* handle, unsigned char* buf, std::size_t len, int ms);
    static int c_write(void* handle, const unsigned char* buf, std::size_t len);

    void open();
    int read(unsigned char* buf, std::size_t len, int ms);
    int write(const unsigned char* buf, std::size_t len);
    // Moves simulated time forward by `dt` in poll steps (no report is read meanwhile).
    void pass_time(SimTime dt);
    // How far the next wait step of read() goes, at most `remaining`: one poll step, or, while
    // the endpoint is quiet (HidEndpoint::quiet_until), every whole poll step before it acts.
    SimTime next_step(SimTime remaining) const;
    void keep_error();

    device::HidEndpoint& endpoint_;
    LinkTiming timing_;
    std::string path_;
    bool open_ = false;
    SimTime last_request_{0};       // when the last report was written
    SimTime wait_base_{0};          // last request written or last read timed out
    SimTime waited_since_base_{0};  // simulated time the link itself moved since wait_base_
    bool u2f_pace_due_ = false;     // a U2F response was read; the next request pauses first
    WaitHook wait_hook_;
    LinkObserver observer_;
    std::exception_ptr error_;
    LinkStats stats_;
};

}  // namespace nk3::rig
