// The link's own CTAP2 credential listing (pin_uv_auth_token + ctap2_credential_listing) against
// a scripted key: one token for the whole listing, pinUvAuthParams over the right messages, the
// answers read into the list; what a damaged credential may lack tolerated as libfido2 does; and
// every defect of a key's answer a failed status (FIDO_ERR_RX) that names the subcommand and the
// field, never an exception or a partial list.
#include <fido.h>
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <string>

#include "cbor/decode.hpp"
#include "cbor/encode.hpp"
#include "crypto/drbg.hpp"
#include "crypto/ec_p256.hpp"
#include "crypto/pin_protocol.hpp"
#include "crypto/sha.hpp"
#include "ctaphid/commands.hpp"
#include "fake_key.hpp"
#include "rig/link/ctap2_credential_listing.hpp"
#include "rig/link/ctaphid_channel.hpp"
#include "rig/link/pin_uv_auth_token.hpp"
#include "rig/link/sim_fido_device.hpp"

namespace nk3::rig {
namespace {

using cbor::Value;
using testing::FakeKey;

constexpr std::uint8_t kClientPin = 0x06;
constexpr std::uint8_t kCredMgmt = 0x0A;
constexpr char kPin[] = "123456";

Bytes answer(const Value& body) {
    Bytes out{0x00};
    const Bytes encoded = cbor::encode(body);
    out.insert(out.end(), encoded.begin(), encoded.end());
    return out;
}

Bytes user_id(const std::string& name) {
    return Bytes(name.begin(), name.end());
}

// A key that speaks clientPIN protocol Two with a real key agreement and token, and answers
// credentialManagement from `rps` (rp id -> user names) unless a test overrides an answer.
class ScriptedKey {
  public:
    ScriptedKey() : drbg_(std::uint64_t{7}), protocol_(drbg_) {
        key_.app.on_cbor = [this](std::span<const std::uint8_t> request) {
            return handle(request);
        };
    }

    FakeKey& fake() { return key_; }

    std::map<std::string, std::vector<std::string>> rps = {{"example.org", {"alice", "bob"}},
                                                           {"git.example.org", {"carol"}}};
    // Replaces the answer to a subcommand: key (clientPIN subcommand) or 0x100 + credential
    // management subcommand; the function gets the normal answer and returns what to send.
    std::map<int, std::function<Bytes(const Bytes&)>> override;

    int token_requests = 0;
    std::vector<std::string> bad_auth;  // subcommands whose pinUvAuthParam did not verify

  private:
    Bytes finish(int which, Bytes normal) {
        const auto it = override.find(which);
        return it == override.end() ? normal : it->second(normal);
    }

    Bytes handle(std::span<const std::uint8_t> request) {
        const Value params = request.size() > 1 ? cbor::decode(request.subspan(1)) : Value();
        const auto sub =
            static_cast<int>(params.find(Value(request[0] == kClientPin ? 2 : 1))->as_int());
        if (request[0] == kClientPin) return finish(sub, client_pin(sub, params));
        return finish(0x100 + sub, credential_management(sub, params));
    }

    Bytes client_pin(int sub, const Value& params) {
        if (sub == 0x02) {
            own_ = crypto::P256KeyPair::generate(drbg_);
            const auto pub = own_->public_key();
            return answer(cbor::map(
                {{1, cbor::map({{1, 2}, {3, -25}, {-1, 1}, {-2, pub.x()}, {-3, pub.y()}})}}));
        }
        ++token_requests;
        const Value& platform = *params.find(Value(3));
        const auto shared = protocol_.decapsulate(*own_, platform.find(Value(-2))->as_bytes(),
                                                  platform.find(Value(-3))->as_bytes());
        const auto pin_hash = protocol_.decrypt(*shared, params.find(Value(6))->as_bytes());
        Bytes expected = crypto::sha256(crypto::as_bytes(kPin));
        expected.resize(16);
        if (!pin_hash || *pin_hash != expected) return {0x31};  // PIN_INVALID
        EXPECT_EQ(params.find(Value(9))->as_int(), 0x04);       // cm permission
        token_ = drbg_.bytes(32);
        return answer(cbor::map({{2, protocol_.encrypt(*shared, token_)}}));
    }

