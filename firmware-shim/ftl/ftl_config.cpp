#include "ftl/ftl_config.hpp"

namespace nk3::ftl {

std::string_view to_string(FtlMode mode) {
    switch (mode) {
        case FtlMode::none:
            return "none";
        case FtlMode::rmw:
            return "rmw";
        case FtlMode::journaled:
            return "journaled";
    }
    return "?";
}

std::optional<FtlMode> parse_ftl_mode(std::string_view text) {
    if (text == "none") return FtlMode::none;
    if (text == "rmw") return FtlMode::rmw;
    if (text == "journaled") return FtlMode::journaled;
    return std::nullopt;
}

std::string_view to_string(JournalReplay replay) {
    return replay == JournalReplay::on_boot ? "on-boot" : "on-mount-failure";
}

std::optional<JournalReplay> parse_journal_replay(std::string_view text) {
    if (text == "on-mount-failure") return JournalReplay::on_mount_failure;
    if (text == "on-boot") return JournalReplay::on_boot;
    return std::nullopt;
}

}  // namespace nk3::ftl
