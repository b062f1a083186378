#pragma once
// Honest offline evaluation: full ranking over all items by default.

#include "data/dataset.h"
#include "model/sequencemodel.h"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace reclens {

enum class EvalProtocol {
    Full,       // rank the target among all items
    Sampled100, // rank the target among 100 sampled items the user never interacted with
};

struct EvalConfig {
    EvalSplit split = EvalSplit::Test;
    EvalProtocol protocol = EvalProtocol::Full;
    std::vector<int> ks = {1, 5, 10, 20}; // cut-offs for HR/NDCG/coverage
    bool excludeSeen = false;             // drop items already in the history from the ranking
    int maxUsers = 0;                     // 0 = all users with a target; else a seeded sample
    std::uint64_t seed = 42;              // for sampled negatives and user sampling
    int batchSize = 256;                  // histories per forward pass
    bool beyondAccuracy = true; // also compute coverage/gini/popularity/longtail (top-K lists)
};

struct EvalResult {
    std::int64_t users = 0;
    /// Keys: "hr@K", "ndcg@K", "mrr", "coverage@K", "gini@K", "popularity@K", "longtail@K".
    std::map<std::string, double> metrics;
    std::vector<std::int64_t> ranks; // 1-based rank of each evaluated user's target
};

/// 1-based rank of `target` in `scores` (ties counted pessimistically: items with an equal
/// score rank above the target; a NaN target score ranks last). Named rankOfTarget because
/// core/explain declares its own rankOf (strict, optimistic ties) in explanation.h.
std::int64_t rankOfTarget(const std::vector<float>& scores, ItemIndex target);
/// The same over a row of `n` scores.
std::int64_t rankOfTarget(const float* scores, size_t n, ItemIndex target);

/// Ranking metrics from 1-based ranks (hr@K, ndcg@K with one relevant item, mrr).
std::map<std::string, double> rankMetrics(const std::vector<std::int64_t>& ranks,
                                          const std::vector<int>& ks);

/// Beyond-accuracy metrics of recommendation lists (each truncated to its first k items):
/// "coverage@K" = distinct recommended items / itemCount; "gini@K" = Gini coefficient of how
/// often each catalog item is recommended (0 = even exposure, 1 = one item gets everything);
/// "popularity@K" = mean training popularity (interactions) of recommended items;
/// "longtail@K" = share of recommendations that are long-tail items: outside the short head,
/// which is the most popular 20 % of the catalog by training interactions (ties by index).
std::map<std::string, double>
beyondAccuracyMetrics(const std::vector<std::vector<ItemIndex>>& lists,
                      const std::vector<std::int64_t>& itemPopularity, int itemCount, int k);

EvalResult evaluate(const SequenceModel& model, const Dataset& ds, const EvalConfig& config,
                    const std::function<bool()>& shouldStop = {});

/// Top-k items (best first) from one score row; `exclude` items are skipped.
std::vector<ItemIndex> topK(const float* scores, int itemCount, int k,
                            const std::vector<ItemIndex>& exclude = {});

} // namespace reclens