    void check_auth(const Value& params, const Bytes& message, const std::string& what) {
        const Value* auth = params.find(Value(4));
        if (auth == nullptr || !protocol_.verify(token_, message, auth->as_bytes()))
            bad_auth.push_back(what);
    }

    Bytes credential_management(int sub, const Value& params) {
        if (sub == 0x02) {
            check_auth(params, {0x02}, "enumerateRPsBegin");
            rp_cursor_ = rps.begin();
            if (rp_cursor_ == rps.end()) return {0x2E};
            return rp_answer(true);
        }
        if (sub == 0x03) return rp_answer(false);
        if (sub == 0x04) {
            const Value& sub_params = *params.find(Value(2));
            Bytes message{0x04};
            const Bytes encoded = cbor::encode(sub_params);
            message.insert(message.end(), encoded.begin(), encoded.end());
            check_auth(params, message, "enumerateCredentialsBegin");
            const Bytes& hash = sub_params.find(Value(1))->as_bytes();
            users_.clear();
            for (const auto& [rp, users] : rps)
                if (crypto::sha256(crypto::as_bytes(rp)) == hash) users_ = users;
            if (users_.empty()) return {0x2E};
            user_cursor_ = 0;
            return credential_answer(true);
        }
        return credential_answer(false);
    }

    Bytes rp_answer(bool begin) {
        const std::string& id = (rp_cursor_++)->first;
        Value body =
            cbor::map({{3, cbor::map({{"id", id}})}, {4, crypto::sha256(crypto::as_bytes(id))}});
        if (begin) body.as_map().push_back({5, static_cast<int>(rps.size())});
        return answer(body);
    }

    Bytes credential_answer(bool begin) {
        const std::string& name = users_[user_cursor_++];
        Value body =
            cbor::map({{6, cbor::map({{"id", user_id(name)}, {"name", name}})},
                       {7, cbor::map({{"id", user_id("cred-" + name)}, {"type", "public-key"}})},
                       {8, cbor::map({{1, 2}, {3, -7}})}});
        if (begin) body.as_map().push_back({9, static_cast<int>(users_.size())});
        return answer(body);
    }

    FakeKey key_;
    crypto::Drbg drbg_;
    crypto::PinProtocolV2 protocol_;
    std::optional<crypto::P256KeyPair> own_;
    Bytes token_;
    std::map<std::string, std::vector<std::string>>::const_iterator rp_cursor_;
    std::vector<std::string> users_;
    std::size_t user_cursor_ = 0;
};

class CredentialListingTest : public ::testing::Test {
  protected:
    LinkResult<std::vector<ResidentCredential>> list(const std::string& pin = kPin) {
        SimFidoDevice dev(key.fake());
        CtaphidChannel channel(SimHidIo::io_functions(), fido_dev_io_handle(dev.get()));
        EXPECT_TRUE(channel.open().ok());
        TokenRequest request;
        request.permissions = 0x04;
        auto token = get_pin_uv_auth_token(channel, host_drbg, pin, request);
        if (!token.ok()) return {token.status, std::nullopt};
        return list_resident_credentials(channel, *token.value, kCredMgmt);
    }

