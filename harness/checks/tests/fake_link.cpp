// The fake key of the checks' tests.

#include "harness/checks/tests/fake_link.hpp"

#include <fido/err.h>

#include <algorithm>

namespace nk3::checks::testing {

namespace {

template <typename T>
rig::LinkResult<T> answer(T value) {
    rig::LinkResult<T> out;
    out.value = std::move(value);
    return out;
}

template <typename T>
rig::LinkResult<T> error(int code, std::string text) {
    rig::LinkResult<T> out;
    out.status = {code, std::move(text)};
    return out;
}

}  // namespace

#define FAKE_ANSWERS(T)                                            \
    do {                                                           \
        if (!answers) return error<T>(FIDO_ERR_RX, "FIDO_ERR_RX"); \
    } while (0)

rig::LinkResult<rig::DeviceInfo> FakeLink::connect() {
    calls.push_back("connect");
    FAKE_ANSWERS(rig::DeviceInfo);
    rig::DeviceInfo info;
    info.aaguid = aaguid;
    info.versions = {"FIDO_2_0", "FIDO_2_1"};
    info.pin_set = pin.has_value();
    return answer(info);
}

rig::LinkResult<rig::MadeCredential> FakeLink::make_credential(
    const rig::CredentialRequest& request, const std::optional<std::string>& given) {
    calls.push_back("make_credential");
    FAKE_ANSWERS(rig::MadeCredential);
    const bool pin_needed = pin && !(non_resident_without_pin && !request.resident);
    if (pin_needed && given != pin) return error<rig::MadeCredential>(FIDO_ERR_PIN_REQUIRED, "pin");
    rig::MadeCredential made;
    made.credential.rp = request.rp;
    made.credential.id = {0xee, static_cast<std::uint8_t>(credentials.size())};
    made.credential.resident = request.resident;
    made.attestation.format = has_x5c ? "packed" : "packed-self";
    made.attestation.has_x5c = has_x5c;
    if (has_x5c) made.attestation.certificate = certificate;
    made.attestation.aaguid = aaguid;
    made.attestation.signature_valid = attestation_valid;
    made.counter = ++counter;
    return answer(made);
}

rig::LinkResult<rig::Assertion> FakeLink::get_assertion(const std::string&,
                                                        const std::vector<rig::Credential>& allow,
                                                        const std::vector<rig::Credential>& known,
                                                        bool up,
                                                        const std::optional<std::string>&) {
    calls.push_back("get_assertion");
    FAKE_ANSWERS(rig::Assertion);
    for (const auto& a : allow) {
        FakeCredential* c = find(a.id);
        if (c == nullptr || !c->usable) continue;
        rig::Assertion out;
        out.credential_id = a.id;
        out.counter = ++counter;
        out.user_present = up;
        const bool key_known = std::any_of(known.begin(), known.end(), [&](const auto& k) {
            return k.id == a.id && !k.public_key.empty();
        });
        out.signature_valid = key_known && c->signs_right;
        return answer(out);
    }
    return error<rig::Assertion>(FIDO_ERR_NO_CREDENTIALS, "FIDO_ERR_NO_CREDENTIALS");
}

rig::LinkResult<rig::Empty> FakeLink::set_pin(const std::string& p) {
    calls.push_back("set_pin");
    pin = p;
    return answer(rig::Empty{});
}

rig::LinkResult<rig::Empty> FakeLink::change_pin(const std::string&, const std::string& p) {
    calls.push_back("change_pin");
    pin = p;
    return answer(rig::Empty{});
}

rig::LinkResult<int> FakeLink::pin_retries() {
    calls.push_back("pin_retries");
    FAKE_ANSWERS(int);
    return answer(retries);
}

rig::LinkStatus FakeLink::check_pin(const std::string& p) {
    if (!pin) return {FIDO_ERR_PIN_NOT_SET, "FIDO_ERR_PIN_NOT_SET"};
    if (retries == 0) return {FIDO_ERR_PIN_BLOCKED, "FIDO_ERR_PIN_BLOCKED"};
    if (p != *pin) {
        --retries;
        return {FIDO_ERR_PIN_INVALID, "FIDO_ERR_PIN_INVALID"};
    }
    retries = max_retries;
    return {};
}

rig::LinkResult<rig::Empty> FakeLink::pin_token(const std::string& p) {
    calls.push_back("pin_token");
    FAKE_ANSWERS(rig::Empty);
    const rig::LinkStatus status = check_pin(p);
    if (!status.ok()) return error<rig::Empty>(status.code, status.text);
    return answer(rig::Empty{});
}

rig::LinkResult<std::vector<rig::ResidentCredential>> FakeLink::resident_credentials(
    const std::optional<std::string>& p) {
    calls.push_back("resident_credentials");
    using List = std::vector<rig::ResidentCredential>;
    FAKE_ANSWERS(List);
    // The PIN first, exactly as pin_token.
    if (!p) return error<List>(FIDO_ERR_INVALID_ARGUMENT, "FIDO_ERR_INVALID_ARGUMENT");
    const rig::LinkStatus pin_step = check_pin(*p);
    if (!pin_step.ok()) return error<List>(pin_step.code, pin_step.text);
    if (listing_breaks) return error<List>(FIDO_ERR_INVALID_CBOR, "FIDO_ERR_INVALID_CBOR");
    List out;
    for (const auto& c : credentials)
        if (c.credential.resident && c.listed)
            out.push_back({c.credential.rp, c.credential.id, c.credential.user_id, "user"});
    return answer(out);
}

rig::LinkResult<rig::Empty> FakeLink::delete_credential(const rig::Bytes& id,
                                                        const std::optional<std::string>&) {
    calls.push_back("delete_credential");
    std::erase_if(credentials, [&](const FakeCredential& c) { return c.credential.id == id; });
    return answer(rig::Empty{});
}

rig::LinkResult<rig::Empty> FakeLink::reset() {
    calls.push_back("reset");
    credentials.clear();
    pin.reset();
    return answer(rig::Empty{});
}

rig::LinkResult<rig::AdminStatus> FakeLink::admin_status() {
    calls.push_back("admin_status");
    FAKE_ANSWERS(rig::AdminStatus);
    if (!admin)
        return error<rig::AdminStatus>(FIDO_ERR_UNSUPPORTED_OPTION, "FIDO_ERR_UNSUPPORTED_OPTION");
    return answer(*admin);
}

rig::Credential FakeLink::add(const std::string& rp, bool resident, std::uint8_t id_byte) {
    FakeCredential c;
    c.credential.rp = rp;
    c.credential.id = {0xc0, id_byte};
    c.credential.public_key = rig::Bytes(32, id_byte);
    c.credential.alg = resident ? rig::Alg::es256 : rig::Alg::eddsa;
    c.credential.user_id = {id_byte};
    c.credential.resident = resident;
    credentials.push_back(c);
    return c.credential;
}

FakeCredential* FakeLink::find(const rig::Bytes& id) {
    for (auto& c : credentials)
        if (c.credential.id == id) return &c;
    return nullptr;
}

int FakeLink::count(const std::string& call) const {
    return static_cast<int>(std::count(calls.begin(), calls.end(), call));
}

CredentialHistory acknowledged(const std::string& name, const rig::Credential& credential) {
    CredentialHistory c;
    c.name = name;
    c.rp = credential.rp;
    c.resident = credential.resident;
    c.created = Fate::acknowledged;
    c.credential = credential;
    return c;
}

CheckResult run_one(std::string_view check, FakeLink& link, const History& history,
                    rig::SimPowers* sim) {
    CheckContext context{link, sim, history};
    return make_check(check)->run(context);
}

}  // namespace nk3::checks::testing
