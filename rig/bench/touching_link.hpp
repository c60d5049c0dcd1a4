#pragma once
// A Link that presses a GPIO touch for the requests that may wait for one: makeCredential,
// getAssertion with up=true, reset. The touch is armed as the call starts (so it presses `delay`
// after the request goes out, per its policy) and disarmed when the call returns, so a press that
// was not needed never lands in the next request. Needs no wire events from the wrapped link
// (the hidraw link has none). Everything else goes straight to the wrapped link.

#include <functional>
#include <memory>
#include <string>

#include "rig/gpiod/gpiod_touch.hpp"
#include "rig/link.hpp"

namespace nk3::rig::bench {

class TouchingLink final : public Link {
  public:
    // `touch` must outlive the link (both belong to the same Target).
    TouchingLink(std::unique_ptr<Link> inner, GpiodTouch& touch);
    // The same with the touch as two calls: `armed(true)` as a request that may need a touch
    // starts, `armed(false)` when it returned (it may throw: a press failed).
    TouchingLink(std::unique_ptr<Link> inner, std::function<void(bool)> armed,
                 std::string touch_name);

    std::string describe() const override;
    void set_observer(LinkObserver observer) override;
    LinkResult<DeviceInfo> connect() override;
    void disconnect() override;
    LinkResult<MadeCredential> make_credential(const CredentialRequest& request,
                                               const std::optional<std::string>& pin) override;
    LinkResult<Assertion> get_assertion(const std::string& rp, const std::vector<Credential>& allow,
                                        const std::vector<Credential>& known, bool up,
                                        const std::optional<std::string>& pin) override;
    LinkResult<Empty> set_pin(const std::string& pin) override;
    LinkResult<Empty> change_pin(const std::string& old_pin, const std::string& new_pin) override;
    LinkResult<int> pin_retries() override;
    LinkResult<Empty> pin_token(const std::string& pin) override;
    LinkResult<std::vector<ResidentCredential>> resident_credentials(
        const std::optional<std::string>& pin) override;
    LinkResult<Empty> delete_credential(const Bytes& id,
                                        const std::optional<std::string>& pin) override;
    LinkResult<Empty> reset() override;
    LinkResult<AdminStatus> admin_status() override;

  private:
    template <class F>
    auto with_touch(F&& call);

    std::unique_ptr<Link> inner_;
    std::function<void(bool)> armed_;
    std::string touch_name_;
};

}  // namespace nk3::rig::bench
