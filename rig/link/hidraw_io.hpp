#pragma once
// libfido2's device I/O (fido_dev_io_t) over a Linux hidraw node, the link's own rather than
// libfido2's (1.12 exports no fido_hid_*), so that a real key gets what the simulator's SimHidIo
// gives: wire events for the observer (a time-sweep anchored to request_sent or a keepalive),
// and raw CTAPHID access on the open device (admin status; the credential listing under one PIN
// token). It does what libfido2's hid_linux.c does: open O_RDWR, an exclusive flock (one client
// per key at a time), the report descriptor must carry the FIDO usage page (0xF1D0), reads of
// 64-byte reports with poll() and the operation's timeout, writes of 65 bytes (report id 0,
// then the packet).
//
// libfido2 finds the instance through the path it passes to open (path()); instances register
// under a unique path for their lifetime. An exception the observer throws never crosses into
// libfido2: the call fails (-1) and take_error() gives it back.

#include <fido.h>

#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <span>
#include <string>

#include "rig/link.hpp"

namespace nk3::rig {

class HidrawIo {
  public:
    // Opens `node` and returns the file descriptor, or -1 with errno set (and `why` saying
    // what failed). The default: open_hidraw_node.
    using NodeOpener = std::function<int(const std::string& node, std::string& why)>;

    explicit HidrawIo(std::string node, NodeOpener opener = {});
    ~HidrawIo();
    HidrawIo(const HidrawIo&) = delete;
    HidrawIo& operator=(const HidrawIo&) = delete;

    static const fido_dev_io_t& io_functions();
    const std::string& path() const { return path_; }
    const std::string& node() const { return node_; }
    // Points the next open at another node (the key re-enumerated under a new name). Ignored
    // while open.
    void set_node(std::string node) {
        if (fd_ < 0) node_ = std::move(node);
    }
    bool is_open() const { return fd_ >= 0; }
    // Why the last open failed ("" when it did not).
    const std::string& open_error() const { return open_error_; }

    void set_observer(LinkObserver observer) { observer_ = std::move(observer); }
    std::exception_ptr take_error();

  private:
    static void* c_open(const char* path);
    static void c_close(void* handle);
    static int c_read(void* handle, unsigned char* buf, std::size_t len, int ms);
    static int c_write(void* handle, const unsigned char* buf, std::size_t len);

    // Tells the observer; false (the exception kept) when it threw.
    bool notify(std::optional<LinkEvent> event);
    int read(unsigned char* buf, std::size_t len, int ms);
    int write(const unsigned char* buf, std::size_t len);
    void close();

    std::string node_;
    NodeOpener opener_;
    std::string path_;
    int fd_ = -1;
    std::string open_error_;
    LinkObserver observer_;
    std::exception_ptr error_;
};

// open(O_RDWR | O_CLOEXEC), flock(LOCK_EX | LOCK_NB), and the report descriptor
// (HIDIOCGRDESC) checked for the FIDO usage page. -1 with `why` on any failure.
int open_hidraw_node(const std::string& node, std::string& why);

// True when a HID report descriptor declares the FIDO Alliance usage page (Usage Page item
// 0x06 0xD0 0xF1), as CTAP 2.1 11.2.8.1 gives it.
bool is_fido_report_descriptor(std::span<const std::uint8_t> descriptor);

}  // namespace nk3::rig
