// Device keys: loading one from, and creating one in, fido/sec.

#include "fido/device_keys.hpp"

#include "fido/key_file.hpp"

namespace nk3::fido {

std::optional<crypto::Bytes> load_device_key(const fs::Filesystem& fs, crypto::ByteView id) {
    auto key = read_key(fs, id);
    if (!key || key->kind != KeyKind::aes256) return std::nullopt;
    return std::move(key->bytes);
}

NewDeviceKey create_device_key(fs::Filesystem& fs, crypto::Drbg& drbg) {
    NewDeviceKey out{drbg.bytes(16), drbg.bytes(32)};
    write_key(fs, out.id, {KeyKind::aes256, out.key});
    return out;
}

}  // namespace nk3::fido
