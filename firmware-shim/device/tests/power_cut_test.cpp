// Power cuts: wherever a cut lands (every flash operation of a command or of a boot, before,
// torn or after), no exception escapes the device, the key loses power, and it comes back.

#include <gtest/gtest.h>

#include "cbor/encode.hpp"
#include "ctaphid/commands.hpp"
#include "flash/flash_error.hpp"
#include "test_host.hpp"

namespace nk3::device {
namespace {

using namespace testing;

constexpr flash::CutMode kModes[] = {flash::CutMode::before, flash::CutMode::torn,
                                     flash::CutMode::after};

// The key is back: powered, not halted, and answers INIT and getInfo.
void expect_back(VirtualNk3& key, const std::string& trial) {
    ASSERT_TRUE(key.powered()) << trial;
    ASSERT_FALSE(key.halted()) << trial << ": " << key.last_boot().detail;
    EXPECT_TRUE(answers_get_info(key)) << trial << ": " << key.last_boot().detail;
}

TEST(PowerCut, AtEveryFlashOperationOfMakeCredential) {
    for (const char* name : {"model-nk3am-wal", "nk3am-1.2.2", "nk3xn-1.3.1"}) {
        SCOPED_TRACE(name);
        VirtualNk3 key(profile(name), 5);
        TestHost host(key);
        const auto params = make_credential_params("example.org", "alice");
        const auto snap = key.snapshot();
        const std::uint64_t start = key.power_domain().next_index();
        {
            const auto cid = host.init();
            ASSERT_TRUE(cid);
            const auto answer = host.cbor(*cid, ctap::kMakeCredential, params);
            ASSERT_TRUE(answer);
            ASSERT_EQ(answer->payload.at(0), ctap::kOk);
        }
        const std::uint64_t ops = key.power_domain().next_index() - start;
        ASSERT_GT(ops, 0u);
        int answered = 0;  // trials in which the host still got an answer
        for (std::uint64_t k = 0; k < ops; ++k) {
            for (const auto mode : kModes) {
                const std::string trial = std::string(name) + " op " + std::to_string(k) + " " +
                                          std::string(flash::to_string(mode));
                key.restore(snap);
                while (key.read()) {
                }
                const auto cid = host.init();
                ASSERT_TRUE(cid) << trial;
                key.cut_after(k, mode);
                const auto answer = host.cbor(*cid, ctap::kMakeCredential, params, 2s);
                if (answer) ++answered;
                EXPECT_FALSE(key.powered()) << trial;
                ASSERT_TRUE(key.last_cut().has_value()) << trial;
                EXPECT_EQ(key.last_cut()->op.index, start + k) << trial;
                key.power_on();
                expect_back(key, trial);
            }
        }
        // makeCredential answers after its last write: a cut at any of them leaves no answer.
        EXPECT_EQ(answered, 0);
    }
}

TEST(PowerCut, AtEveryFlashOperationOfAFormattingBoot) {
    VirtualNk3 key(profile("nk3am-1.2.2"), 2);
    key.power_off();
    // A blank superblock pair: the boot formats the internal filesystem.
    auto bytes = key.internal().flash().contents();
    std::fill_n(bytes.begin(), 512, 0x00);
    key.internal().flash().set_contents(bytes);
    const auto snap = key.snapshot();
    const std::uint64_t start = key.power_domain().next_index();
    key.power_on();
    ASSERT_TRUE(key.last_boot().internal_formatted);
    const std::uint64_t ops = key.power_domain().next_index() - start;
    ASSERT_GT(ops, 0u);
    for (std::uint64_t k = 0; k < ops; ++k) {
        for (const auto mode : kModes) {
            const std::string trial =
                "boot op " + std::to_string(k) + " " + std::string(flash::to_string(mode));
            key.restore(snap);
            EXPECT_FALSE(key.powered());
            key.cut_after(k, mode);
            key.power_on();
            EXPECT_FALSE(key.powered()) << trial;
            EXPECT_EQ(key.last_boot().detail, "power lost during boot") << trial;
            key.power_on();
            expect_back(key, trial);
        }
    }
}

TEST(PowerCut, PowerOffWhileWaitingForATouchDropsTheRequest) {
    VirtualNk3 key(profile("nk3am-1.3.1"), 1);
    key.set_button({ButtonConfig::Mode::hold, 0ms, 30s});
    TestHost host(key);
    const auto cid = host.init();
    ASSERT_TRUE(cid);
    host.send(*cid, ctaphid::cmd::kCbor, [] {
        Bytes r{ctap::kMakeCredential};
        const Bytes body = cbor::encode(make_credential_params("example.org", "bob"));
        r.insert(r.end(), body.begin(), body.end());
        return r;
    }());
    key.advance(300ms);
    EXPECT_TRUE(key.waiting_for_touch());
    key.power_cycle(50ms);
    EXPECT_FALSE(key.waiting_for_touch());
    EXPECT_TRUE(key.powered());
    while (key.read()) {
    }
    key.advance(1s);
    EXPECT_FALSE(key.read().has_value());  // the old request never answers
    expect_back(key, "after power cycle");
}

TEST(PowerCut, AnUnpoweredKeyDropsReports) {
    VirtualNk3 key(profile("nk3am-1.3.1"), 1);
    key.power_off();
    TestHost host(key);
    EXPECT_FALSE(host.init(200ms).has_value());
    key.power_off();  // twice is fine
    key.power_on();
    key.power_on();  // no-op when on
    expect_back(key, "power on");
}

}  // namespace
}  // namespace nk3::device
