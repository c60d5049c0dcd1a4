#include "sweep/stack_presets.hpp"

namespace nk3::sweep {

namespace {

using flash::FlashGeometry;
using ftl::FtlMode;
using ftl::JournalReplay;

// The NK3A mini's filesystem region: 20 pages of 4 KiB; the firmware's littlefs uses 256 B
// blocks through the translation layer, read 4, cache 256, lookahead 8, and programs 4 B units
// up to v1.2.2, 256 B from v1.3.0 (docs/storage.md, "littlefs configuration").
constexpr std::uint32_t kMiniPages = 20;
constexpr fs::FsConfig kMiniProg4{
    .read_size = 4, .prog_size = 4, .cache_size = 256, .lookahead_size = 8};
constexpr fs::FsConfig kMiniProg256{
    .read_size = 4, .prog_size = 256, .cache_size = 256, .lookahead_size = 8};

std::vector<StackPreset> make() {
    std::vector<StackPreset> out;
    out.push_back({"nrf52-none",
                   "raw NOR, 4 KiB pages as blocks, no translation layer (reference)",
                   {FlashGeometry::nrf52840_internal(kMiniPages),
                    {FtlMode::none, 0, {}},
                    {.read_size = 4, .prog_size = 4, .cache_size = 256, .lookahead_size = 8}}});
    out.push_back({"lpc55-none",
                   "NK3 LPC55 internal flash: 512 B pages and programs, no translation layer",
                   {FlashGeometry::lpc55_internal(87),
                    {FtlMode::none, 0, {}},
                    {.read_size = 16, .prog_size = 512, .cache_size = 512, .lookahead_size = 64}}});
    out.push_back(
        {"nrf52-rmw",
         "NK3A mini v1.1.0-v1.2.2: 256 B blocks, page erase + rewrite of neighbours, "
         "prog 4",
         {FlashGeometry::nrf52840_internal(kMiniPages), {FtlMode::rmw, 256, {}}, kMiniProg4}});
    out.push_back(
        {"nrf52-rmw-prog256",
         "what-if: the pre-journal rmw layer with v1.3's prog 256",
         {FlashGeometry::nrf52840_internal(kMiniPages), {FtlMode::rmw, 256, {}}, kMiniProg256}});
    out.push_back({"nrf52-journaled",
                   "what-if: write-ahead journal replayed at every boot when its entry is open",
                   {FlashGeometry::nrf52840_internal(kMiniPages),
                    {FtlMode::journaled, 256, JournalReplay::on_boot},
                    kMiniProg256}});
    out.push_back({"nrf52-journaled-v1.3.1",
                   "NK3A mini v1.3.1: journal wiped every boot, replayed only when mount fails",
                   {FlashGeometry::nrf52840_internal(kMiniPages),
                    {FtlMode::journaled, 256, JournalReplay::on_mount_failure},
                    kMiniProg256}});
    return out;
}

}  // namespace

const std::vector<StackPreset>& stack_presets() {
    static const std::vector<StackPreset> presets = make();
    return presets;
}

const StackPreset* find_stack_preset(const std::string& name) {
    for (const auto& p : stack_presets())
        if (p.name == name) return &p;
    return nullptr;
}

}  // namespace nk3::sweep
