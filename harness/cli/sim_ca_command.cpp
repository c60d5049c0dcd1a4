// `nk3rig sim ca`: prints or writes the project test CA certificate as PEM.
#include "harness/cli/sim_ca_command.hpp"

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>

#include "crypto/x509_attestation.hpp"
#include "fido/authenticator.hpp"

namespace nk3::cli {

namespace {

int run(const std::string& out) {
    const std::string pem = crypto::certificate_der_to_pem(fido::project_test_ca().certificate_der);
    if (out.empty() || out == "-") {
        std::fwrite(pem.data(), 1, pem.size(), stdout);
        return 0;
    }
    std::ofstream file(out, std::ios::binary | std::ios::trunc);
    file << pem;
    file.flush();
    if (!file) {
        std::fprintf(stderr, "nk3rig sim ca: cannot write %s\n", out.c_str());
        return 2;
    }
    return 0;
}

}  // namespace

void add_sim_ca_command(CLI::App& sim, int& exit_status) {
    auto out = std::make_shared<std::string>();
    auto* cmd = sim.add_subcommand(
        "ca",
        "Print the project's test CA certificate (PEM): the trust anchor of the simulated keys' "
        "attestation certificates");
    cmd->add_option("-o,--output", *out, "Write it to FILE instead of standard output");
    cmd->callback([out, &exit_status] { exit_status = run(*out); });
}

}  // namespace nk3::cli
