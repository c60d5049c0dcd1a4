// fs_intact: the key's filesystems are whole. On the simulator: littlefs fsck of both filesystems
// (SimPowers::check_filesystems). On a bench: the NK3 admin status (vendor command 0x72/0x80)
// with the internal (0x02) and external (0x04) flash error flags clear. Skipped on a key that has
// neither.

#include <fido/err.h>

#include <cstdio>

#include "harness/checks/check_factories.hpp"

namespace nk3::checks {

namespace {

constexpr std::uint8_t kInternalFlashError = 0x02;
constexpr std::uint8_t kExternalFlashError = 0x04;

std::string hex(std::uint8_t v) {
    char text[8];
    std::snprintf(text, sizeof text, "0x%02x", v);
    return text;
}

class FsIntact final : public Check {
  public:
    std::string_view name() const override { return "fs_intact"; }

    CheckResult run(CheckContext& context) override {
        if (context.sim != nullptr) {
            const auto fsck = context.sim->check_filesystems();
            if (fsck.ok) return pass();
            std::string reason =
                "filesystem check found " + std::to_string(fsck.problems.size()) + " problem(s)";
            if (!fsck.problems.empty()) reason += ": " + fsck.problems.front();
            return fail(reason);
        }
        const auto status = context.link.admin_status();
        if (!status.ok()) {
            if (status.status.code == FIDO_ERR_UNSUPPORTED_OPTION)
                return skip("no filesystem check on this key (no simulator, no NK3 admin status)");
            return fail("admin status: " + describe(status.status));
        }
        const std::uint8_t flags = status.value->init_flags;
        std::string damage;
        if (flags & kInternalFlashError) damage = "internal flash error";
        if (flags & kExternalFlashError)
            damage += std::string(damage.empty() ? "" : " and ") + "external flash error";
        if (damage.empty()) return pass();
        return fail(damage + " (init flags " + hex(flags) + ", free internal blocks " +
                    std::to_string(status.value->free_internal_blocks) + ")");
    }
};

}  // namespace

std::unique_ptr<Check> make_fs_intact() {
    return std::make_unique<FsIntact>();
}

}  // namespace nk3::checks
