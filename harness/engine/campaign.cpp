// Campaign: plan once, then worker threads pull plan indexes and record trials.

#include "harness/engine/campaign.hpp"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "harness/engine/engine_error.hpp"

namespace nk3::engine {

Campaign::Campaign(const scenario::Scenario& scenario, rig::TargetFactory factory,
                   CampaignOptions options)
    : scenario_(scenario), factory_(std::move(factory)), options_(std::move(options)) {}

Campaign::~Campaign() = default;

const rig::Target& Campaign::first_target() {
    if (!first_target_) first_target_ = factory_();
    return *first_target_;
}

const Plan& Campaign::plan() {
    if (plan_) return *plan_;
    first_target();
    first_runner_ =
        std::make_unique<TrialRunner>(scenario_, *first_target_, options_.seed, options_.run_dir);
    first_runner_->prepare();
    plan_.emplace(scenario_.fault, first_runner_->plan_inputs());
    return *plan_;
}

CampaignResult Campaign::run(results::ResultStore& store,
                             const std::vector<std::uint64_t>& already) {
    const Plan& p = plan();
    const auto start = std::chrono::steady_clock::now();
    const Shard shard = options_.shard;

    // The indexes to run, as positions in the shard: index = shard.index + pos * shard.count.
    const std::uint64_t in_shard =
        p.size() > shard.index ? (p.size() - shard.index + shard.count - 1) / shard.count : 0;
    std::uint64_t skipped = 0;
    for (auto i : already)
        if (i < p.size() && shard.contains(i)) ++skipped;

    int jobs = std::max(1, options_.jobs);
    jobs = std::min<int>(jobs, std::max(1, first_target_->max_parallel));
    if (static_cast<std::uint64_t>(jobs) > in_shard - skipped)
        jobs = static_cast<int>(std::max<std::uint64_t>(1, in_shard - skipped));

    // Workers take runs of kChunk consecutive positions. Neighbouring cuts (after flash op n,
    // before op n+1) often leave the key in the same state: one worker running both reuses the
    // first one's outcome, where two workers running them at once would each compute it.
    constexpr std::uint64_t kChunk = 16;
    std::atomic<std::uint64_t> next{0};
    std::atomic<std::uint64_t> done{0}, failed{0};
    std::atomic<bool> abort{false};
    std::mutex mutex;
    std::condition_variable cv;
    int running = jobs;
    std::exception_ptr error;
    std::vector<TrialTimings> timings(static_cast<std::size_t>(jobs));
    const DryRun& reference = first_runner_->dry_run();
    OutcomeCache outcomes;
    OutcomeCache* shared_outcomes = options_.reuse_outcomes ? &outcomes : nullptr;
    first_runner_->set_outcome_cache(shared_outcomes);

    auto stop_requested = [&] { return abort.load() || (options_.stop && options_.stop->load()); };
    auto work = [&](int w) {
        try {
            std::unique_ptr<rig::Target> own_target;
            std::unique_ptr<TrialRunner> own_runner;
            TrialRunner* runner = first_runner_.get();
            if (w > 0) {
                own_target = factory_();
                own_runner = std::make_unique<TrialRunner>(scenario_, *own_target, options_.seed,
                                                           options_.run_dir);
                own_runner->prepare();
                runner = own_runner.get();
                runner->set_outcome_cache(shared_outcomes);
                if (runner->simulated() &&
                    (runner->dry_run().fingerprint != reference.fingerprint ||
                     runner->dry_run().first_op != reference.first_op))
                    throw DeterminismError(
                        "worker " + std::to_string(w) +
                        ": its dry run differs from the plan's (the key is not deterministic)");
            }
            const TrialTimings before = runner->timings();
            while (!stop_requested()) {
                const std::uint64_t first = next.fetch_add(kChunk);
                if (first >= in_shard) break;
                const std::uint64_t end = std::min(first + kChunk, in_shard);
                for (std::uint64_t pos = first; pos < end && !stop_requested(); ++pos) {
                    const std::uint64_t index = shard.index + pos * shard.count;
                    if (std::binary_search(already.begin(), already.end(), index)) continue;
                    results::TrialRecord rec = runner->run(p.at(index));
                    store.record(rec);
                    if (options_.on_trial) options_.on_trial(rec);
                    if (rec.verdict != "pass") failed.fetch_add(1);
                    done.fetch_add(1);
                }
            }
            TrialTimings t = runner->timings();
            t.trials -= before.trials;
            t.operation -= before.operation;
            t.recovery -= before.recovery;
            t.checks -= before.checks;
            t.total -= before.total;
            t.reused -= before.reused;
            t.rechecked -= before.rechecked;
            timings[static_cast<std::size_t>(w)] = t;
        } catch (...) {
            std::lock_guard lock(mutex);
            if (!error) error = std::current_exception();
            abort = true;
        }
        std::lock_guard lock(mutex);
        --running;
        cv.notify_all();
    };

    std::vector<std::thread> threads;
    for (int w = 1; w < jobs; ++w)
        threads.emplace_back(work, w);
    std::thread first(work, 0);

    const std::uint64_t total = in_shard - skipped;
    auto report = [&] {
        if (options_.progress)
            options_.progress(
                {done.load(), total, failed.load(), std::chrono::steady_clock::now() - start});
    };
    {
        std::unique_lock lock(mutex);
        while (running > 0) {
            cv.wait_for(lock, std::chrono::milliseconds(200));
            lock.unlock();
            report();
            lock.lock();
        }
    }
    first.join();
    for (auto& t : threads)
        t.join();
    report();
    first_runner_->set_outcome_cache(nullptr);  // the cache lives for this run only
    if (error) std::rethrow_exception(error);

    CampaignResult r;
    r.ran = done.load();
    r.skipped = skipped;
    r.failed = failed.load();
    r.workers = jobs;
    r.interrupted = r.ran + skipped < in_shard;
    for (const auto& t : timings) {
        r.timings.trials += t.trials;
        r.timings.operation += t.operation;
        r.timings.recovery += t.recovery;
        r.timings.checks += t.checks;
        r.timings.total += t.total;
        r.timings.reused += t.reused;
        r.timings.rechecked += t.rechecked;
    }
    r.elapsed = std::chrono::steady_clock::now() - start;
    return r;
}

}  // namespace nk3::engine
