#pragma once
// Reading a whole YAML input: the one document of a file (syntax errors, an empty file,
// input over the limits of document_guard.hpp or
// several documents become InputErrors at their position), and walking it with a parser whose
// stray yaml-cpp exceptions become InputErrors too. Profiles, scenarios and bench files all
// start here.

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>

#include "yaml/input_error.hpp"
#include "yaml/strict_reader.hpp"

namespace nk3::yaml {

// `what` names the input in the empty-file message: "the <what> is empty".
YAML::Node load_single_document(std::string_view text, const Source& source, std::string_view what);

// Runs parse() and turns a yaml-cpp exception it lets out (anything yaml-cpp finds odd while
// the tree is walked) into an InputError at the exception's position.
template <typename Parse>
auto parse_guarded(const Source& source, Parse&& parse) -> decltype(parse()) {
    try {
        return parse();
    } catch (const InputError&) {
        throw;
    } catch (const YAML::Exception& e) {
        fail_at(source, e.mark, "", "YAML error: " + e.msg);
    }
}

}  // namespace nk3::yaml
