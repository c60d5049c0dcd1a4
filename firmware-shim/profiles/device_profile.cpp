// Names of the DeviceProfile enums as profiles spell them.

#include "profiles/device_profile.hpp"

namespace nk3::profiles {

std::string_view to_string(MountFailure policy) {
    switch (policy) {
        case MountFailure::format:
            return "format";
        case MountFailure::recover_journal:
            return "recover-journal";
        case MountFailure::halt:
            return "halt";
    }
    return "?";
}

}  // namespace nk3::profiles
