#pragma once
// A strict reader over yaml-cpp nodes for nk3rig's YAML inputs (device profiles, scenarios,
// bench files): every value knows its dotted field name and its position in the file, and every
// way a value can be wrong (missing, unknown key, duplicate key, wrong type, bad enum value, out
// of range) becomes an InputError that names file, line, column and field. Nothing here knows a
// schema.

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "yaml/input_error.hpp"

namespace nk3::yaml {

// The file being read and where an error without a better position points.
struct Source {
    std::string name;
};

class MapView;

// One value of the document with its field name ("ctap.pin_retries").
class Value {
  public:
    Value(const Source& source, YAML::Node node, std::string field, YAML::Mark fallback);

    const std::string& field() const { return field_; }
    YAML::Mark mark() const { return mark_; }

    // A scalar (a string, quoted or not). Fails on mappings, sequences and empty values.
    std::string string() const;
    // A single line of text, not empty.
    std::string line() const;
    // A plain (unquoted) decimal integer in [lo, hi].
    std::uint64_t integer(std::uint64_t lo, std::uint64_t hi) const;
    // One of `choices`; returns its index.
    std::size_t one_of(std::initializer_list<std::string_view> choices) const;
    MapView map() const;

    [[noreturn]] void fail(const std::string& message) const;

  private:
    const Source* source_;
    YAML::Node node_;
    std::string field_;
    YAML::Mark mark_;
};

// A mapping whose keys are checked against the ones the schema knows.
class MapView {
  public:
    // `node` must be a mapping (else fails at its position). Keys must be unique scalars;
    // duplicates are found in linear time (a hash index).
    MapView(const Source& source, YAML::Node node, std::string field, YAML::Mark fallback);

    // Fails at the first key not among `known`, listing the known ones.
    void allow_only(std::initializer_list<std::string_view> known) const;
    bool has(std::string_view key) const;
    std::optional<Value> find(std::string_view key) const;
    // Fails at the mapping's position when `key` is missing.
    Value get(std::string_view key) const;

    std::string field_of(std::string_view key) const;
    YAML::Mark mark() const { return mark_; }
    [[noreturn]] void fail(const std::string& field, const std::string& message) const;

  private:
    struct Entry {
        std::string key;
        YAML::Mark key_mark;
        YAML::Node value;
    };

    const Source* source_;
    std::string field_;
    YAML::Mark mark_;
    std::vector<Entry> entries_;                          // in document order
    std::unordered_map<std::string, std::size_t> index_;  // key -> its entry: linear checks
};

// Throws InputError at `mark` (a null mark: no position).
[[noreturn]] void fail_at(const Source& source, YAML::Mark mark, const std::string& field,
                          const std::string& message);

// What a node is, for error messages: "a mapping", "a list", "nothing" or the quoted scalar.
std::string kind_of(const YAML::Node& node);

// Quotes a scalar for an error message, shortened when long.
std::string quote(std::string_view text);

}  // namespace nk3::yaml
