// History lookups by credential name.

#include "harness/checks/history.hpp"

namespace nk3::checks {

CredentialHistory* History::find(const std::string& name) {
    for (auto& c : credentials)
        if (c.name == name) return &c;
    return nullptr;
}

const CredentialHistory* History::find(const std::string& name) const {
    for (const auto& c : credentials)
        if (c.name == name) return &c;
    return nullptr;
}

}  // namespace nk3::checks
