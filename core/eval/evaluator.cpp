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
    std::uniform_int_distribution<ItemIndex> anyItem(0, std::max(0, n - 1));

    for (size_t begin = 0; begin < users.size(); begin += batch) {
        if (shouldStop && shouldStop())
            break;
        const size_t end = std::min(users.size(), begin + batch);
        std::vector<History> histories;
        for (size_t i = begin; i < end; ++i)
            histories.push_back(ds.historyFor(users[i], config.split));
        const auto scores = model.scoreAll(histories);
        for (size_t i = begin; i < end; ++i) {
            const UserIndex u = users[i];
            const ItemIndex target = ds.targetFor(u, config.split);
            const History& h = histories[i - begin];
            std::vector<float> row(
                scores.begin() + static_cast<std::ptrdiff_t>((i - begin) * static_cast<size_t>(n)),
                scores.begin() +
                    static_cast<std::ptrdiff_t>((i - begin + 1) * static_cast<size_t>(n)));
            std::vector<ItemIndex> exclude;
            if (config.excludeSeen) {
                // The same filter every ranking uses (candidatefilter.h): a customer's own
                // history at prediction time, the held-out target always a candidate.
                maskExcluded(row.data(), row.size(), h, target);
                for (ItemIndex s : h)
                    if (s != target)
                        exclude.push_back(s);
            }
            if (config.protocol == EvalProtocol::Sampled100) {
                // 100 distinct items the user never interacted with (whole sequence).
                const auto& seq = ds.users[static_cast<size_t>(u)].sequence;
                std::unordered_set<ItemIndex> seen(seq.begin(), seq.end());
                std::unordered_set<ItemIndex> negatives;
                const size_t want = std::min<size_t>(
                    100, static_cast<size_t>(n) - std::min(seen.size(), static_cast<size_t>(n)));
                while (negatives.size() < want) {
                    const ItemIndex c = anyItem(rng);
                    if (!seen.count(c))
                        negatives.insert(c);
                }
                std::vector<ItemIndex> sorted(negatives.begin(), negatives.end());
                std::sort(sorted.begin(), sorted.end()); // set order must not affect the result
                std::vector<float> sub{row[static_cast<size_t>(target)]};
                for (ItemIndex c : sorted)
                    sub.push_back(row[static_cast<size_t>(c)]);
                result.ranks.push_back(rankOfTarget(sub, 0));
            } else {
                result.ranks.push_back(rankOfTarget(row, target));
            }
            if (config.beyondAccuracy && maxK > 0)
                lists.push_back(topK(row.data(), n, maxK, exclude));
        }
    }
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
