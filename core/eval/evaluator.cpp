// Offline evaluation of any SequenceModel on a dataset's validation or test targets.

#include "eval/evaluator.h"

#include "common/allocator.h"
#include "explain/candidatefilter.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <unordered_set>

namespace reclens {

namespace {

std::vector<std::int64_t> trainingPopularity(const Dataset& ds) {
    std::vector<std::int64_t> pop(ds.items.size(), 0);
    for (UserIndex u = 0; u < static_cast<UserIndex>(ds.users.size()); ++u)
        for (ItemIndex i : ds.trainingSequence(u))
            if (i >= 0 && static_cast<size_t>(i) < pop.size())
                ++pop[static_cast<size_t>(i)];
    return pop;
}

/// 100 distinct items customer `u` never interacted with (whole sequence), sorted. Each
/// customer has its own generator seeded from (seed, u), so the draw does not depend on the
/// order in which customers are scored or on which others are evaluated.
std::vector<ItemIndex> sampledNegatives(const Dataset& ds, UserIndex u, int n, std::uint64_t seed) {
    std::mt19937_64 rng(seed ^ (0x9E3779B97F4A7C15ULL * (static_cast<std::uint64_t>(u) + 1)));
    std::uniform_int_distribution<ItemIndex> anyItem(0, std::max(0, n - 1));
    const auto& seq = ds.users[static_cast<size_t>(u)].sequence;
    std::unordered_set<ItemIndex> seen(seq.begin(), seq.end());
    std::unordered_set<ItemIndex> negatives;
    const size_t want = std::min<size_t>(100, static_cast<size_t>(n) -
                                                  std::min(seen.size(), static_cast<size_t>(n)));
    while (negatives.size() < want) {
        const ItemIndex c = anyItem(rng);
        if (!seen.count(c))
            negatives.insert(c);
    }
    std::vector<ItemIndex> sorted(negatives.begin(), negatives.end());
    std::sort(sorted.begin(), sorted.end()); // set order must not affect the result
    return sorted;
}

} // namespace

EvalResult evaluate(const SequenceModel& model, const Dataset& ds, const EvalConfig& config,
                    const std::function<bool()>& shouldStop) {
    const TensorMemoryScope tensorMemory; // each chunk's score matrix reuses the last one's memory
    EvalResult result;
    const int n = model.itemCount();
    std::vector<UserIndex> users;
    for (UserIndex u = 0; u < static_cast<UserIndex>(ds.users.size()); ++u)
        if (ds.targetFor(u, config.split) >= 0)
            users.push_back(u);
    std::mt19937_64 rng(config.seed);
    if (config.maxUsers > 0 && static_cast<size_t>(config.maxUsers) < users.size()) {
        std::shuffle(users.begin(), users.end(), rng);
        users.resize(static_cast<size_t>(config.maxUsers));
        std::sort(users.begin(), users.end());
    }
    const int maxK = config.ks.empty() ? 0 : *std::max_element(config.ks.begin(), config.ks.end());
    std::vector<std::vector<ItemIndex>> lists;
    // Histories per model call: the configured batch, fewer when the catalog is large, so the
    // score matrix (batch x catalog floats, held twice while copied out) stays near
    // kScoreFloats: at a million products 256 histories needed 3.3 GB, 32 need about 0.4 GB
    // (bench/bench_eval_memory).
    constexpr std::size_t kScoreFloats = std::size_t{32} << 20;
    const size_t batch =
        std::max<size_t>(1, std::min(static_cast<size_t>(std::max(1, config.batchSize)),
                                     kScoreFloats / static_cast<size_t>(std::max(1, n))));
    // Customers are scored in order of history length (as the model sees it), so each batch
    // pads to nearly one length and goes through the model in one or two calls instead of one
    // per length present; ranks are written back in customer order.
    const auto seenLength = [&](UserIndex u) {
        const auto len = ds.historyFor(u, config.split).size();
        return std::min<size_t>(len, static_cast<size_t>(std::max(1, model.maxLength())));
    };
    std::vector<std::pair<size_t, size_t>> order; // (clipped length, position in `users`)
    order.reserve(users.size());
    for (size_t i = 0; i < users.size(); ++i)
        order.emplace_back(seenLength(users[i]), i);
    std::stable_sort(order.begin(), order.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::int64_t> ranks(users.size(), 0);
    std::vector<bool> ranked(users.size(), false);
    std::vector<float> sub;

    for (size_t begin = 0; begin < order.size(); begin += batch) {
        if (shouldStop && shouldStop())
            break;
        const size_t end = std::min(order.size(), begin + batch);
        std::vector<History> histories;
        for (size_t i = begin; i < end; ++i)
            histories.push_back(ds.historyFor(users[order[i].second], config.split));
        auto scores = model.scoreAll(histories);
        for (size_t i = begin; i < end; ++i) {
            const size_t pos = order[i].second;
            const UserIndex u = users[pos];
            const ItemIndex target = ds.targetFor(u, config.split);
            const History& h = histories[i - begin];
            float* row = scores.data() + (i - begin) * static_cast<size_t>(n);
            std::vector<ItemIndex> exclude;
            if (config.excludeSeen) {
                // The same filter every ranking uses (candidatefilter.h): a customer's own
                // history at prediction time, the held-out target always a candidate.
                maskExcluded(row, static_cast<size_t>(n), h, target);
                for (ItemIndex s : h)
                    if (s != target)
                        exclude.push_back(s);
            }
            if (config.protocol == EvalProtocol::Sampled100) {
                sub.assign(1, row[static_cast<size_t>(target)]);
                for (ItemIndex c : sampledNegatives(ds, u, n, config.seed))
                    sub.push_back(row[static_cast<size_t>(c)]);
                ranks[pos] = rankOfTarget(sub, 0);
            } else {
                ranks[pos] = rankOfTarget(row, static_cast<size_t>(n), target);
            }
            ranked[pos] = true;
            if (config.beyondAccuracy && maxK > 0)
                lists.push_back(topK(row, n, maxK, exclude));
        }
    }
    for (size_t i = 0; i < users.size(); ++i)
        if (ranked[i]) // a stopped evaluation reports the customers it ranked
            result.ranks.push_back(ranks[i]);
    result.users = static_cast<std::int64_t>(result.ranks.size());
    result.metrics = rankMetrics(result.ranks, config.ks);
    if (config.beyondAccuracy && maxK > 0) {
        const auto pop = trainingPopularity(ds);
        for (int k : config.ks)
            for (const auto& [key, value] : beyondAccuracyMetrics(lists, pop, n, k))
                result.metrics[key] = value;
    }
    result.metrics["users"] = static_cast<double>(result.users);
    return result;
}

} // namespace reclens
