// libFuzzer harness for one YAML document kind, chosen at compile time (NK3_FUZZ_YAML_KIND):
// 1 scenario, 2 device profile, 3 bench file. yaml::InputError is the expected way to refuse an
// input; any other exception escaping, a crash, a hang or an unbounded allocation is a bug.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "yaml/input_error.hpp"

#if NK3_FUZZ_YAML_KIND == 1
#include "harness/scenario/scenario_parser.hpp"
#elif NK3_FUZZ_YAML_KIND == 2
#include "profiles/profile_loader.hpp"
#elif NK3_FUZZ_YAML_KIND == 3
#include "rig/bench/parse_bench.hpp"
#else
#error "NK3_FUZZ_YAML_KIND must be 1, 2 or 3"
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
#if NK3_FUZZ_YAML_KIND == 1
        nk3::scenario::parse_scenario(text, "fuzz.yaml");
#elif NK3_FUZZ_YAML_KIND == 2
        nk3::profiles::parse_profile(text, "fuzz.yaml");
#else
        nk3::rig::bench::parse_bench(text, "fuzz.yaml");
#endif
    } catch (const nk3::yaml::InputError&) {
    }
    return 0;
}