    ScriptedKey key;
    crypto::Drbg host_drbg{std::uint64_t{11}};
};

TEST_F(CredentialListingTest, ListsEveryCredentialUnderOneToken) {
    const auto listed = list();
    ASSERT_TRUE(listed.ok()) << listed.status.text;
    ASSERT_EQ(listed.value->size(), 3u);
    const auto& v = *listed.value;
    EXPECT_EQ(v[0].rp, "example.org");
    EXPECT_EQ(v[0].user_name, "alice");
    EXPECT_EQ(v[0].user_id, user_id("alice"));
    EXPECT_EQ(v[0].id, user_id("cred-alice"));
    EXPECT_EQ(v[1].user_name, "bob");
    EXPECT_EQ(v[2].rp, "git.example.org");
    EXPECT_EQ(v[2].id, user_id("cred-carol"));
    EXPECT_EQ(key.token_requests, 1);
    EXPECT_TRUE(key.bad_auth.empty());
}

TEST_F(CredentialListingTest, NoResidentCredentialsIsAnEmptyList) {
    key.rps.clear();
    const auto listed = list();
    ASSERT_TRUE(listed.ok()) << listed.status.text;
    EXPECT_TRUE(listed.value->empty());
}

TEST_F(CredentialListingTest, AnRpWithoutCredentialsIsSkipped) {
    // The key lists an rp whose credentials are then not found (as libfido2 skips it).
    key.override[0x100 + 0x04] = [calls = 0](const Bytes& normal) mutable {
        return ++calls == 1 ? Bytes{0x2E} : normal;
    };
    const auto listed = list();
    ASSERT_TRUE(listed.ok()) << listed.status.text;
    ASSERT_EQ(listed.value->size(), 1u);
    EXPECT_EQ(listed.value->front().rp, "git.example.org");
}

// What a damaged credential may lack (the simulated NK3 answers without the public key when the
// credential's key file is gone) is not required, as libfido2 does not require it: the
// credential is listed, and the checks find it unusable.
TEST_F(CredentialListingTest, ACredentialWithoutPublicKeyOrNameIsStillListed) {
    key.override[0x104] = [](const Bytes& normal) {
        Value body = cbor::decode(cbor::ByteView(normal).subspan(1));
        std::erase_if(body.as_map(), [](const Value::Entry& e) { return e.key == Value(8); });
        for (auto& e : body.as_map())
            if (e.key == Value(6)) e.value = cbor::map({{"id", user_id("alice")}});
        return answer(body);
    };
    const auto listed = list();
    ASSERT_TRUE(listed.ok()) << listed.status.text;
    ASSERT_EQ(listed.value->size(), 3u);
    EXPECT_EQ(listed.value->front().id, user_id("cred-alice"));
    EXPECT_EQ(listed.value->front().user_name, "");
    EXPECT_EQ(listed.value->front().user_id, user_id("alice"));
}

TEST_F(CredentialListingTest, AnRpWithoutAnIdIsSkipped) {
    key.override[0x103] = [](const Bytes& normal) {
        Value body = cbor::decode(cbor::ByteView(normal).subspan(1));
        std::erase_if(body.as_map(), [](const Value::Entry& e) { return e.key == Value(3); });
        return answer(body);
    };
    const auto listed = list();
    ASSERT_TRUE(listed.ok()) << listed.status.text;
    ASSERT_EQ(listed.value->size(), 2u);
    EXPECT_EQ(listed.value->back().rp, "example.org");
}

TEST_F(CredentialListingTest, AWrongPinIsTheKeysAnswer) {
    const auto listed = list("000000");
    EXPECT_EQ(listed.status.code, FIDO_ERR_PIN_INVALID);
    EXPECT_NE(listed.status.text.find("getPinUvAuthTokenUsingPinWithPermissions"),
              std::string::npos)
        << listed.status.text;
}

struct Defect {
    const char* name;
    int which;  // ScriptedKey::override key
    std::function<Bytes(const Bytes&)> answer;
    const char* text;  // expected in the status text
};

void PrintTo(const Defect& d, std::ostream* os) {
    *os << d.name;
}

// The normal answer's CBOR with `key` set to `value` (or removed when value is nullopt).
std::function<Bytes(const Bytes&)> with(std::int64_t key, std::optional<Value> value) {
    return [key, value](const Bytes& normal) {
        Value body = cbor::decode(cbor::ByteView(normal).subspan(1));
        auto& map = body.as_map();
        std::erase_if(map, [&](const Value::Entry& e) { return e.key == Value(key); });
        if (value) map.push_back({key, *value});
        return answer(body);
    };
}
std::function<Bytes(const Bytes&)> raw(Bytes bytes) {
    return [bytes](const Bytes&) { return bytes; };
}

class CredentialListingDefectTest : public CredentialListingTest,
                                    public ::testing::WithParamInterface<Defect> {};

TEST_P(CredentialListingDefectTest, IsAFailedStatusNamingTheField) {
    key.override[GetParam().which] = GetParam().answer;
    const auto listed = list();
    EXPECT_FALSE(listed.ok());
    EXPECT_FALSE(listed.value.has_value());
    EXPECT_EQ(listed.status.code, FIDO_ERR_RX) << listed.status.text;
    EXPECT_NE(listed.status.text.find(GetParam().text), std::string::npos) << listed.status.text;
}

const Value kCoseWrongCurve =
    cbor::map({{1, 2}, {3, -25}, {-1, 2}, {-2, Bytes(32, 1)}, {-3, Bytes(32, 2)}});
const Value kCoseOffCurve =
    cbor::map({{1, 2}, {3, -25}, {-1, 1}, {-2, Bytes(32, 1)}, {-3, Bytes(32, 2)}});

INSTANTIATE_TEST_SUITE_P(
    Defects, CredentialListingDefectTest,
    ::testing::Values(
        Defect{"NoKeyAgreement", 0x02, with(1, std::nullopt),
               "getKeyAgreement: answer field 1 (keyAgreement) is malformed"},
        Defect{"KeyAgreementWrongCurve", 0x02, with(1, kCoseWrongCurve),
               "getKeyAgreement: answer field 1 (keyAgreement) is malformed"},
        Defect{"KeyAgreementOffTheCurve", 0x02, with(1, kCoseOffCurve), "not a P-256 point"},
        Defect{"NotCbor", 0x02, raw({0x00, 0xFF}), "getKeyAgreement: malformed CBOR answer"},
        Defect{"TrailingBytes", 0x02, raw({0x00, 0xA0, 0x00}), "malformed CBOR answer"},
        Defect{"NotAMap", 0x02, raw({0x00, 0x80}), "answer is not a CBOR map"},
        Defect{"EmptyAnswer", 0x02, raw({}), "getKeyAgreement: empty answer"},
        Defect{"NoToken", 0x09, with(2, std::nullopt),
               "getPinUvAuthTokenUsingPinWithPermissions: answer field 2 (pinUvAuthToken)"},
        Defect{"ShortToken", 0x09, with(2, Value(Bytes(16, 0))), "2 (pinUvAuthToken)"},
        Defect{"NoTotalRps", 0x102, with(5, std::nullopt),
               "enumerateRPsBegin: answer field 5 (totalRPs)"},
        Defect{"ZeroTotalRps", 0x102, with(5, Value(0)), "5 (totalRPs)"},
        Defect{"ImplausibleTotalRps", 0x102, with(5, Value(1000000)), "5 (totalRPs)"},
        Defect{"NegativeTotalRps", 0x102, with(5, Value(-1)), "5 (totalRPs)"},
        Defect{"RpIdNotText", 0x102, with(3, cbor::map({{"id", Value(Bytes{1})}})),
               "enumerateRPsBegin: answer field 3 (rp.id)"},
        Defect{"RpNotAMap", 0x102, with(3, Value("example.org")), "3 (rp.id)"},
        Defect{"ShortRpIdHash", 0x102, with(4, Value(Bytes(31, 0))), "4 (rpIDHash)"},
        Defect{"NextRpIdNotText", 0x103, with(3, cbor::map({{"id", Value(7)}})),
               "enumerateRPsGetNextRP: answer field 3 (rp.id)"},
        Defect{"NoTotalCredentials", 0x104, with(9, std::nullopt),
               "enumerateCredentialsBegin: answer field 9 (totalCredentials)"},
        Defect{"UserNotAMap", 0x104, with(6, Value("alice")), "6 (user.id)"},
        Defect{"UserIdNotBytes", 0x104, with(6, cbor::map({{"id", Value("alice")}})),
               "6 (user.id)"},
        Defect{"UserNameNotText", 0x104,
               with(6, cbor::map({{"id", Value(Bytes{1})}, {"name", Value(3)}})), "6 (user.name)"},
        Defect{"CredentialIdNotBytes", 0x104, with(7, cbor::map({{"id", Value("cred")}})),
               "7 (credentialID.id)"},
        Defect{"PublicKeyNotAMap", 0x104, with(8, Value(Bytes(65, 4))), "8 (publicKey)"},
        Defect{"NextCredentialNotCbor", 0x105, raw({0x00, 0xA1, 0x01}),
               "enumerateCredentialsGetNextCredential: malformed CBOR answer"}),
    [](const ::testing::TestParamInfo<Defect>& info) { return info.param.name; });

TEST_F(CredentialListingTest, AFailureAfterTheFirstRpGivesNoPartialList) {
    key.override[0x103] = raw({0x27});  // OPERATION_DENIED on the second rp
    const auto listed = list();
    EXPECT_EQ(listed.status.code, FIDO_ERR_OPERATION_DENIED);
    EXPECT_FALSE(listed.value.has_value());
    EXPECT_NE(listed.status.text.find("enumerateRPsGetNextRP"), std::string::npos);
}

}  // namespace
}  // namespace nk3::rig
