// Power-cut trials per second of the storage sweep, per storage stack, and what a snapshot
// restore costs. One trial = restore the post-setup snapshot, run the workload until the cut,
// power on, boot (journal replay, mount, repair), judge (tree vs model, fsck, write probe).
// For reference: littlefs's own test runner simulates about 1,300 power losses per second on a
// 2-core machine of this class.

#include <benchmark/benchmark.h>

#include "sweep/power_cut_sweep.hpp"
#include "sweep/stack_presets.hpp"

namespace {

using namespace nk3;

void BM_SweepTrial(benchmark::State& state, const std::string& preset_name) {
    const auto* preset = sweep::find_stack_preset(preset_name);
    const std::uint32_t block = preset->config.block_size();
    sweep::SweepConfig config;
    config.stack = preset->config;
    config.workload = sweep::fido_like_workload(block);
    sweep::PowerCutSweep sweep(config);
    const auto& ops = sweep.dry_run_ops();
    const flash::CutMode modes[] = {flash::CutMode::before, flash::CutMode::torn,
                                    flash::CutMode::after};
    std::size_t i = 0, failed = 0;
    for (auto _ : state) {
        const auto& op = ops[(i / 3) % ops.size()];
        auto f = sweep.trial({op.index, modes[i % 3]});
        failed += f.has_value();
        benchmark::DoNotOptimize(f);
        ++i;
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(i));
    state.counters["cut_points"] = static_cast<double>(ops.size());
    state.counters["failed_share"] = i ? static_cast<double>(failed) / static_cast<double>(i) : 0;
}

void BM_SnapshotRestore(benchmark::State& state) {
    flash::PowerDomain domain;
    flash::NorFlash chip(flash::FlashGeometry::gd25q16(512), domain);  // 2 MiB external flash
    std::vector<std::uint8_t> data(256, 0x00);
    for (std::uint32_t p = 0; p < 512; p += 7)
        chip.program(p * 4096, data);
    const auto snap = chip.snapshot();
    for (auto _ : state) {
        chip.restore(snap);
        chip.program(4096 * 3 + 256, data);  // one write: copies one page
    }
    state.SetItemsProcessed(state.iterations());
}

}  // namespace

BENCHMARK_CAPTURE(BM_SweepTrial, nrf52_none, std::string("nrf52-none"));
BENCHMARK_CAPTURE(BM_SweepTrial, lpc55_none, std::string("lpc55-none"));
BENCHMARK_CAPTURE(BM_SweepTrial, nrf52_rmw, std::string("nrf52-rmw"));
BENCHMARK_CAPTURE(BM_SweepTrial, nrf52_journaled, std::string("nrf52-journaled"));
BENCHMARK_CAPTURE(BM_SweepTrial, nrf52_journaled_v131, std::string("nrf52-journaled-v1.3.1"));
BENCHMARK(BM_SnapshotRestore);

BENCHMARK_MAIN();
