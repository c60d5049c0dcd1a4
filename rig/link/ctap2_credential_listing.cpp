// credentialManagement enumerateRPs / enumerateCredentials under one pinUvAuthToken.
#include "rig/link/ctap2_credential_listing.hpp"

#include "cbor/encode.hpp"
#include "crypto/sha.hpp"
#include "rig/link/ctap2_exchange.hpp"

namespace nk3::rig {

namespace {

using List = std::vector<ResidentCredential>;

constexpr int kEnumerateRPsBegin = 0x02;
constexpr int kEnumerateRPsGetNextRP = 0x03;
constexpr int kEnumerateCredentialsBegin = 0x04;
constexpr int kEnumerateCredentialsGetNextCredential = 0x05;
// A key that counts more than this is not believed (the NK3 holds at most 10 per key).
constexpr std::uint64_t kMaxCount = 1024;

LinkResult<List> failed(const Ctap2Answer& a) {
    return {{a.status, a.text}, std::nullopt};
}
LinkResult<List> malformed(const char* what, const std::string& field) {
    return failed(ctap2_failure(what, FIDO_ERR_RX, "answer field " + field + " is malformed"));
}

const cbor::Value* field(const cbor::Value& map, std::int64_t key) {
    return map.find(cbor::Value(key));
}

struct Rp {
    std::string id;
    cbor::Bytes id_hash;  // SHA-256 of id, as a client computes it (libfido2 does)
};

// What a damaged key may leave out of an entry, and libfido2 does not require either (it lists
// what is there): an entity member, the rpIDHash, the credential's public key. A field that is
// there with the wrong type is a defect, as in libfido2.

// `key` of `map`: absent, or of the kind `ok` accepts.
bool absent_or(const cbor::Value& map, const cbor::Value& key, bool (cbor::Value::*ok)() const,
               const cbor::Value*& out) {
    out = map.find(key);
    return out == nullptr || (out->*ok)();
}

// enumerateRPs answer: {3: rp {id, name?}, 4: rpIDHash, 5: totalRPs (Begin only)}. An rp
// without an id cannot be asked for its credentials: skipped (`rp.id` empty), as FidoLink
// skips it on libfido2's listing.
bool read_rp(const cbor::Value& body, Rp& rp, std::string& bad) {
    const cbor::Value* entity = nullptr;
    const cbor::Value* id = nullptr;
    if (!absent_or(body, cbor::Value(3), &cbor::Value::is_map, entity) ||
        (entity && !absent_or(*entity, cbor::Value("id"), &cbor::Value::is_text, id))) {
        bad = "3 (rp.id)";
        return false;
    }
    const cbor::Value* hash = nullptr;
    if (!absent_or(body, cbor::Value(4), &cbor::Value::is_bytes, hash) ||
        (hash && hash->as_bytes().size() != 32)) {
        bad = "4 (rpIDHash)";
        return false;
    }
    rp.id = id ? id->as_text() : "";
    // The credentials are then asked for by SHA-256(rp.id), as libfido2 and every client do:
    // a key whose stored hash no longer matches its rp id shows that as a missing credential.
    rp.id_hash = crypto::sha256(crypto::as_bytes(rp.id));
    return true;
}

// enumerateCredentials answer: {6: user {id, name?, displayName?}, 7: credentialID {type, id},
// 8: publicKey, 9: totalCredentials (Begin only), 10: credProtect?}.
bool read_credential(const cbor::Value& body, const std::string& rp, ResidentCredential& out,
                     std::string& bad) {
    out.rp = rp;
    const cbor::Value* user = nullptr;
    const cbor::Value* user_id = nullptr;
    const cbor::Value* user_name = nullptr;
    if (!absent_or(body, cbor::Value(6), &cbor::Value::is_map, user) ||
        (user && !absent_or(*user, cbor::Value("id"), &cbor::Value::is_bytes, user_id))) {
        bad = "6 (user.id)";
        return false;
    }
    if (user && !absent_or(*user, cbor::Value("name"), &cbor::Value::is_text, user_name)) {
        bad = "6 (user.name)";
        return false;
    }
    const cbor::Value* descriptor = nullptr;
    const cbor::Value* id = nullptr;
    if (!absent_or(body, cbor::Value(7), &cbor::Value::is_map, descriptor) ||
        (descriptor && !absent_or(*descriptor, cbor::Value("id"), &cbor::Value::is_bytes, id))) {
        bad = "7 (credentialID.id)";
        return false;
    }
    const cbor::Value* public_key = nullptr;
    if (!absent_or(body, cbor::Value(8), &cbor::Value::is_map, public_key)) {
        bad = "8 (publicKey)";
        return false;
    }
    if (user_id) out.user_id = user_id->as_bytes();
    if (user_name) out.user_name = user_name->as_text();
    if (id) out.id = id->as_bytes();
    return true;
}

// The count of a Begin answer (key `key`): 1..kMaxCount.
bool read_total(const cbor::Value& body, std::int64_t key, std::uint64_t& total) {
    const cbor::Value* v = field(body, key);
    if (v == nullptr || v->kind() != cbor::Kind::unsigned_int) return false;
    total = v->as_uint();
    return total >= 1 && total <= kMaxCount;
}

}  // namespace

LinkResult<List> list_resident_credentials(CtaphidChannel& channel, const PinUvAuthToken& token,
                                           std::uint8_t command) {
    // enumerateRPsBegin: pinUvAuthParam over the subcommand byte alone.
    const std::uint8_t rps_message[] = {kEnumerateRPsBegin};
    const cbor::Value rps_begin = cbor::map(
        {{1, kEnumerateRPsBegin}, {3, token.protocol()}, {4, token.authenticate(rps_message)}});
    Ctap2Answer answer = ctap2_request(channel, "enumerateRPsBegin", command, &rps_begin);
    if (answer.status == FIDO_ERR_NO_CREDENTIALS) return {{}, List{}};
    if (!answer.ok()) return failed(answer);
    std::uint64_t total_rps = 0;
    if (!read_total(answer.body, 5, total_rps))
        return malformed("enumerateRPsBegin", "5 (totalRPs)");
    std::vector<Rp> rps(1);
    std::string bad;
    if (!read_rp(answer.body, rps[0], bad)) return malformed("enumerateRPsBegin", bad);
    const cbor::Value rps_next = cbor::map({{1, kEnumerateRPsGetNextRP}});
    while (rps.size() < total_rps) {
        answer = ctap2_request(channel, "enumerateRPsGetNextRP", command, &rps_next);
        if (!answer.ok()) return failed(answer);
        if (!read_rp(answer.body, rps.emplace_back(), bad))
            return malformed("enumerateRPsGetNextRP", bad);
    }

    List out;
    std::erase_if(rps, [](const Rp& rp) { return rp.id.empty(); });
    const cbor::Value creds_next = cbor::map({{1, kEnumerateCredentialsGetNextCredential}});
    for (const Rp& rp : rps) {
        // pinUvAuthParam over subCommand || subCommandParams ({1: rpIDHash}, canonical CBOR).
        const cbor::Value sub_params = cbor::map({{1, rp.id_hash}});
        cbor::Bytes message{static_cast<std::uint8_t>(kEnumerateCredentialsBegin)};
        const cbor::Bytes encoded = cbor::encode(sub_params);
        message.insert(message.end(), encoded.begin(), encoded.end());
        const cbor::Value creds_begin = cbor::map({{1, kEnumerateCredentialsBegin},
                                                   {2, sub_params},
                                                   {3, token.protocol()},
                                                   {4, token.authenticate(message)}});
        answer = ctap2_request(channel, "enumerateCredentialsBegin", command, &creds_begin);
        if (answer.status == FIDO_ERR_NO_CREDENTIALS) continue;  // as libfido2: rp emptied since
        if (!answer.ok()) return failed(answer);
        std::uint64_t total = 0;
        if (!read_total(answer.body, 9, total))
            return malformed("enumerateCredentialsBegin", "9 (totalCredentials)");
        if (!read_credential(answer.body, rp.id, out.emplace_back(), bad))
            return malformed("enumerateCredentialsBegin", bad);
        for (std::uint64_t i = 1; i < total; ++i) {
            answer = ctap2_request(channel, "enumerateCredentialsGetNextCredential", command,
                                   &creds_next);
            if (!answer.ok()) return failed(answer);
            if (!read_credential(answer.body, rp.id, out.emplace_back(), bad))
                return malformed("enumerateCredentialsGetNextCredential", bad);
        }
    }
    return {{}, std::move(out)};
}

}  // namespace nk3::rig
