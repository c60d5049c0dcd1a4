// The incident (README), reproduced by hand through libfido2: an NK3A mini holds a
// non-resident EdDSA credential (as `ssh-keygen -t ed25519-sk` makes) and a resident one; power
// drops during SSH logins (getAssertion). On firmware 1.3.0 the translation layer erases a 4 KiB
// page to rewrite one 256 B block and then writes the 15 neighbours back; a cut right after the
// erase loses neighbours of other files, the filesystem no longer mounts, the key formats itself,
// and the SSH key's credential id no longer unwraps: getAssertion answers NO_CREDENTIALS
// (OpenSSH then says "device not found"). Firmware 1.3.1 copies the neighbours to a journal
// first and replays it when the mount fails: the same cut leaves the credential working.
//
// How the cut point is found: a dry run records every flash operation of the logins
// (PowerDomain recording). Candidates are page erases of the translation layer on the internal
// chip that are followed by a program into the same page (the neighbour rewrite); journal pages
// of 1.3.1 are not candidates. Which erase breaks the mount depends on what the neighbours hold,
// so the test tries every candidate (cut mode `after` on the erase op) on a fresh key built the
// same way (same seed: the same operations at the same indices) and asserts:
//   * nk3am-1.2.2: at least one candidate makes the key format itself, and at every such cut the
//     SSH credential answers NO_CREDENTIALS and the resident credential is gone;
//   * nk3am-1.3.1: at the same windows (the k-th candidate erase of the logins: the filesystem
//     asks the same blocks in the same order on both firmwares) the key does not format and the
//     SSH credential still signs; at least one of those cuts needed the journal.
#include <fido.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "flash/flash_op.hpp"
#include "ftl/journaled_ftl.hpp"
#include "rig/link/link_timing.hpp"
#include "virtual_key.hpp"

