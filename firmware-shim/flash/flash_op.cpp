#include "flash/flash_op.hpp"

#include <cstdio>

namespace nk3::flash {

std::string_view to_string(OpKind kind) {
    return kind == OpKind::program ? "program" : "erase";
}

std::string_view to_string(CutMode mode) {
    switch (mode) {
        case CutMode::before:
            return "before";
        case CutMode::torn:
            return "torn";
        case CutMode::after:
            return "after";
    }
    return "?";
}

std::optional<CutMode> parse_cut_mode(std::string_view text) {
    if (text == "before") return CutMode::before;
    if (text == "torn") return CutMode::torn;
    if (text == "after") return CutMode::after;
    return std::nullopt;
}

std::string describe(const FlashOp& op) {
    char buf[128];
    std::snprintf(buf, sizeof buf, "#%llu chip%u %s 0x%06x+%u @%.3fms",
                  static_cast<unsigned long long>(op.index), op.chip,
                  std::string(to_string(op.kind)).c_str(), op.address, op.length,
                  static_cast<double>(op.start.count()) / 1e6);
    return buf;
}

}  // namespace nk3::flash
