#pragma once
// The guard every YAML input passes before yaml-cpp builds a tree from it. It reads the text
// once as a stream of parser events (no tree) and refuses, as an InputError at the offending
// position, what would make yaml-cpp 0.7.0 or a walker over its tree run without bound:
//   - more than one document (yaml-cpp 0.7.0's LoadAll loops, allocating without end, on a
//     text that starts with ',' or another token no document can start with; the guard stops
//     at the second document, so YAML::Load is only ever asked for the first);
//   - an alias to a node that contains it (a cycle: `a: &x [*x]`);
//   - nesting deeper than kMaxDepth, counting what aliases expand to;
//   - more than kMaxNodes nodes once every alias is expanded (alias chains that double);
//   - a text longer than kMaxBytes.
// The limits are far above anything nk3rig's inputs need (a shipped scenario nests 5 deep and
// expands to a few hundred nodes).

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "yaml/strict_reader.hpp"

namespace nk3::yaml {

struct DocumentLimits {
    static constexpr std::size_t kMaxBytes = 8u << 20;
    static constexpr int kMaxDepth = 64;
    static constexpr std::uint64_t kMaxNodes = 500'000;
};

// Throws InputError (file, line, column of the problem) when `text` breaks a limit above, has
// a syntax error, or holds more than one document. Returns normally for zero or one document.
void guard_document(std::string_view text, const Source& source);

}  // namespace nk3::yaml
