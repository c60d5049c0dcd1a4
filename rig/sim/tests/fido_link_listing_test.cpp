// FidoLink's resident-credential listing on the simulated NK3 has two paths: under one token on a
// CTAPHID channel of its own (where the opener gives raw HID access, as the simulator's does),
// and libfido2's fido_credman calls (elsewhere: a real key's hidraw node). Both must give the
// same list, the same answers to a wrong PIN and the same retry cost (pin_token likewise); the
// first must take one key agreement for the whole listing, where libfido2 takes one per rp.
#include <fido.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>

#include "crypto/op_counters.hpp"
#include "sim_key_fixture.hpp"

namespace nk3::rig::testing {
namespace {

// The simulator's opener without raw HID access: FidoLink then lists through libfido2, as it
// does on a hidraw node.
class WithoutRawIo final : public FidoDeviceOpener {
  public:
    explicit WithoutRawIo(std::shared_ptr<device::HidEndpoint> key) : inner_(std::move(key)) {}
    std::string describe() const override { return inner_.describe(); }
    int open(fido_dev_t* dev) override { return inner_.open(dev); }
    std::exception_ptr take_error() override { return inner_.take_error(); }
    bool set_observer(LinkObserver observer) override {
        return inner_.set_observer(std::move(observer));
    }

  private:
    SimDeviceOpener inner_;
};

std::vector<std::tuple<std::string, Bytes, Bytes, std::string>> sorted(
    const std::vector<ResidentCredential>& list) {
    std::vector<std::tuple<std::string, Bytes, Bytes, std::string>> out;
    for (const auto& r : list)
        out.emplace_back(r.rp, r.id, r.user_id, r.user_name);
    std::sort(out.begin(), out.end());
    return out;
}

std::uint64_t key_agreements() {
    return crypto::crypto_op_counts()[static_cast<std::size_t>(crypto::CryptoOp::p256_ecdh)];
}

class FidoLinkListing : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(k.link.set_pin(kPin).ok());
        ASSERT_TRUE(libfido2.connect().ok());
    }
    // Lists through both paths and expects the same outcome; returns the one-token listing.
    LinkResult<std::vector<ResidentCredential>> both(const std::string& pin) {
        auto ours = k.link.resident_credentials(pin);
        auto theirs = libfido2.resident_credentials(pin);
        EXPECT_EQ(ours.status.code, theirs.status.code) << ours.status.text;
        EXPECT_EQ(ours.value.has_value(), theirs.value.has_value());
        if (ours.value && theirs.value) {
            EXPECT_EQ(sorted(*ours.value), sorted(*theirs.value));
        }
        return ours;
    }

    SimKey k;
    FidoLink libfido2{std::make_unique<WithoutRawIo>(k.key)};
};

TEST_F(FidoLinkListing, BothPathsListTheSameCredentials) {
    EXPECT_TRUE(both(kPin).value->empty());
    k.make(request("example.org", "sam", Alg::es256, true), std::string(kPin));
    k.make(request("example.org", "tina", Alg::eddsa, true), std::string(kPin));
    const Credential uma = k.make(request("ssh:", "uma", Alg::eddsa, true), std::string(kPin));
    k.make(request("git.example.org", "vic", Alg::es256, true), std::string(kPin));
    k.make(request("ssh:", "wes", Alg::eddsa, false), std::string(kPin));  // not resident
    const auto listed = both(kPin);
    ASSERT_TRUE(listed.ok()) << listed.status.text;
    EXPECT_EQ(listed.value->size(), 4u);

    ASSERT_TRUE(k.link.delete_credential(uma.id, std::string(kPin)).ok());
    EXPECT_EQ(both(kPin).value->size(), 3u);
}

TEST_F(FidoLinkListing, OneKeyAgreementForTheWholeListing) {
    for (const char* rp : {"a.example", "b.example", "c.example"})
        k.make(request(rp, "sam", Alg::es256, true), std::string(kPin));
    const auto before = key_agreements();
    ASSERT_TRUE(k.link.resident_credentials(std::string(kPin)).ok());
    // The host's and the key's side of one key agreement (both count in firmware-shim/crypto).
    EXPECT_EQ(key_agreements() - before, 2u);

    // libfido2 takes a token for the rp listing and one per rp: the key's side of four.
    const auto before_libfido2 = key_agreements();
    ASSERT_TRUE(libfido2.resident_credentials(std::string(kPin)).ok());
    EXPECT_EQ(key_agreements() - before_libfido2, 4u);
}

TEST_F(FidoLinkListing, AWrongPinCostsOneRetryOnEitherPath) {
    const int full = *k.link.pin_retries().value;
    EXPECT_EQ(k.link.resident_credentials(std::string("000000")).status.code, FIDO_ERR_PIN_INVALID);
    EXPECT_EQ(*k.link.pin_retries().value, full - 1);
    EXPECT_EQ(libfido2.resident_credentials(std::string("000000")).status.code,
              FIDO_ERR_PIN_INVALID);
    EXPECT_EQ(*k.link.pin_retries().value, full - 2);
    // A third attempt in this power-up would be refused before comparing (0.1.1): power-cycle.
    k.key->power_cycle();
    ASSERT_TRUE(k.link.connect().ok());
    ASSERT_TRUE(libfido2.connect().ok());
    ASSERT_TRUE(both(kPin).ok());  // the right PIN restores the retries
    EXPECT_EQ(*k.link.pin_retries().value, full);
}

TEST_F(FidoLinkListing, PinTokenAnswersTheSameOnEitherPath) {
    const int full = *k.link.pin_retries().value;
    for (FidoLink* link : {&k.link, &libfido2}) {
        EXPECT_EQ(link->pin_token("000000").status.code, FIDO_ERR_PIN_INVALID);
        EXPECT_EQ(*k.link.pin_retries().value, full - 1);
        const auto right = link->pin_token(kPin);
        EXPECT_TRUE(right.ok()) << right.status.text;
        EXPECT_EQ(*k.link.pin_retries().value, full);
    }
}

TEST(FidoLinkListingNoPin, BothPathsAnswerPinNotSet) {
    SimKey k;
    FidoLink libfido2{std::make_unique<WithoutRawIo>(k.key)};
    ASSERT_TRUE(libfido2.connect().ok());
    const auto ours = k.link.resident_credentials(std::string(kPin));
    EXPECT_EQ(ours.status.code, FIDO_ERR_PIN_NOT_SET) << ours.status.text;
    EXPECT_EQ(libfido2.resident_credentials(std::string(kPin)).status.code, FIDO_ERR_PIN_NOT_SET);
    // fido-authenticator 0.1.1 finds out there is no PIN only after paying the attempt, and the
    // attempts of a power-up are counted: after a power cycle the token path answers the same.
    k.key->power_cycle();
    ASSERT_TRUE(k.link.connect().ok());
    ASSERT_TRUE(libfido2.connect().ok());
    EXPECT_EQ(k.link.pin_token(kPin).status.code, FIDO_ERR_PIN_NOT_SET);
    EXPECT_EQ(libfido2.pin_token(kPin).status.code, FIDO_ERR_PIN_NOT_SET);
}

TEST(FidoLinkListingPowerCut, AKeyWithoutPowerDoesNotAnswer) {
    SimKey k;
    ASSERT_TRUE(k.link.set_pin(kPin).ok());
    k.key->power_off();
    const auto listed = k.link.resident_credentials(std::string(kPin));
    EXPECT_FALSE(listed.ok());
    EXPECT_EQ(listed.status.code, FIDO_ERR_RX) << listed.status.text;
}

}  // namespace
}  // namespace nk3::rig::testing
