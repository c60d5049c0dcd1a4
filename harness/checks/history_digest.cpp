// history_digest: every field of a History, length-prefixed, into SHA-256.

#include "harness/checks/history_digest.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "common/endian.hpp"
#include "crypto/sha.hpp"

namespace nk3::checks {

// A new field in any of these must go into the digest below, or two trials that differ only
// in it would share an outcome. The sizes (g++ 12, x86-64) catch an addition.
static_assert(sizeof(History) == 184, "History changed: update history_digest");
static_assert(sizeof(CredentialHistory) == 248, "CredentialHistory changed: update history_digest");
static_assert(sizeof(PinHistory) == 96, "PinHistory changed: update history_digest");
static_assert(sizeof(Identity) == 56, "Identity changed: update history_digest");
static_assert(sizeof(rig::Credential) == 120, "rig::Credential changed: update history_digest");

namespace {

class Writer {
  public:
    void u64(std::uint64_t v) {
        std::array<std::uint8_t, 8> b{};
        store_be64(b.data(), v);
        sha_.update(b);
    }
    void i64(std::int64_t v) { u64(static_cast<std::uint64_t>(v)); }
    void flag(bool v) { u64(v ? 1 : 0); }
    void fate(Fate f) { u64(static_cast<std::uint64_t>(f)); }
    void bytes(crypto::ByteView b) { sha_.update_framed(b); }
    void text(const std::string& s) {
        bytes({reinterpret_cast<const std::uint8_t*>(s.data()), s.size()});
    }
    void text(const std::optional<std::string>& s) {
        flag(s.has_value());
        if (s) text(*s);
    }
    crypto::Bytes finish() { return sha_.finish(); }

  private:
    crypto::Sha256 sha_;
};

void credential(Writer& w, const rig::Credential& c) {
    w.text(c.rp);
    w.bytes(c.id);
    w.bytes(c.public_key);
    w.u64(static_cast<std::uint64_t>(c.alg));
    w.bytes(c.user_id);
    w.flag(c.resident);
}

}  // namespace

crypto::Bytes history_digest(const History& h) {
    Writer w;
    w.u64(h.credentials.size());
    for (const auto& c : h.credentials) {
        w.text(c.name);
        w.text(c.rp);
        w.flag(c.resident);
        w.fate(c.created);
        w.fate(c.deleted);
        w.flag(c.credential.has_value());
        if (c.credential) credential(w, *c.credential);
        w.i64(c.cred_protect);
        w.text(c.replaced_by);
    }
    w.text(h.pin.pin);
    w.text(h.pin.pin_in_flight);
    w.i64(h.pin.retries_before);
    w.i64(h.pin.wrong_attempts_acknowledged);
    w.i64(h.pin.blocked_attempts_acknowledged);
    w.flag(h.pin.wrong_attempt_in_flight);
    w.flag(h.pin.pin_use_in_flight);
    w.bytes(h.identity.aaguid);
    w.flag(h.identity.attestation_x5c);
    w.bytes(h.identity.attestation_certificate);
    w.u64(h.max_counter_seen);
    w.fate(h.reset);
    w.flag(h.cut_happened);
    return w.finish();
}

}  // namespace nk3::checks
