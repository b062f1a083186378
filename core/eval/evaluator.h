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
    Full,        // rank the target among all items
    Sampled100,  // rank the target among 100 sampled items the user never interacted with
};

struct EvalConfig {
    EvalSplit split = EvalSplit::Test;
    EvalProtocol protocol = EvalProtocol::Full;
    std::vector<int> ks = {1, 5, 10, 20}; // cut-offs for HR/NDCG/coverage
    bool excludeSeen = false; // drop items already in the history from the ranking
    int maxUsers = 0;         // 0 = all users with a target; else a seeded sample
    std::uint64_t seed = 42;  // for sampled negatives and user sampling
    int batchSize = 256;      // histories per forward pass
};

struct EvalResult {
    std::int64_t users = 0;
    /// Keys: "hr@K", "ndcg@K", "mrr", "coverage@K", "gini@K", "popularity@K", "longtail@K".
    std::map<std::string, double> metrics;
    std::vector<std::int64_t> ranks; // 1-based rank of each evaluated user's target
};

/// 1-based rank of `target` in `scores` (ties counted pessimistically: items with an equal
/// score rank above the target).
std::int64_t rankOf(const std::vector<float>& scores, ItemIndex target);

/// Ranking metrics from 1-based ranks (hr@K, ndcg@K with one relevant item, mrr).
std::map<std::string, double> rankMetrics(const std::vector<std::int64_t>& ranks,
                                          const std::vector<int>& ks);

/// Beyond-accuracy metrics of recommendation lists: catalog coverage, Gini of exposure,
/// mean training popularity of recommended items (interactions), long-tail share (items
/// outside the most popular 20 % of interactions).
std::map<std::string, double> beyondAccuracyMetrics(const std::vector<std::vector<ItemIndex>>& lists,
                                                    const std::vector<std::int64_t>& itemPopularity,
                                                    int itemCount, int k);

EvalResult evaluate(const SequenceModel& model, const Dataset& ds, const EvalConfig& config,
                    const std::function<bool()>& shouldStop = {});

/// Top-k items (best first) from one score row; `exclude` items are skipped.
std::vector<ItemIndex> topK(const float* scores, int itemCount, int k,
                            const std::vector<ItemIndex>& exclude = {});

} // namespace reclens
