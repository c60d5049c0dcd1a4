// TouchingLink: the requests that may wait for a touch arm it and disarm it when they return;
// the others, and up=false assertions, do not touch it; observers reach the wrapped link.
#include "rig/bench/touching_link.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

namespace nk3::rig::bench {
namespace {

// A link that answers every request with "ok" and records what the touch looked like meanwhile.
class RecordingLink final : public Link {
  public:
    explicit RecordingLink(const bool& armed) : armed_(armed) {}
    std::vector<std::pair<std::string, bool>> calls;  // request, touch armed during it
    LinkObserver observer;
    bool throw_next = false;

    std::string describe() const override { return "recording link"; }
    void set_observer(LinkObserver o) override { observer = std::move(o); }
    LinkResult<DeviceInfo> connect() override { return ok<DeviceInfo>("connect"); }
    void disconnect() override { note("disconnect"); }
    LinkResult<MadeCredential> make_credential(const CredentialRequest&,
                                               const std::optional<std::string>&) override {
        return ok<MadeCredential>("make_credential");
    }
    LinkResult<Assertion> get_assertion(const std::string&, const std::vector<Credential>&,
                                        const std::vector<Credential>&, bool,
                                        const std::optional<std::string>&) override {
        return ok<Assertion>("get_assertion");
    }
    LinkResult<Empty> set_pin(const std::string&) override { return ok<Empty>("set_pin"); }
    LinkResult<Empty> change_pin(const std::string&, const std::string&) override {
        return ok<Empty>("change_pin");
    }
    LinkResult<int> pin_retries() override { return ok<int>("pin_retries"); }
    LinkResult<Empty> pin_token(const std::string&) override { return ok<Empty>("pin_token"); }
    LinkResult<std::vector<ResidentCredential>> resident_credentials(
        const std::optional<std::string>&) override {
        return ok<std::vector<ResidentCredential>>("resident_credentials");
    }
    LinkResult<Empty> delete_credential(const Bytes&, const std::optional<std::string>&) override {
        return ok<Empty>("delete_credential");
    }
    LinkResult<Empty> reset() override { return ok<Empty>("reset"); }
    LinkResult<AdminStatus> admin_status() override { return ok<AdminStatus>("admin_status"); }

  private:
    void note(const std::string& what) {
        calls.emplace_back(what, armed_);
        if (std::exchange(throw_next, false)) throw std::runtime_error("bench failed");
    }
    template <class T>
    LinkResult<T> ok(const std::string& what) {
        note(what);
        return {{}, T{}};
    }
    const bool& armed_;
};

struct Fixture {
    bool armed = false;
    std::vector<bool> changes;
    RecordingLink* inner = nullptr;
    std::unique_ptr<TouchingLink> link;
    Fixture() {
        auto rec = std::make_unique<RecordingLink>(armed);
        inner = rec.get();
        link = std::make_unique<TouchingLink>(
            std::move(rec),
            [this](bool on) {
                armed = on;
                changes.push_back(on);
            },
            "fake touch");
    }
};

TEST(TouchingLink, RequestsThatMayNeedATouchArmItWhileTheyRun) {
    Fixture f;
    ASSERT_TRUE(f.link->make_credential({}, std::nullopt).ok());
    ASSERT_TRUE(f.link->get_assertion("rp", {}, {}, /*up=*/true, std::nullopt).ok());
    ASSERT_TRUE(f.link->reset().ok());
    ASSERT_EQ(f.inner->calls.size(), 3u);
    for (const auto& [what, armed] : f.inner->calls)
        EXPECT_TRUE(armed) << what;
    EXPECT_FALSE(f.armed);
    EXPECT_EQ(f.changes, (std::vector<bool>{true, false, true, false, true, false}));
    EXPECT_EQ(f.link->describe(), "recording link, touch by fake touch");
}

TEST(TouchingLink, OtherRequestsAndSilentAssertionsLeaveItAlone) {
    Fixture f;
    f.link->connect();
    f.link->get_assertion("rp", {}, {}, /*up=*/false, std::nullopt);
    f.link->set_pin("1234");
    f.link->pin_retries();
    f.link->resident_credentials(std::nullopt);
    f.link->admin_status();
    f.link->disconnect();
    EXPECT_TRUE(f.changes.empty());
    EXPECT_EQ(f.inner->calls.size(), 7u);
}

TEST(TouchingLink, ABenchErrorStillDisarmsAndObserversPassThrough) {
    Fixture f;
    f.inner->throw_next = true;
    EXPECT_THROW(f.link->make_credential({}, std::nullopt), std::runtime_error);
    EXPECT_FALSE(f.armed);
    int events = 0;
    f.link->set_observer([&](LinkEvent) { ++events; });
    ASSERT_TRUE(f.inner->observer);
    f.inner->observer(LinkEvent::request_sent);
    EXPECT_EQ(events, 1);
}

}  // namespace
}  // namespace nk3::rig::bench
