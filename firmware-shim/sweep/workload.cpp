#include "sweep/workload.hpp"

#include "flash/rng.hpp"

namespace nk3::sweep {

FsOp FsOp::write(std::string path, std::vector<std::uint8_t> data) {
    return {Kind::write, std::move(path), {}, std::move(data)};
}
FsOp FsOp::mkdir(std::string path) {
    return {Kind::mkdir, std::move(path), {}, {}};
}
FsOp FsOp::remove(std::string path) {
    return {Kind::remove, std::move(path), {}, {}};
}
FsOp FsOp::rename(std::string from, std::string to) {
    return {Kind::rename, std::move(from), std::move(to), {}};
}

std::string FsOp::describe() const {
    switch (kind) {
        case Kind::write:
            return "write " + path + " (" + std::to_string(data.size()) + " B)";
        case Kind::mkdir:
            return "mkdir " + path;
        case Kind::remove:
            return "remove " + path;
        case Kind::rename:
            return "rename " + path + " -> " + to;
    }
    return "?";
}

bool FsOp::touches(const std::string& p) const {
    auto under = [&](const std::string& root) {
        return !root.empty() && (p == root || p.starts_with(root + "/"));
    };
    return under(path) || (kind == Kind::rename && under(to));
}

void apply(fs::Filesystem& fs, const FsOp& op) {
    switch (op.kind) {
        case FsOp::Kind::write:
            fs.write_file(op.path, op.data);
            break;
        case FsOp::Kind::mkdir:
            fs.mkdir(op.path);
            break;
        case FsOp::Kind::remove:
            fs.remove(op.path);
            break;
        case FsOp::Kind::rename:
            fs.rename(op.path, op.to);
            break;
    }
}

void apply(fs::Tree& model, const FsOp& op) {
    auto& nodes = model.nodes;
    switch (op.kind) {
        case FsOp::Kind::write:
            nodes[op.path] = op.data;
            break;
        case FsOp::Kind::mkdir:
            nodes[op.path] = std::nullopt;
            break;
        case FsOp::Kind::remove:
            nodes.erase(op.path);
            break;
        case FsOp::Kind::rename: {
            const std::string prefix = op.path + "/";
            std::vector<std::pair<std::string, std::optional<std::vector<std::uint8_t>>>> moved;
            for (auto it = nodes.begin(); it != nodes.end();) {
                if (it->first == op.path || it->first.starts_with(prefix)) {
                    moved.emplace_back(op.to + it->first.substr(op.path.size()), it->second);
                    it = nodes.erase(it);
                } else {
                    ++it;
                }
            }
            for (auto& [path, value] : moved)
                nodes[path] = std::move(value);
            break;
        }
    }
}

std::vector<std::uint8_t> pattern(const std::string& name, std::uint32_t version,
                                  std::size_t size) {
    std::uint64_t h = 1469598103934665603ull;
    for (char c : name)
        h = (h ^ static_cast<std::uint8_t>(c)) * 1099511628211ull;
    flash::SplitMix64 rng(flash::mix_seed(h, version));
    std::vector<std::uint8_t> out(size);
    for (auto& b : out)
        b = static_cast<std::uint8_t>(rng.next());
    return out;
}

NamedWorkload fido_like_workload(std::uint32_t block_size) {
    const std::size_t big = block_size * 2 + block_size / 3;  // three blocks
    NamedWorkload w;
    w.setup = {
        FsOp::mkdir("/fido"),
        FsOp::mkdir("/fido/dat"),
        FsOp::mkdir("/fido/sec"),
        FsOp::mkdir("/fido/x5c"),
        FsOp::write("/fido/x5c/00", pattern("x5c", 0, block_size + 100)),
        FsOp::write("/fido/sec/00", pattern("attestation-key", 0, 36)),
        FsOp::write("/fido/dat/persistent-state.cbor", pattern("state", 0, 120)),
        FsOp::write("/fido/sec/kek", pattern("kek", 0, 44)),
        FsOp::write("/fido/dat/rk.a", pattern("rk.a", 0, 300)),
    };
    w.operation = {
        FsOp::write("/fido/dat/persistent-state.cbor", pattern("state", 1, 120)),
        FsOp::write("/fido/dat/rk.b", pattern("rk.b", 0, 300)),
        FsOp::write("/fido/sec/rk.b", pattern("rk.b-key", 0, 40)),
        FsOp::write("/fido/dat/persistent-state.cbor", pattern("state", 2, 124)),
        FsOp::rename("/fido/dat/rk.b", "/fido/dat/rk.c"),
        FsOp::write("/fido/sec/big", pattern("big", 0, big)),
        FsOp::write("/fido/sec/big", pattern("big", 1, big - 17)),
        FsOp::remove("/fido/sec/kek"),
        FsOp::mkdir("/fido/tmp"),
        FsOp::write("/fido/tmp/new", pattern("new", 0, 310)),
        FsOp::rename("/fido/tmp/new", "/fido/dat/rk.a"),
        FsOp::remove("/fido/tmp"),
        FsOp::write("/fido/dat/persistent-state.cbor", pattern("state", 3, 118)),
    };
    return w;
}

NamedWorkload small_workload(std::uint32_t block_size) {
    NamedWorkload w;
    w.setup = {
        FsOp::mkdir("/d"),
        FsOp::write("/d/state", pattern("state", 0, 60)),
        FsOp::write("/d/keep", pattern("keep", 0, block_size + 10)),
    };
    w.operation = {
        FsOp::write("/d/state", pattern("state", 1, 64)),
        FsOp::write("/d/new", pattern("new", 0, 200)),
        FsOp::rename("/d/new", "/d/state"),
        FsOp::remove("/d/keep"),
    };
    return w;
}

}  // namespace nk3::sweep
