// The device tests' CTAPHID host.

#include "test_host.hpp"

#include <map>

#include "cbor/decode.hpp"
#include "cbor/encode.hpp"
#include "ctaphid/commands.hpp"
#include "ctaphid/packet.hpp"

namespace nk3::device::testing {

std::optional<std::uint32_t> TestHost::init(SimTime limit) {
    Bytes nonce(8);
    for (auto& b : nonce)
        b = nonce_seed_++;
    send(ctaphid::kBroadcastCid, ctaphid::cmd::kInit, nonce);
    // Answers to other nonces (an earlier INIT) are skipped.
    for (int answers = 0; answers < 16; ++answers) {
        auto answer = receive(ctaphid::kBroadcastCid, limit);
        if (!answer) return std::nullopt;
        if (answer->cmd != ctaphid::cmd::kInit || answer->payload.size() < 17) continue;
        if (!std::equal(nonce.begin(), nonce.end(), answer->payload.begin())) continue;
        const Bytes& p = answer->payload;
        return static_cast<std::uint32_t>(p[8]) << 24 | static_cast<std::uint32_t>(p[9]) << 16 |
               static_cast<std::uint32_t>(p[10]) << 8 | p[11];
    }
    return std::nullopt;
}

void TestHost::send(std::uint32_t cid, std::uint8_t cmd, const Bytes& payload) {
    for (const auto& report : ctaphid::fragment(cid, cmd, payload))
        device_.write(report);
}

std::optional<Message> TestHost::receive(std::uint32_t cid, SimTime limit, SimTime step) {
    std::optional<Message> partial;
    std::size_t expected = 0;
    SimTime waited{0};
    while (true) {
        auto report = device_.read();
        if (!report) {
            if (waited >= limit) return std::nullopt;
            device_.advance(step);
            waited += step;
            continue;
        }
        if (ctaphid::packet_cid(*report) != cid) continue;
        if (ctaphid::is_init_packet(*report)) {
            const auto init = ctaphid::decode_init(*report);
            if (init.cmd == ctaphid::cmd::kKeepalive) {
                if (init.bcnt >= 1) keepalives_.push_back(init.data[0]);
                continue;
            }
            partial = Message{init.cmd, {}};
            expected = init.bcnt;
            const std::size_t n = std::min<std::size_t>(expected, init.data.size());
            partial->payload.assign(init.data.begin(), init.data.begin() + static_cast<long>(n));
        } else if (partial) {
            const auto cont = ctaphid::decode_cont(*report);
            const std::size_t n =
                std::min<std::size_t>(expected - partial->payload.size(), cont.data.size());
            partial->payload.insert(partial->payload.end(), cont.data.begin(),
                                    cont.data.begin() + static_cast<long>(n));
        }
        if (partial && partial->payload.size() == expected) return partial;
    }
}

std::optional<Message> TestHost::transact(std::uint32_t cid, std::uint8_t cmd, const Bytes& payload,
                                          SimTime limit) {
    send(cid, cmd, payload);
    return receive(cid, limit);
}

std::optional<Message> TestHost::cbor(std::uint32_t cid, std::uint8_t command,
                                      const std::optional<cbor::Value>& params, SimTime limit) {
    Bytes request{command};
    if (params) {
        const Bytes body = cbor::encode(*params);
        request.insert(request.end(), body.begin(), body.end());
    }
    return transact(cid, ctaphid::cmd::kCbor, request, limit);
}

::testing::AssertionResult answers_get_info(HidEndpoint& device) {
    TestHost host(device);
    const auto cid = host.init();
    if (!cid) return ::testing::AssertionFailure() << "no answer to INIT";
    const auto info = host.cbor(*cid, ctap::kGetInfo);
    if (!info) return ::testing::AssertionFailure() << "no answer to getInfo";
    if (info->payload.empty() || info->payload[0] != ctap::kOk)
        return ::testing::AssertionFailure()
               << "getInfo answered status "
               << (info->payload.empty() ? -1 : static_cast<int>(info->payload[0]));
    return ::testing::AssertionSuccess();
}

const profiles::DeviceProfile& profile(const std::string& name) {
    static std::map<std::string, profiles::DeviceProfile> cache;
    auto it = cache.find(name);
    if (it == cache.end()) it = cache.emplace(name, profiles::load_profile(name)).first;
    return it->second;
}

cbor::Value make_credential_params(const std::string& rp, const std::string& user) {
    return cbor::map({
        {1, cbor::Value(Bytes(32, 0x11))},
        {2, cbor::map({{"id", rp}, {"name", rp}})},
        {3, cbor::map({{"id", cbor::Value(Bytes(user.begin(), user.end()))}, {"name", user}})},
        {4, cbor::array({cbor::map({{"alg", -7}, {"type", "public-key"}})})},
        {7, cbor::map({{"rk", true}})},
    });
}

cbor::Value decode_ctap_body(const Message& answer) {
    EXPECT_GE(answer.payload.size(), 2u);
    if (answer.payload.size() < 2) return cbor::Value();
    return cbor::decode(cbor::ByteView(answer.payload).subspan(1));
}

}  // namespace nk3::device::testing
