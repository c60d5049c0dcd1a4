// trussed's rng-state.bin write at the first trussed request of a power-up.

#include "fido/trussed_rng.hpp"

#include <array>

#include "crypto/sha.hpp"
#include "fido/file_ops.hpp"
#include "fido/panic.hpp"
#include "fido/paths.hpp"

namespace nk3::fido {

void write_trussed_rng_state(fs::Filesystem& fs, crypto::Drbg& drbg) {
    try {
        std::array<std::uint8_t, 32> old{};
        if (fs.exists(kTrussedRngStatePath)) {
            if (fs.stat(kTrussedRngStatePath).size != old.size())
                throw Panic("trussed/dat/rng-state.bin is not 32 bytes");
            try {
                const auto bytes = fs.read_file(kTrussedRngStatePath);
                std::copy(bytes.begin(), bytes.end(), old.begin());
            } catch (const fs::FsError& e) {
                // littlefs keeps no data checksum: a damaged block reads as other bytes of the
                // same length, which trussed mixes in like any seed; only a broken block list
                // is reported (LFS_ERR_CORRUPT), and is mixed in as zeros here.
                if (e.code() != fs::FsErrc::corrupt) throw;
            }
        }
        const auto drawn = drbg.bytes(32);
        crypto::Bytes input{'n', 'k', '3', 'r', 'i', 'g', ' ', 'r',
                            'n', 'g', '-', 's', 't', 'a', 't', 'e'};
        for (std::size_t i = 0; i < old.size(); ++i)
            input.push_back(static_cast<std::uint8_t>(old[i] ^ drawn[i]));
        const auto next = crypto::sha256(input);
        paths::ensure_dir(fs, "trussed/dat");
        file_ops::write_file(fs, kTrussedRngStatePath, next);
    } catch (const fs::FsError& e) {
        throw Panic(std::string("trussed rng-state: ") + e.what());
    }
}

}  // namespace nk3::fido
