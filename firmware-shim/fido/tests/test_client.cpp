// The test platform and client (see test_client.hpp).

#include "test_client.hpp"

#include <gtest/gtest.h>

#include "cbor/decode.hpp"
#include "cbor/encode.hpp"
#include "crypto/ec_p256.hpp"
#include "crypto/ed25519.hpp"
#include "crypto/sha.hpp"

namespace nk3::fido::test {

storage::StackConfig mini_stack() {
    return {flash::FlashGeometry::nrf52840_internal(20),
            {ftl::FtlMode::rmw, 256, ftl::JournalReplay::on_mount_failure},
            {.prog_size = 256}};
}

storage::StackConfig lpc55_stack() {
    return {flash::FlashGeometry::lpc55_internal(87), {ftl::FtlMode::none, 0, {}}, {}};
}

ParsedAuthData parse_auth_data(ByteView a) {
    ParsedAuthData out;
    if (a.size() < 37) throw std::runtime_error("authData too short");
    out.rp_id_hash.assign(a.begin(), a.begin() + 32);
    out.flags = a[32];
    out.counter = (std::uint32_t{a[33]} << 24) | (a[34] << 16) | (a[35] << 8) | a[36];
    std::size_t off = 37;
    if (out.flags & 0x40) {
        out.aaguid.assign(a.begin() + 37, a.begin() + 53);
        const std::size_t n = (a[53] << 8) | a[54];
        out.credential_id.assign(a.begin() + 55, a.begin() + 55 + static_cast<long>(n));
        off = 55 + n;
        // The COSE key is one CBOR item; find its end by trying prefixes (test code only).
        for (std::size_t end = off + 1; end <= a.size(); ++end) {
            try {
                out.public_key = cbor::decode(a.subspan(off, end - off));
                off = end;
                break;
            } catch (const std::exception&) {
            }
        }
    }
    if (out.flags & 0x80) out.extensions = cbor::decode(a.subspan(off));
    return out;
}

bool verify_cose_signature(const cbor::Value& key, ByteView message, ByteView signature) {
    const auto alg = key.find(cbor::Value(3))->as_int();
    if (alg == -7) {
        const auto pub = crypto::P256PublicKey::from_xy(key.find(cbor::Value(-2))->as_bytes(),
                                                        key.find(cbor::Value(-3))->as_bytes());
        return pub && pub->verify_es256(message, signature);
    }
    const auto pub = crypto::Ed25519PublicKey::from_raw(key.find(cbor::Value(-2))->as_bytes());
    return pub && pub->verify(message, signature);
}

Bytes sha256_of(std::string_view text) {
    return crypto::sha256(crypto::as_bytes(text));
}

AuthenticatorConfig ctap21_config() {
    AuthenticatorConfig c;
    c.ctap_level = CtapLevel::v2_1;
    c.counter_step = CounterStep::random;
    c.rk_layout = RkLayout::flat;
    c.max_resident_credentials = 10;
    return c;
}

AuthenticatorConfig fido011_config() {
    return AuthenticatorConfig{};
}

Rig::Rig(AuthenticatorConfig cfg, storage::StackConfig stack_config, std::uint64_t seed)
    : stack(stack_config, domain), config(cfg), platform(seed) {
    stack.format_and_mount();
    crypto::Drbg factory(seed + 1000);
    Authenticator::provision(stack.fs(), config, project_test_ca(), factory);
    auth = std::make_unique<Authenticator>(stack.fs(), config, platform);
    last_boot = auth->boot();
}

void Rig::reboot(SimTime off) {
    auth.reset();
    stack.unmount();
    domain.power_on();
    platform.advance(off);
    platform.power_up();
    const auto report = stack.boot();
    if (!report.mounted) throw std::runtime_error("filesystem did not mount: " + report.error);
    auth = std::make_unique<Authenticator>(stack.fs(), config, platform);
    last_boot = auth->boot();
}

Response Rig::raw_ctap(ByteView request, Presence presence) {
    auto reply = auth->cbor(request, presence);
    Response r;
    r.presence_needed = reply.presence_needed;
    if (reply.presence_needed) return r;
    if (reply.after_sent) reply.after_sent();
    if (reply.payload.empty()) throw std::runtime_error("empty reply");
    r.status = reply.payload[0];
    if (reply.payload.size() > 1) r.body = cbor::decode(ByteView(reply.payload).subspan(1));
    return r;
}

Response Rig::ctap(std::uint8_t command, const std::optional<cbor::Value>& params) {
    Bytes req{command};
    if (params) {
        const auto enc = cbor::encode(*params);
        req.insert(req.end(), enc.begin(), enc.end());
    }
    auto r = raw_ctap(req, Presence::not_asked);
    if (r.presence_needed) r = raw_ctap(req, touch);
    return r;
}

fs::Tree Rig::fido_tree() {
    fs::Tree t = tree();
    std::erase_if(t.nodes,
                  [](const auto& n) { return n.first.find("trussed") != std::string::npos; });
    return t;
}

Bytes Rig::u2f(ByteView apdu, Presence presence) {
    auto reply = auth->u2f(apdu, presence);
    if (reply.after_sent) reply.after_sent();
    return reply.payload;
}

cbor::Value Rig::make_credential_params(const std::string& rp_id, const Bytes& user_id, int alg,
                                        bool rk) const {
    cbor::Value::Map m;
    m.push_back({1, client_data_hash});
    m.push_back({2, cbor::map({{"id", rp_id}, {"name", "RP " + rp_id}})});
    m.push_back({3, cbor::map({{"id", user_id}, {"name", "alice"}, {"displayName", "Alice"}})});
    m.push_back({4, cbor::array({cbor::map({{"alg", alg}, {"type", "public-key"}})})});
    if (rk) m.push_back({7, cbor::map({{"rk", true}})});
    return cbor::Value(std::move(m));
}

Response Rig::make_credential(const std::string& rp_id, const Bytes& user_id, int alg, bool rk) {
    return ctap(0x01, make_credential_params(rp_id, user_id, alg, rk));
}

Response Rig::get_assertion(const std::string& rp_id, const std::vector<Bytes>& allow, bool up) {
    cbor::Value::Map m;
    m.push_back({1, rp_id});
    m.push_back({2, client_data_hash});
    if (!allow.empty()) {
        cbor::Value::Array list;
        for (const auto& id : allow)
            list.push_back(cbor::map({{"id", id}, {"type", "public-key"}}));
        m.push_back({3, cbor::Value(std::move(list))});
    }
    if (!up) m.push_back({5, cbor::map({{"up", false}})});
    return ctap(0x02, cbor::Value(std::move(m)));
}

Rig::Shared Rig::key_agreement(int protocol) {
    const auto r = ctap(0x06, cbor::map({{1, protocol}, {2, 2}}));
    if (r.status != 0) throw std::runtime_error("getKeyAgreement failed");
    const auto& key = *r.body.find(cbor::Value(1));
    Shared out;
    out.protocol = crypto::make_pin_protocol(protocol, host_rng);
    auto enc = out.protocol->encapsulate(host_rng, key.find(cbor::Value(-2))->as_bytes(),
                                         key.find(cbor::Value(-3))->as_bytes());
    if (!enc) throw std::runtime_error("encapsulate failed");
    out.secret = enc->shared_secret;
    out.platform_key = cbor::map(
        {{1, 2}, {3, -25}, {-1, 1}, {-2, enc->platform_key.x()}, {-3, enc->platform_key.y()}});
    return out;
}

namespace {

Bytes padded_pin(const std::string& pin) {
    Bytes p(64, 0);
    std::copy(pin.begin(), pin.end(), p.begin());
    return p;
}

Bytes pin_hash16(const std::string& pin) {
    auto h = crypto::sha256(crypto::as_bytes(pin));
    h.resize(16);
    return h;
}

}  // namespace

std::uint8_t Rig::set_pin(const std::string& pin, int protocol) {
    auto sh = key_agreement(protocol);
    const auto new_pin_enc = sh.protocol->encrypt(sh.secret, padded_pin(pin));
    const auto param = sh.protocol->authenticate(sh.secret, new_pin_enc);
    return ctap(0x06,
                cbor::map(
                    {{1, protocol}, {2, 3}, {3, sh.platform_key}, {4, param}, {5, new_pin_enc}}))
        .status;
}

std::uint8_t Rig::change_pin(const std::string& old_pin, const std::string& new_pin, int protocol) {
    auto sh = key_agreement(protocol);
    const auto new_pin_enc = sh.protocol->encrypt(sh.secret, padded_pin(new_pin));
    const auto pin_hash_enc = sh.protocol->encrypt(sh.secret, pin_hash16(old_pin));
    Bytes msg = new_pin_enc;
    msg.insert(msg.end(), pin_hash_enc.begin(), pin_hash_enc.end());
    const auto param = sh.protocol->authenticate(sh.secret, msg);
    return ctap(0x06, cbor::map({{1, protocol},
                                 {2, 4},
                                 {3, sh.platform_key},
                                 {4, param},
                                 {5, new_pin_enc},
                                 {6, pin_hash_enc}}))
        .status;
}

Rig::Token Rig::get_token(const std::string& pin, std::uint8_t permissions,
                          std::optional<std::string> rp_id, int protocol) {
    auto sh = key_agreement(protocol);
    const auto pin_hash_enc = sh.protocol->encrypt(sh.secret, pin_hash16(pin));
    cbor::Value::Map m;
    m.push_back({1, protocol});
    m.push_back({2, permissions ? 9 : 5});
    m.push_back({3, sh.platform_key});
    m.push_back({6, pin_hash_enc});
    if (permissions) m.push_back({9, static_cast<int>(permissions)});
    if (rp_id) m.push_back({10, *rp_id});
    const auto r = ctap(0x06, cbor::Value(std::move(m)));
    Token t;
    t.status = r.status;
    t.protocol = protocol;
    if (r.status == 0) {
        auto token = sh.protocol->decrypt(sh.secret, r.body.find(cbor::Value(2))->as_bytes());
        if (token) t.token = *token;
    }
    return t;
}

Bytes Rig::pin_auth(const Token& token, ByteView message) const {
    crypto::Drbg unused(0);
    return crypto::make_pin_protocol(token.protocol, unused)->authenticate(token.token, message);
}

std::uint8_t Rig::pin_retries() {
    const int protocol = config.ctap_level == CtapLevel::v2_1 ? 2 : 1;
    const auto r = ctap(0x06, cbor::map({{1, protocol}, {2, 1}}));
    return static_cast<std::uint8_t>(r.body.find(cbor::Value(3))->as_uint());
}

}  // namespace nk3::fido::test
