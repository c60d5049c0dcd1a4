// libFuzzer harness: CTAPHID reassembly. The input is cut into 64-byte reports; each goes to
// start() or add() as its init bit says. Invariants checked: a complete message has exactly the
// announced size, an incomplete one never holds more, and the payload never exceeds
// kMaxMessageSize.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "ctaphid/packet.hpp"
#include "ctaphid/reassembler.hpp"

using namespace nk3::ctaphid;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Reassembler r;
    for (std::size_t at = 0; at < size; at += kReportSize) {
        Report report{};
        std::memcpy(report.data(), data + at, std::min(kReportSize, size - at));
        const auto status =
            is_init_packet(report) ? r.start(decode_init(report)) : r.add(decode_cont(report));
        if (r.payload().size() > kMaxMessageSize) std::abort();
        if (status == Reassembler::Status::complete) {
            if (r.payload().size() != r.expected_size()) std::abort();
            r.take_payload();
        } else if (r.active() && r.payload().size() > r.expected_size()) {
            std::abort();
        }
    }
    return 0;
}
