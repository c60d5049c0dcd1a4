// Names of the DeviceProfile enums as profiles spell them: MountFailure's is
// storage::to_string (storage/board_boot.cpp).

#include "profiles/device_profile.hpp"
