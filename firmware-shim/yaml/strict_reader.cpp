// Strict typed access to yaml-cpp nodes, with positions and dotted field names in every error.

#include "yaml/strict_reader.hpp"

#include <charconv>

namespace nk3::yaml {

namespace {

std::string join(std::initializer_list<std::string_view> items) {
    std::string out;
    for (auto item : items) {
        if (!out.empty()) out += ", ";
        out += item;
    }
    return out;
}

// A value's position; an empty value ("key:") points at its key, as yaml-cpp places the null
// node at whatever token follows.
YAML::Mark mark_or(const YAML::Node& node, YAML::Mark fallback) {
    if (!node.IsDefined() || node.IsNull()) return fallback;
    YAML::Mark m = node.Mark();
    return m.is_null() ? fallback : m;
}

}  // namespace

std::string kind_of(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Map:
            return "a mapping";
        case YAML::NodeType::Sequence:
            return "a list";
        case YAML::NodeType::Null:
        case YAML::NodeType::Undefined:
            return "nothing";
        case YAML::NodeType::Scalar:
            return quote(node.Scalar());
    }
    return "something else";
}

void fail_at(const Source& source, YAML::Mark mark, const std::string& field,
             const std::string& message) {
    if (mark.is_null()) throw InputError(source.name, 0, 0, field, message);
    throw InputError(source.name, mark.line + 1, mark.column + 1, field, message);
}

std::string quote(std::string_view text) {
    constexpr std::size_t kMax = 40;
    std::string out = "\"";
    for (char c : text.substr(0, kMax)) {
        if (c == '\n')
            out += "\\n";
        else if (c == '"')
            out += "\\\"";
        else if (static_cast<unsigned char>(c) < 0x20)
            out += '?';
        else
            out += c;
    }
    if (text.size() > kMax) out += "...";
    return out + "\"";
}

// --- Value --------------------------------------------------------------------------------

Value::Value(const Source& source, YAML::Node node, std::string field, YAML::Mark fallback)
    : source_(&source),
      node_(std::move(node)),
      field_(std::move(field)),
      mark_(mark_or(node_, fallback)) {}

void Value::fail(const std::string& message) const {
    fail_at(*source_, mark_, field_, message);
}

std::string Value::string() const {
    if (!node_.IsScalar()) fail("expected a value, got " + kind_of(node_));
    return node_.Scalar();
}

std::string Value::line() const {
    std::string text = string();
    if (text.empty()) fail("expected a line of text, got an empty string");
    if (text.find_first_of("\r\n") != std::string::npos)
        fail("expected a single line of text, got several lines");
    return text;
}

std::uint64_t Value::integer(std::uint64_t lo, std::uint64_t hi) const {
    const std::string range = " in " + std::to_string(lo) + ".." + std::to_string(hi);
    if (!node_.IsScalar()) fail("expected an integer" + range + ", got " + kind_of(node_));
    const std::string& text = node_.Scalar();
    if (node_.Tag() != "?")  // quoted: a string, even when it reads as a number
        fail("expected an integer" + range + ", got the string " + quote(text));
    auto is_digits = [](std::string_view t) {
        return !t.empty() && t.find_first_not_of("0123456789") == std::string_view::npos;
    };
    if (!text.empty() && text[0] == '-' && is_digits(std::string_view(text).substr(1)))
        fail("out of range: " + text + " is not" + range);
    if (!is_digits(text)) fail("expected an integer" + range + ", got " + quote(text));
    std::uint64_t value = 0;
    const auto parsed = std::from_chars(text.data(), text.data() + text.size(), value);
    if (parsed.ec != std::errc() || value < lo || value > hi)
        fail("out of range: " + text + " is not" + range);
    return value;
}

std::size_t Value::one_of(std::initializer_list<std::string_view> choices) const {
    const std::string expected = "expected one of " + join(choices);
    if (!node_.IsScalar()) fail(expected + ", got " + kind_of(node_));
    const std::string& text = node_.Scalar();
    std::size_t i = 0;
    for (auto choice : choices) {
        if (text == choice) return i;
        ++i;
    }
    fail(expected + ", got " + quote(text));
}

MapView Value::map() const {
    return MapView(*source_, node_, field_, mark_);
}

// --- MapView ------------------------------------------------------------------------------

MapView::MapView(const Source& source, YAML::Node node, std::string field, YAML::Mark fallback)
    : source_(&source), field_(std::move(field)), mark_(mark_or(node, fallback)) {
    if (!node.IsMap()) fail_at(source, mark_, field_, "expected a mapping, got " + kind_of(node));
    for (auto it = node.begin(); it != node.end(); ++it) {
        const YAML::Node key = it->first;
        const YAML::Node value = it->second;
        const YAML::Mark key_mark = mark_or(key, mark_);
        if (!key.IsScalar() || key.Scalar().empty())
            fail_at(source, key_mark, field_, "keys must be names, got " + kind_of(key));
        const auto [at, inserted] = index_.emplace(key.Scalar(), entries_.size());
        if (!inserted)
            fail_at(source, key_mark, field_of(key.Scalar()),
                    "duplicate key (first given at line " +
                        std::to_string(entries_[at->second].key_mark.line + 1) + ")");
        entries_.push_back({key.Scalar(), key_mark, value});
    }
}

std::string MapView::field_of(std::string_view key) const {
    return field_.empty() ? std::string(key) : field_ + "." + std::string(key);
}

void MapView::fail(const std::string& field, const std::string& message) const {
    fail_at(*source_, mark_, field, message);
}

void MapView::allow_only(std::initializer_list<std::string_view> known) const {
    for (const auto& e : entries_) {
        bool ok = false;
        for (auto k : known)
            ok = ok || e.key == k;
        if (!ok)
            fail_at(*source_, e.key_mark, field_of(e.key),
                    "unknown field; expected one of " + join(known));
    }
}

bool MapView::has(std::string_view key) const {
    return index_.find(std::string(key)) != index_.end();
}

std::optional<Value> MapView::find(std::string_view key) const {
    const auto at = index_.find(std::string(key));
    if (at == index_.end()) return std::nullopt;
    const Entry& e = entries_[at->second];
    return Value(*source_, e.value, field_of(key), e.key_mark);
}

Value MapView::get(std::string_view key) const {
    if (auto v = find(key)) return *v;
    fail(field_of(key), "required field is missing");
}

}  // namespace nk3::yaml
