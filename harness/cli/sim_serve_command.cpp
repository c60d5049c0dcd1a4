// `nk3rig sim serve`: option parsing, start-up (profile, state directory, key, sockets), the
// serving loop and the clean shutdown on SIGINT/SIGTERM.

#include "harness/cli/sim_serve_command.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "crypto/x509_attestation.hpp"
#include "device/virtual_nk3.hpp"
#include "fido/authenticator.hpp"
#include "harness/cli/strict_integer.hpp"
#include "harness/sim/button_spec.hpp"
#include "harness/sim/device_control.hpp"
#include "harness/sim/serve_counters.hpp"
#include "harness/sim/sim_server.hpp"
#include "harness/sim/state_dir.hpp"
#include "harness/sim/udp_address.hpp"
#include "profiles/profile_loader.hpp"

namespace nk3::cli {

namespace {

namespace asio = boost::asio;

struct Options {
    std::string profile;
    std::string udp = "127.0.0.1:8111";
    std::string control = "127.0.0.1:8112";
    std::string state;
    std::uint64_t seed = 1;
    std::string button = "press-after:200ms";
};

constexpr int kBadInput = 2;
constexpr int kRigFailed = 3;

int fail(int status, const std::string& message) {
    std::fprintf(stderr, "nk3rig sim serve: %s\n", message.c_str());
    return status;
}

// Seed of a key loaded from a state directory: the --seed mixed with the saved image, so a
// restart neither replays the previous run's random stream nor loses reproducibility.
std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t fingerprint) {
    std::uint64_t z = seed ^ fingerprint;  // splitmix64 finaliser
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

int run(const Options& o) {
    std::string why;
    const auto udp = sim::parse_udp_address(o.udp, &why);
    if (!udp) return fail(kBadInput, "--udp " + o.udp + ": " + why);
    const auto control_address = sim::parse_udp_address(o.control, &why);
    if (!control_address) return fail(kBadInput, "--control " + o.control + ": " + why);
    if (!control_address->address().is_loopback())
        std::fprintf(stderr,
                     "nk3rig sim serve: WARNING: the control port %s is not on a loopback "
                     "address. It is an unauthenticated power switch: anyone who can reach it "
                     "can cut the key's power, press its button and overwrite its state. Serve "
                     "it on 127.0.0.1 (the default) unless this network is yours alone.\n",
                     o.control.c_str());
    const auto button = sim::parse_button_spec(o.button);
    if (!button)
        return fail(kBadInput, "--button " + o.button +
                                   ": expected press-after[:DELAY], refuse[:DELAY] or "
                                   "hold[:TIMEOUT]");

    std::optional<profiles::DeviceProfile> profile;
    try {
        profile = profiles::load_profile(o.profile);
    } catch (const profiles::ProfileError& e) {
        return fail(kBadInput, std::string("--profile: ") + e.what());
    }

    std::optional<sim::StateDir> state;
    std::uint64_t seed = o.seed;
    try {
        if (!o.state.empty()) {
            state.emplace(o.state);
            if (state->has_images()) seed = mix_seed(o.seed, state->fingerprint());
        }
    } catch (const sim::StateDirError& e) {
        return fail(kBadInput, std::string("--state: ") + e.what());
    }

    auto key = std::make_unique<device::VirtualNk3>(*profile, seed);
    const bool loaded = state && state->has_images();
    try {
        if (loaded) state->load(*key);
        if (state) {
            state->save(*key);
            state->write_ca_pem(
                crypto::certificate_der_to_pem(fido::project_test_ca().certificate_der));
        }
    } catch (const sim::StateDirError& e) {
        return fail(kBadInput, std::string("--state: ") + e.what());
    }

    asio::io_context io;
    sim::ServeCounters counters;
    counters.state_saves = state ? state->saves() : 0;
    sim::DeviceControl control(*key, *button, state ? &*state : nullptr, counters);
    std::optional<sim::SimServer> server;
    try {
        server.emplace(io, *key, control, counters, sim::ServerOptions{*udp, *control_address});
    } catch (const sim::BindError& e) {
        return fail(kRigFailed, e.what());
    }
    int stop_signal = 0;
    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code& ec, int signal) {
        if (ec) return;
        stop_signal = signal;
        server->stop();
        io.stop();
    });
    server->start();

    std::printf("nk3rig sim serve: profile %s, ctaphid udp %s, control udp %s, state %s\n",
                profile->name.c_str(), sim::format_udp_address(server->ctaphid_endpoint()).c_str(),
                sim::format_udp_address(server->control_endpoint()).c_str(),
                state ? (state->path().string() + (loaded ? " (loaded)" : " (new key)")).c_str()
                      : "none (flash kept in memory)");
    std::fflush(stdout);

    io.run();

    if (state) {
        try {
            state->save(*key);
        } catch (const sim::StateDirError& e) {
            return fail(kRigFailed, std::string("could not save the key's state: ") + e.what());
        }
    }
    std::printf("nk3rig sim serve: stopped by %s%s\n", stop_signal == SIGINT ? "SIGINT" : "SIGTERM",
                state ? (", state saved to " + state->path().string()).c_str() : "");
    std::fflush(stdout);
    return 0;
}

}  // namespace

void add_sim_serve_command(CLI::App& sim, int& exit_status) {
    auto options = std::make_shared<Options>();
    auto* cmd = sim.add_subcommand(
        "serve",
        "Serve a simulated NK3 to FIDO clients: CTAPHID over UDP (one 64-byte HID report per "
        "datagram, replies to the sender), a text control port (off, on, cycle, cut-after N "
        "before|torn|after, status, button, ...; one JSON line per answer), and optionally a "
        "state directory that keeps the flash between runs. Stops cleanly on SIGINT/SIGTERM. "
        "See docs/sim-serve.md");
    cmd->add_option("--profile", options->profile,
                    "Device profile: a shipped name (e.g. nk3am-1.3.1) or a YAML file")
        ->required();
    cmd->add_option("--udp", options->udp,
                    "CTAPHID address HOST:PORT (port 0: any free port, printed at start)")
        ->capture_default_str();
    cmd->add_option("--control", options->control,
                    "Control address HOST:PORT (port 0: any free port, printed at start)")
        ->capture_default_str();
    cmd->add_option("--state", options->state,
                    "Keep the key's flash in DIR (internal.img, external.img; ca.pem too): a new "
                    "DIR gets a factory-fresh key, an existing one is loaded and booted");
    add_integer_option(*cmd, "--seed", options->seed,
                       "Seed of the key's randomness (mixed with the saved image when --state "
                       "holds one)");
    cmd->add_option("--button", options->button,
                    "Touch button: press-after[:DELAY] | refuse[:DELAY] | hold[:TIMEOUT]")
        ->capture_default_str();
    cmd->callback([options, &exit_status] { exit_status = run(*options); });
}

}  // namespace nk3::cli
