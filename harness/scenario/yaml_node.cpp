// Lists, booleans and keys on top of the strict YAML reader, for the scenario parser.

#include "harness/scenario/yaml_node.hpp"

namespace nk3::scenario {

Node::Node(const yaml::Source& source, YAML::Node node, std::string field, YAML::Mark mark)
    : source_(&source), node_(std::move(node)), field_(std::move(field)), mark_(mark) {
    if (node_.IsDefined() && !node_.IsNull() && !node_.Mark().is_null()) mark_ = node_.Mark();
}

void Node::fail(const std::string& message) const {
    yaml::fail_at(*source_, mark_, field_, message);
}

std::optional<Node> Node::child(const yaml::MapView& view, std::string_view key) const {
    auto v = view.find(key);
    if (!v) return std::nullopt;
    const YAML::Node& n = node_;  // const lookup: never inserts
    return Node(*source_, n[std::string(key)], v->field(), v->mark());
}

Node Node::get(const yaml::MapView& view, std::string_view key) const {
    const yaml::Value v = view.get(key);  // fails when missing
    const YAML::Node& n = node_;
    return Node(*source_, n[std::string(key)], v.field(), v.mark());
}

std::vector<Node> Node::list(bool may_be_empty) const {
    if (!node_.IsSequence()) fail("expected a list, got " + kind_of(node_));
    if (node_.size() == 0 && !may_be_empty) fail("expected a list of at least one item");
    std::vector<Node> out;
    std::size_t i = 0;
    for (const auto& item : node_) {
        out.emplace_back(*source_, item, field_ + "[" + std::to_string(i) + "]", mark_);
        ++i;
    }
    return out;
}

bool Node::boolean() const {
    if (!node_.IsScalar() || node_.Tag() != "?" ||
        (node_.Scalar() != "true" && node_.Scalar() != "false"))
        fail("expected true or false, got " + kind_of(node_));
    return node_.Scalar() == "true";
}

std::vector<std::pair<std::string, YAML::Mark>> Node::keys() const {
    std::vector<std::pair<std::string, YAML::Mark>> out;
    if (!node_.IsMap()) return out;
    for (auto it = node_.begin(); it != node_.end(); ++it)
        out.emplace_back(it->first.IsScalar() ? it->first.Scalar() : std::string(),
                         it->first.Mark());
    return out;
}

}  // namespace nk3::scenario
