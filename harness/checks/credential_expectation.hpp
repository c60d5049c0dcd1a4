#pragma once
// What the history says a credential must look like after the cut, Jepsen set-checker style:
// acknowledged and not deleted: present; deleted with an acknowledgement (or never created):
// absent; a creation or deletion in flight: either, but whole (listed and usable, or neither).

#include "harness/checks/history.hpp"

namespace nk3::checks {

enum class Expect : unsigned char { present, absent, either };

inline Expect expectation(const CredentialHistory& c) {
    switch (c.created) {
        case Fate::in_flight:
            return Expect::either;
        case Fate::none:
        case Fate::refused:
            return Expect::absent;
        case Fate::acknowledged:
            break;
    }
    switch (c.deleted) {
        case Fate::acknowledged:
            return Expect::absent;
        case Fate::in_flight:
            return Expect::either;
        case Fate::none:
        case Fate::refused:
            break;
    }
    return Expect::present;
}

}  // namespace nk3::checks
