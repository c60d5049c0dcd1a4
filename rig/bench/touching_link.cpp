// TouchingLink: forwards to the wrapped link; requests that may wait for a touch arm it.
#include "rig/bench/touching_link.hpp"

namespace nk3::rig::bench {

TouchingLink::TouchingLink(std::unique_ptr<Link> inner, GpiodTouch& touch)
    : TouchingLink(
          std::move(inner),
          [t = &touch](bool on) {
              if (on)
                  t->request_sent();
              else
                  t->request_done();
          },
          touch.describe()) {}

TouchingLink::TouchingLink(std::unique_ptr<Link> inner, std::function<void(bool)> armed,
                           std::string touch_name)
    : inner_(std::move(inner)), armed_(std::move(armed)), touch_name_(std::move(touch_name)) {}

template <class F>
auto TouchingLink::with_touch(F&& call) {
    armed_(true);
    try {
        auto result = call();
        armed_(false);  // rethrows a failed press (the GPIO line refused)
        return result;
    } catch (...) {
        try {
            armed_(false);
        } catch (...) {
        }
        throw;
    }
}

std::string TouchingLink::describe() const {
    return inner_->describe() + ", touch by " + touch_name_;
}

void TouchingLink::set_observer(LinkObserver observer) {
    inner_->set_observer(std::move(observer));
}

LinkResult<DeviceInfo> TouchingLink::connect() {
    return inner_->connect();
}
void TouchingLink::disconnect() {
    inner_->disconnect();
}
LinkResult<MadeCredential> TouchingLink::make_credential(const CredentialRequest& request,
                                                         const std::optional<std::string>& pin) {
    return with_touch([&] { return inner_->make_credential(request, pin); });
}
LinkResult<Assertion> TouchingLink::get_assertion(const std::string& rp,
                                                  const std::vector<Credential>& allow,
                                                  const std::vector<Credential>& known, bool up,
                                                  const std::optional<std::string>& pin) {
    if (!up) return inner_->get_assertion(rp, allow, known, up, pin);
    return with_touch([&] { return inner_->get_assertion(rp, allow, known, up, pin); });
}
LinkResult<Empty> TouchingLink::set_pin(const std::string& pin) {
    return inner_->set_pin(pin);
}
LinkResult<Empty> TouchingLink::change_pin(const std::string& old_pin, const std::string& new_pin) {
    return inner_->change_pin(old_pin, new_pin);
}
LinkResult<int> TouchingLink::pin_retries() {
    return inner_->pin_retries();
}
LinkResult<Empty> TouchingLink::pin_token(const std::string& pin) {
    return inner_->pin_token(pin);
}
LinkResult<std::vector<ResidentCredential>> TouchingLink::resident_credentials(
    const std::optional<std::string>& pin) {
    return inner_->resident_credentials(pin);
}
LinkResult<Empty> TouchingLink::delete_credential(const Bytes& id,
                                                  const std::optional<std::string>& pin) {
    return inner_->delete_credential(id, pin);
}
LinkResult<Empty> TouchingLink::reset() {
    return with_touch([&] { return inner_->reset(); });
}
LinkResult<AdminStatus> TouchingLink::admin_status() {
    return inner_->admin_status();
}

}  // namespace nk3::rig::bench
