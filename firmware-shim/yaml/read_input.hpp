#pragma once
// Reading a YAML input file into memory, bounded: at most DocumentLimits::kMaxBytes are kept, so
// a huge file, /dev/zero or a fifo that never ends cannot exhaust memory before the guard sees
// the text.

#include <filesystem>
#include <string>
#include <string_view>

namespace nk3::yaml {

// The file's text. Throws InputError(path, 0, 0, "", ...) when it cannot be read ("cannot read
// the <what>") or is longer than DocumentLimits::kMaxBytes.
std::string read_input_file(const std::filesystem::path& path, std::string_view what);

}  // namespace nk3::yaml