namespace nk3::rig::conformance {
namespace {

constexpr std::uint64_t kSeed = 0x55485f;
constexpr int kLogins = 4;

struct Credentials {
    Credential ssh;
    Credential web;
};

LinkTiming incident_timing() {
    LinkTiming t;
    // A request to a key whose power was cut fails after 2 s (simulated) instead of 60.
    t.operation_timeout_ms = 2000;
    return t;
}

Credentials setup(VirtualKey& key) {
    CredentialRequest ssh;
    ssh.rp_id = "ssh:";
    ssh.rp_name = "";
    ssh.alg = COSE_EDDSA;
    ssh.user_id = Bytes(32, 0x00);  // OpenSSH sends an all-zero user id
    ssh.user_name = "openssh";
    ssh.display_name = "openssh";
    CredentialRequest web;
    web.rp_id = "example.org";
    web.resident = true;
    return Credentials{key.make_credential(ssh), key.make_credential(web)};
}

AssertionRequest ssh_login(const Credential& ssh) {
    AssertionRequest r;
    r.rp_id = "ssh:";
    r.allow = {ssh.id};
    r.client_data = "ssh login";
    return r;
}

// The operation under test; stops at the first login that fails (the power went).
void logins(VirtualKey& key, const Credential& ssh) {
    for (int i = 0; i < kLogins && key.nk3().powered(); ++i) {
        if (key.try_get_assertion(ssh_login(ssh)) != FIDO_OK) break;
    }
}

// Page erases of the translation layer followed by the rewrite of the page's neighbours.
std::vector<flash::FlashOp> candidate_erases(const VirtualKey& key,
                                             const std::vector<flash::FlashOp>& ops) {
    const auto& internal = key.profile().internal;
    const std::uint32_t page = internal.geometry.erase_size;
    const std::uint32_t journal_end =
        internal.ftl.mode == ftl::FtlMode::journaled ? ftl::JournaledFtl::kJournalPages * page : 0;
    std::vector<flash::FlashOp> out;
    for (std::size_t i = 0; i + 1 < ops.size(); ++i) {
        const flash::FlashOp& op = ops[i];
        const flash::FlashOp& next = ops[i + 1];
        if (op.chip != 0 || op.kind != flash::OpKind::erase || op.address < journal_end) continue;
        if (next.chip == 0 && next.kind == flash::OpKind::program && next.address >= op.address &&
            next.address < op.address + page) {
            out.push_back(op);
        }
    }
    return out;
}

struct DryRun {
    std::uint64_t first_op = 0;  // index of the logins' first flash operation
    std::vector<flash::FlashOp> candidates;
};

DryRun dry_run(const char* profile) {
    VirtualKey key(profile, kSeed, incident_timing());
    const Credentials creds = setup(key);
    auto& domain = key.nk3().power_domain();
    DryRun run;
    run.first_op = domain.next_index();
    domain.clear_log();
    domain.set_recording(true);
    logins(key, creds.ssh);
    domain.set_recording(false);
    run.candidates = candidate_erases(key, domain.log());
    return run;
}

struct Trial {
    device::BootInfo boot;
    int ssh_login = -1;         // fido_dev_get_assert with the SSH credential, up=false
    bool ssh_verifies = false;  // and its signature verifies
    int web_discovery = -1;     // discoverable getAssertion at example.org
};

// A fresh key, the same setup, a cut right after `erase`, power back on, then the checks.
Trial trial(const char* profile, const DryRun& run, const flash::FlashOp& erase) {
    VirtualKey key(profile, kSeed, incident_timing());
    const Credentials creds = setup(key);
    auto& domain = key.nk3().power_domain();
    EXPECT_EQ(domain.next_index(), run.first_op) << "the setup is not deterministic";
    key.nk3().cut_after(erase.index - domain.next_index(), flash::CutMode::after);
    logins(key, creds.ssh);

    Trial t;
    const auto cut = key.nk3().last_cut();
    EXPECT_TRUE(cut.has_value()) << "the cut at op " << erase.index << " never fired";
    if (cut) {
        EXPECT_EQ(cut->op.index, erase.index);
        EXPECT_EQ(cut->op.kind, flash::OpKind::erase);
        EXPECT_EQ(cut->op.address, erase.address);
    }
    key.link().close();
    key.nk3().power_on();
    t.boot = key.nk3().last_boot();
    if (t.boot.halted) return t;
    key.reopen();
    AssertionRequest check = ssh_login(creds.ssh);
    check.up = false;
    AssertPtr a = assertion_request(check);
    t.ssh_login = fido_dev_get_assert(key.dev(), a.get(), nullptr);
    t.ssh_verifies = t.ssh_login == FIDO_OK && verify_assertion(a.get(), 0, creds.ssh) == FIDO_OK;
    AssertionRequest discover;
    discover.up = false;
    t.web_discovery = key.try_get_assertion(discover);
    return t;
}

std::string describe(std::size_t ordinal, const flash::FlashOp& op, const Trial& t) {
    return "candidate " + std::to_string(ordinal) + " (" + flash::describe(op) +
           "): boot: " + t.boot.detail;
}

TEST(IncidentTest, CutAfterPageEraseFormatsNk3am130AndLosesTheSshKey) {
    const DryRun run = dry_run("nk3am-1.2.2");
    ASSERT_FALSE(run.candidates.empty()) << "the logins erased no translation-layer page";

    std::vector<std::size_t> formatting;
    for (std::size_t k = 0; k < run.candidates.size(); ++k) {
        const Trial t = trial("nk3am-1.2.2", run, run.candidates[k]);
        EXPECT_FALSE(t.boot.halted) << describe(k, run.candidates[k], t);
        if (!t.boot.internal_formatted) continue;
        formatting.push_back(k);
        // The incident: the device secret went with the format; the SSH key's credential id no
        // longer unwraps, and the resident credential is gone too.
        EXPECT_EQ(t.ssh_login, FIDO_ERR_NO_CREDENTIALS) << describe(k, run.candidates[k], t);
        EXPECT_EQ(t.web_discovery, FIDO_ERR_NO_CREDENTIALS) << describe(k, run.candidates[k], t);
    }
    EXPECT_FALSE(formatting.empty())
        << "none of " << run.candidates.size() << " cuts after a page erase made 1.3.0 format";
}

TEST(IncidentTest, SameCutOnNk3am131IsRepairedFromTheJournal) {
    const DryRun old_run = dry_run("nk3am-1.2.2");
    const DryRun new_run = dry_run("nk3am-1.3.1");
    ASSERT_FALSE(new_run.candidates.empty());

    // The windows where 1.3.0 formats.
    std::vector<std::size_t> windows;
    for (std::size_t k = 0; k < old_run.candidates.size(); ++k) {
        if (trial("nk3am-1.2.2", old_run, old_run.candidates[k]).boot.internal_formatted) {
            windows.push_back(k);
        }
    }
    ASSERT_FALSE(windows.empty()) << "no window to compare (see the 1.3.0 test)";

    int replayed = 0;
    for (const std::size_t k : windows) {
        ASSERT_LT(k, new_run.candidates.size())
            << "1.3.1 erases fewer pages during the logins than 1.3.0";
        const flash::FlashOp& erase = new_run.candidates[k];
        const Trial t = trial("nk3am-1.3.1", new_run, erase);
        EXPECT_FALSE(t.boot.internal_formatted) << describe(k, erase, t);
        EXPECT_FALSE(t.boot.halted) << describe(k, erase, t);
        EXPECT_EQ(t.ssh_login, FIDO_OK) << describe(k, erase, t);
        EXPECT_TRUE(t.ssh_verifies) << describe(k, erase, t);
        EXPECT_EQ(t.web_discovery, FIDO_OK) << describe(k, erase, t);
        if (t.boot.journal_replayed) ++replayed;
    }
    EXPECT_GT(replayed, 0) << "no cut in the incident windows needed the journal";
}

}  // namespace
}  // namespace nk3::rig::conformance
