// The admin status answer's byte layout.

#include "device/vendor_commands.hpp"

namespace nk3::device {

std::vector<std::uint8_t> encode_admin_status(const AdminStatus& status) {
    std::vector<std::uint8_t> out{status.init_flags, status.free_internal_blocks,
                                  static_cast<std::uint8_t>(status.free_external_blocks >> 8),
                                  static_cast<std::uint8_t>(status.free_external_blocks & 0xFF)};
    if (status.has_variant) out.push_back(status.variant);
    return out;
}

std::optional<AdminStatus> decode_admin_status(std::span<const std::uint8_t> bytes) {
    if (bytes.size() != kAdminStatusSize && bytes.size() != kAdminStatusSizeV13)
        return std::nullopt;
    AdminStatus s;
    s.init_flags = bytes[0];
    s.free_internal_blocks = bytes[1];
    s.free_external_blocks = static_cast<std::uint16_t>(bytes[2] << 8 | bytes[3]);
    s.has_variant = bytes.size() == kAdminStatusSize;
    s.variant = s.has_variant ? bytes[4] : 0;
    return s;
}

}  // namespace nk3::device
