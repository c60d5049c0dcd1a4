#pragma once
// Scenarios for the engine's tests, built in code (independent of the YAML parser): the seed
// incident in small (an SSH-like non-resident EdDSA credential, a resident ES256 one, a PIN,
// then a few logins), with every check.

#include <string>

#include "harness/checks/check.hpp"
#include "harness/scenario/scenario.hpp"

namespace nk3::engine::testing {

inline scenario::FlatStep flat(scenario::Step step, int line, std::string what) {
    return scenario::FlatStep{std::move(step), scenario::StepSource{line, std::move(what)}};
}

inline scenario::Scenario small_incident(int logins = 3) {
    scenario::Scenario s;
    s.name = "small-incident";
    s.source = "small-incident.yaml";
    s.target = "sim:nk3am-1.2.2";
    s.setup.push_back(flat(scenario::Reset{}, 1, "reset"));
    s.setup.push_back(flat(scenario::SetPin{"123456"}, 2, "set_pin"));
    scenario::MakeCredential ssh;
    ssh.as = "ssh";
    ssh.rp = "ssh:";
    ssh.user = "openssh";
    ssh.alg = scenario::Alg::eddsa;
    s.setup.push_back(flat(ssh, 3, "make_credential"));
    scenario::MakeCredential web;
    web.as = "web";
    web.rp = "example.org";
    web.user = "alice";
    web.resident = true;
    s.setup.push_back(flat(web, 4, "make_credential"));
    scenario::GetAssertion login;
    login.credential = "ssh";
    login.rp = "ssh:";
    for (int i = 0; i < logins; ++i)
        s.operation.push_back(flat(login, 7, "get_assertion"));
    s.fault.kind = scenario::PlanKind::flash_sweep;
    for (auto name : checks::check_names())
        s.checks.emplace_back(name);
    return s;
}

}  // namespace nk3::engine::testing
