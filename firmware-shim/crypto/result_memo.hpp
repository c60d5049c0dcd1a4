// Results of the deterministic public-key operations, remembered by their inputs.
//
// An ES256 signature (RFC 6979 nonce) and an Ed25519 signature are pure functions of the private
// key and the message; a verification is a pure function of the public key, the message and the
// signature. The trials of a campaign compute the same ones again and again: after most cuts the
// key answers the checks' silent assertions with the same signature counter over the link's
// constant clientDataHash, so a credential signs the same authenticator data and the host verifies
// the same signature (the seed-incident sweep on nk3am-1.3.1: 1,902 ES256 signatures, 193 of them
// distinct). So each result is kept under the SHA-256 of the operation and its inputs, each input
// length-prefixed, in a bounded least-recently-used cache shared by the threads of a process. A
// hit gives exactly the bytes, or the verdict, that computing would give; it is counted as reused
// (op_counters.hpp), not as done, so the engine benchmark's crypto floor prices only what is
// computed.
//
// Private keys enter only the digest that keys the cache, never the cache itself; what it holds
// (signatures and verdicts) is public, and its keys are wiped when evicted.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <memory>
#include <utility>

#include "crypto/bounded_cache.hpp"
#include "crypto/bytes.hpp"
#include "crypto/op_counters.hpp"

namespace nk3::crypto {

// Entries per cache (signatures; verdicts): a sweep meets a few hundred distinct ones, and a
// bounded cache keeps memory flat over any number of trials.
inline constexpr std::size_t kResultMemoCapacity = 4096;

// SHA-256 over the operation's code and every input with its length (Sha256::update_framed).
CacheKey result_memo_key(CryptoOp op, std::initializer_list<ByteView> inputs);

// The two caches, shared by every thread of the process.
BoundedCache<Bytes>& remembered_signatures();
BoundedCache<bool>& remembered_verdicts();
// Forgets every remembered result (a benchmark starts each run as a new process would).
void forget_remembered_results();

// The result of `op` over `inputs` (a signature: the private key's bytes, then the message; a
// verdict: public key, message, signature): the one `cache` remembers for them, or compute()
// (which counts the operation it does), remembered.
template <typename R, typename Compute>
R remembered(BoundedCache<R>& cache, CryptoOp op, std::initializer_list<ByteView> inputs,
             Compute&& compute) {
    bool computed = false;
    const auto result = cache.find_or_put(result_memo_key(op, inputs), [&] {
        computed = true;
        return std::make_shared<const R>(std::forward<Compute>(compute)());
    });
    if (!computed) count_reused(op);
    return *result;
}

}  // namespace nk3::crypto
