// Device keys: loading from and creating in fido/sec.

#include "fido/device_keys.hpp"

#include "fido/key_file.hpp"

namespace nk3::fido {

std::optional<DeviceKeys> load_device_keys(const fs::Filesystem& fs, const PersistentState& state) {
    if (!state.kek_id || !state.kwk_id) return std::nullopt;
    auto kek = read_key(fs, *state.kek_id);
    auto kwk = read_key(fs, *state.kwk_id);
    if (!kek || !kwk || kek->kind != KeyKind::aes256 || kwk->kind != KeyKind::aes256)
        return std::nullopt;
    return DeviceKeys{std::move(kek->bytes), std::move(kwk->bytes)};
}

DeviceKeys create_device_keys(fs::Filesystem& fs, PersistentState& state, crypto::Drbg& drbg) {
    DeviceKeys keys{drbg.bytes(32), drbg.bytes(32)};
    const auto kek_id = drbg.bytes(16);
    const auto kwk_id = drbg.bytes(16);
    write_key(fs, kek_id, {KeyKind::aes256, keys.kek});
    write_key(fs, kwk_id, {KeyKind::aes256, keys.kwk});
    state.kek_id = kek_id;
    state.kwk_id = kwk_id;
    return keys;
}

}  // namespace nk3::fido
