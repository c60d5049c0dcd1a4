// Bench file -> TargetFactory of hardware targets.
#include "rig/bench/bench_target.hpp"

#include "rig/bench/bench_backends.hpp"
#include "rig/bench/key_finder.hpp"
#include "rig/bench/parse_bench.hpp"
#include "rig/bench/touching_link.hpp"
#include "rig/rig_error.hpp"

namespace nk3::rig {

TargetFactory bench_target_factory(const std::string& path, LinkMaker make_link) {
    return bench_target_factory(bench::load_bench(path), std::move(make_link));
}

TargetFactory bench_target_factory(const bench::Bench& bench, LinkMaker make_link) {
    if (!make_link) throw std::invalid_argument("bench_target_factory: no link maker");
    return [bench, make_link]() {
        auto target = std::make_unique<Target>();
        target->spec = "bench:" + bench.source;
        target->max_parallel = 1;
        target->power = bench::open_power_switch(bench.power);
        if (bench.probe) target->probe = bench::open_probe(*bench.probe);
        std::unique_ptr<GpiodTouch> touch;
        if (bench.touch) touch = bench::open_touch(*bench.touch);
        // The key may be off when the bench is taken: power it and give it time to enumerate.
        target->power->set(true);
        const auto key = bench::wait_for_key(bench.key, bench.timing.enumerate_timeout);
        if (!key)
            throw RigError("bench " + bench.name + ": no FIDO key found (" +
                           bench::describe(bench.key) + ") within " +
                           std::to_string(bench.timing.enumerate_timeout.count()) +
                           " ms of power on; `nk3rig devices` lists the keys this host sees");
        KeyLocator locate = [selector = bench.key]() -> std::optional<std::string> {
            const auto found = bench::find_key(selector);
            return found ? std::optional<std::string>(found->path) : std::nullopt;
        };
        std::unique_ptr<Link> link = make_link(key->path, std::move(locate));
        if (!link) throw RigError("bench " + bench.name + ": no link to " + key->path);
        if (touch) link = std::make_unique<bench::TouchingLink>(std::move(link), *touch);
        target->link = std::move(link);
        target->touch = std::move(touch);
        return target;
    };
}

}  // namespace nk3::rig
