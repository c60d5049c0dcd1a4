#pragma once
// Helpers of the profile tests: a valid profile text to mutate, and error expectations.

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <string_view>

#include "profiles/profile_loader.hpp"

namespace nk3::profiles::testing {

// A valid profile; tests replace one line (1-based) to make it invalid.
inline const std::string kValidProfile =
    "model: test profile\n"                           // 1
    "firmware: \"1.3.1\"\n"                           // 2
    "variant: nrf52\n"                                // 3
    "aaguid: 2cd2f727-f6ca-44da-8f48-5c2e5da000a2\n"  // 4
    "flash:\n"                                        // 5
    "  internal:\n"                                   // 6
    "    chip: nrf52840\n"                            // 7
    "    pages: 20\n"                                 // 8
    "    ftl: journaled\n"                            // 9
    "    block_size: 256\n"                           // 10
    "    journal_replay: on-mount-failure\n"          // 11
    "    prog_size: 256\n"                            // 12
    "  external:\n"                                   // 13
    "    chip: gd25q16\n"                             // 14
    "    sectors: 64\n"                               // 15
    "    ftl: none\n"                                 // 16
    "boot:\n"                                         // 17
    "  on_mount_failure: recover-journal\n"           // 18
    "  on_state_file_corrupt: defaults\n"             // 19
    "ctap:\n"                                         // 20
    "  pin_retries_write: before-compare\n"           // 21
    "  pin_retries: 8\n"                              // 22
    "  pin_retries_per_boot: 3\n";                    // 23

// kValidProfile with lines (1-based) replaced by other text (which may hold several lines, or
// be empty to delete the line).
inline std::string with_lines(std::map<int, std::string_view> edits) {
    std::string out;
    int n = 1;
    std::size_t pos = 0;
    while (pos < kValidProfile.size()) {
        const std::size_t end = kValidProfile.find('\n', pos);
        const std::string_view current(kValidProfile.data() + pos, end - pos);
        if (auto it = edits.find(n); it != edits.end()) {
            if (!it->second.empty()) out += std::string(it->second) + "\n";
        } else {
            out += std::string(current) + "\n";
        }
        pos = end + 1;
        ++n;
    }
    return out;
}

inline std::string with_line(int line, std::string_view text) {
    return with_lines({{line, text}});
}

// Parses `text` as "profiles/x.yaml" and returns the error it must produce.
inline ProfileError error_of(const std::string& text) {
    try {
        parse_profile(text, "profiles/x.yaml");
    } catch (const ProfileError& e) {
        return e;
    }
    ADD_FAILURE() << "no ProfileError for:\n" << text;
    return ProfileError("", 0, 0, "", "");
}

}  // namespace nk3::profiles::testing
