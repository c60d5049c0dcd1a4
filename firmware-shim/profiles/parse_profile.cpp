// The profile schema (docs/profiles.md): YAML text -> a validated DeviceProfile. Every rule a
// profile must follow is checked here, with the field and position of the offending value.

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <optional>

#include "profiles/firmware_version.hpp"
#include "profiles/profile_loader.hpp"
#include "profiles/uuid_text.hpp"
#include "yaml/document.hpp"
#include "yaml/strict_reader.hpp"

namespace nk3::profiles {

namespace {

using yaml::MapView;
using yaml::Value;

struct Chip {
    std::string_view name;
    std::uint32_t max_pages;
    flash::FlashGeometry (*geometry)(std::uint32_t pages);
};

constexpr std::uint32_t kJournalPages = 2;    // ftl::JournaledFtl::kJournalPages
constexpr std::uint32_t kJournalHeader = 24;  // ftl::WriteAheadFtl::kHeaderSize (the larger)
// The nRF52 firmware's backup spare at the end of the external flash, from v1.3.0
// (runners/embedded/src/flash.rs SPARE_LEN @v1.3.1): 32 sectors of 4 KiB.
constexpr std::uint32_t kExternalSpareSectors = 32;
// Firmware versions the board model changes at (encode_firmware_version).
constexpr std::uint32_t kFirmware130 = (1u << 22) | (3u << 6);
constexpr std::uint32_t kFirmware140 = (1u << 22) | (4u << 6);
constexpr std::uint32_t kMinFsBlocks = 4;
constexpr std::uint32_t kMinFsBlockSize = 128;

const Chip kChips[] = {
    {"nrf52840", 256, &flash::FlashGeometry::nrf52840_internal},  // 1 MiB of 4 KiB pages
    {"lpc55", 1280, &flash::FlashGeometry::lpc55_internal},       // 640 KiB of 512 B pages
    {"gd25q16", 512, &flash::FlashGeometry::gd25q16},             // 2 MiB of 4 KiB sectors
};

struct ChipSection {
    std::string chip;
    storage::StackConfig config;
};

ChipSection parse_chip(const MapView& m) {
    m.allow_only({"chip", "pages", "sectors", "ftl", "block_size", "journal_replay", "read_size",
                  "prog_size", "cache_size", "lookahead_size", "name_max", "program_time_us",
                  "erase_time_us"});
    ChipSection out;
    const Value chip_value = m.get("chip");
    const Chip& chip = kChips[chip_value.one_of({"nrf52840", "lpc55", "gd25q16"})];
    out.chip = chip.name;

    // The erase-unit count: "pages" or its synonym "sectors", exactly one of them.
    if (m.has("pages") && m.has("sectors"))
        m.find("sectors")->fail("give either pages or sectors (they are the same), not both");
    if (!m.has("pages") && !m.has("sectors"))
        m.fail(m.field_of("pages"), "required field is missing (pages or sectors)");
    const Value count_value = m.has("pages") ? *m.find("pages") : *m.find("sectors");
    const auto pages = static_cast<std::uint32_t>(count_value.integer(1, chip.max_pages));
    flash::FlashGeometry g = chip.geometry(pages);
    if (auto v = m.find("program_time_us"))
        g.program_time_per_unit = std::chrono::microseconds(v->integer(0, 1'000'000));
    if (auto v = m.find("erase_time_us"))
        g.erase_time_per_page = std::chrono::microseconds(v->integer(0, 10'000'000));
    out.config.geometry = g;

    const Value ftl_value = m.get("ftl");
    const auto mode = static_cast<ftl::FtlMode>(ftl_value.one_of({"none", "rmw", "journaled"}));
    out.config.ftl.mode = mode;
    const std::string page_text = std::to_string(g.erase_size) + " B page of " + out.chip;
    std::uint32_t reserved = 0;
    if (mode == ftl::FtlMode::none) {
        if (auto v = m.find("block_size"))
            v->fail("applies to ftl rmw and journaled only (ftl is none: a block is a page)");
    } else {
        const Value bs = m.get("block_size");
        const auto block = static_cast<std::uint32_t>(bs.integer(kMinFsBlockSize, g.erase_size));
        if (g.erase_size % block != 0)
            bs.fail(std::to_string(block) + " does not divide the " + page_text);
        if (block % g.program_size != 0)
            bs.fail(std::to_string(block) + " is not a whole number of " +
                    std::to_string(g.program_size) + " B program units");
        out.config.ftl.block_size = block;
    }
    if (mode == ftl::FtlMode::journaled) {
        reserved = kJournalPages;
        const Value replay = m.get("journal_replay");
        out.config.ftl.replay =
            static_cast<ftl::JournalReplay>(replay.one_of({"on-mount-failure", "on-boot"}));
        if (out.config.ftl.block_size < kJournalHeader)
            m.find("block_size")->fail("the journal needs blocks of at least 24 B");
    } else if (auto v = m.find("journal_replay")) {
        v->fail("applies to ftl journaled only");
    }
    const std::uint32_t block = out.config.block_size();
    if (block < kMinFsBlockSize)
        count_value.fail("the " + page_text +
                         " is smaller than the filesystem's minimum block (128 B)");
    const std::uint32_t blocks = pages > reserved ? (pages - reserved) * (g.erase_size / block) : 0;
    if (blocks < kMinFsBlocks)
        count_value.fail(std::to_string(pages) + " pages leave " + std::to_string(blocks) +
                         " filesystem blocks; littlefs needs at least 4");

    // littlefs's read, prog and cache sizes: whole numbers of the chip's program unit (read: any
    // size from 1), each dividing the next (read | cache, prog | cache, cache | block).
    fs::FsConfig& fs = out.config.fs;
    auto unit = [&](std::string_view field, std::uint32_t of) -> std::optional<std::uint32_t> {
        auto v = m.find(field);
        if (!v) return std::nullopt;
        const auto n = static_cast<std::uint32_t>(v->integer(1, block));
        if (n % of != 0)
            v->fail(std::to_string(n) + " is not a whole number of the chip's " +
                    std::to_string(of) + " B program units");
        if (block % n != 0)
            v->fail(std::to_string(n) + " does not divide the " + std::to_string(block) +
                    " B filesystem block");
        return n;
    };
    if (auto n = unit("read_size", 1)) fs.read_size = *n;
    if (auto n = unit("prog_size", g.program_size)) fs.prog_size = *n;
    if (auto n = unit("cache_size", 1)) fs.cache_size = *n;
    const std::uint32_t read = fs.read_size ? fs.read_size : g.program_size;
    const std::uint32_t prog = fs.prog_size ? fs.prog_size : g.program_size;
    const std::uint32_t cache = fs.cache_size ? fs.cache_size : std::max(read, prog);
    if (cache % read != 0 || cache % prog != 0) {
        const Value at = m.has("cache_size") ? *m.find("cache_size") : *m.find("chip");
        at.fail("littlefs needs a cache of whole read (" + std::to_string(read) + " B) and prog (" +
                std::to_string(prog) + " B) units; the cache is " + std::to_string(cache) + " B");
    }
    if (auto v = m.find("lookahead_size")) {
        fs.lookahead_size = static_cast<std::uint32_t>(v->integer(8, 4096));
        if (fs.lookahead_size % 8 != 0)
            v->fail(std::to_string(fs.lookahead_size) + " is not a multiple of 8 (littlefs)");
    }
    if (auto v = m.find("name_max"))
        out.config.fs.name_max = static_cast<std::uint32_t>(v->integer(1, 255));
    return out;
}

// The FIDO application's behaviour that follows from the firmware version (docs/profiles.md,
// "CTAP level"): fido-authenticator 0.1.1 up to v1.6.x (CTAP 2.1-PRE, no resident limit; 10
// from v1.4.0), CTAP 2.1 from v1.7.0, flat rk names and a limit of 100 from v1.8.2, random
// counter steps from v1.9.0. Explicit ctap.* fields override these.
void derive_fido_defaults(std::uint32_t v, fido::AuthenticatorConfig& c) {
    const auto at_least = [v](std::uint32_t major, std::uint32_t minor, std::uint32_t patch) {
        return v >= (major << 22 | minor << 6 | patch);
    };
    c.ctap_level = at_least(1, 7, 0) ? fido::CtapLevel::v2_1 : fido::CtapLevel::v2_1_pre;
    c.counter_step = at_least(1, 9, 0) ? fido::CounterStep::random : fido::CounterStep::one;
    c.rk_layout = at_least(1, 8, 2) ? fido::RkLayout::flat : fido::RkLayout::per_rp;
    c.max_resident_credentials = at_least(1, 8, 2) ? 100 : at_least(1, 4, 0) ? 10 : 0;
}

void parse_ctap(const MapView& m, fido::AuthenticatorConfig& c) {
    m.allow_only({"pin_retries_write", "pin_retries", "pin_retries_per_boot",
                  "max_credential_count_in_list", "max_resident_credentials",
                  "max_credential_id_length", "max_msg_size", "reset_window_ms",
                  "touch_free_assertion_ms", "level", "counter_step", "rk_layout"});
    if (auto v = m.find("level"))
        c.ctap_level = static_cast<fido::CtapLevel>(v->one_of({"2.1-pre", "2.1"}));
    if (auto v = m.find("counter_step"))
        c.counter_step = static_cast<fido::CounterStep>(v->one_of({"1", "random"}));
    if (auto v = m.find("rk_layout"))
        c.rk_layout = static_cast<fido::RkLayout>(v->one_of({"per-rp", "flat"}));
    if (auto v = m.find("pin_retries_write"))
        c.pin_retries_write =
            static_cast<fido::PinRetriesWrite>(v->one_of({"before-compare", "after-compare"}));
    if (auto v = m.find("pin_retries"))
        c.pin_retries = static_cast<std::uint8_t>(v->integer(1, 255));
    if (auto v = m.find("pin_retries_per_boot")) {
        c.pin_retries_per_boot = static_cast<std::uint8_t>(v->integer(1, 255));
        if (c.pin_retries_per_boot > c.pin_retries)
            v->fail(std::to_string(c.pin_retries_per_boot) + " is more than ctap.pin_retries (" +
                    std::to_string(c.pin_retries) + ")");
    } else if (c.pin_retries_per_boot > c.pin_retries) {
        c.pin_retries_per_boot = c.pin_retries;
    }
    if (auto v = m.find("max_credential_count_in_list"))
        c.max_credential_count_in_list = static_cast<std::uint32_t>(v->integer(1, 255));
    if (auto v = m.find("max_resident_credentials")) {
        if (v->string() == "unlimited")
            c.max_resident_credentials = 0;
        else
            c.max_resident_credentials = static_cast<std::uint32_t>(v->integer(1, 1000));
    }
    if (auto v = m.find("max_credential_id_length"))
        c.max_credential_id_length = static_cast<std::uint32_t>(v->integer(16, 1024));
    if (auto v = m.find("max_msg_size"))
        c.max_msg_size = static_cast<std::uint32_t>(v->integer(1024, 7609));
    if (auto v = m.find("reset_window_ms"))
        c.reset_window = std::chrono::milliseconds(v->integer(0, 600'000));
    if (auto v = m.find("touch_free_assertion_ms"))
        c.touch_free_assertion_window = std::chrono::milliseconds(v->integer(0, 600'000));
}

DeviceProfile parse_document(const YAML::Node& root, const yaml::Source& src) {
    DeviceProfile p;
    const MapView top(src, root, "", YAML::Mark());
    top.allow_only({"model", "firmware", "variant", "aaguid", "flash", "boot", "ctap"});

    p.model = top.get("model").line();

    const Value fw = top.get("firmware");
    p.firmware = fw.string();
    const auto encoded = encode_firmware_version(p.firmware);
    if (!encoded)
        fw.fail("expected MAJOR.MINOR.PATCH (major <= 1023, minor <= 65535, patch <= 63), got " +
                yaml::quote(p.firmware));
    p.firmware_version = *encoded;
    p.fido.firmware_version = *encoded;
    derive_fido_defaults(*encoded, p.fido);

    const Value variant = top.get("variant");
    const std::size_t variant_index = variant.one_of({"lpc55", "nrf52"});
    p.variant = static_cast<std::uint8_t>(variant_index + 1);  // admin status: 1 LPC55, 2 nRF52

    const Value aaguid = top.get("aaguid");
    const auto uuid = parse_uuid(aaguid.string());
    if (!uuid)
        aaguid.fail("expected a UUID (8-4-4-4-12 hex digits), got " + yaml::quote(aaguid.string()));
    p.fido.aaguid = *uuid;

    const MapView flash_map = top.get("flash").map();
    flash_map.allow_only({"internal", "external"});
    const Value internal_value = flash_map.get("internal");
    const MapView internal_map = internal_value.map();
    ChipSection internal = parse_chip(internal_map);
    ChipSection external = parse_chip(flash_map.get("external").map());
    const std::string_view expected_chip = variant_index == 0 ? "lpc55" : "nrf52840";
    if (internal.chip != expected_chip)
        internal_map.find("chip")->fail("variant " + variant.string() + " has " +
                                        std::string(expected_chip) + " internal flash, got " +
                                        internal.chip);
    p.internal = internal.config;
    p.internal_chip = internal.chip;
    p.external = external.config;
    p.external_chip = external.chip;

    // What the firmware version fixes: init flags from v1.3.0 (InitStatus), the status's
    // variant byte from v1.4.0; on the NK3A mini from v1.3.0 the external flash's last 32
    // sectors are the migration's spare, outside the external filesystem.
    p.status_init_flags = p.firmware_version >= kFirmware130;
    p.status_bytes = p.firmware_version >= kFirmware140 ? 5 : 4;
    const bool nrf52 = variant_index == 1;
    if (nrf52 && p.firmware_version >= kFirmware130 && p.external.ftl.mode == ftl::FtlMode::none) {
        const std::uint32_t sectors = p.external.geometry.page_count;
        if (sectors < kExternalSpareSectors + kMinFsBlocks) {
            const MapView ext = flash_map.get("external").map();
            (ext.has("sectors") ? *ext.find("sectors") : *ext.find("pages"))
                .fail(std::to_string(sectors) + " sectors leave no room for the external " +
                      "filesystem next to the firmware's 32-sector spare (the GD25Q16 has 512)");
        }
        p.external.ftl.spare_pages = kExternalSpareSectors;
    }

    const MapView boot = top.get("boot").map();
    boot.allow_only({"on_mount_failure", "on_state_file_corrupt", "journal_reset_on_boot",
                     "migrate_from_pre_journal"});
    const Value mount_failure = boot.get("on_mount_failure");
    p.on_mount_failure =
        static_cast<MountFailure>(mount_failure.one_of({"format", "recover-journal", "halt"}));
    if (p.on_mount_failure == MountFailure::recover_journal &&
        p.internal.ftl.mode != ftl::FtlMode::journaled)
        mount_failure.fail("recover-journal needs a journal: flash.internal.ftl is " +
                           std::string(ftl::to_string(p.internal.ftl.mode)) + ", not journaled");
    const bool firmware_journal = p.internal.ftl.mode == ftl::FtlMode::journaled &&
                                  p.internal.ftl.replay == ftl::JournalReplay::on_mount_failure;
    if (auto v = boot.find("journal_reset_on_boot")) {
        if (!firmware_journal)
            v->fail(
                "applies to the firmware journal only (ftl journaled, journal_replay "
                "on-mount-failure)");
        p.internal.ftl.reset_journal_on_boot = v->one_of({"false", "true"}) == 1;
    }
    p.migrate_from_pre_journal = nrf52 && firmware_journal && p.firmware_version >= kFirmware130 &&
                                 p.on_mount_failure == MountFailure::recover_journal;
    if (auto v = boot.find("migrate_from_pre_journal")) {
        const bool want = v->one_of({"false", "true"}) == 1;
        if (want && !(firmware_journal && p.on_mount_failure == MountFailure::recover_journal))
            v->fail(
                "needs the firmware journal (ftl journaled, journal_replay on-mount-failure) "
                "and on_mount_failure recover-journal");
        if (want && p.external.ftl.spare_pages == 0)
            v->fail("needs the external flash's spare (variant nrf52, firmware 1.3.0 or later)");
        p.migrate_from_pre_journal = want;
    }
    if (auto v = boot.find("on_state_file_corrupt"))
        p.fido.on_state_file_corrupt =
            static_cast<fido::StateFileCorrupt>(v->one_of({"defaults", "halt"}));

    if (auto v = top.find("ctap")) parse_ctap(v->map(), p.fido);
    return p;
}

}  // namespace

DeviceProfile parse_profile(std::string_view yaml_text, std::string source_name) {
    const yaml::Source src{source_name};
    const YAML::Node root = yaml::load_single_document(yaml_text, src, "profile");
    DeviceProfile p = yaml::parse_guarded(src, [&] { return parse_document(root, src); });
    p.source = source_name;
    p.name = std::filesystem::path(source_name).stem().string();
    return p;
}

}  // namespace nk3::profiles
