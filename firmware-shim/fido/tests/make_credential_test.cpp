// makeCredential: algorithms, attestation (packed with x5c, self), resident keys, excludeList,
// options, presence, and what is written.

#include <gtest/gtest.h>

#include "cbor/encode.hpp"
#include "crypto/x509_attestation.hpp"
#include "test_client.hpp"

namespace nk3::fido::test {
namespace {

Bytes signed_over(const Bytes& auth_data, const Bytes& cdh) {
    Bytes m = auth_data;
    m.insert(m.end(), cdh.begin(), cdh.end());
    return m;
}

class MakeCredentialAlg : public ::testing::TestWithParam<int> {};

TEST_P(MakeCredentialAlg, PackedAttestationVerifiesAgainstTheProjectCa) {
    AuthenticatorConfig cfg = ctap21_config();
    cfg.aaguid.fill(0xA5);
    Rig rig(cfg);
    const auto r = rig.make_credential("example.org", Bytes{1, 2, 3}, GetParam());
    ASSERT_EQ(r.status, 0);
    EXPECT_EQ(r.body.find(cbor::Value(1))->as_text(), "packed");
    const auto& auth_data = r.body.find(cbor::Value(2))->as_bytes();
    const auto ad = parse_auth_data(auth_data);
    EXPECT_EQ(ad.rp_id_hash, sha256_of("example.org"));
    EXPECT_EQ(ad.flags, 0x41);  // UP | AT
    EXPECT_GT(ad.counter, 0u);
    EXPECT_EQ(ad.aaguid, Bytes(16, 0xA5));
    ASSERT_TRUE(ad.public_key);
    EXPECT_EQ(ad.public_key->find(cbor::Value(3))->as_int(), GetParam());
    const auto& att = *r.body.find(cbor::Value(3));
    EXPECT_EQ(att.find(cbor::Value("alg"))->as_int(), -7);
    const auto& x5c = att.find(cbor::Value("x5c"))->as_array();
    ASSERT_EQ(x5c.size(), 1u);
    const auto& cert = x5c[0].as_bytes();
    EXPECT_TRUE(crypto::verify_chain(cert, project_test_ca().certificate_der));
    const auto info = crypto::parse_certificate(cert);
    ASSERT_TRUE(info);
    EXPECT_EQ(info->aaguid, std::optional<Bytes>(Bytes(16, 0xA5)));
    const auto pub = crypto::P256PublicKey::from_uncompressed(info->public_key_uncompressed);
    ASSERT_TRUE(pub);
    EXPECT_TRUE(pub->verify_es256(signed_over(auth_data, rig.client_data_hash),
                                  att.find(cbor::Value("sig"))->as_bytes()));
    // The credential works.
    const auto ga = rig.get_assertion("example.org", {ad.credential_id});
    ASSERT_EQ(ga.status, 0);
    EXPECT_TRUE(verify_cose_signature(
        *ad.public_key, signed_over(ga.body.find(cbor::Value(2))->as_bytes(), rig.client_data_hash),
        ga.body.find(cbor::Value(3))->as_bytes()));
}

INSTANTIATE_TEST_SUITE_P(Algs, MakeCredentialAlg, ::testing::Values(-7, -8));

TEST(MakeCredential, SelfAttestationWithoutAttestationFiles) {
    // Without the attestation key: self attestation and the AAGUID "AAGUID0123456789"
    // (fido-authenticator 0.1.1 Identity::attestation). With the key but no certificate the
    // firmware panics (MakeCredential.KeyWithoutCertificatePanics).
    for (const char* missing : {"fido/sec/00"}) {
        Rig rig;
        rig.fs().remove(missing);
        const auto r = rig.make_credential("example.org", Bytes{1}, -8);
        ASSERT_EQ(r.status, 0);
        EXPECT_EQ(parse_auth_data(r.body.find(cbor::Value(2))->as_bytes()).aaguid,
                  Bytes(kFallbackAaguid.begin(), kFallbackAaguid.end()));
        const auto& att = *r.body.find(cbor::Value(3));
        EXPECT_EQ(att.find(cbor::Value("x5c")), nullptr);
        EXPECT_EQ(att.find(cbor::Value("alg"))->as_int(), -8);
        const auto& auth_data = r.body.find(cbor::Value(2))->as_bytes();
        const auto ad = parse_auth_data(auth_data);
        EXPECT_TRUE(verify_cose_signature(*ad.public_key,
                                          signed_over(auth_data, rig.client_data_hash),
                                          att.find(cbor::Value("sig"))->as_bytes()));
    }
}

// The attestation key exists but its certificate does not: Identity::attestation panics
// ("Will panic if certificate does not exist"), at makeCredential and getInfo alike.
TEST(MakeCredential, KeyWithoutCertificatePanics) {
    Rig rig;
    rig.fs().remove("fido/x5c/00");
    EXPECT_THROW(rig.make_credential("example.org", Bytes{1}, -8), Panic);
    Rig info;
    info.fs().remove("fido/x5c/00");
    EXPECT_THROW(info.ctap(0x04, std::nullopt), Panic);
}

// The certificate is read at every makeCredential but never parsed (0.1.1 scans its bytes for
// the AAGUID extension): damaged bytes go out as the x5c, and when the AAGUID extension is cut
// off the AAGUID is "AAGUID0123456789".
TEST(MakeCredential, ADamagedCertificateIsSentAsItIs) {
    Rig rig;
    const auto good = rig.make_credential("example.org", Bytes{1}, -8);
    ASSERT_EQ(good.status, 0);
    ASSERT_NE(good.body.find(cbor::Value(3))->find(cbor::Value("x5c")), nullptr);
    const Bytes cert = rig.fs().read_file("fido/x5c/00");
    Bytes damaged(cert.begin(), cert.begin() + 40);  // before the extensions
    rig.fs().write_file("fido/x5c/00", damaged);
    const auto r = rig.make_credential("example.org", Bytes{2}, -8);
    ASSERT_EQ(r.status, 0);
    const auto* x5c = r.body.find(cbor::Value(3))->find(cbor::Value("x5c"));
    ASSERT_NE(x5c, nullptr);
    EXPECT_EQ(x5c->as_array().at(0).as_bytes(), damaged);
    EXPECT_EQ(parse_auth_data(r.body.find(cbor::Value(2))->as_bytes()).aaguid,
              Bytes(kFallbackAaguid.begin(), kFallbackAaguid.end()));
    rig.fs().write_file("fido/x5c/00", cert);
    const auto again = rig.make_credential("example.org", Bytes{3}, -8);
    EXPECT_EQ(parse_auth_data(again.body.find(cbor::Value(2))->as_bytes()).aaguid,
              Bytes(rig.config.aaguid.begin(), rig.config.aaguid.end()));
}

TEST(MakeCredential, PicksTheFirstSupportedAlgorithm) {
    Rig rig;
    auto p = rig.make_credential_params("example.org", Bytes{1});
    p.as_map()[3].value = cbor::array({cbor::map({{"alg", -257}, {"type", "public-key"}}),
                                       cbor::map({{"alg", -8}, {"type", "other"}}),
                                       cbor::map({{"alg", -8}, {"type", "public-key"}}),
                                       cbor::map({{"alg", -7}, {"type", "public-key"}})});
    const auto r = rig.ctap(0x01, p);
    ASSERT_EQ(r.status, 0);
    EXPECT_EQ(parse_auth_data(r.body.find(cbor::Value(2))->as_bytes())
                  .public_key->find(cbor::Value(3))
                  ->as_int(),
              -8);
    p.as_map()[3].value = cbor::array({cbor::map({{"alg", -257}, {"type", "public-key"}})});
    EXPECT_EQ(rig.ctap(0x01, p).status, 0x26);
    p.as_map()[3].value = cbor::array({cbor::map({{"type", "public-key"}})});
    EXPECT_EQ(rig.ctap(0x01, p).status, 0x14);
    p.as_map()[3].value = cbor::array({cbor::map({{"alg", "x"}, {"type", "public-key"}})});
    EXPECT_EQ(rig.ctap(0x01, p).status, 0x11);
}

TEST(MakeCredential, ParameterErrors) {
    Rig rig;
    const auto base = rig.make_credential_params("example.org", Bytes{1});
    for (std::uint64_t key : {1, 2, 3, 4}) {
        auto p = base;
        auto& m = p.as_map();
        m.erase(m.begin() + static_cast<long>(key - 1));
        EXPECT_EQ(rig.ctap(0x01, p).status, 0x14) << key;
    }
    auto p = base;
    p.as_map()[0].value = Bytes(31, 0);
    EXPECT_EQ(rig.ctap(0x01, p).status, 0x02);
    p = base;
    p.as_map()[1].value = cbor::map({{"name", "x"}});
    EXPECT_EQ(rig.ctap(0x01, p).status, 0x14);
    p = base;
    p.as_map()[2].value = cbor::map({{"id", "text"}});
    EXPECT_EQ(rig.ctap(0x01, p).status, 0x11);
    p = base;
    p.as_map()[2].value = cbor::map({{"id", Bytes(65, 1)}});
    EXPECT_EQ(rig.ctap(0x01, p).status, 0x03);
    p = base;
    p.as_map().push_back({7, cbor::map({{"up", false}})});
    EXPECT_EQ(rig.ctap(0x01, p).status, 0x2C);
    p = base;
    p.as_map().push_back({7, cbor::map({{"uv", true}})});
    EXPECT_EQ(rig.ctap(0x01, p).status, 0x2C);
    p = base;
    p.as_map().push_back({7, cbor::map({{"rk", 1}})});
    EXPECT_EQ(rig.ctap(0x01, p).status, 0x11);
    p = base;
    p.as_map().push_back({6, cbor::map({{"credProtect", 4}})});
    EXPECT_EQ(rig.ctap(0x01, p).status, 0x02);
    p = base;
    p.as_map().push_back({8, Bytes(16, 0)});
    EXPECT_EQ(rig.ctap(0x01, p).status, 0x14);  // pinUvAuthProtocol missing
    p.as_map().push_back({9, 3});
    EXPECT_EQ(rig.ctap(0x01, p).status, 0x02);
}

TEST(MakeCredential, PresenceIsAskedWithoutSideEffects) {
    Rig rig;
    ASSERT_EQ(rig.ctap(0x04, std::nullopt).status, 0);  // the power-up's first-request writes
    const auto before = rig.tree();
    const auto ops = rig.domain.next_index();
    const crypto::Drbg rng_before = rig.platform.rng();
    const auto enc = cbor::encode(rig.make_credential_params("example.org", Bytes{1}, -7, true));
    Bytes req{0x01};
    req.insert(req.end(), enc.begin(), enc.end());
    const auto first = rig.raw_ctap(req, Presence::not_asked);
    EXPECT_TRUE(first.presence_needed);
    EXPECT_EQ(rig.domain.next_index(), ops);
    crypto::Drbg copy = rng_before;
    EXPECT_EQ(copy.bytes(16), rig.platform.rng().bytes(16));  // no draw happened
    EXPECT_EQ(rig.raw_ctap(req, Presence::denied).status, 0x27);
    EXPECT_EQ(rig.raw_ctap(req, Presence::timed_out).status, 0x2F);
    EXPECT_EQ(rig.tree(), before);
}

TEST(MakeCredential, ResidentKeyReplacesTheSameUser) {
    Rig rig;
    ASSERT_EQ(rig.make_credential("example.org", Bytes{1}, -7, true).status, 0);
    ASSERT_EQ(rig.make_credential("example.org", Bytes{2}, -7, true).status, 0);
    ASSERT_EQ(rig.make_credential("example.org", Bytes{1}, -8, true).status, 0);
    EXPECT_EQ(rig.fs().list("fido/dat/rk").size(), 2u);
    const auto ga = rig.get_assertion("example.org", {});
    ASSERT_EQ(ga.status, 0);
    EXPECT_EQ(ga.body.find(cbor::Value(5))->as_uint(), 2u);
    // Newest first: the replaced user 1 credential (EdDSA).
    EXPECT_EQ(ga.body.find(cbor::Value(4))->find(cbor::Value("id"))->as_bytes(), Bytes{1});
}

TEST(MakeCredential, ResidentStoreFull) {
    AuthenticatorConfig cfg = ctap21_config();
    cfg.max_resident_credentials = 3;
    Rig rig(cfg);
    for (std::uint8_t u = 0; u < 3; ++u)
        ASSERT_EQ(rig.make_credential("example.org", Bytes{u}, -7, true).status, 0);
    EXPECT_EQ(rig.make_credential("example.org", Bytes{9}, -7, true).status, 0x28);
    EXPECT_EQ(rig.make_credential("example.org", Bytes{1}, -7, true).status, 0);  // replace
}

TEST(MakeCredential, ExcludeList) {
    Rig rig;
    const auto r = rig.make_credential("example.org", Bytes{1});
    const auto id = parse_auth_data(r.body.find(cbor::Value(2))->as_bytes()).credential_id;
    auto p = rig.make_credential_params("example.org", Bytes{2});
    p.as_map().push_back({5, cbor::array({cbor::map({{"id", Bytes{9, 9}}, {"type", "public-key"}}),
                                          cbor::map({{"id", id}, {"type", "public-key"}})})});
    const auto before = rig.tree();
    EXPECT_EQ(rig.ctap(0x01, p).status, 0x19);
    EXPECT_EQ(rig.tree(), before);
    // The same id for another rp is not excluded.
    p.as_map()[1].value = cbor::map({{"id", "other.org"}});
    EXPECT_EQ(rig.ctap(0x01, p).status, 0);
    // A malformed descriptor.
    p.as_map()[4].value = cbor::array({cbor::map({{"type", "public-key"}})});
    EXPECT_EQ(rig.ctap(0x01, p).status, 0x14);
}

TEST(MakeCredential, FirstUseCreatesDeviceKeysThenOnlyCounterWrites) {
    Rig rig;
    const auto fresh = rig.tree();
    ASSERT_EQ(rig.make_credential("a.org", Bytes{1}).status, 0);
    const auto after_first = rig.tree();
    // Two device key files appeared.
    std::size_t sec = 0;
    for (const auto& [path, content] : after_first.nodes)
        if (path.rfind("/fido/sec/", 0) == 0 || path.rfind("fido/sec/", 0) == 0) ++sec;
    std::size_t sec_before = 0;
    for (const auto& [path, content] : fresh.nodes)
        if (path.rfind("/fido/sec/", 0) == 0 || path.rfind("fido/sec/", 0) == 0) ++sec_before;
    EXPECT_EQ(sec, sec_before + 2);
    ASSERT_EQ(rig.make_credential("a.org", Bytes{2}).status, 0);
    auto after_second = rig.tree();
    for (auto& [path, content] : after_second.nodes) {
        if (path.find("persistent-state") != std::string::npos) continue;
        EXPECT_EQ(content, after_first.nodes.at(path)) << path;
    }
    EXPECT_EQ(after_second.nodes.size(), after_first.nodes.size());
}

TEST(MakeCredential, PinSetRequiresTokenForResidentKeys) {
    Rig rig;
    ASSERT_EQ(rig.set_pin("1234"), 0);
    EXPECT_EQ(rig.make_credential("example.org", Bytes{1}, -7, true).status, 0x36);
    EXPECT_EQ(rig.make_credential("example.org", Bytes{1}, -7, false).status, 0);  // UvNotRqd
    const auto token = rig.get_token("1234", 0x01, "example.org");
    ASSERT_EQ(token.status, 0);
    auto p = rig.make_credential_params("example.org", Bytes{1}, -7, true);
    p.as_map().push_back({8, rig.pin_auth(token, rig.client_data_hash)});
    p.as_map().push_back({9, 2});
    const auto r = rig.ctap(0x01, p);
    ASSERT_EQ(r.status, 0);
    EXPECT_EQ(parse_auth_data(r.body.find(cbor::Value(2))->as_bytes()).flags, 0x45);
    // Wrong rp for the bound token; wrong param.
    auto q = rig.make_credential_params("other.org", Bytes{1}, -7, true);
    q.as_map().push_back({8, rig.pin_auth(token, rig.client_data_hash)});
    q.as_map().push_back({9, 2});
    EXPECT_EQ(rig.ctap(0x01, q).status, 0x33);
    q = rig.make_credential_params("example.org", Bytes{1}, -7, true);
    q.as_map().push_back({8, Bytes(32, 0)});
    q.as_map().push_back({9, 2});
    EXPECT_EQ(rig.ctap(0x01, q).status, 0x33);
    // A token without mc permission.
    const auto cm = rig.get_token("1234", 0x04);
    q = rig.make_credential_params("example.org", Bytes{1}, -7, true);
    q.as_map().push_back({8, rig.pin_auth(cm, rig.client_data_hash)});
    q.as_map().push_back({9, 2});
    EXPECT_EQ(rig.ctap(0x01, q).status, 0x33);
}

TEST(MakeCredential, ZeroLengthPinAuthParamProbe) {
    Rig rig;
    auto p = rig.make_credential_params("example.org", Bytes{1});
    p.as_map().push_back({8, Bytes{}});
    p.as_map().push_back({9, 1});
    const auto before = rig.tree();
    EXPECT_EQ(rig.ctap(0x01, p).status, 0x35);
    ASSERT_EQ(rig.set_pin("1234"), 0);
    EXPECT_EQ(rig.ctap(0x01, p).status, 0x31);
    rig.touch = Presence::denied;
    EXPECT_EQ(rig.ctap(0x01, p).status, 0x27);
    (void)before;
}

TEST(MakeCredential, ExtensionsAreEchoed) {
    Rig rig;
    auto p = rig.make_credential_params("example.org", Bytes{1});
    p.as_map().push_back(
        {6, cbor::map({{"credProtect", 2}, {"hmac-secret", true}, {"unknown", 1}})});
    const auto r = rig.ctap(0x01, p);
    ASSERT_EQ(r.status, 0);
    const auto ad = parse_auth_data(r.body.find(cbor::Value(2))->as_bytes());
    EXPECT_EQ(ad.flags & 0x80, 0x80);
    ASSERT_TRUE(ad.extensions);
    EXPECT_EQ(*ad.extensions, cbor::map({{"credProtect", 2}, {"hmac-secret", true}}));
}

}  // namespace
}  // namespace nk3::fido::test
