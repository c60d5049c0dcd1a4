#pragma once
// A YAML node with its dotted field name and position, for the scenario parser: the strict
// reader (yaml/strict_reader.hpp) checks scalars and mappings; this adds what scenarios also
// have, lists ("operation[2].repeat.do[0]"), booleans, and steps written as a bare name or as a
// one-key mapping. Every failure is a yaml::InputError with file, line, column and field.

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "yaml/strict_reader.hpp"

namespace nk3::scenario {

class Node {
  public:
    Node(const yaml::Source& source, YAML::Node node, std::string field, YAML::Mark mark);

    const std::string& field() const { return field_; }
    YAML::Mark mark() const { return mark_; }
    const YAML::Node& yaml() const { return node_; }
    const yaml::Source& source() const { return *source_; }

    bool is_null() const { return !node_.IsDefined() || node_.IsNull(); }
    bool is_scalar() const { return node_.IsScalar(); }
    bool is_map() const { return node_.IsMap(); }

    yaml::Value value() const { return yaml::Value(*source_, node_, field_, mark_); }
    yaml::MapView map() const { return yaml::MapView(*source_, node_, field_, mark_); }
    // The value of `key` in this mapping (nullopt when absent); the mapping must have been
    // checked with map() first.
    std::optional<Node> child(const yaml::MapView& view, std::string_view key) const;
    Node get(const yaml::MapView& view, std::string_view key) const;
    // A list (a YAML sequence); fails on anything else, and when empty unless `may_be_empty`.
    std::vector<Node> list(bool may_be_empty) const;
    // `true` or `false`, unquoted.
    bool boolean() const;
    // The keys of a mapping with their positions, in file order.
    std::vector<std::pair<std::string, YAML::Mark>> keys() const;

    [[noreturn]] void fail(const std::string& message) const;

  private:
    const yaml::Source* source_;
    YAML::Node node_;
    std::string field_;
    YAML::Mark mark_;
};

// "a mapping", "a list", "nothing", or the quoted scalar: what a value was, for messages.
using yaml::kind_of;

}  // namespace nk3::scenario
