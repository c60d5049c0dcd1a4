// Target specs to TargetFactories, and the default run directory's name.

#include "harness/engine/target_choice.hpp"

#include <ctime>
#include <filesystem>

#include "rig/bench/bench_target.hpp"
#include "rig/link/fido_link.hpp"
#include "rig/link/hidraw_device_opener.hpp"
#include "yaml/input_error.hpp"

namespace nk3::engine {

rig::TargetFactory make_target_factory(const std::string& spec, std::uint64_t seed) {
    if (spec.rfind("sim:", 0) == 0) return rig::sim_target_factory(spec, seed);
    if (spec.rfind("bench:", 0) == 0)
        return rig::bench_target_factory(
            spec.substr(6), [](const std::string& hidraw, rig::KeyLocator locate) {
                return std::unique_ptr<rig::Link>(rig::make_hidraw_fido_link(
                    hidraw, rig::kDefaultHidrawTimeoutMs, std::move(locate)));
            });
    throw yaml::InputError(
        "", 0, 0, "target",
        "expected sim:PROFILE, sim:FILE.yaml or --bench FILE.yaml, got \"" + spec + "\"");
}

namespace {

std::string utc_stamp() {
    char stamp[32];
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
    return stamp;
}

}  // namespace

std::string target_dir_name(const std::string& spec) {
    std::string target = spec.rfind("bench:", 0) == 0
                             ? "bench-" + std::filesystem::path(spec.substr(6)).stem().string()
                             : spec;
    for (char& c : target)
        if (c == ':' || c == '/' || c == ' ') c = '-';
    if (target.size() > 5 && target.substr(target.size() - 5) == ".yaml")
        target.resize(target.size() - 5);
    return target;
}

std::string default_run_dir(const std::string& scenario, const std::string& spec) {
    return "runs/" + scenario + "-" + target_dir_name(spec) + "-" + utc_stamp();
}

std::string default_suite_dir(const std::string& suite) {
    return "runs/" + suite + "-" + utc_stamp();
}

}  // namespace nk3::engine
