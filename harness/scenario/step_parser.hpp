#pragma once
// The steps of a scenario's `setup:` and `operation:` lists: each item parsed, repeats unrolled,
// and the host's view of the key followed along (which credentials exist, whether a PIN is set)
// so that a step naming a credential no earlier step made, or one deleted since, is refused
// where it is written.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/scenario/scenario.hpp"
#include "harness/scenario/yaml_node.hpp"

namespace nk3::scenario {

class StepParser {
  public:
    // Parses one section (a list of steps) and returns it unrolled. The state carries over
    // from one section to the next (setup, then operation).
    std::vector<FlatStep> section(const Node& list, bool may_be_empty);

    // Whether any step so far set a PIN.
    bool pin_ever_set() const { return pin_ever_set_; }

  private:
    struct CredentialState {
        bool resident = false;
        std::string rp;
        std::string user;
        int line = 0;
        std::optional<std::string> gone;  // why it no longer exists: "deleted at line 12"
    };

    void parse_item(const Node& item, std::vector<FlatStep>& out);
    void parse_repeat(const Node& count_node, const Node& do_node, std::vector<FlatStep>& out);
    // Parses one step and follows its effect on the key; fails where the step is written.
    Step parse_step(const std::string& name, const Node& args, const Node& item);
    void emit(Step step, const Node& item, const std::string& name, std::vector<FlatStep>& out);

    const CredentialState& alive(const std::string& name, const Node& where) const;
    std::string pin_text(const Node& node) const;
    [[noreturn]] void fail(const Node& where, const std::string& message) const;

    std::map<std::string, CredentialState> credentials_;
    std::optional<std::string> pin_;
    int pin_line_ = 0;
    bool pin_ever_set_ = false;
    std::size_t section_steps_ = 0;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> repeats_;  // (iteration, count), nested
};

}  // namespace nk3::scenario
