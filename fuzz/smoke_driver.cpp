// A plain driver for the libFuzzer harnesses, for builds without libFuzzer (g++, the default
// preset): runs every file of a seed corpus, then a fixed number of deterministic mutations of
// them (bit flips, byte changes, insertions, deletions, truncations, splices), and exits 0 when
// the harness neither crashed nor threw. Same inputs on every run: a failure reproduces.
//   fuzz_NAME CORPUS_DIR [EXECUTIONS]

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

std::uint64_t g_state = 0x9E3779B97F4A7C15ULL;

std::uint64_t next() {  // splitmix64
    std::uint64_t z = (g_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

std::vector<std::uint8_t> mutate(std::vector<std::uint8_t> in,
                                 const std::vector<std::vector<std::uint8_t>>& seeds) {
    const int rounds = 1 + static_cast<int>(next() % 4);
    for (int r = 0; r < rounds; ++r) {
        const std::size_t at = in.empty() ? 0 : next() % in.size();
        switch (next() % 6) {
            case 0:
                if (!in.empty()) in[at] ^= static_cast<std::uint8_t>(1u << (next() % 8));
                break;
            case 1:
                if (!in.empty()) in[at] = static_cast<std::uint8_t>(next());
                break;
            case 2: {
                static const char kTokens[] = ",:[]{}-&*!|>#'\"\n ?0x";
                in.insert(in.begin() + static_cast<std::ptrdiff_t>(at),
                          static_cast<std::uint8_t>(kTokens[next() % (sizeof kTokens - 1)]));
                break;
            }
            case 3:
                if (!in.empty()) in.erase(in.begin() + static_cast<std::ptrdiff_t>(at));
                break;
            case 4:
                in.resize(at);
                break;
            default: {
                const auto& other = seeds[next() % seeds.size()];
                if (other.empty()) break;
                const std::size_t from = next() % other.size();
                const std::size_t n = std::min<std::size_t>(other.size() - from, 1 + next() % 64);
                in.insert(in.begin() + static_cast<std::ptrdiff_t>(at), other.begin() + from,
                          other.begin() + from + n);
            }
        }
    }
    return in;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s CORPUS_DIR [EXECUTIONS]\n", argv[0]);
        return 2;
    }
    const long executions = argc > 2 ? std::strtol(argv[2], nullptr, 10) : 2000;
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(argv[1]))
        if (e.is_regular_file()) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::vector<std::vector<std::uint8_t>> seeds;
    for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        seeds.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    if (seeds.empty()) seeds.emplace_back();
    for (const auto& s : seeds)
        LLVMFuzzerTestOneInput(s.data(), s.size());
    for (long i = 0; i < executions; ++i) {
        const auto input = mutate(seeds[next() % seeds.size()], seeds);
        LLVMFuzzerTestOneInput(input.data(), input.size());
    }
    std::printf("%s: %zu seeds and %ld mutations, no crash\n", argv[0], seeds.size(), executions);
    return 0;
}
