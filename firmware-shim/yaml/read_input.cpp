// read_input_file: chunked reads up to one byte past the limit.

#include "yaml/read_input.hpp"

#include <fstream>

#include "yaml/document_guard.hpp"
#include "yaml/input_error.hpp"

namespace nk3::yaml {

std::string read_input_file(const std::filesystem::path& path, std::string_view what) {
    std::ifstream in(path, std::ios::binary);
    const auto cannot = [&] {
        return InputError(path.string(), 0, 0, "", "cannot read the " + std::string(what));
    };
    if (!in) throw cannot();
    std::string text;
    char chunk[65536];
    while (in) {
        in.read(chunk, sizeof chunk);
        text.append(chunk, static_cast<std::size_t>(in.gcount()));
        if (text.size() > DocumentLimits::kMaxBytes)
            throw InputError(path.string(), 0, 0, "",
                             "longer than " + std::to_string(DocumentLimits::kMaxBytes) +
                                 " bytes; no nk3rig input is that large");
    }
    if (in.bad()) throw cannot();
    return text;
}

}  // namespace nk3::yaml
